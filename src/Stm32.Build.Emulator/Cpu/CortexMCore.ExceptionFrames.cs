using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>Exception entry (PushStack, ExceptionTaken, B1.5.6), return (ExceptionReturn, PopStack, B1.5.8) and tail-chaining.</summary>
public sealed partial class CortexMCore
{
    /// <summary>PushStack and ExceptionTaken (B1.5.6).</summary>
    private void ExceptionEntry(int exception, uint returnAddress)
    {
        LeaveParkedRun();
        var msp = _s.Msp;
        var psp = _s.Psp;
        var onPsp = _s.PspActive;
        var fpca = (_s.Control & CpuState.ControlFpca) != 0;
        var frameSize = fpca ? 0x68u : 0x20u;
        var forceAlign = (_ccr & CcrStkAlign) != 0;
        var sp = onPsp ? psp : msp;
        var alignBit = forceAlign && (sp & 4) != 0;
        var frame = (sp - frameSize) & (forceAlign ? ~7u : ~3u);
        var xpsr = (_s.Xpsr & ~(1u << 9)) | (alignBit ? 1u << 9 : 0);

        var ok = Push(frame, 0, _r[0]) & Push(frame, 1, _r[1]) & Push(frame, 2, _r[2]) & Push(frame, 3, _r[3])
            & Push(frame, 4, _r[12]) & Push(frame, 5, _r[14]) & Push(frame, 6, returnAddress) & Push(frame, 7, xpsr);
        if (fpca)
        {
            if ((_fpccr & FpccrLspEn) == 0)
            {
                for (uint i = 0; i < 16; i++)
                {
                    ok &= Push(frame, 8 + i, _s.S[i]);
                }
                ok &= Push(frame, 24, _s.Fpscr);
            }
            else
            {
                // Lazy stacking: reserve the space and remember where (FPCAR), B1.5.7 UpdateFPCCR.
                _fpcar = (frame + 0x20) & ~7u;
                _fpccr = (_fpccr & ~(FpccrLspAct | FpccrUser | FpccrThread | FpccrHfRdy | FpccrMmRdy | FpccrBfRdy | FpccrMonRdy))
                    | FpccrLspAct
                    | (_s.Privileged ? 0 : FpccrUser)
                    | (_s.Ipsr == 0 ? FpccrThread : 0)
                    | (ExecutionPriority() > -1 ? FpccrHfRdy : 0)
                    | ((_shcsr & ShcsrMemFaultEna) != 0 ? FpccrMmRdy : 0)
                    | ((_shcsr & ShcsrBusFaultEna) != 0 ? FpccrBfRdy : 0)
                    | ((_demcr & DemcrMonEn) != 0 ? FpccrMonRdy : 0);
            }
        }
        if (onPsp)
        {
            psp = frame;
        }
        else
        {
            msp = frame;
        }
        if (!ok)
        {
            _cfsr |= BfsrStkErr;
        }

        var fpBit = fpca ? 0u : 0x10u;
        _r[14] = _s.Ipsr != 0 ? 0xFFFFFFE1 | fpBit : onPsp ? 0xFFFFFFED | fpBit : 0xFFFFFFE9 | fpBit;

        // ExceptionTaken: Handler mode on MSP, FPCA and ITSTATE cleared.
        _s.Ipsr = (uint)exception;
        _s.Control &= ~(CpuState.ControlSpsel | CpuState.ControlFpca);
        _r[13] = msp;
        _s.BankedSp = psp;
        _s.ItState = 0;
        _pendingEx[exception] = false;
        _activeEx[exception] = true;
        _activeStack[_activeCount++] = exception;
        _exclusive = false;
        _eventRegister = true;
        _exceptionCheck = true;

        if (!ReadVector((uint)exception, out var vector))
        {
            _hfsr |= HfsrVectTbl;
            if (exception == ExcHardFault || ExecutionPriorityWithout(exception) <= -1)
            {
                EnterLockup();
                return;
            }
            Deactivate(exception);
            _activeEx[ExcHardFault] = true;
            _activeStack[_activeCount++] = ExcHardFault;
            _s.Ipsr = ExcHardFault;
            if (!ReadVector(ExcHardFault, out vector))
            {
                EnterLockup();
                return;
            }
        }
        if (!ok)
        {
            // A stacking error: the BusFault (or HardFault) becomes pending behind this exception (B1.5.6 DerivedLateArrival).
            SetPending((_shcsr & ShcsrBusFaultEna) != 0 ? ExcBusFault : ExcHardFault);
        }
        _s.Thumb = (vector & 1) != 0;
        _pc = vector & ~1u;
        _r[15] = _pc;
        var entered = CoreEvent.ExceptionEntered(_cycles, (int)_s.Ipsr, returnAddress, tailChained: false);
        _host.OnCoreEvent(in entered);
        CheckVectorCatch(exception);
    }

    private int ExecutionPriorityWithout(int exception)
    {
        Deactivate(exception);
        var p = ExecutionPriority();
        _activeEx[exception] = true;
        _activeStack[_activeCount++] = exception;
        return p;
    }

    private bool Push(uint frame, uint index, uint value) => Write32(frame + (4 * index), value) && _syncException == 0 || ClearSyncFault();

    private bool ClearSyncFault()
    {
        // A stacking access fault is reported as STKERR, not as a fault of an instruction.
        _syncException = 0;
        return false;
    }

    private void Deactivate(int exception)
    {
        _activeEx[exception] = false;
        if (_lineAsserted[exception])
        {
            SetPending(exception); // a level-sensitive line still asserted when its handler returns pends again (B3.4.1)
        }
        for (var i = _activeCount - 1; i >= 0; i--)
        {
            if (_activeStack[i] == exception)
            {
                Array.Copy(_activeStack, i + 1, _activeStack, i, _activeCount - i - 1);
                _activeCount--;
                break;
            }
        }
    }

