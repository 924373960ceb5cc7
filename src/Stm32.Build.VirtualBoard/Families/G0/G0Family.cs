using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;
using Stm32.Build.VirtualBoard.Families.L4;

namespace Stm32.Build.VirtualBoard.Families.G0;

/// <summary>
/// The STM32G0 (RM0444) blocks composed from the chip's register table around a Cortex-M0+ (no bit-band):
/// <list type="bullet">
/// <item>The page flash interface of the L4 family (<see cref="L4FlashInterface"/>: the same KEYR/OPTKEYR/SR/CR/OPTR
/// offsets, keys, double-word programming, PER/PNB/MER1/STRT/OPTSTRT/OBL_LAUNCH and error flags, RM0444 3.3-3.7) with
/// the G0's factory FLASH_OPTR (<see cref="FactoryOptr"/>), its timings (<see cref="G0Timings"/>) and the empty check
/// (FLASH_ACR.EMPTY).</item>
/// <item>RCC (<see cref="G0Rcc"/>: HSI16 / HSIDIV after reset, HSERDY, PLLRDY, RCC_IOPENR for the GPIO ports on the
/// IOPORT bus at 0x50000000); PWR with VOSF (<see cref="L4Pwr"/>: PWR_CR1.LPR and PWR_SR2 REGLPS/REGLPF/VOSF at the
/// same offsets and bits, RM0444 4.4.1/4.4.6); DBGMCU at 0x40015800 on the APB (<see cref="L4Dbgmcu"/>: IDCODE,
/// CR with DBG_STOP/DBG_STANDBY, APB_FZ1 with DBG_WWDG_STOP bit 11 and DBG_IWDG_STOP bit 12 at the L4's offsets,
/// RM0444 40.9); the independent watchdog (<see cref="IndependentWatchdog"/>: LSI 32 kHz, the hardware watchdog from
/// FLASH_OPTR.IWDG_SW, frozen by DBG_APB_FZ1.DBG_IWDG_STOP); the GPIO ports with SWDIO/SWCLK on PA13/PA14 watched; the USARTs; the device signature (unique ID at
/// 0x1FFF7590, flash size at 0x1FFF75E0, RM0444 1.5).</item>
/// <item>Boot (RM0444 2.5 table "Boot modes"): BOOT0 is the nBOOT0 option bit (inverted) while OPTR.nBOOT_SEL = 1
/// (factory), the PA14-BOOT0 pin while nBOOT_SEL = 0; BOOT0 = 1 boots system memory with nBOOT1 = 1, SRAM with
/// nBOOT1 = 0; BOOT0 = 0 boots the main flash unless FLASH_ACR.EMPTY says its first word was erased at the last option
/// byte loading, then system memory.</item>
/// </list>
/// </summary>
public sealed class G0Family : ChipFamily, IDebugFreeze
{
    /// <summary>
    /// FLASH_OPTR of an STM32G071 as delivered (RM0444 3.7.8 "Reset value" and 3.4.1 "Option bytes" default column):
    /// RDP 0xAA, BOREN set, BOR levels 0, nRST_STOP/STDBY/SHDW, IWDG_SW/STOP/STDBY, WWDG_SW, RAM_PARITY_CHECK,
    /// nBOOT_SEL, nBOOT1, nBOOT0 set, NRST_MODE 11 (reset input/output), IRHEN clear.
    /// </summary>
    public const uint FactoryOptr = 0xDFFF_E1AA;

    /// <summary>The SRAM, where BOOT0 = 1 with nBOOT1 = 0 boots (RM0444 2.5).</summary>
    internal const uint Sram = 0x2000_0000;

    // RM0444 3.7.8 FLASH_OPTR.
    private const uint NBootSel = 1u << 24, NBoot1 = 1u << 25, NBoot0 = 1u << 26, OptrIwdgSw = L4Family.OptrIwdgSw;

    private readonly DeviceDescription _device;
    private readonly BoardCounters _counters;
    private Boards.BoardDescription? _board;

    internal G0Family(DeviceDescription device, BoardCounters counters)
    {
        _device = device;
        _counters = counters;
    }

