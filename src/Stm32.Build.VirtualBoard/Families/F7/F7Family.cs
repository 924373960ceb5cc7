using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;
using Stm32.Build.VirtualBoard.Families.F4;

namespace Stm32.Build.VirtualBoard.Families.F7;

/// <summary>
/// The STM32F7 blocks (RM0385 for the F74x/F75x, RM0410 for the F76x/F77x) composed from the chip's register tables:
/// <list type="bullet">
/// <item>the sector flash interface the F4 has too (<see cref="SectorFlashInterface"/> with <see cref="ProfileFor"/>:
/// the F7's factory option bytes, <see cref="F7Timings"/>, on the F76x the bank organisation FLASH_OPTCR.nDBANK
/// selects at reset — one bank of 32/128/256 KiB sectors, or two of 16/64/128 KiB, RM0410 3.3.2 — and its nWRP
/// bits, one per sector, or one per two sectors in dual-bank mode, RM0410 3.7.6);</item>
/// <item>the flash array at 0x08000000 (AXIM) and its read-only alias on the ITCM interface at 0x00200000 (RM0385
/// 2.3.1);</item>
/// <item>boot from the option bytes (RM0385/RM0410 2.5): BOOT0 low boots at BOOT_ADD0, high at BOOT_ADD1 of
/// FLASH_OPTCR1 (address bits 29:14; factory 0x0080 — the flash on ITCM — and 0x0040 — system memory on ITCM); the
/// model fetches the vector through the AXIM address of the same bytes;</item>
/// <item>RCC, the F4's register set (RM0385 5.3: the same CR/PLLCFGR/CFGR/CSR/BDCR and ready flags, <see cref="F4Rcc"/>);
/// PWR with VOS and over-drive (<see cref="F7Pwr"/>); DBGMCU (<see cref="Common.Dbgmcu"/>, DEV_ID 0x449/0x451);
/// the independent watchdog (<see cref="IndependentWatchdog"/>, the hardware mode from FLASH_OPTCR.IWDG_SW);</item>
/// <item>GPIO ports with PA13/PA14 watched (<see cref="GpioPort"/>, <see cref="DebugPinMonitor"/>); the U(S)ARTs
/// with the ISR/TDR register set (<see cref="Usart"/>); the device signature (RM0385 41.1/41.2: unique ID at
/// 0x1FF0F420, flash size at 0x1FF0F442).</item>
/// </list>
/// The Cortex-M7 has no bit-band regions. Dual bank boot (nDBOOT = nDBANK = 0 on the F76x: BOOT_ADD0 whatever BOOT0). Not modelled: the ART accelerator and caches (FLASH_ACR
/// keeps what is written), PCROP, the window of IWDG_WINR.
/// </summary>
public sealed class F7Family : ChipFamily, IDebugFreeze
{
    /// <summary>The flash on the ITCM interface (RM0385 2.3.1).</summary>
    public const uint ItcmFlash = 0x0020_0000;

    /// <summary>System memory on the ITCM interface (RM0385 2.3.1, the BOOT_ADD1 factory target).</summary>
    public const uint ItcmSystemMemory = 0x0010_0000;

    /// <summary>The AXIM address of the flash (RM0385 2.3.1).</summary>
    public const uint AximFlash = 0x0800_0000;

    /// <summary>
    /// FLASH_OPTCR as delivered on the F74x/F75x (RM0385 3.7.6, reset value 0xC0FFAAFD: IWDG_STOP, IWDG_STDBY, nWRP
    /// all 1, RDP 0xAA, nRST_STDBY, nRST_STOP, IWDG_SW, WWDG_SW, BOR_LEV 11, OPTLOCK). ST's SVD gives the F4's
    /// 0x0FFFAAED, so the model takes the manual's value.
    /// </summary>
    public const uint FactoryOptcrF74x = 0xC0FF_AAFD;

    /// <summary>FLASH_OPTCR as delivered on the F76x/F77x (RM0410 3.7.6, 0xFFFFAAFD: as the F74x's with 12 nWRP bits, nDBOOT and nDBANK set).</summary>
    public const uint FactoryOptcrF76x = 0xFFFF_AAFD;

    /// <summary>FLASH_OPTCR1 as delivered (RM0385/RM0410 3.7.7, 0x00400080: BOOT_ADD0 0x0080, BOOT_ADD1 0x0040).</summary>
    public const uint FactoryOptcr1 = 0x0040_0080;

