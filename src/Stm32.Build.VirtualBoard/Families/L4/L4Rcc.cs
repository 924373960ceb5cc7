using System.Globalization;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Families.L4;

/// <summary>
/// The reset and clock controller of the STM32L4 (RM0351/RM0394 chapter 6) and STM32G4 (RM0440 chapter 7) from the
/// chip's register table (registers by their offsets, which the families share), with what firmware polls and what
/// the core's clock follows:
/// <list type="bullet">
/// <item>RCC_CR: MSIRDY follows MSION (L4: the MSI, 4 MHz range 6, clocks the core after reset; RCC_CR.MSIRANGE
/// counts once MSIRGSEL is set, RCC_CSR.MSISRANGE before); HSIRDY follows HSION (HSI16; on the G4 the clock after
/// reset, RM0440 7.2.2); HSERDY <see cref="L4Timings.HseCrystalStartup"/> after HSEON on a board with an HSE crystal
/// and HSEBYP clear, at once on a board driving an external clock with HSEBYP set, never otherwise; PLLRDY
/// <see cref="L4Timings.PllLock"/> after PLLON while the PLL source (PLLCFGR.PLLSRC: MSI, HSI16, HSE) runs.</item>
/// <item>RCC_CFGR: SWS follows SW (00 MSI on the L4, 01 HSI16, 10 HSE, 11 PLL) once the selected clock is ready;
/// SYSCLK from the PLL is source / (PLLM + 1) × PLLN / PLLR; the core clock is SYSCLK / HPRE.</item>
/// <item>RCC_CSR: LSIRDY follows LSION; the reset flags (OBLRSTF, PINRSTF, BORRSTF, SFTRSTF, IWDGRSTF, WWDGRSTF;
/// RMVF clears them). RCC_BDCR: LSERDY with a board LSE.</item>
/// <item>Peripheral clocks: a peripheral is clocked while its <c>NAMEEN</c> bit in an RCC_xxxENR register is set; a
/// U(S)ART's kernel clock is what RCC_CCIPR.xxxSEL selects (PCLK, SYSCLK, HSI16, LSE).</item>
/// </list>
/// </summary>
public sealed class L4Rcc : Peripheral, IClockTree
{
    /// <summary>HSI16 (RM0351 6.2.2, RM0440 7.2.2: 16 MHz RC oscillator).</summary>
    public const long Hsi16Hz = 16_000_000;

    /// <summary>The LSI (DS10198 "LSI oscillator characteristics": 32 kHz typical).</summary>
    public const long LsiHz = 32_000;

    /// <summary>The MSI frequency of each MSIRANGE value (RM0351 6.4.1: 100 kHz … 48 MHz).</summary>
    public static readonly IReadOnlyList<long> MsiRanges =
        [100_000, 200_000, 400_000, 800_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000, 24_000_000, 32_000_000, 48_000_000];

    // RM0351 6.4.29 / RM0440 7.4.28 RCC_CSR reset flags.
    private const uint Rmvf = 1u << 23, OblRstf = 1u << 25, PinRstf = 1u << 26, BorRstf = 1u << 27, SftRstf = 1u << 28,
        IwdgRstf = 1u << 29, WwdgRstf = 1u << 30;

    private const uint CrOffset = 0x00, CfgrOffset = 0x08, PllCfgrOffset = 0x0C, CcipOffset = 0x88, BdcrOffset = 0x90, CsrOffset = 0x94;

    private readonly Register _cr, _cfgr, _pllcfgr, _csr;
    private readonly Register? _ccipr, _bdcr;
    private readonly RegisterField? _msion;
    private readonly Dictionary<string, (Register Register, uint Mask, string Bus)> _enables = new(StringComparer.OrdinalIgnoreCase);
    private long _hseReadyAt = -1, _pllReadyAt = -1;
    private uint _sws;
    private uint _resetFlags = BorRstf | PinRstf;

