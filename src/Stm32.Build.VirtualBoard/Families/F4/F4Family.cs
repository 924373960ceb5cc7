using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.F4;

/// <summary>
/// The STM32F4 blocks (RM0090 for the F405/F407/F42x/F43x, RM0368 F401, RM0383 F411, RM0390 F446) composed from the
/// chip's register tables: the sector flash interface with its option bytes (<see cref="SectorFlashInterface"/> with
/// the F4's <see cref="Profile"/>), RCC and PWR with the ready flags firmware polls (<see cref="F4Rcc"/>,
/// <see cref="F4Pwr"/>), DBGMCU at 0xE0042000 on the core's external private bus (<see cref="Common.Dbgmcu"/>), GPIO
/// ports with the SWD pins PA13/PA14 watched, the U(S)ARTs (<see cref="UsartV1"/>), the independent watchdog
/// (<see cref="IndependentWatchdog"/>), the Cortex-M4's bit-band aliases of SRAM (0x22000000) and peripherals
/// (0x42000000), and the device signature (unique ID and flash size, RM0090 39.1/39.2). Boot: BOOT0 low boots the
/// main flash, BOOT0 high system memory (RM0090 2.4, BOOT1 low). Clocks come from the RCC model (16 MHz HSI after reset).
/// </summary>
public sealed class F4Family : ChipFamily, IDebugFreeze
{
    /// <summary>The SRAM bit-band region and its alias (Cortex-M4 TRM "Bit-banding"; RM0090 2.3.3).</summary>
    public const uint SramRegion = 0x2000_0000, SramAlias = 0x2200_0000;

    /// <summary>The peripheral bit-band region and its alias.</summary>
    public const uint PeripheralRegion = 0x4000_0000, PeripheralAlias = 0x4200_0000;

    /// <summary>
    /// FLASH_OPTCR as delivered (RM0090 3.9.10 reset value 0x0FFFAAED: nWRP all 1, RDP 0xAA, nRST_STDBY, nRST_STOP,
    /// WDG_SW set, BOR_LEV 11, OPTLOCK; RM0368 3.8.6, RM0383 3.8.6, RM0390 3.9.6 the same). ST's STM32F407 SVD gives
    /// 0x00000014, so the model takes the manual's value.
    /// </summary>
    public const uint FactoryOptcr = 0x0FFF_AAED;

    /// <summary>FLASH_OPTCR1 as delivered (RM0090 3.9.11: bank 2's nWRP all 1).</summary>
    public const uint FactoryOptcr1 = 0x0FFF_0000;

    /// <summary>What the F4's flash interface has of its own: factory option bytes, <see cref="F4Timings"/>, nWRP per sector.</summary>
    public static SectorFlashProfile Profile { get; } = new()
    {
        FactoryOptcr = FactoryOptcr,
        FactoryOptcr1 = FactoryOptcr1,
        WordProgram = F4Timings.WordProgram,
        SectorErase = F4Timings.SectorErase,
        MassErase = psize => F4Timings.MassErase[psize & 3],
        OptionChange = F4Timings.OptionChange,
    };

    /// <summary>
    /// <see cref="Profile"/> for <paramref name="device"/>: on the 1 MiB F42x/F43x (the STM32F429xG) the bank
    /// organisation follows FLASH_OPTCR.DB1M as loaded at reset (RM0090 3.3 tables 5 and 7, 3.9.10): one bank of
    /// sectors 0-11 with DB1M = 0, two banks of 512 KiB (sectors 0-7 at 0x08000000, 12-19 at 0x08080000) with DB1M = 1.
    /// </summary>
    public static SectorFlashProfile ProfileFor(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.BankModes.Count == 0 ? Profile : Profile with { BanksFor = (o, o1) => SectorFlashProfile.BanksFromOptions(device, o, o1) };
    }

    private readonly DeviceDescription _device;
    private readonly BoardCounters _counters;

    internal F4Family(DeviceDescription device, BoardCounters counters)
    {
        _device = device;
        _counters = counters;
    }

    /// <inheritdoc />
    public override string Name => "STM32F4";

    /// <summary>The flash interface.</summary>
    public SectorFlashInterface Flash { get; private set; } = null!;

    /// <summary>The reset and clock controller.</summary>
    public F4Rcc? Rcc { get; private set; }

    /// <summary>The power controller.</summary>
    public F4Pwr? Pwr { get; private set; }

