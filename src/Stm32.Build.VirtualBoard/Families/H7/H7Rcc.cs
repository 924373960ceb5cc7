using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The STM32H7 reset and clock controller (RM0399 chapter 8; RM0433 and RM0468 chapter 8 where they differ), declared
/// from the register table with behaviour attached by the manual's bit positions: the oscillators (HSI with HSIDIV,
/// CSI, HSI48, HSE and LSE from the board, LSI) with their ready flags after the datasheet's start-up times, PLL1–3
/// (<see cref="H7Rcc"/>.Pll), the system clock switch, the domain prescalers and the clock tree the cores and other
/// blocks read (<see cref="IClockTree"/>), the reset flags, the per-core peripheral enables and the boot of a gated
/// core (<see cref="H7Rcc"/>.Cores), the ready interrupts (CIER/CIFR/CICR on the RCC interrupt line).
/// </summary>
public sealed partial class H7Rcc : Peripheral, IClockTree
{
    // RCC_CR bit positions (RM0399 8.7, RCC_CR).
    private const int HsiOn = 0, HsiKerOn = 1, HsiRdy = 2, HsiDiv = 3, HsiDivF = 5, CsiOn = 7, CsiRdy = 8, CsiKerOn = 9;
    private const int Hsi48On = 12, Hsi48Rdy = 13, D1CkRdy = 14, D2CkRdy = 15, HseOn = 16, HseRdy = 17, HseByp = 18, HseCssOn = 19;

    /// <summary>
    /// RCC_CR after reset: HSION, HSIRDY and HSIDIVF (RM0399 8.7, RCC_CR reset value 0x0000 0025; ST's SVD gives
    /// 0x0000 0083, which would leave the CSI and the HSI kernel clock on — the manual wins).
    /// </summary>
    internal const uint CrResetValue = 0x0000_0025;

    // System clock switch encodings (RM0399 8.7, RCC_CFGR SW/SWS).
    internal const uint SourceHsi = 0, SourceCsi = 1, SourceHse = 2, SourcePll1 = 3;

    private readonly H7Oscillator _hsi = new("HSI", H7Timings.HsiHz, H7Timings.HsiStartupNs);
    private readonly H7Oscillator _csi = new("CSI", H7Timings.CsiHz, H7Timings.CsiStartupNs);
    private readonly H7Oscillator _hsi48 = new("HSI48", H7Timings.Hsi48Hz, H7Timings.Hsi48StartupNs);
    private readonly H7Oscillator _hse = new("HSE", 0, H7Timings.HseCrystalStartupNs);
    private readonly H7Oscillator _lse = new("LSE", 0, H7Timings.LseCrystalStartupNs);
    private readonly H7Oscillator _lsi = new("LSI", H7Timings.LsiHz, H7Timings.LsiStartupNs);
    private readonly Register _cr;
    private readonly Register _cfgr;
    private readonly Register _bdcr;
    private readonly Register _csr;
    private readonly Register _cier;
    private readonly Register _cifr;
    private readonly InterruptLine _interrupt;
    private readonly BoardDescription _board;
    private int _epoch;
    private uint _sws = SourceHsi;
    private long _hsiDividerReadyAt = long.MinValue;