    /// <summary>Declares the RCC from its register-table entry.</summary>
    public L4Rcc(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        _cr = Registers.At(CrOffset)!;
        _cfgr = Registers.At(CfgrOffset)!;
        _pllcfgr = Registers.At(PllCfgrOffset)!.Modelled();
        _csr = Registers.At(CsrOffset)!;
        _ccipr = Registers.At(CcipOffset)?.Modelled();
        _bdcr = Registers.At(BdcrOffset);
        _msion = _cr.FindField("MSION");
        _cr.FindField("MSIRDY")?.WithFlag(() => _msion!.IsSet);
        _cr["HSIRDY"].WithFlag(() => _cr["HSION"].IsSet);
        _cr["HSERDY"].WithFlag(() => Ready(_hseReadyAt));
        _cr["PLLRDY"].WithFlag(() => Ready(_pllReadyAt) && PllSourceHz > 0);
        _cr["HSEON"].OnChange((_, on) => _hseReadyAt = on != 0 ? Announce(HseStart(), "HSE ready") : -1);
        _cr["PLLON"].OnChange((_, on) => _pllReadyAt = on != 0 ? Announce(Context.Now + Ns(L4Timings.PllLock), "PLL locked") : -1);
        _cr.OnWrite((_, _) => ClockMayHaveChanged());
        _cfgr.OnRead(value => (value & ~0xCu) | (_sws << 2));
        _cfgr.OnWrite((_, _) => ClockMayHaveChanged());
        _csr.FindField("LSIRDY")?.WithFlag(() => _csr["LSION"].IsSet);
        _csr.OnRead(value => (value & 0x00FF_FFFF & ~Rmvf) | _resetFlags);
        _csr.OnWrite((_, value) =>
        {
            if ((value & Rmvf) != 0)
            {
                _resetFlags = 0;
            }
        });
        _bdcr?.FindField("LSERDY")?.WithFlag(() => _bdcr["LSEON"].IsSet && context.Board.Lse is not null);
        foreach (var register in Registers.Registers.Where(r => r.Name.Contains("ENR", StringComparison.Ordinal) && !r.Name.Contains("SMENR", StringComparison.Ordinal)))
        {
            var bus = register.Name.Contains("APB1", StringComparison.Ordinal) ? "pclk1" : register.Name.Contains("APB2", StringComparison.Ordinal) ? "pclk2" : "hclk";
            foreach (var field in register.Fields.Where(f => f.Name.EndsWith("EN", StringComparison.Ordinal) && f.Width == 1))
            {
                _enables.TryAdd(field.Name[..^2], (register, field.Mask, bus));
            }
            register.Modelled();
        }
        context.Chip.ResetApplied += cause => _resetFlags |= cause switch
        {
            ResetCause.PowerOn => BorRstf | PinRstf,
            ResetCause.Software => SftRstf | PinRstf,
            ResetCause.IndependentWatchdog => IwdgRstf | PinRstf,
            ResetCause.WindowWatchdog => WwdgRstf | PinRstf,
            _ => PinRstf,
        };
        ApplyResetClock();
    }

    /// <summary>Whether the family has the MSI (the L4; the G4 has none).</summary>
    public bool HasMsi => _msion is not null;

    /// <summary>The MSI frequency now: RCC_CR.MSIRANGE once MSIRGSEL is set, else RCC_CSR.MSISRANGE (4 MHz after reset).</summary>
    public long MsiHz
    {
        get
        {
            if (_msion?.IsSet != true)
            {
                return 0;
            }
            var range = _cr.FindField("MSIRGSEL")?.IsSet == true ? (int)_cr["MSIRANGE"].Value : (int)(_csr.FindField("MSISRANGE")?.Value ?? 6);
            return range < MsiRanges.Count ? MsiRanges[range] : 0;
        }
    }

    /// <summary>SYSCLK in Hz as RCC_CFGR.SWS says.</summary>
    public long SysClockHz => _sws switch
    {
        0 => MsiHz,
        1 => _cr["HSION"].IsSet ? Hsi16Hz : 0,
        2 => HseHz,
        _ => PllRHz,
    };

    /// <summary>HCLK in Hz (SYSCLK / HPRE).</summary>
    public long HclkHz => SysClockHz >> AhbShift((_cfgr.Value >> 4) & 0xF);

    /// <inheritdoc />
    public long CoreClockHz(int coreIndex) => HclkHz;

