using System.Globalization;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>
/// The STM32F1 reset and clock controller (RM0008 chapter 7, connectivity-line extras not modelled) from the chip's
/// register table, with what firmware polls and what the core's clock follows:
/// <list type="bullet">
/// <item>RCC_CR: HSIRDY follows HSION (the 8 MHz HSI, 7.2.2); HSERDY sets <see cref="F1Timings.HseCrystalStartup"/>
/// after HSEON when the board has an HSE crystal and HSEBYP is clear, at once when the board drives an external clock
/// and HSEBYP is set, never otherwise (ST's HAL then times out after HSE_STARTUP_TIMEOUT); PLLRDY sets
/// <see cref="F1Timings.PllLock"/> after PLLON while the PLL source runs.</item>
/// <item>RCC_CFGR: SWS follows SW when the selected clock is ready (7.3.2); SYSCLK is HSI, HSE, or the PLL: HSI / 2
/// (PLLSRC = 0) or HSE (/ 2 with PLLXTPRE) × PLLMUL (0000 ×2 … 1110 ×16, 1111 ×16); the core clock is SYSCLK / HPRE.</item>
/// <item>RCC_BDCR LSERDY (board LSE), RCC_CSR LSIRDY (40 kHz LSI) and the reset flags of RCC_CSR (PINRSTF, PORRSTF,
/// SFTRSTF, IWDGRSTF, WWDGRSTF; RMVF clears them, 7.3.10).</item>
/// <item>Peripheral clocks: a peripheral is clocked while its enable bit in RCC_AHBENR/APB2ENR/APB1ENR is set, at the
/// clock of that bus (AHB: HCLK, APB1: PCLK1, APB2: PCLK2); the GPIO ports' bits are IOPxEN (7.3.7).</item>
/// </list>
/// </summary>
public sealed class F1Rcc : Peripheral, IClockTree
{
    /// <summary>The HSI (RM0008 7.2.2: 8 MHz RC oscillator, the clock after reset).</summary>
    public const long HsiHz = 8_000_000;

    /// <summary>The LSI (DS5319 "LSI oscillator characteristics": 40 kHz typical).</summary>
    public const long LsiHz = 40_000;

    // RM0008 7.3.10 RCC_CSR reset flags.
    private const uint Rmvf = 1u << 24, PinRstf = 1u << 26, PorRstf = 1u << 27, SftRstf = 1u << 28, IwdgRstf = 1u << 29, WwdgRstf = 1u << 30;

    private readonly Register _cr, _cfgr, _csr;
    private readonly Register? _bdcr;
    private readonly Dictionary<string, (Register Register, uint Mask, string Bus)> _enables = new(StringComparer.OrdinalIgnoreCase);
    private long _hseReadyAt = -1, _pllReadyAt = -1;
    private uint _sws;
    private uint _resetFlags = PorRstf | PinRstf;