    /// <summary>The flash and option bytes of the G0 as the model runs them.</summary>
    /// <remarks>The dual-bank G0B1 has a busy flag per bank: BSY1 (bit 16) and BSY2 (bit 17, RM0444 3.7.4; ST's
    /// STM32G0B1 SVD leaves it out, OpenOCD's stm32l4x driver waits on both).</remarks>
    public static L4FlashProfile FlashProfile { get; } = new(FactoryOptr, G0Timings.DoubleWordProgram, G0Timings.PageErase, G0Timings.MassErase, Bank2BusyBit: 17);

    /// <inheritdoc />
    public override string Name => "STM32G0";

    /// <summary>The flash interface.</summary>
    public L4FlashInterface Flash { get; private set; } = null!;

    /// <summary>The reset and clock controller.</summary>
    public G0Rcc? Rcc { get; private set; }

    /// <summary>The power controller.</summary>
    public L4Pwr? Pwr { get; private set; }

    /// <summary>DBGMCU (DBG in ST's G0 SVD).</summary>
    public L4Dbgmcu? Dbgmcu { get; private set; }

    /// <summary>The independent watchdog (LSI 32 kHz; the hardware watchdog from FLASH_OPTR.IWDG_SW).</summary>
    public IndependentWatchdog? Iwdg { get; private set; }

    /// <summary>The GPIO ports, A first.</summary>
    public IReadOnlyList<GpioPort> Ports { get; private set; } = [];

    /// <summary>The serial-wire pin monitor (a debug blocker of the chip).</summary>
    public DebugPinMonitor? DebugPins { get; private set; }

    /// <summary>The USARTs.</summary>
    public IReadOnlyList<Usart> Usarts { get; private set; } = [];

    /// <summary>What the USARTs the board routes to its virtual COM port sent, as text (the TX pin is not checked).</summary>
    public override string ConsoleText => string.Concat(Usarts
        .Where(u => _board?.Uarts.Any(r => string.Equals(r.Peripheral, u.Name, StringComparison.OrdinalIgnoreCase)) == true)
        .Select(u => System.Text.Encoding.UTF8.GetString(u.TransmittedBytes())));

    /// <inheritdoc />
    public override long CoreClockHz(int coreIndex) => Rcc?.CoreClockHz(coreIndex) ?? G0Rcc.Hsi16Hz;

    /// <inheritdoc />
    internal override int ReadoutLevel => Flash.ReadoutLevel;