    /// <summary>Stop and Standby (<see cref="LowPowerControl"/> with <see cref="LowPowerProfile.F4"/>), or null without PWR in the register table.</summary>
    public LowPowerControl? LowPower { get; private set; }

    /// <inheritdoc />
    /// <remarks>In Stop the core clock stops unless DBGMCU_CR.DBG_STOP keeps it; in Standby always (<see cref="LowPowerControl.ClockStopsInDeepSleep"/>).</remarks>
    public override bool DeepSleepStopsCoreClock(int coreIndex) => LowPower?.ClockStopsInDeepSleep == true;

    /// <summary>DBGMCU.</summary>
    public Dbgmcu? Dbgmcu { get; private set; }

    /// <summary>The GPIO ports, A first.</summary>
    public IReadOnlyList<GpioPort> Ports { get; private set; } = [];

    /// <summary>The serial-wire/JTAG pin monitor (a debug blocker of the chip).</summary>
    public DebugPinMonitor? DebugPins { get; private set; }

    /// <summary>The independent watchdog, or null when the register table has none.</summary>
    public IndependentWatchdog? Iwdg { get; private set; }

    /// <summary>The window watchdog (<see cref="WindowWatchdog"/>, RM0090 "Window watchdog (WWDG)"), or null when the register table has none.</summary>
    public WindowWatchdog? Wwdg { get; private set; }

    /// <summary>The U(S)ARTs.</summary>
    public IReadOnlyList<UsartV1> Usarts { get; private set; } = [];

    /// <summary>
    /// What the U(S)ARTs the board routes to its virtual COM port (<see cref="Boards.BoardDescription.Uarts"/>) sent,
    /// as text; the TX pin's configuration is not checked on the F4 yet.
    /// </summary>
    public override string ConsoleText => string.Concat(Usarts
        .Where(u => _board?.Uarts.Any(r => string.Equals(r.Peripheral, u.Name, StringComparison.OrdinalIgnoreCase)) == true)
        .Select(u => u.Text));

    private Boards.BoardDescription? _board;

    /// <inheritdoc />
    public override long CoreClockHz(int coreIndex) => Rcc?.CoreClockHz(coreIndex) ?? F4Rcc.HsiHz;

    /// <inheritdoc />
    internal override int ReadoutLevel => Flash.ReadoutLevel;

