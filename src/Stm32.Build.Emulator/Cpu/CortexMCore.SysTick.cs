using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// SysTick (B3.3) and the passing of virtual time (DWT cycle counter). Time is accounted lazily: the timers are
/// brought up to <see cref="_cycles"/> at the end of each run and whenever the core or the debugger accesses the
/// System Control Space, so a program that reads SYST_CVR or DWT_CYCCNT sees them exact.
/// </summary>
public sealed partial class CortexMCore
{
    // ---- SysTick (B3.3) and virtual time -------------------------------------------------------------------

    private const uint SystEnable = 1u << 0;
    private const uint SystTickInt = 1u << 1;
    private const uint SystClkSource = 1u << 2;
    private const uint SystCountFlag = 1u << 16;

    /// <summary>
    /// SYST_CALIB (B3.3.6): TENMS is the reload value for 10 ms on the reference clock, which on the STM32H7 is the
    /// CPU clock divided by 8 (RM0399, RCC: the SysTick external clock is the AHB clock divided by 8); the value
    /// follows <see cref="ICoreHost.ClockHz"/>. SKEW is set when 10 ms is not a whole number of reference ticks,
    /// NOREF stays clear (the reference clock exists).
    /// </summary>
    private uint SystCalibValue
    {
        get
        {
            var reference = _host.ClockHz / 8; // read on every access: the host's clock may change between runs
            var ticks = reference / 100;
            if (ticks <= 0 || ticks > 0x1000000)
            {
                return 1u << 30; // TENMS unknown (0), SKEW
            }
            var skew = reference % 100 != 0 ? 1u << 30 : 0;
            return skew | (uint)(ticks - 1);
        }
    }

    private uint _systCsr;
    private uint _systRvr;
    private uint _systCvr;
    private long _systPhase;

    private long SysTickDivider => (_systCsr & SystClkSource) != 0 ? 1 : 8;

    private long CyclesToNextTimerEvent()
    {
        if ((_systCsr & SystEnable) == 0)
        {
            return long.MaxValue;
        }
        long ticks = _systCvr != 0 ? _systCvr : _systRvr == 0 ? -1 : (long)_systRvr + 1;
        if (ticks < 0)
        {
            return long.MaxValue;
        }
        return Math.Max(1, (ticks * SysTickDivider) - _systPhase);
    }

    /// <summary>Brings SysTick and the DWT cycle counter up to the current cycle.</summary>
    private void SyncTime()
    {
        var delta = _cycles - _timeAccounted;
        if (delta != 0)
        {
            _timeAccounted = _cycles;
            if (!_clockStopped)
            {
                AdvanceTime(delta);
            }
        }
    }

    private void AdvanceTime(long cycles)
    {
        if ((_dwtCtrl & 1) != 0 && (_demcr & DemcrTrcEna) != 0)
        {
            _dwtCyccnt = unchecked(_dwtCyccnt + (uint)cycles);
        }
        if ((_systCsr & SystEnable) == 0 || cycles <= 0)
        {
            return;
        }
        var total = _systPhase + cycles;
        var divider = SysTickDivider;
        var ticks = total / divider;
        _systPhase = total % divider;
        if (ticks > 0)
        {
            SysTickCount(ticks);
        }
    }

    /// <summary>Counts SysTick down by <paramref name="ticks"/> clocks: reload from RVR at 0, fire when reaching 0 (B3.3.1).</summary>
    private void SysTickCount(long ticks)
    {
        long current = _systCvr;
        if (current == 0)
        {
            if (_systRvr == 0)
            {
                return;
            }
            current = _systRvr; // the tick after 0 reloads
            ticks--;
        }
        if (ticks < current)
        {
            _systCvr = (uint)(current - ticks);
            return;
        }
        ticks -= current;
        _systCvr = 0;
        SysTickFire();
        if (_systRvr == 0 || ticks == 0)
        {
            return;
        }
        long period = (long)_systRvr + 1;
        var remainder = ticks % period;
        if (ticks >= period)
        {
            SysTickFire();
        }
        _systCvr = remainder == 0 ? 0 : (uint)(_systRvr - (remainder - 1));
    }

    private void SysTickFire()
    {
        LeaveParkedRun();
        _systCsr |= SystCountFlag;
        if ((_systCsr & SystTickInt) != 0)
        {
            SetPending(ExcSysTick);
        }
    }
}