    /// <summary>Declares the RCC from its register-table entry <paramref name="info"/> and attaches its behaviour.</summary>
    public H7Rcc(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _board = context.Board;
        Registers.Declare(info);
        _interrupt = context.Interrupt("RCC");

        _cr = Registers["CR"];
        _cr.Bit(HsiRdy, "HSIRDY").As(FieldAccess.ReadOnly).WithFlag(() => _hsi.IsReady(Context.Now));
        _cr.Bit(HsiDivF, "HSIDIVF").As(FieldAccess.ReadOnly).WithFlag(() => _hsi.IsReady(Context.Now) && Context.Now >= _hsiDividerReadyAt);
        _cr.Bit(CsiRdy, "CSIRDY").As(FieldAccess.ReadOnly).WithFlag(() => _csi.IsReady(Context.Now));
        _cr.Bit(Hsi48Rdy, "HSI48RDY").As(FieldAccess.ReadOnly).WithFlag(() => _hsi48.IsReady(Context.Now));
        _cr.Bit(D1CkRdy, "D1CKRDY").As(FieldAccess.ReadOnly).WithFlag(() => Domains is not { } d || d.State(H7PowerDomain.D1) == H7DomainState.Run);
        _cr.Bit(D2CkRdy, "D2CKRDY").As(FieldAccess.ReadOnly).WithFlag(() => Domains is not { } d || d.State(H7PowerDomain.D2) == H7DomainState.Run);
        _cr.Bit(HseRdy, "HSERDY").As(FieldAccess.ReadOnly).WithFlag(() => _hse.IsReady(Context.Now));
        _cr.Bit(HseCssOn, "HSECSSON").As(FieldAccess.SetOnly).Unmodelled("the HSE clock security system is not modelled (the HSE never fails)");
        _cr.OnWrite(CrWritten);

        _cfgr = Registers["CFGR"];
        _cfgr.Field(3, 3, "SWS").As(FieldAccess.ReadOnly).WithValue(() => _sws);
        _cfgr.Field(0, 3, "SW").OnWrite(_ => TrySwitch());
        _cfgr.Field(18, 4, "MCO1PRE").Unmodelled("MCO1 output not modelled");
        _cfgr.Field(25, 4, "MCO2PRE").Unmodelled("MCO2 output not modelled");
        foreach (var name in new[] { "D1CFGR", "D2CFGR", "D3CFGR" })
        {
            Registers[name].OnWrite((_, _) => ClocksMayHaveChanged());
        }

        _bdcr = Registers["BDCR"];
        _bdcr.Bit(1, "LSERDY").As(FieldAccess.ReadOnly).WithFlag(() => _lse.IsReady(Context.Now));
        _bdcr.Bit(5, "LSECSSON").Unmodelled("the LSE clock security system is not modelled");
        _bdcr.Bit(15, "RTCEN").Unmodelled("the RTC is not modelled");
        _bdcr.OnWrite(BdcrWritten);
        _csr = Registers["CSR"];
        _csr.Bit(1, "LSIRDY").As(FieldAccess.ReadOnly).WithFlag(() => _lsi.IsReady(Context.Now));
        _csr.OnWrite((_, value) => SetOscillator(_lsi, (value & 1) != 0));

        _cier = Registers["CIER"];
        _cifr = Registers["CIFR"];
        foreach (var field in _cifr.Fields)
        {
            _cifr.Override(field.Name, FieldAccess.ReadOnly); // RM0399 RCC_CIFR: flags set by hardware, cleared through RCC_CICR
        }
        _cier.OnWrite((_, _) => UpdateInterrupt());
        Registers["CICR"].OnWrite((_, value) =>
        {
            _cifr.Value &= ~value;
            Registers["CICR"].Value = 0;
            UpdateInterrupt();
        });

        DeclarePlls();
        DeclareCoreRegisters();
        foreach (var register in Registers.Registers.Where(r => r.Name.EndsWith("CCIPR", StringComparison.Ordinal) || r.Name.StartsWith("D2CCIP", StringComparison.Ordinal)))
        {
            register.OnWrite((_, _) => ClocksMayHaveChanged()); // kernel clock selection: read by the clock tree
        }
        ApplyReset(ResetKind.PowerOn);
    }

    /// <summary>The power domains (set by the family after composing PWR): D1CKRDY/D2CKRDY follow them.</summary>
    internal H7DomainPower? Domains { get; set; }

