using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>
/// The STM32F1 blocks (RM0008 for the F101/F102/F103/F105/F107, PM0075 for the flash) composed from the chip's
/// register tables: the page flash interface with its option bytes at 0x1FFFF800 (<see cref="F1FlashInterface"/>),
/// RCC with the ready flags firmware polls (<see cref="F1Rcc"/>), DBGMCU at 0xE0042000 on the core's external
/// private bus (<see cref="F1Dbgmcu"/>), the F1's own GPIO ports (<see cref="F1GpioPort"/>), AFIO with the
/// serial-wire/JTAG configuration that decides whether SWD answers (<see cref="F1Afio"/>), the U(S)ARTs
/// (<see cref="UsartV1"/>), the independent watchdog (<see cref="IndependentWatchdog"/>), and the Cortex-M3's
/// bit-band aliases of SRAM (0x22000000) and peripherals (0x42000000). The flash size register (0x1FFFF7E0) and the
/// unique ID (0x1FFFF7E8, RM0008 30.1, 30.2) are in the system memory of the device data. PWR has no ready flag on
/// the F1 and stays a register-table peripheral. Boot: BOOT0 low boots the main flash, BOOT0 high (BOOT1 low)
/// system memory (RM0008 3.4). Clocks come from the RCC model (8 MHz HSI after reset).
/// </summary>
public sealed class F1Family : ChipFamily, IDebugFreeze
{
    /// <summary>The SRAM bit-band region and its alias (Cortex-M3 TRM "Bit-banding"; RM0008 3.3.3).</summary>
    public const uint SramRegion = 0x2000_0000, SramAlias = 0x2200_0000;

    /// <summary>The peripheral bit-band region and its alias.</summary>
    public const uint PeripheralRegion = 0x4000_0000, PeripheralAlias = 0x4200_0000;

    /// <summary>Where the option bytes are (PM0075 2.5).</summary>
    public const uint OptionBytesAddress = 0x1FFF_F800;

    private readonly DeviceDescription _device;
    private readonly BoardCounters _counters;
    private Boards.BoardDescription? _board;

    internal F1Family(DeviceDescription device, BoardCounters counters)
    {
        _device = device;
        _counters = counters;
    }

    /// <inheritdoc />
    public override string Name => "STM32F1";

    /// <summary>The flash interface.</summary>
    public F1FlashInterface Flash { get; private set; } = null!;

    /// <summary>The reset and clock controller.</summary>
    public F1Rcc? Rcc { get; private set; }

    /// <summary>The power controller.</summary>
    public F1Pwr? Pwr { get; private set; }

    /// <summary>Stop and Standby (<see cref="LowPowerControl"/> with <see cref="LowPowerProfile.F1"/>), or null without PWR in the register table.</summary>
    public LowPowerControl? LowPower { get; private set; }

    /// <inheritdoc />
    /// <remarks>In Stop the core clock stops unless DBGMCU_CR.DBG_STOP keeps it; in Standby always (<see cref="LowPowerControl.ClockStopsInDeepSleep"/>).</remarks>
    public override bool DeepSleepStopsCoreClock(int coreIndex) => LowPower?.ClockStopsInDeepSleep == true;

    /// <summary>DBGMCU.</summary>
    public F1Dbgmcu? Dbgmcu { get; private set; }

    /// <summary>AFIO, with the serial-wire/JTAG configuration (a debug blocker of the chip).</summary>
    public F1Afio? Afio { get; private set; }

    /// <summary>The GPIO ports, A first.</summary>
    public IReadOnlyList<F1GpioPort> Ports { get; private set; } = [];

    /// <summary>The independent watchdog, or null when the register table has none.</summary>
    public IndependentWatchdog? Iwdg { get; private set; }

    /// <summary>The window watchdog (<see cref="WindowWatchdog"/>, RM0008 "Window watchdog (WWDG)"), or null when the register table has none.</summary>
    public WindowWatchdog? Wwdg { get; private set; }

    /// <summary>The U(S)ARTs.</summary>
    public IReadOnlyList<UsartV1> Usarts { get; private set; } = [];

    /// <summary>What the U(S)ARTs the board routes to its virtual COM port sent, as text (the TX pin is not checked).</summary>
    public override string ConsoleText => string.Concat(Usarts
        .Where(u => _board?.Uarts.Any(r => string.Equals(r.Peripheral, u.Name, StringComparison.OrdinalIgnoreCase)) == true)
        .Select(u => u.Text));

    /// <inheritdoc />
    public override long CoreClockHz(int coreIndex) => Rcc?.CoreClockHz(coreIndex) ?? F1Rcc.HsiHz;

    /// <inheritdoc />
    internal override int ReadoutLevel => Flash.ReadoutLevel;

