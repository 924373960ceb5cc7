using System.Runtime.CompilerServices;
using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// Idle fast-forward of polling loops. A loop whose iteration changes nothing — no store that changes memory (a
/// store of the value a RAM location already holds, like the frame push of a <c>-O0</c> <c>HAL_GetTick</c>, changes
/// nothing), no access with an effect outside the core (peripheral or private-bus writes, SEV), the same
/// architectural state at the loop head as in the previous iteration and the same values loaded — is a fixed point:
/// nothing changes until something outside the core does, which the host makes an event at the end of the Advance
/// budget, or until the core's own SysTick fires, which ends the run chunk. The core then skips the whole iterations
/// that fit before the chunk ends and executes the remainder, so the result is exactly that of executing every
/// iteration (registers, memory, SysTick, cycle and retired-instruction counts; a skipped iteration counts as retired).
/// </summary>
/// <remarks>
/// Detection costs nothing on the fast path: the run loop stops at a probe point, and only then are a few hundred
/// instructions executed with every data access observed (the window cache is swapped for an empty one, so loads and
/// stores take the slow path). A probe finds a loop head (the target of a backward branch), takes a snapshot there,
/// runs one iteration recording the loads, then a second comparing them. Probes back off exponentially while they
/// find nothing and return to a short interval once one succeeds, so compute-bound code pays well under 1 %.
/// </remarks>
public sealed partial class CortexMCore
{
    private const long ProbeIntervalMin = 64;
    private const long ProbeIntervalMax = 1 << 18;
    private const int MaxCheckedInstructions = 512;
    private const long MaxIterationCycles = 160;
    private const int MaxAttemptsPerHead = 2;
    private const int MaxRejectedHeads = 2;
    private const int MaxLoadsPerIteration = 128;
    private const uint NoHead = 1; // odd: never an instruction address

    private readonly uint[] _idleSnapshot = new uint[SnapshotWords];
    private readonly uint[] _idleCurrent = new uint[SnapshotWords];
    private readonly LoadRecord[] _idleLoads = new LoadRecord[MaxLoadsPerIteration];
    private readonly uint[] _rejectedHeads = new uint[MaxRejectedHeads + 1];
    private bool _idleFastForward = true;
    private bool _idleCheck;
    private bool _idleEffect;
    private bool _comparingLoads;
    private bool _loadMismatch;
    private bool _loadOverflow;
    private int _loadCount;
    private int _loadIndex;
    private long _probeAt = ProbeIntervalMin;
    private long _probeInterval = ProbeIntervalMin;
    private long _lastSkip;
    private bool _probeEffect;
    private bool _parkedRun;
    private bool _parked;
    private long _advanceStart;

    private readonly record struct LoadRecord(uint Address, uint Value, AccessSize Size);

    private enum IdleVerdict
    {
        /// <summary>A fixed point was found and skipped.</summary>
        Skipped,
        /// <summary>No idle loop here: probe again later, after a longer interval.</summary>
        Busy,
        /// <summary>No verdict (an exception, a sleep, a halt or the end of the budget came first).</summary>
        Interrupted,
    }

    /// <summary>
    /// Whether polling loops that reached a fixed point are fast-forwarded (default true). Turning it off runs every
    /// iteration; results are the same either way, only host time differs.
    /// </summary>
    public bool IdleFastForward
    {
        get => _idleFastForward;
        set
        {
            _idleFastForward = value;
            ResetIdleDetection();
        }
    }

    /// <summary>Cycles skipped by fast-forwarding idle polling loops (they count as executed and retired).</summary>
    public long FastForwardedCycles { get; private set; }

    /// <summary>How many times an idle polling loop was fast-forwarded.</summary>
    public long FastForwards { get; private set; }

    /// <summary>Probes run and instructions they executed (for the overhead checks).</summary>
    internal long Probes { get; private set; }

    /// <summary>Instructions executed by probes.</summary>
    internal long ProbeCycles { get; private set; }

    /// <summary>Cycles spent asleep in WFI/WFE (skipped to the next event; nothing retires).</summary>
    public long SleptCycles { get; private set; }

    /// <summary>
    /// Whether the last <see cref="Advance"/> ran from its first cycle to its last inside an idle polling loop proven a
    /// fixed point: it began with a probe that found the fixed point without any store that changed memory or any
    /// effect outside the core, then only that loop ran — no exception was taken, SysTick did not reach zero (no
    /// COUNTFLAG, no pended exception), nothing is pending that would preempt, no yield cut it short, and the core is
    /// still running. Such a core does nothing but read, and keeps doing so until a value it reads changes, an input
    /// reaches it or its own SysTick fires (<see cref="CyclesToTimerEvent"/>). A host that runs several cores lets them
    /// run further apart while all of them are parked like this and nothing else can change what they read; it
    /// accounts itself for what happens between two Advance calls (inputs, other bus masters' writes, the debugger).
    /// </summary>
    public bool ParkedInIdleLoop => _parked && _state == CoreRunState.Running && !PendingWouldPreempt();

