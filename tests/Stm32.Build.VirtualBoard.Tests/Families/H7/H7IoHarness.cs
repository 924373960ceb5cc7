using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// A chip whose cores record their interrupt and event inputs, with the bus views of each core and of the debugger,
/// for register-level tests of the H7 I/O blocks. Addresses are the manual's (RM0399 memory map, section 2.3).
/// </summary>
internal sealed class H7IoHarness
{
    public const uint GpioA = 0x5802_0000, GpioB = 0x5802_0400, GpioC = 0x5802_0800;
    public const uint Exti = 0x5800_0000, Syscfg = 0x5800_0400, Hsem = 0x5802_6400, Rcc = 0x5802_4400;
    public const uint Iwdg1 = 0x5800_4800, Iwdg2 = 0x5800_4C00, Wwdg1 = 0x5000_3000, Wwdg2 = 0x4000_2C00;
    public const uint Usart1 = 0x4001_1000, Usart3 = 0x4000_4800, Dbgmcu = 0x5C00_1000;
    public const uint Dhcsr = 0xE000_EDF0;

    public H7IoHarness(string device = "STM32H747XI", BoardDescription? board = null, bool recording = true, bool clocksOn = true)
    {
        Device = DeviceCatalog.BuiltIn.Get(device);
        Chip = new VirtualChip(Device, Clock, Counters, recording ? RecordingCore.Factory : null, board);
        if (recording && clocksOn)
        {
            EnableClocks(Chip.SystemBus(Device.Cores[0].Name));
        }
    }

    /// <summary>
    /// Sets the RCC enable bits of the blocks under test, as firmware does before using them (RM0399 RCC register
    /// map: AHB4ENR 0x0E0 GPIOAEN–GPIOKEN bits 0–10 and HSEMEN 25; APB3ENR 0x0E4 WWDG1EN 6; APB1LENR 0x0E8 WWDG2EN
    /// 11, USART2/3EN 17/18, UART4/5EN 19/20, UART7/8EN 30/31; APB2ENR 0x0F0 USART1/6EN 4/5; APB4ENR 0x0F4 SYSCFGEN 1).
    /// </summary>
    public static void EnableClocks(ISystemBus bus)
    {
        Assert.Equal(BusStatus.Ok, bus.Write(Rcc + 0x0E0, AccessSize.Word, 0x0200_07FF));
        Assert.Equal(BusStatus.Ok, bus.Write(Rcc + 0x0E4, AccessSize.Word, 1u << 6));
        Assert.Equal(BusStatus.Ok, bus.Write(Rcc + 0x0E8, AccessSize.Word, (1u << 11) | (0xFu << 17) | (3u << 30)));
        Assert.Equal(BusStatus.Ok, bus.Write(Rcc + 0x0F0, AccessSize.Word, 3u << 4));
        Assert.Equal(BusStatus.Ok, bus.Write(Rcc + 0x0F4, AccessSize.Word, 1u << 1));
    }

    public DeviceDescription Device { get; }
    public VirtualClock Clock { get; } = new();
    public BoardCounters Counters { get; } = new();
    public VirtualChip Chip { get; }

    /// <summary>A system reset, then the clocks of the blocks under test enabled again (the reset clears them).</summary>
    public void SystemReset()
    {
        Chip.SystemReset();
        EnableClocks(Chip.SystemBus(Device.Cores[0].Name));
    }

    public RecordingCore Core(int index) => (RecordingCore)Chip.Cores[index];

    /// <summary>The bus as core <paramref name="index"/>'s firmware reaches it (accesses carry that core as initiator).</summary>
    public ISystemBus Bus(int index) => Chip.SystemBus(Device.Cores[index].Name);

    /// <summary>The Cortex-M7's debug access port (AP0).</summary>
    public ISystemBus Ap0 => Chip.AccessPortBus(0)!;

    public uint Read(uint address, int core = 0)
    {
        Assert.Equal(BusStatus.Ok, Bus(core).Read(address, AccessSize.Word, out var value));
        return value;
    }

    public void Write(uint address, uint value, int core = 0) =>
        Assert.Equal(BusStatus.Ok, Bus(core).Write(address, AccessSize.Word, value));

    public void Advance(TimeSpan duration)
    {
        Clock.Advance(duration);
        Chip.AdvanceTo(Clock.Nanoseconds);
    }

    public void AdvanceNs(long nanoseconds)
    {
        Clock.Advance(nanoseconds);
        Chip.AdvanceTo(Clock.Nanoseconds);
    }

    /// <summary>Halts core <paramref name="index"/> through its access port (DHCSR C_DEBUGEN | C_HALT with the key).</summary>
    public void Halt(int index = 0) => Assert.Equal(BusStatus.Ok,
        Chip.AccessPortBus(Device.Cores[index].AccessPort)!.Write(Dhcsr, AccessSize.Word, 0xA05F_0003));

    /// <summary>Lets core <paramref name="index"/> run again (DHCSR C_DEBUGEN only).</summary>
    public void Resume(int index = 0) => Assert.Equal(BusStatus.Ok,
        Chip.AccessPortBus(Device.Cores[index].AccessPort)!.Write(Dhcsr, AccessSize.Word, 0xA05F_0001));
}
