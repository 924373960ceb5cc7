using System.Globalization;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Families.G0;

/// <summary>
/// The reset and clock controller of the STM32G0 (RM0444 chapter 5) from the chip's register table, with what
/// firmware polls and what the core's clock follows:
/// <list type="bullet">
/// <item>RCC_CR (5.4.1): HSI16 runs after reset (HSION and HSIRDY set); HSISYS is HSI16 / 2^HSIDIV (/1 after reset);
/// HSERDY <see cref="G0Timings.HseCrystalStartup"/> after HSEON on a board with an HSE crystal and HSEBYP clear, at
/// once on a board driving an external clock with HSEBYP set, never otherwise; PLLRDY <see cref="G0Timings.PllLock"/>
/// after PLLON while the PLL source (RCC_PLLCFGR.PLLSRC: 10 HSI16, 11 HSE) runs.</item>
/// <item>RCC_CFGR (5.4.3): SWS follows SW (000 HSISYS, 001 HSE, 010 PLLRCLK, 011 LSI, 100 LSE) once the selected clock
/// is ready; PLLRCLK is source / (PLLM + 1) × PLLN / (PLLR + 1) (5.4.4); HCLK is SYSCLK / HPRE, PCLK HCLK / PPRE.</item>
/// <item>RCC_CSR (5.4.20): LSIRDY follows LSION; the reset flags (OBLRSTF, PINRSTF, PWRRSTF, SFTRSTF, IWDGRSTF,
/// WWDGRSTF; RMVF clears them). RCC_BDCR: LSERDY with a board LSE.</item>
/// <item>Peripheral clocks: a peripheral is clocked while its <c>NAMEEN</c> bit in RCC_IOPENR (the GPIO ports on the
/// IOPORT bus), RCC_AHBENR or RCC_APBENRx is set; a U(S)ART's kernel clock is what RCC_CCIPR.xxxSEL selects (PCLK,
/// SYSCLK, HSI16, LSE).</item>
/// </list>
/// </summary>
public sealed class G0Rcc : Peripheral, IClockTree
{
    /// <summary>HSI16 (RM0444 5.2.3: 16 MHz RC oscillator).</summary>
    public const long Hsi16Hz = 16_000_000;

    /// <summary>The LSI (DS12232 "LSI oscillator characteristics": 32 kHz typical).</summary>
    public const long LsiHz = 32_000;

    // RM0444 5.4.20 RCC_CSR reset flags.
    private const uint Rmvf = 1u << 23, PinRstf = 1u << 26, PwrRstf = 1u << 27, SftRstf = 1u << 28, IwdgRstf = 1u << 29, WwdgRstf = 1u << 30;

    private const uint CrOffset = 0x00, CfgrOffset = 0x08, PllCfgrOffset = 0x0C, CciprOffset = 0x54, BdcrOffset = 0x5C, CsrOffset = 0x60;

    private readonly Register _cr, _cfgr, _pllcfgr, _csr;
    private readonly Register? _ccipr, _bdcr;
    private readonly Dictionary<string, (Register Register, uint Mask, string Bus)> _enables = new(StringComparer.OrdinalIgnoreCase);
    private long _hseReadyAt = -1, _pllReadyAt = -1;
    private uint _sws;
    private uint _resetFlags = PwrRstf | PinRstf;

    /// <summary>Declares the RCC from its register-table entry.</summary>
    public G0Rcc(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        _cr = Registers.At(CrOffset)!;
        _cfgr = Registers.At(CfgrOffset)!;
        _pllcfgr = Registers.At(PllCfgrOffset)!.Modelled();
        _csr = Registers.At(CsrOffset)!;
        _ccipr = Registers.At(CciprOffset)?.Modelled();
        _bdcr = Registers.At(BdcrOffset);
        _cr["HSIRDY"].WithFlag(() => _cr["HSION"].IsSet);
        _cr["HSERDY"].WithFlag(() => Ready(_hseReadyAt));
        _cr["PLLRDY"].WithFlag(() => Ready(_pllReadyAt) && PllSourceHz > 0);
        _cr["HSEON"].OnChange((_, on) => _hseReadyAt = on != 0 ? Announce(HseStart(), "HSE ready") : -1);
        _cr["PLLON"].OnChange((_, on) => _pllReadyAt = on != 0 ? Announce(Context.Now + Ns(G0Timings.PllLock), "PLL locked") : -1);
        _cr.OnWrite((_, _) => ClockMayHaveChanged());
        _cr.Modelled();
        _cfgr.OnRead(value => (value & ~0x38u) | (_sws << 3));
        _cfgr.OnWrite((_, _) => ClockMayHaveChanged());
        _cfgr.Modelled();
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
        foreach (var register in Registers.Registers.Where(r => r.Name.EndsWith("ENR", StringComparison.Ordinal)
            || (r.Name.Contains("ENR", StringComparison.Ordinal) && !r.Name.Contains("SMENR", StringComparison.Ordinal))))
        {
            var bus = register.Name.StartsWith("APB", StringComparison.Ordinal) ? "pclk" : "hclk";
            foreach (var field in register.Fields.Where(f => f.Name.EndsWith("EN", StringComparison.Ordinal) && f.Width == 1))
            {
                _enables.TryAdd(field.Name[..^2], (register, field.Mask, bus));
            }
            register.Modelled();
        }
        context.Chip.ResetApplied += cause => _resetFlags |= cause switch
        {
            ResetCause.PowerOn => PwrRstf | PinRstf,
            ResetCause.Software => SftRstf | PinRstf,
            ResetCause.IndependentWatchdog => IwdgRstf | PinRstf,
            ResetCause.WindowWatchdog => WwdgRstf | PinRstf,
            _ => PinRstf,
        };
    }