    /// <inheritdoc />
    internal override void Compose(VirtualChip chip, PeripheralContext context)
    {
        var flashInfo = context.TablePeripheral("FLASH") ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.BoardDeviceNotSupported,
            DiagnosticSeverity.Error, $"the virtual {_device.Name} needs its register table (FLASH); none is built in"));
        _board = context.Board;
        Flash = new L4FlashInterface(context, flashInfo, _counters, FlashProfile);
        chip.Compose(Flash);
        foreach (var bank in _device.FlashBanks)
        {
            chip.Compose(new ComposedTarget(bank.Start, bank.Size, new FlashArrayTarget(Flash, bank), []));
        }
        L4Family.ComposeSignature(chip, _device);
        if (context.TablePeripheral("RCC") is { } rcc)
        {
            Rcc = new G0Rcc(context, rcc);
            chip.Compose(Rcc);
        }
        if (context.TablePeripheral("PWR") is { } pwr)
        {
            Pwr = new L4Pwr(context, pwr);
            chip.Compose(Pwr);
        }
        if ((context.TablePeripheral("DBG") ?? context.TablePeripheral("DBGMCU")) is { } dbg)
        {
            Dbgmcu = new L4Dbgmcu(context, dbg);
            chip.Compose(Dbgmcu);
        }
        if (context.TablePeripheral("IWDG") is { } iwdg)
        {
            // FLASH_OPTR.IWDG_SW = 0 selects the hardware watchdog (3.7.8); the LSI runs at 32 kHz.
            Iwdg = new IndependentWatchdog(context, iwdg, G0Rcc.LsiHz, () => (Flash.StoredOption("OPTR") & OptrIwdgSw) == 0,
                () => Dbgmcu?.FreezesIwdg == true, "IWDG_SW");
            chip.Compose(Iwdg);
        }
        var table = context.Tables.FirstOrDefault(t => t is not null);
        var infos = table?.Peripherals.ToList() ?? [];
        Ports = infos.Where(p => L4Family.IsGpio(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new GpioPort(context, p)).ToList();
        // The G0B1's LPUART1/2 (ST's SVD: LPUART_-prefixed registers with FIFO-enabled/disabled views) stay register-table
        // peripherals, as the G071's LPUART: no G0 board routes one to its virtual COM port.
        Usarts = infos.Where(p => L4Family.IsUsart(p.Name) && !p.Name.StartsWith("LPUART", StringComparison.Ordinal))
            .Select(p => new Usart(context, p, G0Rcc.Hsi16Hz)).ToList();
        foreach (var peripheral in Ports.Cast<Peripheral>().Concat(Usarts))
        {
            chip.Compose(peripheral);
        }
        if (Ports.Count > 0)
        {
            // RM0444 40.3 / DS12232 pinout: the G0 has serial-wire debug only, SWDIO on PA13 and SWCLK on PA14 (PA14-BOOT0).
            DebugPins = new DebugPinMonitor(context, Ports, DebugPin.SerialWireJtag.Where(p => p.Swd).ToList());
            chip.AddDebugBlocker(DebugPins);
        }
    }

    /// <inheritdoc />
    public bool IsFrozen(string peripheral) => Dbgmcu?.IsFrozen(peripheral) == true;

    /// <inheritdoc />
    public override (bool Frozen, string Bit)? WatchdogFreeze(string watchdog, int coreIndex) =>
        Dbgmcu is { } dbgmcu ? (dbgmcu.FreezesIwdg, "DBG_APB_FZ1.DBG_IWDG_STOP (bit 12)") : null;

    /// <summary>Whether BOOT0 is high: the inverse of OPTR.nBOOT0 while nBOOT_SEL = 1, else the PA14-BOOT0 pin (RM0444 2.5).</summary>
    internal bool Boot0(bool pinHigh)
    {
        var optr = Flash.Optr;
        return (optr & NBootSel) != 0 ? (optr & NBoot0) == 0 : pinHigh;
    }

    /// <inheritdoc />
    internal override uint BootAddress(int coreIndex, bool boot0High)
    {
        var core = _device.Cores[coreIndex];
        if (!Boot0(boot0High))
        {
            return Flash.MainFlashEmpty == true ? core.SystemBootAddress : core.DefaultBootAddress;
        }
        return (Flash.Optr & NBoot1) != 0 ? core.SystemBootAddress : Sram;
    }

    /// <inheritdoc />
    /// <remarks>A production programmer leaves a G0 with the empty check matching the image (RM0444 2.5: it clears
    /// FLASH_ACR.EMPTY or reloads the option bytes), so the next reset boots the image.</remarks>
    public override void Preload(DeviceDescription device, IEnumerable<ImageSegment> segments, string? source = null)
    {
        base.Preload(device, segments, source);
        Flash.RedoEmptyCheck();
    }

    /// <inheritdoc />
    internal override uint PeekFlashWord(uint address) => Flash.PeekWord(address);

    /// <inheritdoc />
    internal override byte[] BankArray(int bankNumber) => Flash.BankArray(bankNumber);

    /// <inheritdoc />
    internal override byte[] SaveOptionBytes() => Flash.SaveOptions();

    /// <inheritdoc />
    internal override void RestoreFlash(IReadOnlyList<byte[]> banks, ReadOnlySpan<byte> optionBytes, IReadOnlyList<IReadOnlyList<int>> eccBroken)
    {
        if (optionBytes.Length != Flash.OptionRecordSize)
        {
            throw new ChipStateFormatException(new Diagnostic(DiagnosticCodes.BoardStateDeviceMismatch, DiagnosticSeverity.Error,
                $"cannot load virtual board state: its option-byte record is {optionBytes.Length} bytes, and an {_device.Name} keeps {Flash.OptionRecordSize} ({string.Join(", ", _device.OptionRegisters.Select(o => "FLASH_" + o.Name))})"));
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

    /// <summary>A flash bank's array on the bus: reads from the array, writes are program operations.</summary>
    private sealed class FlashArrayTarget(L4FlashInterface flash, FlashBank bank) : IBusTarget
    {
        public string Name => $"FLASH bank {bank.Number}";

        public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value) =>
            flash.ReadArray(bank.Start + offset, size, initiator, out value);

        public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator) =>
            flash.WriteArray(bank.Start + offset, size, value, initiator);

        public TargetWindow? GetWindow(uint offset, BusInitiator initiator) =>
            initiator.IsDebugger ? null : new TargetWindow(0, flash.BankArray(bank.Number), Writable: false);
    }
}