    /// <inheritdoc />
    internal override void Compose(VirtualChip chip, PeripheralContext context)
    {
        var flashInfo = context.TablePeripheral("FLASH") ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.BoardDeviceNotSupported,
            DiagnosticSeverity.Error, $"the virtual {_device.Name} needs its register table (FLASH); none is built in"));
        _board = context.Board;
        Flash = new SectorFlashInterface(context, flashInfo, ProfileFor(_device), _counters);
        chip.Compose(Flash);
        foreach (var bank in _device.FlashBanks)
        {
            chip.Compose(new ComposedTarget(bank.Start, bank.Size, new SectorFlashArray(Flash, bank, $"FLASH bank {bank.Number}"), []));
        }
        DeviceSignature.Compose(chip, _device);
        if (context.TablePeripheral("RCC") is { } rcc)
        {
            Rcc = new F4Rcc(context, rcc);
            chip.Compose(Rcc);
        }
        if (context.TablePeripheral("PWR") is { } pwr)
        {
            Pwr = new F4Pwr(context, pwr);
            chip.Compose(Pwr);
        }
        if ((context.TablePeripheral("DBGMCU") ?? context.TablePeripheral("DBG")) is { } dbg)
        {
            Dbgmcu = new Dbgmcu(context, dbg);
            chip.Compose(Dbgmcu);
        }
        if (Pwr is not null)
        {
            LowPower = new LowPowerControl(chip, Pwr, LowPowerProfile.F4, () => Dbgmcu?.Control ?? 0);
        }
        if (context.TablePeripheral("IWDG") is { } iwdg)
        {
            // The hardware watchdog option FLASH_OPTCR.WDG_SW = 0 (RM0090 3.9.10); the freeze DBGMCU_APB1_FZ.DBG_IWDG_STOP.
            Iwdg = new IndependentWatchdog(context, iwdg, F4Rcc.LsiHz, () => (Flash.StoredOptcr & (1u << 5)) == 0, () => Dbgmcu?.FreezesIwdg == true);
            chip.Compose(Iwdg);
        }
        if (context.TablePeripheral("WWDG") is { } wwdg)
        {
            Wwdg = new WindowWatchdog(context, wwdg, WindowWatchdogProfile.Apb1(F4Rcc.HsiHz, () => Dbgmcu?.IsFrozen("WWDG") == true,
                () => Dbgmcu?.FreezesWwdg == true, "DBGMCU_APB1_FZ.DBG_WWDG_STOP (bit 11)"));
            chip.Compose(Wwdg);
        }
        var table = context.Tables.FirstOrDefault(t => t is not null);
        var infos = table?.Peripherals.ToList() ?? [];
        Ports = infos.Where(p => IsGpio(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new GpioPort(context, p)).ToList();
        Usarts = infos.Where(p => IsUsart(p.Name)).Select(p => new UsartV1(context, p)).ToList();
        foreach (var peripheral in Ports.Cast<Peripheral>().Concat(Usarts))
        {
            chip.Compose(peripheral);
        }
        if (Ports.Count > 0)
        {
            DebugPins = new DebugPinMonitor(context, Ports, DebugPin.SerialWireJtag);
            chip.AddDebugBlocker(DebugPins);
        }
        chip.Compose(new ComposedTarget(SramAlias, BitBandAlias.AliasSize, new BitBandAlias("SRAM bit-band alias", SramRegion, chip.BusOf), []));
        chip.Compose(new ComposedTarget(PeripheralAlias, BitBandAlias.AliasSize, new BitBandAlias("peripheral bit-band alias", PeripheralRegion, chip.BusOf), []));
    }

    /// <inheritdoc />
    public bool IsFrozen(string peripheral) => Dbgmcu?.IsFrozen(peripheral) == true;

    /// <inheritdoc />
    public override (bool Frozen, string Bit)? WatchdogFreeze(string watchdog, int coreIndex) =>
        Dbgmcu is { } dbgmcu ? (dbgmcu.FreezesIwdg, "DBGMCU_APB1_FZ.DBG_IWDG_STOP (bit 12)") : null;

    /// <inheritdoc />
    internal override uint BootAddress(int coreIndex, bool boot0High) =>
        boot0High ? _device.Cores[coreIndex].SystemBootAddress : _device.Cores[coreIndex].DefaultBootAddress;

    /// <inheritdoc />
    internal override uint PeekFlashWord(uint address) => Flash.PeekWord(address);

    /// <inheritdoc />
    internal override byte[] BankArray(int bankNumber) => Flash.BankArray(bankNumber);

    /// <inheritdoc />
    internal override byte[] SaveOptionBytes() => Flash.SaveOptions();

    /// <inheritdoc />
    internal override void RestoreFlash(IReadOnlyList<byte[]> banks, ReadOnlySpan<byte> optionBytes, IReadOnlyList<IReadOnlyList<int>> eccBroken)
    {
        if (optionBytes.Length != 8)
        {
            throw new ChipStateFormatException(new Diagnostic(DiagnosticCodes.BoardStateDeviceMismatch, DiagnosticSeverity.Error,
                $"cannot load virtual board state: its option-byte record is {optionBytes.Length} bytes, and an {Name} keeps 8 (FLASH_OPTCR, FLASH_OPTCR1)"));
        }
        Flash.Restore(banks, optionBytes);
    }

    /// <inheritdoc />
    internal override void FailNextFlashOperation(uint flag) => Flash.PendingFailure = flag;

    /// <inheritdoc />
    internal override void PowerOnReset()
    {
    }

    /// <inheritdoc />
    internal override void SystemReset()
    {
    }

    /// <inheritdoc />
    internal override void PowerLost() => Flash.Abandon();

    /// <summary>GPIOA … GPIOK.</summary>
    internal static bool IsGpio(string name) => name.Length == 5 && name.StartsWith("GPIO", StringComparison.Ordinal) && name[4] is >= 'A' and <= 'K';

    /// <summary>USARTn and UARTn.</summary>
    internal static bool IsUsart(string name)
    {
        var prefix = name.StartsWith("USART", StringComparison.Ordinal) ? 5 : name.StartsWith("UART", StringComparison.Ordinal) ? 4 : -1;
        return prefix > 0 && name.Length > prefix && name.Skip(prefix).All(char.IsDigit);
    }
}
