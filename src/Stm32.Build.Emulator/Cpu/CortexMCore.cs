using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// A Cortex-M core that executes Thumb code, in the profile its device data gives (<see cref="CoreProfile"/>):
/// ARMv7E-M (Cortex-M7 / Cortex-M4, FPU optional), ARMv7-M (Cortex-M3) or ARMv6-M (Cortex-M0/M0+). It implements
/// the integer instruction set (DDI0403E A5–A7, DDI0419 A5–A6), the exception model (B1.5), the System Control
/// Space (B3: SCB, NVIC, SysTick, MPU registers) and halting debug (C1: DHCSR/DCRSR/DCRDR/DEMCR, FPB or BPU, DWT).
/// FP (CP10/CP11) encodings go to an <see cref="IFpuExecutor"/>. Encodings outside the profile are UNDEFINED
/// as on silicon: a UsageFault (UNDEFINSTR, or NOCP for coprocessor space without an FPU) on ARMv7-M, a HardFault
/// on ARMv6-M.
/// </summary>
/// <remarks>
/// One instruction counts as one cycle. The execution loop does not allocate: instruction fetch and data
/// accesses to plain memory go through <see cref="ISystemBus.GetWindow"/> windows cached per megabyte.
/// Idle time is skipped: WFI/WFE sleep jumps to the next SysTick event, and a polling loop that has reached a fixed
/// point is fast-forwarded (<see cref="IdleFastForward"/>).
/// </remarks>
public sealed partial class CortexMCore : IExecutableCore
{
    private readonly CoreDescription _description;
    private readonly ICoreHost _host;
    private readonly ISystemBus _bus;
    private readonly CpuState _s;
    private readonly uint[] _r;
    private readonly CoreProfile _profile;
    private readonly bool _isM7;
    private readonly bool _isV6M;
    private readonly bool _hasDsp;
    private readonly bool _hasFpu;
    private readonly uint _priorityMask;
    private IFpuExecutor? _fpu;

    private CoreRunState _state = CoreRunState.InReset;
    private bool _heldInReset;
    private uint _vectorTableAtReset;

    // Time: every instruction slot and every skipped cycle advance _cycles; the slots that retired nothing (faults)
    // and the cycles slept are counted in _notRetired, so InstructionsRetired needs no counter of its own.
    private long _cycles;
    private long _notRetired;
    private long _retiredAtPowerOn;
    private long _timeAccounted;

    /// <summary>The core sleeps deeply with its clock stopped (the chip's Stop mode): SysTick and DWT do not count.</summary>
    private bool _clockStopped;

    // Execution: address of the current instruction and of the next one.
    private uint _pc;
    private uint _next;

    // Set when anything outside plain execution needs looking at before the next instruction.
    private bool _attention;
    private bool _yieldRequested;