    /// <summary>
    /// Core clock cycles until SysTick next reaches zero (setting COUNTFLAG and, with TICKINT, pending its exception),
    /// or <see cref="long.MaxValue"/> when it is not counting (ARMv7-M B3.3). At least 1.
    /// </summary>
    public long CyclesToTimerEvent => CyclesToNextTimerEvent();

    /// <summary>Whether an exception is pending that would be taken before the next instruction.</summary>
    private bool PendingWouldPreempt() => HighestPending(out var priority) != 0 && priority < ExecutionPriority();

    /// <summary>Called at the start of each <see cref="Advance"/>: the parked state is proven anew in every run.</summary>
    private void BeginParkedRun()
    {
        _advanceStart = _cycles;
        _parkedRun = false;
    }

    /// <summary>Called at the end of each <see cref="Advance"/> with whether the whole budget was used.</summary>
    private void EndParkedRun(bool completed) => _parked = _parkedRun && completed;

    /// <summary>Something other than the proven loop happened in this run (an exception, a SysTick expiry).</summary>
    private void LeaveParkedRun() => _parkedRun = false;

    private void ResetIdleDetection()
    {
        _probeInterval = ProbeIntervalMin;
        _probeAt = _idleFastForward ? _cycles + ProbeIntervalMin : long.MaxValue;
    }

    /// <summary>Runs a probe at the current instruction; false when the run must stop (the core left Running, a yield).</summary>
    private bool ProbeIdleLoop(long end)
    {
        if (!_idleFastForward)
        {
            _probeAt = long.MaxValue;
            return true;
        }
        var before = _cycles;
        var verdict = CheckIdleLoop(end, out var keepRunning);
        Probes++;
        ProbeCycles += _cycles - before - (verdict == IdleVerdict.Skipped ? _lastSkip : 0);
        // Parked only when the run began with this probe and nothing in it (the approach to the loop head included)
        // had an effect.
        _parkedRun = verdict == IdleVerdict.Skipped && before == _advanceStart && !_probeEffect;
        switch (verdict)
        {
            case IdleVerdict.Skipped:
                _probeInterval = ProbeIntervalMin;
                _probeAt = end; // the next run starts with a probe: an idle loop usually resumes after the event
                break;
            case IdleVerdict.Busy:
                _probeInterval = Math.Min(_probeInterval * 2, ProbeIntervalMax);
                _probeAt = _cycles + _probeInterval;
                break;
            default:
                _probeAt = _cycles + _probeInterval;
                break;
        }
        return keepRunning;
    }

    private IdleVerdict CheckIdleLoop(long end, out bool keepRunning)
    {
        keepRunning = true;
        _idleCheck = true;
        _probeEffect = false;
        _pages = s_noPages;
        try
        {
            var head = NoHead;
            var waiting = false; // a head is chosen, its first visit not reached yet
            var phase = 0; // 0 seeking a head, 1 reference iteration, 2 comparing iteration
            long iterationStart = 0;
            long iterationLength = 0;
            var attempts = 0;
            var rejected = 0;
            long seekingSince = _cycles;
            for (var executed = 0; executed < MaxCheckedInstructions; executed++)
            {
                if (_cycles >= end)
                {
                    return IdleVerdict.Interrupted;
                }
                if (_attention)
                {
                    _tookException = false;
                    if (!BeforeInstruction())
                    {
                        keepRunning = false;
                        return IdleVerdict.Interrupted;
                    }
                    if (_tookException)
                    {
                        return IdleVerdict.Interrupted;
                    }
                }
                var pc = _pc;
                if (pc == head)
                {
                    if (waiting)
                    {
                        waiting = false;
                        phase = 1;
                        BeginReference(ref iterationStart);
                    }
                    else
                    {
                        var unchanged = !_idleEffect && !_loadOverflow && SnapshotMatches();
                        if (phase == 2 && unchanged && !_loadMismatch && _loadIndex == _loadCount && _cycles - iterationStart == iterationLength)
                        {
                            SkipIterations(end, iterationLength);
                            return IdleVerdict.Skipped;
                        }
                        if (phase == 1 && unchanged)
                        {
                            phase = 2;
                            iterationLength = _cycles - iterationStart;
                            iterationStart = _cycles;
                            _idleEffect = false;
                            _comparingLoads = true;
                            _loadIndex = 0;
                            _loadMismatch = false;
                        }
                        else if (_idleEffect || ++attempts > MaxAttemptsPerHead)
                        {
                            // Stores, or a state that keeps changing (a counter): not a fixed point at this head.
                            _rejectedHeads[rejected++] = head;
                            if (rejected > MaxRejectedHeads)
                            {
                                return IdleVerdict.Busy;
                            }
                            head = NoHead;
                            phase = 0;
                            attempts = 0;
                            seekingSince = _cycles;
                        }
                        else
                        {
                            phase = 1; // the state changed once (the first iteration after an interrupt): start again
                            BeginReference(ref iterationStart);
                        }
                    }
                }
                else if (phase != 0 ? _cycles - iterationStart > MaxIterationCycles : !waiting && _cycles - seekingSince > MaxIterationCycles)
                {
                    return IdleVerdict.Busy; // iterations this long, or no new loop head in as long, are not worth checking
                }
                ExecuteOne();
                if (_syncException != 0 || _hasPendingExcReturn || _state != CoreRunState.Running)
                {
                    return IdleVerdict.Interrupted;
                }
                if (phase == 0 && !waiting && _pc <= pc && !IsRejected(_pc, rejected))
                {
                    head = _pc; // a taken backward branch: its target is a loop head
                    waiting = true;
                }
            }
            return IdleVerdict.Busy;
        }
        finally
        {
            _idleCheck = false;
            _comparingLoads = false;
            _pages = _pageCache;
        }
    }

