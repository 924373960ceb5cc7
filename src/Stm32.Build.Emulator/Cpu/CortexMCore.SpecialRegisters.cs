using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>MRS/MSR (B5.2.2, B5.2.3), CPS (B5.2.1), coprocessor dispatch (A5.3.18) and WFI/WFE sleep (B1.5.19).</summary>
public sealed partial class CortexMCore
{
    private void MoveFromSpecialRegister(uint d, uint sysm)
    {
        if (IsBadRegister(d))
        {
            Undefined();
            return;
        }
        uint value;
        if (sysm < 8)
        {
            value = 0;
            if ((sysm & 1) != 0)
            {
                value |= _s.Ipsr & 0x1FF;
            }
            if ((sysm & 4) == 0)
            {
                value |= _s.Apsr; // EPSR reads as zero
            }
        }
        else
        {
            var privileged = _s.Privileged;
            switch (sysm)
            {
                case 8: value = privileged ? _s.Msp : 0; break;
                case 9: value = privileged ? _s.Psp : 0; break;
                case 16: value = _s.Primask & 1; break;
                case 17 when _isV6M:
                case 18 when _isV6M:
                case 19 when _isV6M: value = 0; break; // no BASEPRI/FAULTMASK on ARMv6-M (UNPREDICTABLE; read as zero like QEMU)
                case 17:
                case 18: value = _s.Basepri & _priorityMask; break;
                case 19: value = _s.Faultmask & 1; break;
                case 20: value = _s.Control & ControlMask; break;
                default: Undefined(); return;
            }
        }
        _r[d] = value;
    }

    private void MoveToSpecialRegister(uint n, uint sysm, uint mask)
    {
        if (IsBadRegister(n))
        {
            Undefined();
            return;
        }
        var value = _r[n];
        if (sysm < 8)
        {
            if ((sysm & 4) == 0)
            {
                if (mask == 0)
                {
                    Undefined();
                    return;
                }
                var apsr = _s.Apsr;
                if ((mask & 2) != 0)
                {
                    // N, Z, C, V and (not on ARMv6-M, which has no Q flag) Q.
                    var flags = _isV6M ? 0xF0000000u : 0xF8000000u;
                    apsr = (apsr & ~flags) | (value & flags);
                }
                if ((mask & 1) != 0 && _hasDsp)
                {
                    apsr = (apsr & ~0x000F0000u) | (value & 0x000F0000); // GE[3:0]: DSP extension only
                }
                _s.Apsr = apsr;
            }
            return; // IPSR and EPSR ignore writes
        }
        if (!_s.Privileged)
        {
            return;
        }
        if (_isV6M && sysm is 17 or 18 or 19)
        {
            return; // no BASEPRI/FAULTMASK on ARMv6-M (UNPREDICTABLE; ignored like QEMU)
        }
        switch (sysm)
        {
            case 8:
                _s.Msp = value & ~3u;
                break;
            case 9:
                _s.Psp = value & ~3u;
                break;
            case 16:
                _s.Primask = value & 1;
                break;
            case 17:
                _s.Basepri = value & _priorityMask;
                break;
            case 18: // BASEPRI_MAX: only raises the priority
            {
                var v = value & _priorityMask;
                if (v != 0 && (v < (_s.Basepri & _priorityMask) || (_s.Basepri & _priorityMask) == 0))
                {
                    _s.Basepri = v;
                }
                break;
            }
            case 19:
                if (ExecutionPriority() > -1 || (value & 1) == 0)
                {
                    _s.Faultmask = value & 1;
                }
                break;
            case 20:
                WriteControl(value);
                break;
            default:
                Undefined();
                return;
        }
        _exceptionCheck = true;
        _attention = true;
    }

    /// <summary>
    /// The implemented CONTROL bits: SPSEL always; nPRIV except on the Cortex-M0 (no unprivileged extension, DDI0419
    /// B1.4.4); FPCA only with an FPU.
    /// </summary>
    private uint ControlMask =>
        CpuState.ControlSpsel | (_profile.Model == CortexModel.M0 ? 0 : CpuState.ControlNPriv) | (_hasFpu ? CpuState.ControlFpca : 0);

