using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.L4;

/// <summary>
/// The STM32L4 (RM0351 L47x/L48x, RM0394 L43x) and STM32G4 (RM0440) blocks composed from the chip's register tables:
/// the page flash interface with its option bytes (<see cref="L4FlashInterface"/>, one model for both families: the
/// same registers, sequences and error flags), RCC and PWR with the ready flags firmware polls (<see cref="L4Rcc"/>:
/// MSI 4 MHz after reset on the L4, HSI16 on the G4; <see cref="L4Pwr"/>), DBGMCU at 0xE0042000 on the core's
/// external private bus (<see cref="L4Dbgmcu"/>), the independent watchdog (<see cref="IndependentWatchdog"/>: LSI 32 kHz,
/// the hardware watchdog from FLASH_OPTR.IWDG_SW, frozen by DBGMCU_APB1FZR1.DBG_IWDG_STOP), GPIO ports with the SWD pins PA13/PA14 watched, the U(S)ARTs and
/// LPUART1 (<see cref="Usart"/>, the "v2" block), and the device signature (unique ID at 0x1FFF7590, flash size at
/// 0x1FFF75E0: RM0351 51.1/51.2, RM0440 48.1/48.2). Boot (RM0351 2.6 table 7, RM0440 2.6): BOOT0 is the BOOT0 pin while
/// OPTR.nSWBOOT0 = 1 (factory), the inverse of OPTR.nBOOT0 otherwise; BOOT0 = 0 boots the main flash, BOOT0 = 1
/// system memory with nBOOT1 = 1, SRAM1 with nBOOT1 = 0.
/// </summary>
public sealed class L4Family : ChipFamily, IDebugFreeze
{
    /// <summary>The device signature block composed at 0x1FFF7500 (package, unique ID at +0x90, flash size at +0xE0).</summary>
    internal const uint SignatureStart = 0x1FFF_7500, SignatureSize = 0x100;

    /// <summary>SRAM1, where BOOT0 = 1 with nBOOT1 = 0 boots (RM0351 2.6).</summary>
    internal const uint Sram1 = 0x2000_0000;

    /// <summary>FLASH_OPTR.IWDG_SW (bit 16, RM0351/RM0440 3.7.8; the G0's at the same bit, RM0444 3.7.8): 0 starts the
    /// IWDG at every reset (hardware watchdog).</summary>
    internal const uint OptrIwdgSw = 1u << 16;

    private readonly DeviceDescription _device;
    private readonly BoardCounters _counters;
    private Boards.BoardDescription? _board;

    internal L4Family(DeviceDescription device, BoardCounters counters)
    {
        _device = device;
        _counters = counters;
    }

    /// <inheritdoc />
    public override string Name => _device.Family.ToUpperInvariant();

    /// <summary>The flash interface.</summary>
    public L4FlashInterface Flash { get; private set; } = null!;

    /// <summary>The reset and clock controller.</summary>
    public L4Rcc? Rcc { get; private set; }

    /// <summary>The power controller.</summary>
    public L4Pwr? Pwr { get; private set; }

    /// <summary>DBGMCU.</summary>
    public L4Dbgmcu? Dbgmcu { get; private set; }

    /// <summary>The independent watchdog (LSI 32 kHz; the hardware watchdog from FLASH_OPTR.IWDG_SW).</summary>
    public IndependentWatchdog? Iwdg { get; private set; }

    /// <summary>The GPIO ports, A first.</summary>
    public IReadOnlyList<GpioPort> Ports { get; private set; } = [];

    /// <summary>The serial-wire/JTAG pin monitor (a debug blocker of the chip).</summary>
    public DebugPinMonitor? DebugPins { get; private set; }

    /// <summary>The U(S)ARTs and LPUART1.</summary>
    public IReadOnlyList<Usart> Usarts { get; private set; } = [];

    /// <summary>What the U(S)ARTs the board routes to its virtual COM port sent, as text (the TX pin is not checked).</summary>
    public override string ConsoleText => string.Concat(Usarts
        .Where(u => _board?.Uarts.Any(r => string.Equals(r.Peripheral, u.Name, StringComparison.OrdinalIgnoreCase)) == true)
        .Select(u => System.Text.Encoding.UTF8.GetString(u.TransmittedBytes())));

    /// <summary>The clock after reset: the L4's MSI (4 MHz) or the G4's HSI16.</summary>
    private long ResetClockHz => string.Equals(_device.Family, "STM32L4", StringComparison.OrdinalIgnoreCase) ? L4Rcc.MsiRanges[6] : L4Rcc.Hsi16Hz;

    /// <inheritdoc />
    public override long CoreClockHz(int coreIndex) => Rcc?.CoreClockHz(coreIndex) ?? ResetClockHz;

    /// <inheritdoc />
    internal override int ReadoutLevel => Flash.ReadoutLevel;