    /// <summary>ExceptionReturn and PopStack (B1.5.8).</summary>
    private void ExceptionReturn(uint excReturn)
    {
        var returning = (int)_s.Ipsr;
        var mode = excReturn | 0x10;
        var nestedActivation = _activeCount;
        if ((mode != 0xFFFFFFF1 && mode != 0xFFFFFFF9 && mode != 0xFFFFFFFD)
            || (!_hasFpu && (excReturn & 0x10) == 0)
            || !_activeEx[returning]
            || (mode != 0xFFFFFFF1 && nestedActivation != 1 && (_ccr & CcrNonBaseThrdEna) == 0))
        {
            _cfsr |= UfsrInvPc;
            TakeSynchronousAt(ExcUsageFault, excReturn);
            return;
        }
        var toThread = mode != 0xFFFFFFF1;
        var usePsp = mode == 0xFFFFFFFD;
        var fpFrame = (excReturn & 0x10) == 0;
        var msp = _s.Msp;
        var psp = _s.Psp;
        var frame = usePsp ? psp : msp;

        Deactivate(returning);
        if (returning != ExcNmi)
        {
            _s.Faultmask = 0;
        }
        if (TryTailChain(excReturn, frame))
        {
            return;
        }

        var ok = Read32(frame, out var r0) & Read32(frame + 4, out var r1) & Read32(frame + 8, out var r2)
            & Read32(frame + 12, out var r3) & Read32(frame + 16, out var r12) & Read32(frame + 20, out var lr)
            & Read32(frame + 24, out var pc) & Read32(frame + 28, out var psr);
        if (fpFrame && ok)
        {
            if ((_fpccr & FpccrLspAct) != 0)
            {
                _fpccr &= ~FpccrLspAct; // the lazily reserved state was never saved: nothing to restore
            }
            else
            {
                for (uint i = 0; i < 16; i++)
                {
                    ok &= Read32(frame + 0x20 + (4 * i), out _s.S[i]);
                }
                ok &= Read32(frame + 0x60, out var fpscr);
                _s.Fpscr = fpscr;
            }
        }
        if (!ok)
        {
            _syncException = 0;
            _cfsr = (_cfsr & ~(BfsrPreciseErr | BfsrBfarValid)) | BfsrUnstkErr;
            _s.Ipsr = toThread ? 0 : _s.Ipsr;
            TakeSynchronousAt(ExcBusFault, excReturn);
            return;
        }
        var frameSize = fpFrame ? 0x68u : 0x20u;
        var newSp = (frame + frameSize) | ((psr & (1u << 9)) != 0 && (_ccr & CcrStkAlign) != 0 ? 4u : 0);
        if (usePsp)
        {
            psp = newSp;
        }
        else
        {
            msp = newSp;
        }
        _r[0] = r0;
        _r[1] = r1;
        _r[2] = r2;
        _r[3] = r3;
        _r[12] = r12;
        _r[14] = lr;
        _s.Xpsr = psr & ~(1u << 9);
        _s.Control = (_s.Control & ~(CpuState.ControlSpsel | CpuState.ControlFpca))
            | (usePsp ? CpuState.ControlSpsel : 0) | (fpFrame ? CpuState.ControlFpca : 0);
        // Stacks are placed after the mode is known (PspActive depends on IPSR and SPSEL).
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
        _pc = pc & ~1u;
        _exclusive = false;
        _eventRegister = true; // exception return is an event for WFE (B1.5.18)
        _exceptionCheck = true;
        _attention = true;
        if (toThread != (_s.Ipsr == 0))
        {
            // IPSR in the frame disagrees with EXC_RETURN: INVPC UsageFault (B1.5.8).
            _cfsr |= UfsrInvPc;
            TakeSynchronousAt(ExcUsageFault, _pc);
            return;
        }
        if (toThread && (_scr & ScrSleepOnExit) != 0)
        {
            EnterSleep(wfe: false);
        }
    }

    /// <summary>
    /// Tail-chaining: when a pending exception would preempt the context being returned to, it is taken
    /// directly, without unstacking and restacking the frame (Cortex-M7/M4 TRM "Tail-chaining"; QEMU does the same).
    /// LR keeps the EXC_RETURN of the frame still on the stack.
    /// </summary>
    private bool TryTailChain(uint excReturn, uint frame)
    {
        var n = HighestPending(out var priority);
        if (n == 0 || priority >= ExecutionPriority())
        {
            return false;
        }
        if (!ReadVector((uint)n, out var vector))
        {
            return false; // let the normal return happen; the pending exception is taken afterwards
        }
        _s.Ipsr = (uint)n;
        _s.Control &= ~CpuState.ControlFpca;
        _s.ItState = 0;
        _r[14] = excReturn;
        _pendingEx[n] = false;
        _activeEx[n] = true;
        _activeStack[_activeCount++] = n;
        _exclusive = false;
        _eventRegister = true;
        _exceptionCheck = true;
        _attention = true;
        _s.Thumb = (vector & 1) != 0;
        _pc = vector & ~1u;
        _r[15] = _pc;
        // The frame still on the stack holds the address the chained handler will eventually return to.
        _bus.Read(frame + 24, AccessSize.Word, out var stackedPc);
        var entered = CoreEvent.ExceptionEntered(_cycles, n, stackedPc, tailChained: true);
        _host.OnCoreEvent(in entered);
        CheckVectorCatch(n);
        return true;
    }

    private void TakeSynchronousAt(int exception, uint pc)
    {
        _pc = pc & ~1u;
        TakeSynchronous(exception);
    }
}