    private void WriteControl(uint value)
    {
        var msp = _s.Msp;
        var psp = _s.Psp;
        var writable = ControlMask & ~CpuState.ControlSpsel;
        var control = (_s.Control & ~writable) | (value & writable);
        if (_s.Ipsr == 0)
        {
            control = (control & ~CpuState.ControlSpsel) | (value & CpuState.ControlSpsel);
        }
        _s.Control = control;
        _s.Msp = msp;
        _s.Psp = psp;
        if (_s.PspActive)
        {
            _r[13] = psp;
            _s.BankedSp = msp;
        }
        else
        {
            _r[13] = msp;
            _s.BankedSp = psp;
        }
    }

    /// <summary>CPS (B5.2.1): CPSIE/CPSID i (PRIMASK) and f (FAULTMASK); ignored when unprivileged.</summary>
    private void ChangeProcessorState(bool disable, bool primask, bool faultmask)
    {
        if (!_s.Privileged)
        {
            return;
        }
        if (primask)
        {
            _s.Primask = disable ? 1u : 0u;
        }
        if (faultmask && !_isV6M && (!disable || ExecutionPriority() > -1))
        {
            _s.Faultmask = disable ? 1u : 0u;
        }
        _exceptionCheck = true;
        _attention = true;
    }

    /// <summary>
    /// Coprocessor encodings (A5.3.18): CP10/CP11 go to the FP executor after the CPACR check (NOCP) and lazy FP
    /// state preservation (B1.5.7 ExecuteFPCheck); any other coprocessor is absent (NOCP UsageFault).
    /// </summary>
    private void Coprocessor(uint hw1, uint hw2)
    {
        var coprocessor = (hw2 >> 8) & 0xF;
        if (coprocessor is not (10 or 11) || !_hasFpu)
        {
            RaiseUsageFault(UfsrNoCp);
            return;
        }
        var access = (_cpacr >> 20) & 3;
        if (access == 0 || access == 2 || (access == 1 && !_s.Privileged))
        {
            RaiseUsageFault(UfsrNoCp);
            return;
        }
        if (_fpu is null)
        {
            Undefined();
            return;
        }
        if ((_fpccr & FpccrLspAct) != 0 && !PreserveFpState())
        {
            return;
        }
        var instruction = (hw1 << 16) | hw2;
        var fpca = (_s.Control & CpuState.ControlFpca) != 0;
        var savedFpscr = _s.Fpscr;
        if (!fpca && (_fpccr & FpccrAspEn) != 0)
        {
            // A new FP context starts with FPDSCR's defaults (AHP, DN, FZ, RMode).
            _s.Fpscr = (_s.Fpscr & ~0x07C00000u) | (_fpdscr & 0x07C00000u);
        }
        switch (_fpu.Execute(instruction, _s, _fpuMemory))
        {
            case FpuOutcome.Executed:
                if ((_fpccr & FpccrAspEn) != 0)
                {
                    _s.Control |= CpuState.ControlFpca;
                }
                break;
            case FpuOutcome.Undefined:
                _s.Fpscr = savedFpscr;
                Undefined();
                break;
            default:
                _s.Fpscr = savedFpscr;
                break; // the memory fault is already raised
        }
    }

    /// <summary>PreserveFPState (B1.5.7): writes the lazily reserved S0–S15 and FPSCR to FPCAR.</summary>
    private bool PreserveFpState()
    {
        var address = _fpcar;
        for (uint i = 0; i < 16; i++)
        {
            if (!Write32(address + (4 * i), _s.S[i]))
            {
                _cfsr |= BfsrLspErr;
                return false;
            }
        }
        if (!Write32(address + 0x40, _s.Fpscr))
        {
            _cfsr |= BfsrLspErr;
            return false;
        }
        _fpccr &= ~FpccrLspAct;
        return true;
    }

    // ---- sleep --------------------------------------------------------------------------------------------

