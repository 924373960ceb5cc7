using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// An ARMv7E-M (Cortex-M7 / Cortex-M4) core that executes Thumb-2 code: the integer instruction set
/// (DDI0403E A5–A7), the exception model (B1.5), the System Control Space (B3: SCB, NVIC, SysTick, MPU registers)
/// and halting debug (C1: DHCSR/DCRSR/DCRDR/DEMCR, FPB, DWT). FP (CP10/CP11) encodings go to an
/// <see cref="IFpuExecutor"/>.
/// </summary>
/// <remarks>
/// One instruction counts as one cycle. The execution loop does not allocate: instruction fetch and data
/// accesses to plain memory go through <see cref="ISystemBus.GetWindow"/> windows cached per megabyte.
/// </remarks>
public sealed partial class CortexMCore : IExecutableCore
{
    private readonly CoreDescription _description;
    private readonly ICoreHost _host;
    private readonly ISystemBus _bus;
    private readonly CpuState _s;
    private readonly uint[] _r;
    private readonly bool _isM7;
    private IFpuExecutor? _fpu;

    private CoreRunState _state = CoreRunState.InReset;
    private bool _heldInReset;
    private uint _vectorTableAtReset;
    private long _retired;

    // Execution: address of the current instruction and of the next one.
    private uint _pc;
    private uint _next;

    // Set when anything outside plain execution needs looking at before the next instruction.
    private bool _attention;
    private bool _yielded;

    /// <summary>Creates a core for <paramref name="description"/> on the bus and clock of <paramref name="host"/>; it starts held in reset until <see cref="Reset"/>.</summary>
    public CortexMCore(CoreDescription description, ICoreHost host)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(host);
        _description = description;
        _host = host;
        _bus = host.Bus;
        _isM7 = description.Architecture.Contains("M7", StringComparison.OrdinalIgnoreCase)
            || (description.CpuId & 0xFFF0) == 0xC270;
        _s = new CpuState { DoublePrecisionFpu = _isM7 };
        _r = _s.R;
        AttachFpu(ref _fpu);
        _fpuMemory = new FpuMemoryAdapter(this);
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

    /// <summary>Whether this is a Cortex-M7 (otherwise a Cortex-M4).</summary>
    public bool IsCortexM7 => _isM7;

    /// <inheritdoc />
    public CoreRunState State => _state;

    /// <inheritdoc />
    public bool DeepSleep => _state == CoreRunState.Sleeping && (_scr & ScrSleepDeep) != 0;

    /// <inheritdoc />
    public long InstructionsRetired => _retired;

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
        if (kind == CoreResetKind.PowerOn)
        {
            PowerOnDebugReset();
            _retired = 0;
        }
        _dhcsrResetSticky = true;
        _vectorTableAtReset = vectorTable;
        ResetSystemControl();
        ResetCoreRegisters();
        InvalidateMemoryCache();
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
        _vtor = _vectorTableAtReset & VtorMask;
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
        long used = 0;
        while (used < cycles)
        {
            var state = _state;
            if (state == CoreRunState.Running)
            {
                var chunk = Math.Min(cycles - used, CyclesToNextTimerEvent());
                _yielded = false;
                var ran = Run(chunk);
                AdvanceTime(ran);
                used += ran;
                if (_yielded)
                {
                    break; // the host was asked for a system reset: give control back
                }
                if (ran == 0 && _state == CoreRunState.Running && chunk > 0)
                {
                    // Nothing executed but still running: only possible after an exception entry; try again.
                    continue;
                }
            }
            else if (state == CoreRunState.Sleeping)
            {
                // The wake-up condition only changes when an exception is pended or the system control space is
                // written: a sleeping core asked to advance many times (once per debugger access) does not rescan it.
                if (_wakeCheckDue)
                {
                    _wakeCheckDue = false;
                    if (WakeUpCondition())
                    {
                        WakeUp();
                        continue;
                    }
                }
                var skip = Math.Min(cycles - used, CyclesToNextWakingTimerEvent());
                AdvanceTime(skip);
                used += skip;
                if (_wakeCheckDue)
                {
                    _wakeCheckDue = false;
                    if (WakeUpCondition())
                    {
                        WakeUp();
                    }
                }
            }
            else
            {
                break;
            }
        }
        return used;
    }

    /// <summary>Executes up to <paramref name="budget"/> instructions; returns how many cycles passed.</summary>
    private long Run(long budget)
    {
        long n = 0;
        while (n < budget)
        {
            if (_attention && !BeforeInstruction())
            {
                break;
            }
            ExecuteOne();
            n++;
        }
        CompleteInstruction();
        return n;
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
            return _state == CoreRunState.Running;
        }
        ExecuteOne();
        CompleteInstruction();
        AdvanceTime(1);
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
        _attention = _syncException != 0 || _systemResetRequested || _timerReschedule || _hasPendingExcReturn || _exceptionCheck || _haltRequest || _stepping || _fpbArmed;
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
