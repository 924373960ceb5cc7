namespace Stm32.Build.VirtualBoard.Families.H7;

public sealed partial class H7Rcc
{
    // RCC_PLLCKSELR PLLSRC encodings (RM0399 8.7, RCC_PLLCKSELR).
    private const uint PllSourceHsi = 0, PllSourceCsi = 1, PllSourceHse = 2;

    /// <summary>The fractional part's denominator: VCO = ref × (DIVN + 1 + FRACN / 2^13) (RM0399 8.5.5, RCC_PLLxFRACR).</summary>
    private const double FracDenominator = 8192.0;

    private readonly bool[] _pllOn = new bool[3];
    private readonly long[] _pllLockAt = [long.MaxValue, long.MaxValue, long.MaxValue];
    private Register _pllckselr = null!;
    private Register _pllcfgr = null!;
    private readonly Register[] _plldivr = new Register[3];
    private readonly Register[] _pllfracr = new Register[3];

    /// <summary>
    /// PLL1–3 (RM0399 8.5.5): source and DIVM in PLLCKSELR, range and output enables in PLLCFGR, N/P/Q/R in
    /// PLLxDIVR, FRACN in PLLxFRACR. The configuration of a PLL is write-protected while it is on (RM0399 8.7:
    /// "can be written only when the PLL is disabled (PLLxON = 0 and PLLxRDY = 0)"; PLLSRC only when all three are);
    /// such writes keep the old value. A PLL locks tLOCK after both PLLxON and its reference clock are there.
    /// </summary>
    private void DeclarePlls()
    {
        _pllckselr = Registers["PLLCKSELR"];
        _pllckselr.OnWrite((old, _) =>
        {
            var keep = 0u;
            if (_pllOn.Any(on => on))
            {
                keep |= 3u;
            }
            for (var i = 0; i < 3; i++)
            {
                if (_pllOn[i])
                {
                    keep |= 0x3Fu << (4 + (8 * i));
                }
            }
            _pllckselr.Value = (_pllckselr.Value & ~keep) | (old & keep);
        });
        _pllcfgr = Registers["PLLCFGR"];
        _pllcfgr.OnWrite((old, _) =>
        {
            var keep = 0u;
            for (var i = 0; i < 3; i++)
            {
                if (_pllOn[i])
                {
                    keep |= (0xEu << (4 * i)) | (7u << (16 + (3 * i))); // VCOSEL, RGE; DIVPx/Qx/RxEN
                }
            }
            _pllcfgr.Value = (_pllcfgr.Value & ~keep) | (old & keep);
            ClocksMayHaveChanged();
        });
        for (var i = 0; i < 3; i++)
        {
            var index = i;
            _plldivr[i] = Registers[$"PLL{i + 1}DIVR"];
            _plldivr[i].OnWrite((old, _) =>
            {
                if (_pllOn[index])
                {
                    _plldivr[index].Value = old;
                }
            });
            _pllfracr[i] = Registers[$"PLL{i + 1}FRACR"];
            _pllfracr[i].OnWrite((_, _) => ClocksMayHaveChanged());
        }
        for (var i = 0; i < 3; i++)
        {
            var index = i;
            _cr.Bit(25 + (2 * i), $"PLL{i + 1}RDY").As(FieldAccess.ReadOnly).WithFlag(() => PllLocked(index, Context.Now));
        }
    }

    private void ResetPlls()
    {
        for (var i = 0; i < 3; i++)
        {
            _pllOn[i] = false;
            _pllLockAt[i] = long.MaxValue;
        }
    }

    private void StopPlls()
    {
        ResetPlls();
        _cr.Value &= ~((1u << 24) | (1u << 26) | (1u << 28));
    }

    /// <summary>Whether PLL <paramref name="index"/> (0-based) is locked at <paramref name="now"/>.</summary>
    private bool PllLocked(int index, long now) => _pllOn[index] && now >= _pllLockAt[index];

