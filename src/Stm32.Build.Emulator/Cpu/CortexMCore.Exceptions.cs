using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>The exception model (DDI0403E B1.5): priorities, entry, return, escalation and lockup.</summary>
public sealed partial class CortexMCore
{
    /// <summary>Exception numbers 0–15 plus the NVIC lines rounded up to a multiple of 32 (what ICTR reports).</summary>
    private readonly int _exceptionCount;

    private const int ExcReset = 1;
    private const int ExcNmi = 2;
    private const int ExcHardFault = 3;
    private const int ExcMemManage = 4;
    private const int ExcBusFault = 5;
    private const int ExcUsageFault = 6;
    private const int ExcSvCall = 11;
    private const int ExcDebugMonitor = 12;
    private const int ExcPendSv = 14;
    private const int ExcSysTick = 15;

    // Internal markers for _syncException besides exception numbers.
    private const int SyncSvc = -1;
    private const int SyncHaltBkpt = -2;

    private readonly bool[] _pendingEx;
    private readonly bool[] _activeEx;
    private readonly bool[] _irqEnabled;
    private readonly bool[] _lineAsserted;
    private readonly byte[] _priority;
    private readonly int[] _activeStack;
    private int _activeCount;

    private int _syncException;
    private uint _faultPc;
    private uint _faultIt;
    private bool _exceptionCheck;
    private bool _hasPendingExcReturn;
    private uint _pendingExcReturn;
    private bool _eventRegister;
    private bool _sleepIsWfe;
    private bool _tookException;

    private int GroupPriority(uint priority)
    {
        var prigroup = (int)((_aircr >> 8) & 7);
        return (int)(priority & (0xFFu << (prigroup + 1)) & 0xFF);
    }

    private int ExceptionPriority(int exception) => exception switch
    {
        ExcReset => -3,
        ExcNmi => -2,
        ExcHardFault => -1,
        _ => GroupPriority(_priority[exception]),
    };

    /// <summary>ExecutionPriority (B1.5.4), optionally ignoring PRIMASK (for WFI wake-up).</summary>
    private int ExecutionPriority(bool ignorePrimask = false)
    {
        var highest = 256;
        for (var i = 0; i < _activeCount; i++)
        {
            var p = ExceptionPriority(_activeStack[i]);
            if (p < highest)
            {
                highest = p;
            }
        }
        if ((_s.Basepri & _priorityMask) != 0)
        {
            highest = Math.Min(highest, GroupPriority(_s.Basepri & _priorityMask));
        }
        if (!ignorePrimask && (_s.Primask & 1) != 0)
        {
            highest = Math.Min(highest, 0);
        }
        if ((_s.Faultmask & 1) != 0)
        {
            highest = Math.Min(highest, -1);
        }
        return highest;
    }

    /// <summary>The pending exception that would be taken next (lowest priority value, then lowest number), or 0.</summary>
    private int HighestPending(out int priority)
    {
        var best = 0;
        priority = int.MaxValue;
        var maskInts = (_dhcsr & (DhcsrCDebugEn | DhcsrCMaskInts)) == (DhcsrCDebugEn | DhcsrCMaskInts);
        var pending = _pendingEx;
        // Most calls find nothing pending (a sleeping core's wake-up check on every slice): one vectorised search
        // skips the run of clear entries instead of walking every exception number.
        var first = pending.AsSpan(2, _exceptionCount - 2).IndexOf(true);
        if (first < 0)
        {
            return 0;
        }
        for (var n = 2 + first; n < _exceptionCount; n++)
        {
            if (!pending[n] || (n >= 16 && !_irqEnabled[n]) || (maskInts && n >= ExcPendSv))
            {
                continue;
            }
            // Order by group priority, then subpriority, then number (B1.5.4).
            var full = n <= ExcHardFault ? ExceptionPriority(n) * 256 : _priority[n];
            if (full < priority)
            {
                priority = full;
                best = n;
            }
        }
        if (best > ExcHardFault)
        {
            priority = GroupPriority((uint)priority);
        }
        else if (best != 0)
        {
            priority = ExceptionPriority(best);
        }
        return best;
    }

    private void SetPending(int exception)
    {
        if (!_pendingEx[exception] && (_scr & ScrSevOnPend) != 0)
        {
            _eventRegister = true; // SEVONPEND: an exception entering the pending state is a WFE wake-up event (B1.5.18)
        }
        _pendingEx[exception] = true;
        _exceptionCheck = true;
        _attention = true;
    }

    // ---- synchronous faults raised while an instruction executes ---------------------------------------------

    private void RaiseSync(int exception)
    {
        if (_isV6M && exception is ExcMemManage or ExcBusFault or ExcUsageFault)
        {
            exception = ExcHardFault; // ARMv6-M has no configurable faults: every fault is a HardFault (DDI0419 B1.5.4)
        }
        if (_syncException != 0)
        {
            return; // the first fault of an instruction wins
        }
        _syncException = exception;
        _faultPc = _pc;
        _faultIt = _s.ItState;
        _attention = true;
    }

    private void RaiseUsageFault(uint ufsrBit)
    {
        if (_syncException == 0)
        {
            _cfsr |= ufsrBit;
        }
        RaiseSync(ExcUsageFault);
    }