    private bool IsRejected(uint address, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (_rejectedHeads[i] == address)
            {
                return true;
            }
        }
        return false;
    }

    private void BeginReference(ref long iterationStart)
    {
        TakeSnapshot(_idleSnapshot);
        iterationStart = _cycles;
        _idleEffect = false;
        _comparingLoads = false;
        _loadCount = 0;
        _loadOverflow = false;
    }

    private void SkipIterations(long end, long iterationLength)
    {
        var iterations = (end - _cycles) / iterationLength;
        if (iterations <= 0)
        {
            return;
        }
        var skip = iterations * iterationLength;
        _lastSkip = skip;
        _cycles += skip;
        FastForwardedCycles += skip;
        FastForwards++;
    }

    /// <summary>A load during a check: recorded in the reference iteration, compared in the next one.</summary>
    private void ObserveLoad(uint address, AccessSize size, uint value)
    {
        if (_comparingLoads)
        {
            if (_loadIndex >= _loadCount || _idleLoads[_loadIndex] != new LoadRecord(address, value, size))
            {
                _loadMismatch = true;
            }
            _loadIndex++;
            return;
        }
        if (_loadCount == MaxLoadsPerIteration)
        {
            _loadOverflow = true;
            return;
        }
        _idleLoads[_loadCount++] = new LoadRecord(address, value, size);
    }

    /// <summary>A store to plain RAM during a check: it changes something unless the location already holds the value.</summary>
    private void ObserveRamStore(byte[] data, uint offset, AccessSize size, uint value)
    {
        var old = size switch
        {
            AccessSize.Word => Load32(data, offset),
            AccessSize.HalfWord => Load16(data, offset),
            _ => data[offset],
        };
        var mask = size switch
        {
            AccessSize.Word => 0xFFFFFFFFu,
            AccessSize.HalfWord => 0xFFFFu,
            _ => 0xFFu,
        };
        if (old != (value & mask))
        {
            _idleEffect = true;
            _probeEffect = true;
        }
    }

    /// <summary>Something the loop did has an effect outside the core (a peripheral store, SEV): never a fixed point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteExternalEffect()
    {
        if (_idleCheck)
        {
            _idleEffect = true;
            _probeEffect = true;
        }
    }

    private const int SnapshotWords = 15 + 11 + 32;

    /// <summary>The state an iteration could change: R0–R14, PSR fields, banked SP, masks, CONTROL, FP state, monitors.</summary>
    private void TakeSnapshot(uint[] into)
    {
        Array.Copy(_r, into, 15);
        var s = _s;
        into[15] = s.Apsr;
        into[16] = s.ItState | (s.Thumb ? 0x100u : 0) | (s.Ipsr << 16);
        into[17] = s.BankedSp;
        into[18] = s.Primask | (s.Faultmask << 1) | (s.Basepri << 8) | (s.Control << 16);
        into[19] = s.Fpscr;
        into[20] = (_exclusive ? 1u : 0) | (_eventRegister ? 2u : 0);
        into[21] = _exclusiveAddress;
        into[22] = _fpccr;
        into[23] = _systCsr;
        into[24] = _fpcar;
        into[25] = (uint)_activeCount;
        Array.Copy(s.S, 0, into, 26, 32);
    }

    private bool SnapshotMatches()
    {
        TakeSnapshot(_idleCurrent);
        return _idleCurrent.AsSpan().SequenceEqual(_idleSnapshot);
    }
}