    /// <summary>Creates a core for <paramref name="description"/> on the bus and clock of <paramref name="host"/>; it starts held in reset until <see cref="Reset"/>.</summary>
    /// <exception cref="Stm32.Build.Diagnostics.Stm32Exception">STM7010 when the device data describes a core the emulator does not implement.</exception>
    public CortexMCore(CoreDescription description, ICoreHost host)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(host);
        _description = description;
        _host = host;
        _bus = host.Bus;
        _profile = CoreProfile.From(description);
        _isM7 = _profile.Model == CortexModel.M7;
        _isV6M = _profile.IsV6M;
        _hasDsp = _profile.HasDsp;
        _hasFpu = _profile.HasFpu;
        _priorityMask = _profile.PriorityMask;
        _exceptionCount = _profile.ExceptionCount;
        _pendingEx = new bool[_exceptionCount];
        _activeEx = new bool[_exceptionCount];
        _irqEnabled = new bool[_exceptionCount];
        _lineAsserted = new bool[_exceptionCount];
        _priority = new byte[_exceptionCount];
        _activeStack = new int[_exceptionCount];
        _s = new CpuState { DoublePrecisionFpu = _profile.Fpu == CoreFpu.FpV5D16 };
        _r = _s.R;
        if (_hasFpu)
        {
            AttachFpu(ref _fpu);
        }
        _fpuMemory = new FpuMemoryAdapter(this);
        _pages = _pageCache;
        PowerOnDebugReset();
        ResetSystemControl();
    }

    /// <summary>
    /// Lets the FP engineer's code in <c>Fpu/</c> provide the executor for CP10/CP11 encodings.
    /// Without an implementation FP encodings raise UNDEFINSTR (or NOCP while CPACR disables the FPU).
    /// </summary>
    partial void AttachFpu(ref IFpuExecutor? fpu);

    /// <inheritdoc />
    public string Name => _description.Name;

    /// <summary>The device data of this core.</summary>
    public CoreDescription Description => _description;

    /// <summary>What this core implements (architecture, processor, FPU, NVIC size).</summary>
    public CoreProfile Profile => _profile;

    /// <summary>Whether this is a Cortex-M7.</summary>
    public bool IsCortexM7 => _isM7;

    /// <inheritdoc />
    public CoreRunState State => _state;

    /// <inheritdoc />
    public bool DeepSleep => _state == CoreRunState.Sleeping && (_scr & ScrSleepDeep) != 0;

    /// <inheritdoc />
    public bool DebugEnabled => (_dhcsr & DhcsrCDebugEn) != 0;

    /// <inheritdoc />
    public long InstructionsRetired => _cycles - _notRetired - _retiredAtPowerOn;

    /// <summary>
    /// The architectural registers. Reading them while the core is not between instructions is meaningless;
    /// the PC of the next instruction is <see cref="Pc"/> (R15 in this object is only meaningful during execution).
    /// </summary>
    public CpuState Registers => _s;

    /// <summary>The address of the next instruction to execute.</summary>
    public uint Pc
    {
        get => _pc;
        set
        {
            _pc = value & ~1u;
            _r[15] = _pc;
        }
    }

    /// <summary>The FP executor in use, or null when no FP unit is attached (FP encodings are then UNDEFINSTR).</summary>
    public IFpuExecutor? Fpu
    {
        get => _fpu;
        set => _fpu = value;
    }

    /// <summary>Why the core last left the Running state, for reports.</summary>
    public CoreStopCause LastStopCause { get; private set; }

    /// <summary>Text written by the program to ITM stimulus port 0 (printf over SWO), collected for reports.</summary>
    public string ItmText => _itm.ToString();

    /// <inheritdoc />
    public void HoldInReset(bool held)
    {
        if (held == _heldInReset)
        {
            return;
        }
        _heldInReset = held;
        if (held)
        {
            _state = CoreRunState.InReset;
        }
        else
        {
            LeaveReset();
        }
    }

    /// <inheritdoc />
    public void Reset(CoreResetKind kind, uint vectorTable)
    {
        SyncTime();
        _clockStopped = false;
        if (kind == CoreResetKind.PowerOn)
        {
            PowerOnDebugReset();
            _retiredAtPowerOn = _cycles - _notRetired;
        }
        _dhcsrResetSticky = true;
        // DHCSR survives a core reset except C_HALT, which always clears (Cortex-M3/M4/M7 TRMs, DHCSR): a debugger
        // that wants the core halted after the reset arms the reset vector catch (ARMv7-M C1.4.1), or requests a
        // halt while the core is held in reset (connect under reset), which takes effect when it leaves reset.
        _dhcsr &= ~DhcsrCHalt;
        _vectorTableAtReset = vectorTable;
        ResetSystemControl();
        ResetCoreRegisters();
        InvalidateMemoryCache();
        ResetIdleDetection();
        if (_heldInReset)
        {
            _state = CoreRunState.InReset;
            return;
        }
        LeaveReset();
    }

    private void ResetCoreRegisters()
    {
        Array.Clear(_r);
        Array.Clear(_s.S);
        _s.N = _s.Z = _s.C = _s.V = _s.Q = false;
        _s.GE = 0;
        _s.ItState = 0;
        _s.Thumb = true;
        _s.Ipsr = 0;
        _s.BankedSp = 0;
        _s.Primask = _s.Faultmask = _s.Basepri = 0;
        _s.Control = 0;
        _s.Fpscr = 0;
        _r[14] = 0xFFFFFFFF;
        _syncException = 0;
        _exclusive = false;
        _eventRegister = false;
    }

    /// <summary>Leaves reset: loads SP and PC from the vector table (B1.5.5 TakeReset) and applies reset vector catch.</summary>
    private void LeaveReset()
    {
        _vtor = _profile.HasVtor ? _vectorTableAtReset & VtorMask : 0;
        _state = CoreRunState.Running;
        LastStopCause = CoreStopCause.None;
        if (!ReadVector(0, out var sp) || !ReadVector(1, out var pc))
        {
            EnterLockup();
            return;
        }
        _s.Msp = sp & ~3u;
        _s.Thumb = (pc & 1) != 0;
        Pc = pc & ~1u;
        UpdateAttention();
        if ((_dhcsr & DhcsrCDebugEn) != 0 && ((_demcr & DemcrVcCoreReset) != 0 || (_dhcsr & DhcsrCHalt) != 0))
        {
            if ((_demcr & DemcrVcCoreReset) != 0)
            {
                _dfsr |= DfsrVCatch;
            }
            EnterDebugHalt(CoreStopCause.VectorCatch);
        }
    }

    private bool ReadVector(uint index, out uint value)
    {
        var address = (_vtor & VtorMask) + (index * 4);
        if (_bus.Read(address, AccessSize.Word, out value) == BusStatus.Ok)
        {
            return true;
        }
        value = 0;
        return false;
    }

    /// <inheritdoc />
    public long Advance(long cycles)
    {
        if (cycles <= 0)
        {
            return 0;
        }
        _yieldRequested = false;
        var start = _cycles;
        var end = cycles > long.MaxValue - start ? long.MaxValue : start + cycles;
        BeginParkedRun();
        while (_cycles < end && !_yieldRequested)
        {
            var state = _state;
            if (state == CoreRunState.Running)
            {
                var toTimer = CyclesToNextTimerEvent();
                var chunkEnd = toTimer >= end - _cycles ? end : _cycles + toTimer;
                Run(chunkEnd);
            }
            else if (state == CoreRunState.Sleeping)
            {
                if (WakeUpCondition())
                {
                    WakeUp();
                    continue;
                }
                // In the chip's Stop mode the core clock is stopped: SysTick cannot wake it, time passes without it.
                SyncTime();
                _clockStopped = DeepSleep && _host.ClockStoppedInDeepSleep;
                var skip = _clockStopped ? end - _cycles : Math.Min(end - _cycles, CyclesToNextWakingTimerEvent());
                _cycles += skip;
                _notRetired += skip;
                SleptCycles += skip;
                SyncTime();
                if (WakeUpCondition())
                {
                    WakeUp();
                }
            }
            else
            {
                break;
            }
        }
        EndParkedRun(_cycles == end && !_yieldRequested);
        _yieldRequested = false;
        return _cycles - start;
    }

    /// <summary>Executes instructions until <see cref="_cycles"/> reaches <paramref name="end"/> or something stops the run.</summary>
    private void Run(long end)
    {
        while (true)
        {
            var stop = _probeAt < end ? _probeAt : end;
            var n = stop - _cycles;
            var stopped = false;
            while (n > 0)
            {
                if (_attention && !BeforeInstruction())
                {
                    stopped = true;
                    break;
                }
                ExecuteOne();
                n--;
            }
            if (stopped || _cycles >= end || !ProbeIdleLoop(end))
            {
                break;
            }
        }
        CompleteInstruction();
        SyncTime();
    }

    /// <summary>Executes exactly one instruction (or takes one pending exception) regardless of the clock; for tests and lockstep.</summary>
    /// <returns>False when the core is not running.</returns>
    public bool Step()
    {
        if (_state != CoreRunState.Running)
        {
            return false;
        }
        _tookException = false;
        if (_attention && (!BeforeInstruction() || _tookException))
        {
            // Taking an interrupt is a step of its own: the core stops at the handler's first instruction.
            _yieldRequested = false;
            return _state == CoreRunState.Running;
        }
        ExecuteOne();
        CompleteInstruction();
        SyncTime();
        return true;
    }

    /// <summary>
    /// Finishes the last instruction's architectural effects that are deferred past the IT advance: an exception
    /// return and a synchronous exception. Afterwards the registers are those a debugger sees between instructions.
    /// </summary>
    private void CompleteInstruction()
    {
        if (!_attention || _state != CoreRunState.Running)
        {
            return;
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
        UpdateAttention();
    }

    private void UpdateAttention()
    {
        _attention = _syncException != 0 || _systemResetRequested || _timerReschedule || _hasPendingExcReturn || _exceptionCheck
            || _haltRequest || _stepping || _fpbArmed || _yieldRequested;
    }
}

/// <summary>Why a core stopped running, as reports name it.</summary>
public enum CoreStopCause
{
    /// <summary>Still running, or never stopped.</summary>
    None,
    /// <summary>A BKPT instruction halted the core (debug enabled).</summary>
    Breakpoint,
    /// <summary>An FPB comparator matched the instruction address.</summary>
    HardwareBreakpoint,
    /// <summary>The debugger requested a halt (DHCSR.C_HALT).</summary>
    HaltRequest,
    /// <summary>A single step completed (DHCSR.C_STEP).</summary>
    Step,
    /// <summary>A vector catch (DEMCR.VC_*) halted the core.</summary>
    VectorCatch,
    /// <summary>An unrecoverable fault locked the core up (PC 0xEFFFFFFE).</summary>
    Lockup,
    /// <summary>The core sleeps in WFI/WFE.</summary>
    Sleep,
}