    /// <summary>HSISYS: HSI16 / 2^HSIDIV while HSION is set (RM0444 5.2.3).</summary>
    public long HsiSysHz => _cr["HSION"].IsSet ? Hsi16Hz >> (int)_cr["HSIDIV"].Value : 0;

    /// <summary>SYSCLK in Hz as RCC_CFGR.SWS says.</summary>
    public long SysClockHz => _sws switch
    {
        0 => HsiSysHz,
        1 => HseHz,
        2 => PllRHz,
        3 => _csr["LSION"].IsSet ? LsiHz : 0,
        _ => ClockHz("lse"),
    };

    /// <summary>HCLK in Hz (SYSCLK / HPRE).</summary>
    public long HclkHz => SysClockHz >> AhbShift((_cfgr.Value >> 8) & 0xF);

    /// <inheritdoc />
    public long CoreClockHz(int coreIndex) => HclkHz;

    /// <inheritdoc />
    public long ClockHz(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "sys": return SysClockHz;
            case "hclk": return HclkHz;
            case "pclk" or "pclk1" or "pclk2": return HclkHz >> ApbShift((_cfgr.Value >> 12) & 7);
            case "hsi": return _cr["HSION"].IsSet ? Hsi16Hz : 0;
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
        // RM0444 5.4.1: RCC_CR resets to 0x00000500 (HSION, HSIRDY; HSIDIV /1); ST's G0 SVD gives the L4's 0x63.
        _cr.Value = (_cr.Value & ~0x63u) | _cr["HSION"].Mask;
        _sws = 0;
        _hseReadyAt = _pllReadyAt = -1;
        Context.Chip.CoreClockChanged(0);
    }

    private long HseHz => Ready(_hseReadyAt) ? Context.Board.Hse?.FrequencyHz ?? 0 : 0;

    /// <summary>The PLL input by PLLCFGR.PLLSRC: 10 HSI16, 11 HSE, else none (RM0444 5.4.4).</summary>
    private long PllSourceHz => (_pllcfgr.Value & 3) switch
    {
        2 => ClockHz("hsi"),
        3 => HseHz,
        _ => 0,
    };

    /// <summary>PLLRCLK: source / (PLLM + 1) × PLLN / (PLLR + 1), 0 while unlocked or PLLREN is clear.</summary>
    private long PllRHz
    {
        get
        {
            if (!Ready(_pllReadyAt) || (_pllcfgr.Value & (1u << 28)) == 0)
            {
                return 0;
            }
            var m = ((_pllcfgr.Value >> 4) & 7) + 1;
            var n = (_pllcfgr.Value >> 8) & 0x7F;
            var r = ((_pllcfgr.Value >> 29) & 7) + 1;
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
            (OscillatorMode.Crystal, false) => Context.Now + Ns(G0Timings.HseCrystalStartup),
            (OscillatorMode.Bypass, true) => Context.Now,
            _ => -1,
        };
    }

    /// <summary>SW selects a clock that is ready: SWS follows and the core re-reads its clock.</summary>
    private void ClockMayHaveChanged()
    {
        var sw = _cfgr.Value & 7;
        var ready = sw switch
        {
            0 => HsiSysHz > 0,
            1 => HseHz > 0,
            2 => PllRHz > 0,
            3 => _csr["LSION"].IsSet,
            4 => ClockHz("lse") > 0,
            _ => false,
        };
        if (ready && sw != _sws)
        {
            _sws = sw;
            Context.Record(ChipEventKind.ClockChanged, "RCC", _cfgr.Address, sw, string.Create(CultureInfo.InvariantCulture,
                $"SYSCLK switched to {(sw switch { 0 => "HSISYS", 1 => "HSE", 2 => "PLLRCLK", 3 => "LSI", _ => "LSE" })}: {SysClockHz / 1e6:0.###} MHz, HCLK {HclkHz / 1e6:0.###} MHz"));
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

    /// <summary>PPRE: 0xx → /1, 100 → /2 … 111 → /16, as a shift.</summary>
    private static int ApbShift(uint ppre) => ppre < 4 ? 0 : (int)ppre - 3;
}