    /// <summary>Declares the RCC from its register-table entry.</summary>
    public F1Rcc(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        _cr = Registers["CR"];
        _cfgr = Registers["CFGR"];
        _csr = Registers["CSR"];
        _bdcr = Registers.Find("BDCR");
        _cr["HSIRDY"].WithFlag(() => _cr["HSION"].IsSet);
        _cr["HSERDY"].WithFlag(() => Ready(_hseReadyAt));
        _cr["PLLRDY"].WithFlag(() => Ready(_pllReadyAt) && PllSourceHz > 0);
        _cr["HSEON"].OnChange((_, on) => _hseReadyAt = on != 0 ? Announce(HseStart(), "HSE ready") : -1);
        _cr["PLLON"].OnChange((_, on) => _pllReadyAt = on != 0 ? Announce(Context.Now + Ns(F1Timings.PllLock), "PLL locked") : -1);
        _cr.OnWrite((_, _) => ClockMayHaveChanged());
        _cfgr.OnRead(value => (value & ~0xCu) | (_sws << 2));
        _cfgr.OnWrite((_, _) => ClockMayHaveChanged());
        _csr["LSIRDY"].WithFlag(() => _csr["LSION"].IsSet);
        _csr.OnRead(value => (value & 0x00FF_FFFF) | _resetFlags);
        _csr.OnWrite((_, value) =>
        {
            if ((value & Rmvf) != 0)
            {
                _resetFlags = 0;
            }
        });
        _bdcr?.FindField("LSERDY")?.WithFlag(() => _bdcr["LSEON"].IsSet && context.Board.Lse is not null);
        foreach (var register in Registers.Registers.Where(r => r.Name.EndsWith("ENR", StringComparison.Ordinal)))
        {
            var bus = register.Name.StartsWith("APB1", StringComparison.Ordinal) ? "pclk1" : register.Name.StartsWith("APB2", StringComparison.Ordinal) ? "pclk2" : "hclk";
            foreach (var field in register.Fields.Where(f => f.Name.EndsWith("EN", StringComparison.Ordinal) && f.Width == 1))
            {
                _enables.TryAdd(PeripheralOf(field.Name), (register, field.Mask, bus));
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

    /// <summary>SYSCLK in Hz: HSI, HSE or the PLL as RCC_CFGR.SWS says.</summary>
    public long SysClockHz => _sws switch
    {
        1 => HseHz,
        2 => PllHz,
        _ => HsiHz,
    };

    /// <summary>HCLK in Hz (SYSCLK / HPRE, RM0008 7.3.2).</summary>
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
            case "hsi": return _cr["HSION"].IsSet ? HsiHz : 0;
            case "hse": return HseHz;
            case "lsi": return LsiHz;
            case "lse": return _bdcr?.FindField("LSEON")?.IsSet == true ? Context.Board.Lse?.FrequencyHz ?? 0 : 0;
            case "pll": return PllHz;
        }
        if (name.StartsWith("iwdg", StringComparison.OrdinalIgnoreCase))
        {
            return LsiHz;
        }
        return _enables.TryGetValue(name, out var enable)
            ? (enable.Register.Value & enable.Mask) != 0 ? ClockHz(enable.Bus) : 0
            : HclkHz;
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        _hseReadyAt = _pllReadyAt = -1;
        _sws = 0;
        Context.Chip.CoreClockChanged(0);
    }

    /// <summary>The peripheral an enable bit clocks: <c>IOPAEN</c> → GPIOA, <c>USART2EN</c> → USART2.</summary>
    private static string PeripheralOf(string enableField)
    {
        var name = enableField[..^2];
        return name.Length == 4 && name.StartsWith("IOP", StringComparison.Ordinal) ? "GPIO" + name[3] : name;
    }

    private long HseHz => Ready(_hseReadyAt) ? Context.Board.Hse?.FrequencyHz ?? 0 : 0;

    /// <summary>The PLL input: HSE (halved with PLLXTPRE) with PLLSRC set, else HSI / 2 (RM0008 7.3.2).</summary>
    private long PllSourceHz => (_cfgr.Value & (1u << 16)) != 0
        ? HseHz >> ((_cfgr.Value & (1u << 17)) != 0 ? 1 : 0)
        : HsiHz / 2;

    /// <summary>The PLL output: source × PLLMUL (0000 → ×2 … 1110 → ×16, 1111 → ×16), 0 while unlocked.</summary>
    private long PllHz => Ready(_pllReadyAt) ? PllSourceHz * Math.Min(16, ((_cfgr.Value >> 18) & 0xF) + 2) : 0;

    private long HseStart()
    {
        if (Context.Board.Hse is not { } hse)
        {
            return -1;
        }
        var bypass = _cr["HSEBYP"].IsSet;
        return (hse.Mode, bypass) switch
        {
            (OscillatorMode.Crystal, false) => Context.Now + Ns(F1Timings.HseCrystalStartup),
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
            0 => _cr["HSION"].IsSet,
            1 => HseHz > 0,
            2 => PllHz > 0,
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

    /// <summary>HPRE: 0xxx → /1, 1000 → /2 … 1011 → /16, 1100 → /64 … 1111 → /512 (RM0008 7.3.2), as a shift.</summary>
    private static int AhbShift(uint hpre) => hpre < 8 ? 0 : hpre < 12 ? (int)hpre - 7 : (int)hpre - 6;

    /// <summary>PPREx: 0xx → /1, 100 → /2 … 111 → /16, as a shift.</summary>
    private static int ApbShift(uint ppre) => ppre < 4 ? 0 : (int)ppre - 3;
}