    /// <summary>Called when a core clock changed (the flash wait-state check listens).</summary>
    internal event Action? ClocksChanged;

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        // RCC_BDCR belongs to the backup domain (reset by a power-on here: VBAT is not modelled apart from VDD) and the
        // reset flags survive a system reset (RM0399 8.4.4); the rest is reset by any system reset.
        var bdcr = _bdcr.Value;
        var resetFlags = SaveResetFlags();
        base.Reset(kind);
        if (kind != ResetKind.PowerOn)
        {
            _bdcr.Value = bdcr;
            RestoreResetFlags(resetFlags);
        }
        ApplyReset(kind);
    }

    private void ApplyReset(ResetKind kind)
    {
        _epoch++;
        _cr.Value = CrResetValue;
        _hsi.Reset(onAndReady: true);
        _hsiDividerReadyAt = long.MinValue;
        _csi.Reset(false);
        _hsi48.Reset(false);
        _hse.Reset(false);
        _lsi.Reset(false);
        if (kind == ResetKind.PowerOn)
        {
            _lse.Reset(false);
        }
        _sws = SourceHsi;
        ResetPlls();
        ResetCoreState();
        _interrupt.Set(false);
        ClocksMayHaveChanged(record: false);
    }

    private void CrWritten(uint old, uint value)
    {
        var now = Context.Now;
        var keep = 0u;
        if ((value & (1u << HsiOn)) == 0 && (_sws == SourceHsi || PllSourceInUse(PllSourceHsi)))
        {
            keep |= 1u << HsiOn; // RM0399 RCC_CR HSION: cannot be cleared while the HSI is the system clock or PLL1's enabled reference
        }
        if ((value & (1u << CsiOn)) == 0 && (_sws == SourceCsi || PllSourceInUse(PllSourceCsi)))
        {
            keep |= 1u << CsiOn;
        }
        if ((value & (1u << HseOn)) == 0 && (_sws == SourceHse || PllSourceInUse(PllSourceHse)))
        {
            keep |= 1u << HseOn;
        }
        if ((old & (1u << HseOn)) != 0)
        {
            value = (value & ~(1u << HseByp)) | (old & (1u << HseByp)); // HSEBYP: written only while the HSE is off
        }
        var oldDivider = (old >> HsiDiv) & 3;
        var divider = (value >> HsiDiv) & 3;
        if (divider != oldDivider)
        {
            if (PllSourceInUse(PllSourceHsi))
            {
                value = (value & ~(3u << HsiDiv)) | (oldDivider << HsiDiv); // ignored while the HSI feeds an enabled PLL
            }
            else
            {
                _hsiDividerReadyAt = now + H7Timings.HsiDividerSettleNs;
                Schedule(_hsiDividerReadyAt, ClocksMayHaveChanged, "RCC HSIDIV settled");
            }
        }
        value |= keep;
        value = KeepPllsInUse(value);
        _cr.Value = value;
        _hsi.FrequencyHz = H7Timings.HsiHz >> (int)((value >> HsiDiv) & 3);
        SetOscillator(_hsi, (value & (1u << HsiOn)) != 0);
        SetOscillator(_csi, (value & (1u << CsiOn)) != 0);
        SetOscillator(_hsi48, (value & (1u << Hsi48On)) != 0);
        var bypass = (value & (1u << HseByp)) != 0;
        _hse.FrequencyHz = _board.Hse?.FrequencyHz ?? 0;
        _hse.Available = _board.Hse is { } hse && (hse.Mode == OscillatorMode.Bypass) == bypass;
        _hse.StartupNs = bypass ? H7Timings.HseBypassStartupNs : H7Timings.HseCrystalStartupNs;
        SetOscillator(_hse, (value & (1u << HseOn)) != 0);
        PllEnablesWritten(value);
        ClocksMayHaveChanged();
    }

    private void BdcrWritten(uint old, uint value)
    {
        if (Domains?.BackupDomainWritable != true)
        {
            _bdcr.Value = old; // RM0399 RCC_BDCR: write-protected until PWR_CR1.DBP is set
            return;
        }
        if ((value & (1u << 16)) != 0)
        {
            // VSWRST: backup domain software reset; the LSE stops and RCC_BDCR returns to its reset value.
            _bdcr.Value = value & (1u << 16);
            _lse.Stop();
            return;
        }
        if ((old & 1) != 0)
        {
            _bdcr.Value = (_bdcr.Value & ~(1u << 2)) | (old & (1u << 2)); // LSEBYP: written only while the LSE is off
        }
        var bypass = (_bdcr.Value & (1u << 2)) != 0;
        _lse.FrequencyHz = _board.Lse?.FrequencyHz ?? 0;
        _lse.Available = _board.Lse is { } lse && (lse.Mode == OscillatorMode.Bypass) == bypass;
        _lse.StartupNs = bypass ? H7Timings.LseBypassStartupNs : H7Timings.LseCrystalStartupNs;
        SetOscillator(_lse, (_bdcr.Value & 1) != 0);
    }

    /// <summary>Starts or stops an oscillator and schedules its ready event.</summary>
    private void SetOscillator(H7Oscillator oscillator, bool on)
    {
        if (on == oscillator.On)
        {
            return;
        }
        if (!on)
        {
            oscillator.Stop();
            return;
        }
        var readyAt = oscillator.Start(Context.Now);
        if (readyAt != long.MaxValue)
        {
            Schedule(readyAt, () => OscillatorReady(oscillator, readyAt), $"RCC {oscillator.Name} ready");
        }
        RecomputePllLocks();
    }

    private void OscillatorReady(H7Oscillator oscillator, long readyAt)
    {
        if (!oscillator.On || oscillator.ReadyAt != readyAt)
        {
            return;
        }
        SetReadyFlag(oscillator.Name switch
        {
            "LSI" => 0, "LSE" => 1, "HSI" => 2, "HSE" => 3, "CSI" => 4, "HSI48" => 5, _ => -1,
        });
        RecomputePllLocks();
        TrySwitch();
    }

    /// <summary>Sets a CIFR flag when its CIER enable is set (RM0399 RCC_CIFR: "set by hardware when ... and xxxRDYIE is set").</summary>
    private void SetReadyFlag(int bit)
    {
        if (bit >= 0 && (_cier.Value & (1u << bit)) != 0)
        {
            _cifr.Value |= 1u << bit;
            UpdateInterrupt();
        }
    }

    private void UpdateInterrupt() => _interrupt.Set((_cifr.Value & _cier.Value & 0x3FF) != 0);

    /// <summary>Applies CFGR.SW when the selected source is ready (RM0399 8.5.6: a switch to a source not yet ready happens when it becomes ready).</summary>
    private void TrySwitch()
    {
        var requested = _cfgr.Value & 7;
        if (requested > SourcePll1 || requested == _sws)
        {
            return;
        }
        var now = Context.Now;
        var ready = requested switch
        {
            SourceHsi => _hsi.IsReady(now),
            SourceCsi => _csi.IsReady(now),
            SourceHse => _hse.IsReady(now),
            _ => PllLocked(0, now),
        };
        if (ready)
        {
            _sws = requested;
            ClocksMayHaveChanged();
        }
    }

    /// <summary>
    /// The system enters Stop (D3 in DStop): the PLLs, the HSE and the HSI48 stop, and the system clock becomes the
    /// HSI or the CSI as CFGR.STOPWUCK selects, which it stays after wake-up (RM0399 8.5.7, RCC_CFGR STOPWUCK).
    /// </summary>
    internal void EnterSystemStop()
    {
        var csi = (_cfgr.Value & (1u << 6)) != 0;
        StopPlls();
        _hse.Stop();
        _hsi48.Stop();
        var cr = _cr.Value & ~((1u << HseOn) | (1u << Hsi48On) | (1u << HseCssOn));
        cr |= csi ? 1u << CsiOn : 1u << HsiOn;
        _cr.Value = cr;
        (csi ? _csi : _hsi).Reset(onAndReady: true);
        _sws = csi ? SourceCsi : SourceHsi;
        _cfgr.Value = (_cfgr.Value & ~7u) | _sws;
        ClocksMayHaveChanged();
    }

    /// <summary>Schedules <paramref name="action"/> at <paramref name="time"/>, dropped if a reset happens first.</summary>
    private void Schedule(long time, Action action, string name)
    {
        var epoch = _epoch;
        Context.Scheduler.Schedule(time, () =>
        {
            if (epoch == _epoch)
            {
                action();
            }
        }, name);
    }
}
