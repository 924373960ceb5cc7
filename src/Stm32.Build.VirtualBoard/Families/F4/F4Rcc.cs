using System.Globalization;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Families.F4;

/// <summary>
/// The STM32F4 reset and clock controller (RM0090 chapter 7; RM0368/RM0383/RM0390 for the F401/F411/F446) from the
/// chip's register table, with what firmware polls and what the cores' clock follows:
/// <list type="bullet">
/// <item>RCC_CR: HSIRDY follows HSION (the 16 MHz HSI, 7.2.2); HSERDY sets <see cref="F4Timings.HseCrystalStartup"/>
/// after HSEON when the board has an HSE crystal and HSEBYP is clear, at once when the board drives an external clock
/// and HSEBYP is set, never otherwise (a board without HSE, or the wrong HSEBYP: ST's HAL then times out after
/// HSE_STARTUP_TIMEOUT); PLLRDY, PLLI2SRDY and PLLSAIRDY set <see cref="F4Timings.PllLock"/> after their ON bit
/// while the PLL source runs.</item>
/// <item>RCC_CFGR: SWS follows SW when the selected clock is ready (7.3.3); the core clock is SYSCLK / HPRE.</item>
/// <item>RCC_BDCR LSERDY (board LSE), RCC_CSR LSIRDY (32 kHz LSI), and the reset flags of RCC_CSR (PORRSTF, PINRSTF,
/// SFTRSTF, IWDGRSTF, WWDGRSTF; RMVF clears them, 7.3.21).</item>
/// <item>Peripheral clocks: a peripheral is clocked while its <c>NAMEEN</c> bit in an RCC_xxxENR register is set,
/// at the clock of that bus (AHB: HCLK, APB1: PCLK1, APB2: PCLK2).</item>
/// </list>
/// </summary>
public sealed class F4Rcc : Peripheral, IClockTree
{
    /// <summary>The HSI (RM0090 6.2.2: 16 MHz RC oscillator, the clock after reset).</summary>
    public const long HsiHz = 16_000_000;

    /// <summary>The LSI (DS8626 "LSI oscillator characteristics": 32 kHz typical).</summary>
    public const long LsiHz = 32_000;

    // RM0090 7.3.21 RCC_CSR reset flags.
    private const uint Rmvf = 1u << 24, PinRstf = 1u << 26, PorRstf = 1u << 27, SftRstf = 1u << 28, IwdgRstf = 1u << 29, WwdgRstf = 1u << 30;

    private readonly Register _cr, _pllcfgr, _cfgr, _csr;
    private readonly Register? _bdcr;
    private readonly Dictionary<string, (Register Register, uint Mask, string Bus)> _enables = new(StringComparer.OrdinalIgnoreCase);
    private long _hseReadyAt = -1, _pllReadyAt = -1, _pllI2sReadyAt = -1, _pllSaiReadyAt = -1;
    private uint _sws;
    private uint _resetFlags = PorRstf | PinRstf;

    /// <summary>Declares the RCC from its register-table entry.</summary>
    public F4Rcc(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        _cr = Registers["CR"];
        _pllcfgr = Registers["PLLCFGR"].Modelled();
        _cfgr = Registers["CFGR"];
        _csr = Registers["CSR"];
        _bdcr = Registers.Find("BDCR");
        _cr["HSIRDY"].WithFlag(() => _cr["HSION"].IsSet);
        _cr["HSERDY"].WithFlag(() => Ready(_hseReadyAt));
        _cr["PLLRDY"].WithFlag(() => Ready(_pllReadyAt) && PllSourceHz > 0);
        _cr.FindField("PLLI2SRDY")?.WithFlag(() => Ready(_pllI2sReadyAt) && PllSourceHz > 0);
        _cr.FindField("PLLSAIRDY")?.WithFlag(() => Ready(_pllSaiReadyAt) && PllSourceHz > 0);
        _cr["HSEON"].OnChange((_, on) => _hseReadyAt = on != 0 ? Announce(HseStart(), "HSE ready") : -1);
        _cr["PLLON"].OnChange((_, on) => _pllReadyAt = on != 0 ? Announce(Context.Now + Ns(F4Timings.PllLock), "PLL locked") : -1);
        _cr.FindField("PLLI2SON")?.OnChange((_, on) => _pllI2sReadyAt = on != 0 ? Announce(Context.Now + Ns(F4Timings.PllLock), "PLLI2S locked") : -1);
        _cr.FindField("PLLSAION")?.OnChange((_, on) => _pllSaiReadyAt = on != 0 ? Announce(Context.Now + Ns(F4Timings.PllLock), "PLLSAI locked") : -1);
        _cr.OnWrite((_, _) => ClockMayHaveChanged());
        _cfgr.OnRead(value => (value & ~0xCu) | (_sws << 2));
        _cfgr.OnWrite((_, _) => ClockMayHaveChanged());
        _csr.FindField("LSIRDY")?.WithFlag(() => _csr["LSION"].IsSet);
        _csr.OnRead(value => (value & 0x00FF_FFFF) | _resetFlags);
        _csr.OnWrite((_, value) =>
        {
            if ((value & Rmvf) != 0)
            {
                _resetFlags = 0;
            }
        });
        _bdcr?.FindField("LSERDY")?.WithFlag(() => _bdcr["LSEON"].IsSet && context.Board.Lse is not null);
        foreach (var register in Registers.Registers.Where(r => r.Name.EndsWith("ENR", StringComparison.Ordinal) && !r.Name.EndsWith("LPENR", StringComparison.Ordinal)))
        {
            var bus = register.Name.StartsWith("APB1", StringComparison.Ordinal) ? "pclk1" : register.Name.StartsWith("APB2", StringComparison.Ordinal) ? "pclk2" : "hclk";
            foreach (var field in register.Fields.Where(f => f.Name.EndsWith("EN", StringComparison.Ordinal) && f.Width == 1))
            {
                _enables.TryAdd(field.Name[..^2], (register, field.Mask, bus));
            }
            register.Modelled();
        }
        context.Chip.ResetApplied += cause => _resetFlags |= cause switch
        {
            ResetCause.PowerOn => PorRstf | PinRstf,
            ResetCause.Pin => PinRstf,
            ResetCause.Software => SftRstf | PinRstf,
            ResetCause.IndependentWatchdog => IwdgRstf | PinRstf,
            ResetCause.WindowWatchdog => WwdgRstf | PinRstf,
            _ => PinRstf,
        };
    }