    /// <inheritdoc />
    internal override void Compose(VirtualChip chip, PeripheralContext context)
    {
        var flashInfo = context.TablePeripheral("FLASH") ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.BoardDeviceNotSupported,
            DiagnosticSeverity.Error, $"the virtual {_device.Name} needs its register table (FLASH); none is built in"));
        _board = context.Board;
        Flash = new F1FlashInterface(context, flashInfo, _counters);
        chip.Compose(Flash);
        foreach (var bank in _device.FlashBanks)
        {
            chip.Compose(new ComposedTarget(bank.Start, bank.Size, new FlashArrayTarget(Flash, bank), []));
        }
        chip.Compose(new ComposedTarget(OptionBytesAddress, F1OptionBytes.Size, new OptionBytesTarget(Flash), []));
        if (context.TablePeripheral("RCC") is { } rcc)
        {
            Rcc = new F1Rcc(context, rcc);
            chip.Compose(Rcc);
        }
        if ((context.TablePeripheral("DBGMCU") ?? context.TablePeripheral("DBG")) is { } dbg)
        {
            Dbgmcu = new F1Dbgmcu(context, dbg);
            chip.Compose(Dbgmcu);
        }
        if (context.TablePeripheral("PWR") is { } pwr)
        {
            Pwr = new F1Pwr(context, pwr);
            chip.Compose(Pwr);
            LowPower = new LowPowerControl(chip, Pwr, LowPowerProfile.F1, () => Dbgmcu?.Control ?? 0);
        }
        if (context.TablePeripheral("IWDG") is { } iwdg)
        {
            // The hardware watchdog option USER.WDG_SW = 0 (RM0008 19.3); the freeze DBGMCU_CR.DBG_IWDG_STOP (31.16.3).
            Iwdg = new IndependentWatchdog(context, iwdg, F1Rcc.LsiHz, () => Flash.Loaded.HardwareWatchdog, () => Dbgmcu?.FreezesIwdg == true);
            chip.Compose(Iwdg);
        }
        if (context.TablePeripheral("WWDG") is { } wwdg)
        {
            // RM0008 "Window watchdog (WWDG)": the F4's block; the freeze is DBGMCU_CR.DBG_WWDG_STOP (31.16.3).
            Wwdg = new WindowWatchdog(context, wwdg, WindowWatchdogProfile.Apb1(F1Rcc.HsiHz, () => Dbgmcu?.IsFrozen("WWDG") == true,
                () => Dbgmcu?.FreezesWwdg == true, "DBGMCU_CR.DBG_WWDG_STOP (bit 9)"));
            chip.Compose(Wwdg);
        }
        if (context.TablePeripheral("AFIO") is { } afio)
        {
            Afio = new F1Afio(context, afio);
            chip.Compose(Afio);
            chip.AddDebugBlocker(Afio);
        }
        var infos = context.Tables.FirstOrDefault(t => t is not null)?.Peripherals.ToList() ?? [];
        Ports = infos.Where(p => IsGpio(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new F1GpioPort(context, p)).ToList();
        Usarts = infos.Where(p => IsUsart(p.Name)).Select(p => new UsartV1(context, p)).ToList();
        foreach (var peripheral in Ports.Cast<Peripheral>().Concat(Usarts))
        {
            chip.Compose(peripheral);
        }
        chip.Compose(new ComposedTarget(SramAlias, BitBandAlias.AliasSize, new BitBandAlias("SRAM bit-band alias", SramRegion, chip.BusOf), []));
        chip.Compose(new ComposedTarget(PeripheralAlias, BitBandAlias.AliasSize, new BitBandAlias("peripheral bit-band alias", PeripheralRegion, chip.BusOf), []));
    }

    /// <inheritdoc />
    public bool IsFrozen(string peripheral) => Dbgmcu?.IsFrozen(peripheral) == true;

    /// <inheritdoc />
    public override (bool Frozen, string Bit)? WatchdogFreeze(string watchdog, int coreIndex) =>
        Dbgmcu is { } dbgmcu ? (dbgmcu.FreezesIwdg, "DBGMCU_CR.DBG_IWDG_STOP (bit 8)") : null;

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
        if (optionBytes.Length != F1OptionBytes.Size)
        {
            throw new ChipStateFormatException(new Diagnostic(DiagnosticCodes.BoardStateDeviceMismatch, DiagnosticSeverity.Error,
                $"cannot load virtual board state: its option-byte record is {optionBytes.Length} bytes, and an {Name} keeps {F1OptionBytes.Size} (the option bytes at 0x1FFFF800)"));
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

    /// <summary>GPIOA … GPIOG.</summary>
    internal static bool IsGpio(string name) => name.Length == 5 && name.StartsWith("GPIO", StringComparison.Ordinal) && name[4] is >= 'A' and <= 'G';

    /// <summary>USARTn and UARTn.</summary>
    internal static bool IsUsart(string name)
    {
        var prefix = name.StartsWith("USART", StringComparison.Ordinal) ? 5 : name.StartsWith("UART", StringComparison.Ordinal) ? 4 : -1;
        return prefix > 0 && name.Length > prefix && name.Skip(prefix).All(char.IsDigit);
    }

    /// <summary>A flash bank's array on the bus: reads from the array, writes are program operations.</summary>
    private sealed class FlashArrayTarget(F1FlashInterface flash, FlashBank bank) : IBusTarget
    {
        public string Name => $"FLASH bank {bank.Number}";

        public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value) =>
            flash.ReadArray(bank.Start + offset, size, initiator, out value);

        public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator) =>
            flash.WriteArray(bank.Start + offset, size, value, initiator);

        public TargetWindow? GetWindow(uint offset, BusInitiator initiator) =>
            initiator.IsDebugger ? null : new TargetWindow(0, flash.BankArray(bank.Number), Writable: false);
    }

    /// <summary>The option bytes on the bus: reads show them as stored, writes are option byte programming.</summary>
    private sealed class OptionBytesTarget(F1FlashInterface flash) : IBusTarget
    {
        public string Name => "option bytes";

        public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value)
        {
            value = flash.ReadOptionBytes(offset, size);
            return BusStatus.Ok;
        }

        public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator) =>
            flash.WriteOptionBytes(offset, size, value, initiator);

        public TargetWindow? GetWindow(uint offset, BusInitiator initiator) => null;
    }
}