    /// <inheritdoc />
    internal override void Compose(VirtualChip chip, PeripheralContext context)
    {
        var flashInfo = context.TablePeripheral("FLASH") ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.BoardDeviceNotSupported,
            DiagnosticSeverity.Error, $"the virtual {_device.Name} needs its register table (FLASH); none is built in"));
        _board = context.Board;
        Flash = new L4FlashInterface(context, flashInfo, _counters);
        chip.Compose(Flash);
        foreach (var bank in _device.FlashBanks)
        {
            chip.Compose(new ComposedTarget(bank.Start, bank.Size, new FlashArrayTarget(Flash, bank), []));
        }
        ComposeSignature(chip, _device);
        if (context.TablePeripheral("RCC") is { } rcc)
        {
            Rcc = new L4Rcc(context, rcc);
            chip.Compose(Rcc);
        }
        if (context.TablePeripheral("PWR") is { } pwr)
        {
            Pwr = new L4Pwr(context, pwr);
            chip.Compose(Pwr);
        }
        if (context.TablePeripheral("DBGMCU") is { } dbg)
        {
            Dbgmcu = new L4Dbgmcu(context, dbg);
            chip.Compose(Dbgmcu);
        }
        if (context.TablePeripheral("IWDG") is { } iwdg)
        {
            // FLASH_OPTR.IWDG_SW = 0 selects the hardware watchdog (3.7.8); the LSI runs at 32 kHz.
            Iwdg = new IndependentWatchdog(context, iwdg, L4Rcc.LsiHz, () => (Flash.StoredOption("OPTR") & OptrIwdgSw) == 0,
                () => Dbgmcu?.FreezesIwdg == true, "IWDG_SW");
            chip.Compose(Iwdg);
        }
        var table = context.Tables.FirstOrDefault(t => t is not null);
        var infos = table?.Peripherals.ToList() ?? [];
        Ports = infos.Where(p => IsGpio(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new GpioPort(context, p)).ToList();
        Usarts = infos.Where(p => IsUsart(p.Name)).Select(p => new Usart(context, p, ResetClockHz)).ToList();
        foreach (var peripheral in Ports.Cast<Peripheral>().Concat(Usarts))
        {
            chip.Compose(peripheral);
        }
        if (Ports.Count > 0)
        {
            DebugPins = new DebugPinMonitor(context, Ports, DebugPin.SerialWireJtag);
            chip.AddDebugBlocker(DebugPins);
        }
    }

    /// <summary>
    /// The unique ID and flash size register at 0x1FFF7500-0x1FFF75FF (RM0351 51.1/51.2, RM0440 48.1/48.2; the G0's are at the
    /// same addresses, RM0444 1.5), read-only.
    /// </summary>
    internal static void ComposeSignature(VirtualChip chip, DeviceDescription device)
    {
        var uid = device.UniqueIdAddress;
        var size = device.FlashSizeRegister;
        if (chip.Memory.FindSystemMemory(uid, 12) is not null || uid < SignatureStart || uid + 12 > SignatureStart + SignatureSize
            || size < SignatureStart || size + 2 > SignatureStart + SignatureSize)
        {
            return;
        }
        var data = new byte[SignatureSize];
        Array.Fill(data, (byte)0xFF);
        for (var i = 0; i < UniqueId.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan((int)(uid - SignatureStart) + i * 4), UniqueId[i]);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan((int)(size - SignatureStart)), (ushort)(device.FlashSize / 1024));
        chip.Compose(new ComposedTarget(SignatureStart, SignatureSize, new MemoryTarget("device signature", data, writable: false), []));
    }

    /// <summary>The 96-bit unique ID the model reports (three words, read-only).</summary>
    internal static readonly uint[] UniqueId = [0x0041_0032, 0x4E50_5711, 0x2035_3234];

    /// <inheritdoc />
    public bool IsFrozen(string peripheral) => Dbgmcu?.IsFrozen(peripheral) == true;

    /// <inheritdoc />
    public override (bool Frozen, string Bit)? WatchdogFreeze(string watchdog, int coreIndex) =>
        Dbgmcu is { } dbgmcu ? (dbgmcu.FreezesIwdg, "DBGMCU_APB1FZR1.DBG_IWDG_STOP (bit 12)") : null;

    /// <summary>Whether BOOT0 is high: the pin while OPTR.nSWBOOT0 = 1, else the inverse of OPTR.nBOOT0 (RM0351 2.6).</summary>
    internal bool Boot0(bool pinHigh)
    {
        var optr = Flash.Optr;
        return (optr & (1u << 26)) != 0 ? pinHigh : (optr & (1u << 27)) == 0;
    }

    /// <inheritdoc />
    internal override uint BootAddress(int coreIndex, bool boot0High)
    {
        if (!Boot0(boot0High))
        {
            return _device.Cores[coreIndex].DefaultBootAddress;
        }
        return (Flash.Optr & (1u << 23)) != 0 ? _device.Cores[coreIndex].SystemBootAddress : Sram1;
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

    /// <summary>GPIOA … GPIOI.</summary>
    internal static bool IsGpio(string name) => name.Length == 5 && name.StartsWith("GPIO", StringComparison.Ordinal) && name[4] is >= 'A' and <= 'K';

    /// <summary>USARTn, UARTn and LPUART1.</summary>
    internal static bool IsUsart(string name)
    {
        var prefix = name.StartsWith("USART", StringComparison.Ordinal) ? 5 : name.StartsWith("LPUART", StringComparison.Ordinal) ? 6
            : name.StartsWith("UART", StringComparison.Ordinal) ? 4 : -1;
        return prefix > 0 && name.Length > prefix && name.Skip(prefix).All(char.IsDigit);
    }

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