    /// <summary>SYSCLK in Hz: HSI, HSE or the main PLL's P output as RCC_CFGR.SWS says.</summary>
    public long SysClockHz => _sws switch
    {
        1 => HseHz,
        2 => PllHz(p: true),
        _ => HsiHz,
    };

    /// <summary>HCLK in Hz (SYSCLK / HPRE, RM0090 7.3.3).</summary>
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
            case "pclk1": return HclkHz >> ApbShift((_cfgr.Value >> 10) & 7);
            case "pclk2": return HclkHz >> ApbShift((_cfgr.Value >> 13) & 7);
            case "hsi": return _cr["HSION"].IsSet ? HsiHz : 0;
            case "hse": return HseHz;
            case "lsi": return LsiHz;
            case "lse": return _bdcr?.FindField("LSEON")?.IsSet == true ? Context.Board.Lse?.FrequencyHz ?? 0 : 0;
            case "pll1_p": return PllHz(p: true);
            case "pll1_q": return PllHz(p: false);
        }
        var key = name.StartsWith("iwdg", StringComparison.OrdinalIgnoreCase) ? null : name.ToUpperInvariant();
        if (key is not null && _enables.TryGetValue(key, out var enable))
        {
            return (enable.Register.Value & enable.Mask) != 0 ? ClockHz(enable.Bus) : 0;
        }
        return name.StartsWith("iwdg", StringComparison.OrdinalIgnoreCase) ? LsiHz : HclkHz;
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        _hseReadyAt = _pllReadyAt = _pllI2sReadyAt = _pllSaiReadyAt = -1;
        _sws = 0;
        Context.Chip.CoreClockChanged(0);
    }

    private long HseHz => Ready(_hseReadyAt) ? Context.Board.Hse?.FrequencyHz ?? 0 : 0;

    /// <summary>The PLL input: HSE with PLLSRC set, else HSI (RM0090 7.3.2).</summary>
    private long PllSourceHz => (_pllcfgr.Value & (1u << 22)) != 0 ? HseHz : HsiHz;

    /// <summary>The main PLL's P (SYSCLK) or Q output: source / PLLM × PLLN / PLLP or PLLQ (RM0090 7.3.2), 0 while unlocked.</summary>
    private long PllHz(bool p)
    {
        if (!Ready(_pllReadyAt))
        {
            return 0;
        }
        var v = _pllcfgr.Value;
        var m = v & 0x3F;
        var n = (v >> 6) & 0x1FF;
        var divider = p ? (((v >> 16) & 3) + 1) * 2 : (v >> 24) & 0xF;
        return m == 0 || divider == 0 ? 0 : PllSourceHz / m * n / divider;
    }

    private long HseStart()
    {
        if (Context.Board.Hse is not { } hse)
        {
            return -1;
        }
        var bypass = _cr["HSEBYP"].IsSet;
        return (hse.Mode, bypass) switch
        {
            (OscillatorMode.Crystal, false) => Context.Now + Ns(F4Timings.HseCrystalStartup),
            (OscillatorMode.Bypass, true) => Context.Now,
            _ => -1,
        };
    }

    /// <summary>SW selects a clock that is ready: SWS follows and the cores re-read their clock.</summary>
    private void ClockMayHaveChanged()
    {
        var sw = _cfgr.Value & 3;
        var ready = sw switch
        {
            0 => _cr["HSION"].IsSet,
            1 => HseHz > 0,
            2 => PllHz(p: true) > 0,
            _ => false,
        };
        if (ready && sw != _sws)
        {
            _sws = sw;
            Context.Record(ChipEventKind.ClockChanged, "RCC", _cfgr.Address, sw, string.Create(CultureInfo.InvariantCulture,
                $"SYSCLK switched to {(sw switch { 0 => "HSI", 1 => "HSE", _ => "PLL" })}: {SysClockHz / 1e6:0.###} MHz, HCLK {HclkHz / 1e6:0.###} MHz"));
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

    /// <summary>HPRE: 0xxx → /1, 1000 → /2 … 1011 → /16, 1100 → /64 … 1111 → /512 (RM0090 7.3.3), as a shift.</summary>
    private static int AhbShift(uint hpre) => hpre < 8 ? 0 : hpre < 12 ? (int)hpre - 7 : (int)hpre - 6;

    /// <summary>PPREx: 0xx → /1, 100 → /2 … 111 → /16, as a shift.</summary>
    private static int ApbShift(uint ppre) => ppre < 4 ? 0 : (int)ppre - 3;
}