    private uint PllSource => _pllckselr.Value & 3;

    private bool PllSourceInUse(uint source) => PllSource == source && _pllOn.Any(on => on);

    /// <summary>PLL1ON cannot be cleared while PLL1 is the system clock (RM0399 8.7, RCC_CR PLL1ON).</summary>
    private uint KeepPllsInUse(uint value) => _sws == SourcePll1 ? value | (1u << 24) : value;

    private void PllEnablesWritten(uint cr)
    {
        for (var i = 0; i < 3; i++)
        {
            var on = (cr & (1u << (24 + (2 * i)))) != 0;
            if (on == _pllOn[i])
            {
                continue;
            }
            _pllOn[i] = on;
            _pllLockAt[i] = long.MaxValue;
            if (on)
            {
                _pllLockStart[i] = Context.Now;
            }
        }
        RecomputePllLocks();
    }

    private readonly long[] _pllLockStart = new long[3];

    /// <summary>Recomputes when each enabled PLL locks: tLOCK after both PLLxON and its reference clock are there.</summary>
    private void RecomputePllLocks()
    {
        for (var i = 0; i < 3; i++)
        {
            if (!_pllOn[i] || _pllLockAt[i] != long.MaxValue)
            {
                continue;
            }
            var source = PllSourceOscillator();
            var divm = (_pllckselr.Value >> (4 + (8 * i))) & 0x3F;
            if (source is null || divm == 0 || source.ReadyAt == long.MaxValue)
            {
                continue; // no reference clock (yet): DIVMx = 0 disables the prescaler (RM0399 RCC_PLLCKSELR)
            }
            var fractional = (_pllcfgr.Value & (1u << (4 * i))) != 0;
            var lockAt = Math.Max(_pllLockStart[i], source.ReadyAt) + (fractional ? H7Timings.PllFractionalLockNs : H7Timings.PllLockNs);
            _pllLockAt[i] = lockAt;
            var index = i;
            Schedule(lockAt, () => PllLockedEvent(index, lockAt), $"RCC PLL{i + 1} lock");
        }
    }

    private void PllLockedEvent(int index, long lockAt)
    {
        if (!_pllOn[index] || _pllLockAt[index] != lockAt)
        {
            return;
        }
        SetReadyFlag(6 + index);
        TrySwitch();
        ClocksMayHaveChanged();
    }

    private H7Oscillator? PllSourceOscillator() => PllSource switch
    {
        PllSourceHsi => _hsi,
        PllSourceCsi => _csi,
        PllSourceHse => _hse,
        _ => null,
    };

    /// <summary>
    /// The output of PLL <paramref name="index"/> (0-based), <paramref name="output"/> 0 = P, 1 = Q, 2 = R, in Hz:
    /// ref = source / DIVMx, VCO = ref × (DIVNx + 1 + FRACNx / 8192), output = VCO / (DIVx + 1) when its DIVxEN is set
    /// and the PLL is locked, else 0 (RM0399 8.5.5 and RCC_PLLxDIVR).
    /// </summary>
    private long PllOutputHz(int index, int output, long now)
    {
        if (!PllLocked(index, now) || (_pllcfgr.Value & (1u << (16 + (3 * index) + output))) == 0)
        {
            return 0;
        }
        var source = PllSourceOscillator();
        var divm = (_pllckselr.Value >> (4 + (8 * index))) & 0x3F;
        if (source is null || divm == 0)
        {
            return 0;
        }
        var divr = _plldivr[index].Value;
        var n = (divr & 0x1FF) + 1.0;
        if ((_pllcfgr.Value & (1u << (4 * index))) != 0)
        {
            n += ((_pllfracr[index].Value >> 3) & 0x1FFF) / FracDenominator;
        }
        var divider = ((divr >> (output switch { 0 => 9, 1 => 16, _ => 24 })) & 0x7F) + 1;
        return (long)Math.Round(source.Hz(now) / (double)divm * n / divider);
    }
}