    /// <summary>IWDG_SW in FLASH_OPTCR (RM0385 3.7.6): 0 selects the hardware watchdog.</summary>
    private const uint IwdgSw = 1u << 5;

    private readonly DeviceDescription _device;
    private readonly BoardCounters _counters;
    private Boards.BoardDescription? _board;

    internal F7Family(DeviceDescription device, BoardCounters counters)
    {
        _device = device;
        _counters = counters;
    }

    /// <inheritdoc />
    public override string Name => "STM32F7";

    /// <summary>The flash interface.</summary>
    public SectorFlashInterface Flash { get; private set; } = null!;

    /// <summary>The reset and clock controller.</summary>
    public F4Rcc? Rcc { get; private set; }

    /// <summary>The power controller.</summary>
    public F7Pwr? Pwr { get; private set; }

    /// <summary>Stop and Standby (<see cref="LowPowerControl"/> with <see cref="LowPowerProfile.F7"/>), or null without PWR in the register table.</summary>
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

    /// <summary>The window watchdog (<see cref="WindowWatchdog"/>, RM0385 "Window watchdog (WWDG)"), or null when the register table has none.</summary>
    public WindowWatchdog? Wwdg { get; private set; }

    /// <summary>The U(S)ARTs.</summary>
    public IReadOnlyList<Usart> Usarts { get; private set; } = [];

    /// <summary>What the U(S)ARTs the board routes to its virtual COM port sent, as text (UTF-8).</summary>
    public override string ConsoleText => string.Concat(Usarts
        .Where(u => _board?.Uarts.Any(r => string.Equals(r.Peripheral, u.Name, StringComparison.OrdinalIgnoreCase)) == true)
        .Select(u => System.Text.Encoding.UTF8.GetString(u.TransmittedBytes())));

    /// <inheritdoc />
    public override long CoreClockHz(int coreIndex) => Rcc?.CoreClockHz(coreIndex) ?? F4Rcc.HsiHz;

    /// <inheritdoc />
    internal override int ReadoutLevel => Flash.ReadoutLevel;

    /// <summary>The F7's <see cref="SectorFlashProfile"/> for <paramref name="device"/> (F74x or F76x by its option fields).</summary>
    public static SectorFlashProfile ProfileFor(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var optcr = device.OptionRegisters.FirstOrDefault(r => r.Name == "OPTCR");
        var dualBankCapable = optcr?.Field("nDBANK") is not null;
        var nwrp = optcr?.Field("nWRP") ?? new OptionField("nWRP", 16, 8);
        return new SectorFlashProfile
        {
            FactoryOptcr = dualBankCapable ? FactoryOptcrF76x : FactoryOptcrF74x,
            FactoryOptcr1 = FactoryOptcr1,
            WordProgram = F7Timings.WordProgram,
            SectorErase = F7Timings.SectorErase,
            MassErase = F7Timings.MassErase,
            OptionChange = F7Timings.OptionChange,
            BanksFor = device.BankModes.Count == 0 ? null : (o, o1) => SectorFlashProfile.BanksFromOptions(device, o, o1),
            // RM0410 3.7.6 (and OpenOCD src/flash/nor/stm32f2x.c, for the rule only): in dual-bank mode nWRPi protects
            // sectors 2i and 2i + 1 counted across both banks (bank 2 from 12); otherwise nWRPi protects sector i.
            WriteProtected = (sector, o, _, banks) =>
            {
                var bit = banks.Count > 1 ? sector / 2 : sector;
                return bit < nwrp.Width && (nwrp.Get(o) & (1u << bit)) == 0;
            },
        };
    }