    private void RaiseBusFault(uint bfsrBit, uint address, bool addressValid)
    {
        if (_syncException == 0)
        {
            _cfsr |= bfsrBit;
            if (addressValid)
            {
                _bfar = address;
                _cfsr |= BfsrBfarValid;
            }
        }
        RaiseSync(ExcBusFault);
    }

    private void RaiseMemManage(uint mmfsrBit, uint address, bool addressValid)
    {
        if (_syncException == 0)
        {
            _cfsr |= mmfsrBit;
            if (addressValid)
            {
                _mmfar = address;
                _cfsr |= MmfsrMmarValid;
            }
        }
        RaiseSync(ExcMemManage);
    }

    private void RaiseSvc() => RaiseSync(SyncSvc);

    /// <summary>BKPT (A7.7.17): halts when halting debug is enabled, else DebugMonitor or HardFault (C1.5).</summary>
    private void Breakpoint()
    {
        _dfsr |= DfsrBkpt;
        if ((_dhcsr & DhcsrCDebugEn) != 0)
        {
            RaiseSync(SyncHaltBkpt);
        }
        else if ((_demcr & DemcrMonEn) != 0)
        {
            RaiseSync(ExcDebugMonitor);
        }
        else
        {
            _hfsr |= HfsrDebugEvt;
            RaiseSync(ExcHardFault);
        }
    }

    /// <summary>Work that must happen between instructions. Returns false when the core must stop running.</summary>
    private bool BeforeInstruction()
    {
        if (_yieldRequested)
        {
            return false; // the host asked for control (Yield, a system reset request)
        }
        if (_timerReschedule)
        {
            // SysTick was reprogrammed: end this run chunk so time is accounted up to here and the next event recomputed.
            _timerReschedule = false;
            UpdateAttention();
            return false;
        }
        if (_systemResetRequested)
        {
            _systemResetRequested = false;
            _yieldRequested = true;
            _host.RequestSystemReset();
            UpdateAttention();
            return false;
        }
        if (_hasPendingExcReturn)
        {
            _hasPendingExcReturn = false;
            ExceptionReturn(_pendingExcReturn);
        }
        if (_syncException != 0)
        {
            TakeSyncException();
        }
        if (_state != Execution.CoreRunState.Running)
        {
            UpdateAttention();
            return false;
        }
        if (_stepping && _stepBudget == 0)
        {
            _dfsr |= DfsrHalted;
            EnterDebugHalt(CoreStopCause.Step);
            return false;
        }
        if (_exceptionCheck)
        {
            _exceptionCheck = false;
            var n = HighestPending(out var priority);
            if (n != 0 && priority < ExecutionPriority())
            {
                ExceptionEntry(n, _pc);
                _tookException = true;
                _exceptionCheck = true;
                if (_state != Execution.CoreRunState.Running)
                {
                    UpdateAttention();
                    return false;
                }
                if (_stepping)
                {
                    _dfsr |= DfsrHalted;
                    EnterDebugHalt(CoreStopCause.Step);
                    return false;
                }
            }
        }
        if (_fpbArmed && FpbMatches(_pc))
        {
            _dfsr |= DfsrBkpt;
            EnterDebugHalt(CoreStopCause.HardwareBreakpoint);
            return false;
        }
        if (_stepping)
        {
            _stepBudget--;
        }
        UpdateAttention();
        return true;
    }

    private void TakeSyncException()
    {
        var exception = _syncException;
        _syncException = 0;
        if (exception == SyncSvc)
        {
            TakeSynchronous(ExcSvCall);
            return;
        }
        // The faulting instruction did not complete: its address and IT state are the return state.
        _pc = _faultPc;
        _s.ItState = _faultIt;
        _notRetired++; // the slot took its cycle but retired nothing
        if (exception == SyncHaltBkpt)
        {
            EnterDebugHalt(CoreStopCause.Breakpoint);
        }
        else
        {
            TakeSynchronous(exception);
        }
    }

    /// <summary>Takes a synchronous exception at the current PC, escalating to HardFault or lockup as B1.5.9 says.</summary>
    private void TakeSynchronous(int exception)
    {
        if (_isV6M && exception is ExcMemManage or ExcBusFault or ExcUsageFault)
        {
            exception = ExcHardFault;
        }
        if (exception != ExcHardFault)
        {
            var enabled = exception switch
            {
                ExcMemManage => (_shcsr & ShcsrMemFaultEna) != 0,
                ExcBusFault => (_shcsr & ShcsrBusFaultEna) != 0,
                ExcUsageFault => (_shcsr & ShcsrUsgFaultEna) != 0,
                _ => true,
            };
            if (!enabled || ExceptionPriority(exception) >= ExecutionPriority())
            {
                _hfsr |= exception == ExcDebugMonitor ? HfsrDebugEvt : HfsrForced;
                exception = ExcHardFault;
            }
        }
        if (exception == ExcHardFault && ExecutionPriority() <= -1)
        {
            EnterLockup();
            return;
        }
        ExceptionEntry(exception, _pc);
    }

    /// <summary>Enters lockup (B1.5.15): PC 0xEFFFFFFE, DHCSR.S_LOCKUP, until reset or a debugger halt.</summary>
    private void EnterLockup()
    {
        var at = _pc;
        _pc = 0xEFFFFFFE;
        _state = Execution.CoreRunState.LockedUp;
        LastStopCause = CoreStopCause.Lockup;
        UpdateAttention();
        var e = CoreEvent.LockedUp(_cycles, at);
        _host.OnCoreEvent(in e);
    }
}