    private void WaitForInterrupt()
    {
        if (WfiWakeCondition())
        {
            return;
        }
        EnterSleep(wfe: false);
    }

    private void WaitForEvent()
    {
        if (_eventRegister)
        {
            _eventRegister = false;
            return;
        }
        if (WfiWakeCondition())
        {
            return;
        }
        EnterSleep(wfe: true);
    }

    /// <summary>SEV (A7.7.129): sets this core's event register and signals the other cores through TXEV.</summary>
    private void SendEvent()
    {
        _eventRegister = true;
        NoteExternalEffect();
        _host.SendEvent();
    }

    /// <summary>Enters sleep at the current instruction (WFI/WFE) or the return address (sleep-on-exit).</summary>
    private void EnterSleep(bool wfe)
    {
        _sleepIsWfe = wfe;
        _state = CoreRunState.Sleeping;
        LastStopCause = CoreStopCause.Sleep;
        _attention = true;
        var e = CoreEvent.SleepEntered(_cycles, _pc, (_scr & ScrSleepDeep) != 0, wfe);
        _host.OnCoreEvent(in e);
    }

    /// <summary>WFI wakes on an exception that would preempt if PRIMASK were clear (B1.5.19).</summary>
    private bool WfiWakeCondition()
    {
        var n = HighestPending(out var priority);
        return n != 0 && priority < ExecutionPriority(ignorePrimask: true);
    }

    private bool WakeUpCondition()
    {
        if (WfiWakeCondition())
        {
            return true;
        }
        return _sleepIsWfe && _eventRegister;
    }

    private void WakeUp()
    {
        SyncTime();              // the stopped-clock time passes without SysTick counting it
        _clockStopped = false;
        if (_sleepIsWfe)
        {
            _eventRegister = false;
        }
        _state = CoreRunState.Running;
        LastStopCause = CoreStopCause.None;
        _exceptionCheck = true;
        _attention = true;
        var e = CoreEvent.WokeUp(_cycles, _pc);
        _host.OnCoreEvent(in e);
    }
}

public sealed partial class CortexMCore
{
    /// <summary>Whether a sleeping core can ever wake without outside help: something is pending, or SysTick is counting.</summary>
    public bool CanWakeUp =>
        _state != CoreRunState.Sleeping || WakeUpCondition() || CyclesToNextSelfWake() != long.MaxValue;

    /// <summary>
    /// While the core sleeps in WFI/WFE: the core clock cycles until it wakes by itself — 0 when a wake-up condition
    /// already holds (an interrupt that would preempt, an event for WFE), the cycles to the SysTick expiry that pends
    /// its exception, or <see cref="long.MaxValue"/> when only something outside the core (an interrupt line, RXEV,
    /// the debugger) can wake it. 0 when the core is not sleeping. A host that runs several cores uses it to skip a
    /// sleeping core's time cheaply without letting another core run past the moment it wakes (ARMv7-M B1.5.18,
    /// B1.5.19; SysTick B3.3).
    /// </summary>
    public long CyclesToWake
    {
        get
        {
            if (_state != CoreRunState.Sleeping || WakeUpCondition())
            {
                return 0;
            }
            return CyclesToNextSelfWake();
        }
    }

    /// <summary>
    /// Cycles to the SysTick expiry that wakes a sleeping core, or <see cref="long.MaxValue"/> when its clock stops in
    /// deep sleep (the chip's Stop mode: <see cref="ICoreHost.ClockStoppedInDeepSleep"/>) or SysTick cannot pend.
    /// </summary>
    private long CyclesToNextSelfWake() =>
        DeepSleep && _host.ClockStoppedInDeepSleep ? long.MaxValue : CyclesToNextWakingTimerEvent();

    /// <summary>Cycles to the next SysTick event that can wake the core (one that pends the SysTick exception).</summary>
    private long CyclesToNextWakingTimerEvent() =>
        (_systCsr & SystTickInt) != 0 ? CyclesToNextTimerEvent() : long.MaxValue;
}