    /// <inheritdoc />
    public long ClockHz(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "sys": return SysClockHz;
            case "hclk": return HclkHz;
            case "pclk1": return HclkHz >> ApbShift((_cfgr.Value >> 8) & 7);
            case "pclk2": return HclkHz >> ApbShift((_cfgr.Value >> 11) & 7);
            case "hsi": return _cr["HSION"].IsSet ? Hsi16Hz : 0;
            case "msi": return MsiHz;
            case "hse": return HseHz;
            case "lsi": return LsiHz;
            case "lse": return _bdcr?.FindField("LSEON")?.IsSet == true ? Context.Board.Lse?.FrequencyHz ?? 0 : 0;
            case "pll1_r": return PllRHz;
        }
        if (name.StartsWith("iwdg", StringComparison.OrdinalIgnoreCase))
        {
            return LsiHz;
        }
        if (!_enables.TryGetValue(name, out var enable))
        {
            return HclkHz;
        }
        if ((enable.Register.Value & enable.Mask) == 0)
        {
            return 0;
        }
        return _ccipr?.FindField(name.ToUpperInvariant() + "SEL")?.Value switch
        {
            1 => SysClockHz,
            2 => ClockHz("hsi"),
            3 => ClockHz("lse"),
            _ => ClockHz(enable.Bus),
        };
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        ApplyResetClock();
        _hseReadyAt = _pllReadyAt = -1;
        Context.Chip.CoreClockChanged(0);
    }

    /// <summary>
    /// The clock after reset: the L4's MSI (RCC_CR 0x00000063, CFGR.SWS 00, RM0351 6.4.1), the G4's HSI16 (RCC_CR
    /// HSION set and CFGR SW = SWS = 01, RM0440 7.4.1/7.4.3; ST's G4 SVD gives the L4's CR value 0x63).
    /// </summary>
    private void ApplyResetClock()
    {
        if (HasMsi)
        {
            _sws = 0;
            return;
        }
        _cr.Value = (_cr.Value & ~0x63u) | _cr["HSION"].Mask;
        _sws = 1;
    }

    private long HseHz => Ready(_hseReadyAt) ? Context.Board.Hse?.FrequencyHz ?? 0 : 0;

    /// <summary>The PLL input by PLLCFGR.PLLSRC: 01 MSI, 10 HSI16, 11 HSE, 00 none.</summary>
    private long PllSourceHz => (_pllcfgr.Value & 3) switch
    {
        1 => MsiHz,
        2 => ClockHz("hsi"),
        3 => HseHz,
        _ => 0,
    };

    /// <summary>The PLL's R output (SYSCLK): source / (PLLM + 1) × PLLN / ((PLLR + 1) × 2), 0 while unlocked.</summary>
    private long PllRHz
    {
        get
        {
            if (!Ready(_pllReadyAt))
            {
                return 0;
            }
            var m = (_pllcfgr.FindField("PLLM")?.Value ?? 0) + 1;
            var n = _pllcfgr.FindField("PLLN")?.Value ?? 0;
            var r = ((_pllcfgr.FindField("PLLR")?.Value ?? 0) + 1) * 2;
            return PllSourceHz / m * n / r;
        }
    }

    private long HseStart()
    {
        if (Context.Board.Hse is not { } hse)
        {
            return -1;
        }
        return (hse.Mode, _cr["HSEBYP"].IsSet) switch
        {
            (OscillatorMode.Crystal, false) => Context.Now + Ns(L4Timings.HseCrystalStartup),
            (OscillatorMode.Bypass, true) => Context.Now,
            _ => -1,
        };
    }

    /// <summary>SW selects a clock that is ready: SWS follows and the core re-reads its clock.</summary>
    private void ClockMayHaveChanged()
    {
        var sw = _cfgr.Value & 3;
        var ready = sw switch
        {
            0 => MsiHz > 0,
            1 => _cr["HSION"].IsSet,
            2 => HseHz > 0,
            _ => PllRHz > 0,
        };
        if (ready && sw != _sws)
        {
            _sws = sw;
            Context.Record(ChipEventKind.ClockChanged, "RCC", _cfgr.Address, sw, string.Create(CultureInfo.InvariantCulture,
                $"SYSCLK switched to {(sw switch { 0 => "MSI", 1 => "HSI16", 2 => "HSE", _ => "PLL" })}: {SysClockHz / 1e6:0.###} MHz, HCLK {HclkHz / 1e6:0.###} MHz"));
        }
        Context.Chip.CoreClockChanged(0);
    }

    private bool Ready(long at) => at >= 0 && Context.Now >= at;

    /// <summary>Schedules an event at a ready time, so a core polling the flag is not run past it; returns the time.</summary>
    private long Announce(long at, string name)
    {
        if (at >= 0)
        {
            Context.Scheduler.Schedule(at, () => { }, name);
        }
        return at;
    }

    private static long Ns(TimeSpan t) => t.Ticks * 100;

    /// <summary>HPRE: 0xxx → /1, 1000 → /2 … 1011 → /16, 1100 → /64 … 1111 → /512, as a shift.</summary>
    private static int AhbShift(uint hpre) => hpre < 8 ? 0 : hpre < 12 ? (int)hpre - 7 : (int)hpre - 6;

    /// <summary>PPREx: 0xx → /1, 100 → /2 … 111 → /16, as a shift.</summary>
    private static int ApbShift(uint ppre) => ppre < 4 ? 0 : (int)ppre - 3;
}