    /// <inheritdoc />
    internal override void Compose(VirtualChip chip, PeripheralContext context)
    {
        var flashInfo = context.TablePeripheral("FLASH") ?? context.TablePeripheral("Flash") ?? throw new Stm32Exception(new Diagnostic(
            DiagnosticCodes.BoardDeviceNotSupported, DiagnosticSeverity.Error, $"the virtual {_device.Name} needs its register table (FLASH); none is built in"));
        _board = context.Board;
        Flash = new SectorFlashInterface(context, flashInfo, ProfileFor(_device), _counters);
        chip.Compose(Flash);
        foreach (var bank in _device.FlashBanks)
        {
            chip.Compose(new ComposedTarget(bank.Start, bank.Size, new SectorFlashArray(Flash, bank, $"FLASH bank {bank.Number}"), []));
            chip.Compose(new ComposedTarget(ItcmFlash + (bank.Start - AximFlash), bank.Size,
                new SectorFlashArray(Flash, bank, $"FLASH bank {bank.Number} (ITCM)", writable: false), []));
        }
        DeviceSignature.Compose(chip, _device);
        if (context.TablePeripheral("RCC") is { } rcc)
        {
            Rcc = new F4Rcc(context, rcc);
            chip.Compose(Rcc);
        }
        if (context.TablePeripheral("PWR") is { } pwr)
        {
            Pwr = new F7Pwr(context, pwr);
            chip.Compose(Pwr);
        }
        if ((context.TablePeripheral("DBGMCU") ?? context.TablePeripheral("DBG")) is { } dbg)
        {
            Dbgmcu = new Dbgmcu(context, dbg);
            chip.Compose(Dbgmcu);
        }
        if (Pwr is not null)
        {
            LowPower = new LowPowerControl(chip, Pwr, LowPowerProfile.F7, () => Dbgmcu?.Control ?? 0);
        }
        if (context.TablePeripheral("IWDG") is { } iwdg)
        {
            // LSI 32 kHz typical (DS10916/DS11532 "LSI oscillator characteristics"), as the F4's.
            Iwdg = new IndependentWatchdog(context, iwdg, F4Rcc.LsiHz, () => (Flash.StoredOptcr & IwdgSw) == 0, () => Dbgmcu?.FreezesIwdg == true);
            chip.Compose(Iwdg);
        }
        if (context.TablePeripheral("WWDG") is { } wwdg)
        {
            // RM0385 "Window watchdog (WWDG)": the F4's block.
            Wwdg = new WindowWatchdog(context, wwdg, WindowWatchdogProfile.Apb1(F4Rcc.HsiHz, () => Dbgmcu?.IsFrozen("WWDG") == true,
                () => Dbgmcu?.FreezesWwdg == true, "DBGMCU_APB1_FZ.DBG_WWDG_STOP (bit 11)"));
            chip.Compose(Wwdg);
        }
        var infos = context.Tables.FirstOrDefault(t => t is not null)?.Peripherals.ToList() ?? [];
        Ports = infos.Where(p => F4Family.IsGpio(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new GpioPort(context, p)).ToList();
        Usarts = infos.Where(p => F4Family.IsUsart(p.Name)).Select(p => new Usart(context, p, F4Rcc.HsiHz)).ToList();
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

    /// <inheritdoc />
    public bool IsFrozen(string peripheral) => Dbgmcu?.IsFrozen(peripheral) == true;

    /// <inheritdoc />
    public override (bool Frozen, string Bit)? WatchdogFreeze(string watchdog, int coreIndex) =>
        Dbgmcu is { } dbgmcu ? (dbgmcu.FreezesIwdg, "DBGMCU_APB1_FZ.DBG_IWDG_STOP (bit 12)") : null;

    /// <summary>FLASH_OPTCR.nDBOOT (bit 28) and nDBANK (bit 29) of the F76x/F77x (RM0410 3.7.6).</summary>
    private const uint NDboot = 1u << 28, NDbank = 1u << 29;

    /// <summary>
    /// BOOT_ADD0 (BOOT0 low) or BOOT_ADD1 (high) of the option bytes loaded at reset as an address (bits 29:14,
    /// RM0385 2.5), with the ITCM aliases of the flash and of system memory taken at their AXIM addresses. In the dual
    /// bank boot mode of the F76x/F77x (nDBANK = nDBOOT = 0) only BOOT_ADD0 counts, whatever BOOT0 (ST's AN2606, the
    /// STM32F76xxx/77xxx bootloader's known limitations: the system memory is then reached only through BOOT_ADD0).
    /// </summary>
    internal override uint BootAddress(int coreIndex, bool boot0High)
    {
        var optcr1 = Flash.LoadedOptcr1;
        var dualBankBoot = _device.BankModes.Count > 0 && (Flash.LoadedOptcr & (NDboot | NDbank)) == 0;
        var address = (boot0High && !dualBankBoot ? optcr1 >> 16 : optcr1 & 0xFFFF) << 14;
        var system = _device.Cores[coreIndex].SystemBootAddress;
        if (address >= ItcmFlash && address - ItcmFlash < _device.FlashSize)
        {
            return AximFlash + (address - ItcmFlash);
        }
        if (address >= ItcmSystemMemory && address < ItcmFlash)
        {
            return system + (address - ItcmSystemMemory);
        }
        return address;
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
}
