using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The I/O blocks follow the chip's clock tree: a port or USART whose RCC enable bit is clear ignores writes and
/// reads 0 (RM0399 RCC: a peripheral is accessed only with its clock on), and a USART's frame time follows its kernel
/// clock by name. A stand-in clock tree gives the frequencies.
/// </summary>
public sealed class PeripheralClockTests
{
    private sealed class ClockTree(PeripheralContext context) : Peripheral(context, "CLOCKS", 0xF000_0000, 4), IClockTree
    {
        public Dictionary<string, long> Hz { get; } = [];

        public long CoreClockHz(int coreIndex) => 64_000_000;

        public long ClockHz(string name) => Hz.GetValueOrDefault(name);
    }

    private static (H7IoHarness H, ClockTree Clocks) WithClockTree()
    {
        var h = new H7IoHarness();
        var clocks = new ClockTree(h.Chip.Context);
        h.Chip.Compose(clocks); // before the first access: the blocks look the tree up then
        return (h, clocks);
    }

    [Fact]
    public void A_port_without_its_clock_ignores_writes_and_reads_zero()
    {
        var (h, clocks) = WithClockTree();
        h.Write(H7IoHarness.GpioC + 0x14, 0x0000_00FF);
        Assert.Equal(0u, h.Read(H7IoHarness.GpioC + 0x14));
        Assert.Contains(h.Chip.UnmodelledAccesses.Entries, e => e.Block == "GPIOC" && e.Note.Contains("clock is off"));

        clocks.Hz["gpioc"] = 64_000_000;
        Assert.Equal(0xFFFF_FFFFu, h.Read(H7IoHarness.GpioC)); // MODER's reset value: the earlier write had no effect
        h.Write(H7IoHarness.GpioC + 0x14, 0x0000_00FF);
        Assert.Equal(0x0000_00FFu, h.Read(H7IoHarness.GpioC + 0x14));
    }

    [Fact]
    public void The_usart_frame_time_follows_its_kernel_clock()
    {
        var (h, clocks) = WithClockTree();
        clocks.Hz["usart1"] = 120_000_000;                   // rcc_pclk2 after the HAL's 480 MHz set-up
        h.Write(H7IoHarness.Usart1 + 0x0C, 0x412);           // BRR of HAL_UART_Init for 115200 baud at 120 MHz
        h.Write(H7IoHarness.Usart1 + 0x00, (1u << 3) | 1);
        var enabled = h.Clock.Nanoseconds;
        h.Write(H7IoHarness.Usart1 + 0x28, 'c');
        h.AdvanceNs(1_000_000);
        // 10 bits × 1042 / 120 MHz = 86.8333 µs per frame, rounded up to 86 834 ns; the idle frame first.
        Assert.Equal(enabled + 2 * 86_834, h.Chip.UartCharacters("USART1")[0].TimeNs);

        clocks.Hz["usart1"] = 0;                              // clock off: nothing is written or sent
        h.Write(H7IoHarness.Usart1 + 0x28, 'd');
        h.AdvanceNs(1_000_000);
        Assert.Single(h.Chip.UartCharacters("USART1"));
        Assert.Equal(BusStatus.Ok, h.Bus(0).Read(H7IoHarness.Usart1 + 0x1C, AccessSize.Word, out var isr));
        Assert.Equal(0u, isr);
    }
}
