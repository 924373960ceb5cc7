using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// One timeline for the whole chip: the cores run interleaved in slices that end at the next scheduled event (a
/// flash operation completing, a clock becoming ready, a watchdog expiring, a character leaving a UART) and, when
/// more than one core runs, after at most <see cref="Quantum"/> (unless every executing core is parked in a proven
/// fixed-point polling loop: <see cref="StretchParkedSlices"/>). Within a slice every access is timestamped with
/// the accessing core's own time (<see cref="Now"/>), so a flash operation, a peripheral timer and an instruction
/// never happen out of order. A peripheral that schedules an event earlier than the running core's slice end makes
/// that core yield, so the event is handled on time. Events run in time order, each with <see cref="Now"/> at its
/// due time. Nothing here sleeps: time is virtual.
/// </summary>
public sealed class ChipScheduler
{
    /// <summary>The longest a core runs ahead of the others while more than one core executes (5 µs).</summary>
    public const long DefaultQuantumNs = 5_000;

    private readonly ChipEventQueue _queue = new();
    private readonly List<CoreSlot> _cores = [];
    private readonly ParkedCoreWindow _parked = new();
    private int _active = -1;
    private long _eventNow = -1;
    private bool _advancing;
    private long _roundEnd = long.MaxValue;

    /// <summary>The time up to which every core and every event has been processed.</summary>
    public long GlobalNs { get; private set; }

    /// <summary>
    /// Raised after each slice a core ran (with the core's index), outside the core's execution: blocks that follow
    /// a core's run state (a domain entering Stop when its core sleeps deeply) observe it here.
    /// </summary>
    public event Action<int>? SliceEnded;

    /// <summary>Rounds run so far (each gives every core one slice): what a span of virtual time cost the scheduler.</summary>
    public long Rounds { get; private set; }

    /// <summary>The slice length while several cores execute.</summary>
    public long Quantum { get; set; } = DefaultQuantumNs;

    /// <summary>
    /// The time of the access being made now: the running core's own time inside its slice, an event's due time
    /// inside its action, otherwise <see cref="GlobalNs"/> (the debugger's accesses).
    /// </summary>
    public long Now
    {
        get
        {
            if (_active >= 0)
            {
                return _cores[_active].LocalTime();
            }
            return _eventNow >= 0 ? _eventNow : GlobalNs;
        }
    }

    /// <summary>The index of the core executing now, or -1 (debugger or event).</summary>
    public int ActiveCore => _active;

    /// <summary>The due time of the earliest pending event, or <see cref="long.MaxValue"/>.</summary>
    public long NextEventNs => _queue.NextEventNs;

    /// <summary>
    /// Whether several executing cores may run past the <see cref="Quantum"/> while every one of them is parked in an
    /// idle polling loop proven a fixed point (<see cref="CortexMCore.ParkedInIdleLoop"/>; default true): the round
    /// then ends at the next scheduled event, the next self-wake of a sleeping core or the next SysTick expiry of an
    /// executing core, whichever is first. Parked cores store nothing, so what each reads cannot change before then;
    /// results are the same either way, only host time differs (the twin benchmark checks it).
    /// </summary>
    public bool StretchParkedSlices
    {
        get => _parked.Enabled;
        set => _parked.Enabled = value;
    }

    /// <summary>Rounds stretched past the <see cref="Quantum"/> because every executing core was parked (<see cref="StretchParkedSlices"/>).</summary>
    public long StretchedRounds => _parked.StretchedRounds;

    /// <summary>Adds a core to interleave; <paramref name="clockHz"/> gives its clock now, <paramref name="runnable"/> whether it can execute.</summary>
    public void AddCore(IExecutableCore core, Func<long> clockHz, Func<bool> runnable)
    {
        _cores.Add(new CoreSlot(core, clockHz, runnable, () => GlobalNs) { TimeNs = GlobalNs });
        _parked.Disturb();
    }

    /// <summary>Schedules <paramref name="action"/> at <paramref name="timeNs"/> (not before <see cref="Now"/>).</summary>
    public ScheduledEvent Schedule(long timeNs, Action action, string name)
    {
        ArgumentNullException.ThrowIfNull(action);
        var due = Math.Max(timeNs, Now);
        var e = new ScheduledEvent(due, action, name);
        _queue.Add(e);
        _parked.Disturb();
        if (_active >= 0 && due < _cores[_active].SliceEnd)
        {
            _cores[_active].Core.Yield();
        }
        return e;
    }

    /// <summary>Schedules <paramref name="action"/> <paramref name="delayNs"/> after <see cref="Now"/>.</summary>
    public ScheduledEvent ScheduleIn(long delayNs, Action action, string name) => Schedule(Now + Math.Max(0, delayNs), action, name);

    /// <summary>Cancels an event (nothing happens if it already ran).</summary>
    public void Cancel(ScheduledEvent? e)
    {
        if (e is not null)
        {
            e.Done = true;
        }
    }

    /// <summary>Makes the running core (if any) end its slice after the current instruction (its clock changed, a reset is due).</summary>
    public void RequestSync()
    {
        _parked.Disturb();
        if (_active >= 0)
        {
            _cores[_active].Core.Yield();
        }
    }

    /// <summary>Forgets every pending event (power loss).</summary>
    public void Clear()
    {
        _queue.Clear();
        _parked.Disturb();
    }

    /// <summary>
    /// Whether cores that cannot execute right now cost nothing (default true): a core sleeping in WFI/WFE, halted or
    /// locked up does not shorten the other cores' slices to <see cref="Quantum"/>; a sleeping core's time is
    /// skipped to the earlier of the slice end and the moment its own SysTick wakes it, which ends the slice of
    /// every other core there; an interrupt or event that another core's access delivers to a sleeping core first
    /// brings the sleeper to that moment and ends the running core's slice, so the woken core resumes exactly when
    /// it was woken. Turned off, every powered core counts as executing (slices of at most <see cref="Quantum"/>
    /// while two are powered): the same results, only slower; for benchmarks.
    /// </summary>
    public bool SkipIdleCores { get; set; } = true;

    /// <summary>
    /// Runs the cores and events up to <paramref name="targetNs"/>. Calls made while already advancing (a core's
    /// access that reaches the board's clock) return at once.
    /// </summary>
    public void AdvanceTo(long targetNs)
    {
        if (_advancing || targetNs <= GlobalNs)
        {
            return;
        }
        _advancing = true;
        _parked.Disturb(); // the debugger may have acted since the last call
        try
        {
            while (GlobalNs < targetNs)
            {
                var sliceEnd = Math.Min(targetNs, NextEventNs);
                var executing = SkipIdleCores ? CoreClassifier.Classify(_cores, GlobalNs, ref sliceEnd) : CoreClassifier.CountRunnable(_cores);
                var limit = _parked.BeginRound(_cores, GlobalNs, Quantum, executing);
                if (executing > 1)
                {
                    sliceEnd = Math.Min(sliceEnd, limit);
                }
                if (sliceEnd <= GlobalNs)
                {
                    RunDueEvents(GlobalNs);
                    continue;
                }
                _roundEnd = long.MaxValue;
                Rounds++;
                // Executing cores first, then the idle ones up to where the executing ones got (never past them):
                // an interrupt or event an executing core delivers to an idle core then finds the idle core behind
                // that moment (see DeliverInterrupt).
                var executed = long.MaxValue;
                for (var pass = 0; pass < 2; pass++)
                {
                    for (var i = 0; i < _cores.Count; i++)
                    {
                        var slot = _cores[i];
                        if (SkipIdleCores && slot.Idle != (pass == 1))
                        {
                            continue;
                        }
                        if (!SkipIdleCores && pass == 1)
                        {
                            break;
                        }
                        var end = Math.Min(Math.Min(sliceEnd, _roundEnd), NextEventNs);
                        if (pass == 1)
                        {
                            end = Math.Min(end, executed);
                        }
                        RunCore(i, Math.Max(end, GlobalNs));
                        if (pass == 0)
                        {
                            executed = Math.Min(executed, slot.TimeNs);
                        }
                    }
                }
                var reached = Math.Min(sliceEnd, _roundEnd);
                foreach (var slot in _cores)
                {
                    reached = Math.Min(reached, slot.TimeNs);
                }
                GlobalNs = Math.Max(GlobalNs, reached);
                RunDueEvents(GlobalNs);
            }
        }
        finally
        {
            _advancing = false;
        }
    }

    /// <summary>
    /// Drives NVIC input <paramref name="irq"/> of <paramref name="core"/> at <see cref="Now"/> (see
    /// <see cref="IExecutableCore.SetInterruptLine"/>). When another core's access does it to a core that sleeps
    /// behind that moment, the sleeper's time is first skipped up to it; when the input wakes the sleeper, the
    /// running core's slice ends, so both go on interleaved from there.
    /// </summary>
    public void DeliverInterrupt(IExecutableCore core, int irq, bool asserted)
    {
        ArgumentNullException.ThrowIfNull(core);
        _parked.Disturb();
        var slot = CatchUp(core);
        core.SetInterruptLine(irq, asserted);
        AfterInput(slot);
    }

    /// <summary>Signals the RXEV input of <paramref name="core"/> at <see cref="Now"/>, as <see cref="DeliverInterrupt"/> does an interrupt.</summary>
    public void DeliverEvent(IExecutableCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        _parked.Disturb();
        var slot = CatchUp(core);
        core.SignalEvent();
        AfterInput(slot);
    }

    /// <summary>Brings an idle sleeping core up to the running core's time before an input reaches it; returns its slot then.</summary>
    private CoreSlot? CatchUp(IExecutableCore core)
    {
        if (!SkipIdleCores || _active < 0 || ReferenceEquals(_cores[_active].Core, core) || core.State != CoreRunState.Sleeping)
        {
            return null;
        }
        var index = 0;
        while (index < _cores.Count && !ReferenceEquals(_cores[index].Core, core))
        {
            index++;
        }
        if (index == _cores.Count || !_cores[index].Idle)
        {
            return null; // an executing core (or one the scheduler does not run) takes its input at its own time
        }
        var slot = _cores[index];
        var now = Now;
        if (slot.TimeNs < now && slot.Runnable())
        {
            var hz = slot.ClockHz();
            var budget = (long)((Int128)(now - slot.TimeNs) * hz / 1_000_000_000);
            if (budget > 0)
            {
                var active = _active;
                slot.Start(hz, now);
                _active = index;
                try
                {
                    core.Advance(budget); // asleep, and its own wake-up is not before the slice end: only time passes
                }
                finally
                {
                    _active = active;
                }
            }
            slot.TimeNs = Math.Max(slot.TimeNs, now);
        }
        return slot;
    }

    private void AfterInput(CoreSlot? slot)
    {
        if (slot is not null && slot.Core is CortexMCore { CyclesToWake: 0 } && _active >= 0)
        {
            _cores[_active].Core.Yield(); // the sleeper wakes now: no core runs past this moment in this round
            _roundEnd = Math.Min(_roundEnd, Now);
        }
    }

    private void RunCore(int index, long sliceEnd)
    {
        var slot = _cores[index];
        if (slot.TimeNs >= sliceEnd)
        {
            _parked.SliceRan(slot, false);
            return;
        }
        if (!slot.Runnable())
        {
            slot.TimeNs = sliceEnd;
            _parked.SliceRan(slot, false);
            return;
        }
        var hz = slot.ClockHz();
        var budget = (long)((Int128)(sliceEnd - slot.TimeNs) * hz / 1_000_000_000);
        if (budget <= 0)
        {
            slot.TimeNs = sliceEnd;
            _parked.SliceRan(slot, false);
            return;
        }
        slot.Start(hz, sliceEnd);
        _active = index;
        long used;
        try
        {
            used = slot.Core.Advance(budget);
        }
        finally
        {
            _active = -1;
        }
        var state = slot.Core.State;
        if (used >= budget || (state != CoreRunState.Running && state != CoreRunState.Sleeping))
        {
            slot.TimeNs = sliceEnd; // ran the whole slice, or stopped (halted, locked up, in reset): idle to its end
            slot.Stalls = 0;
        }
        else
        {
            slot.TimeNs = slot.LocalTime();
            if (used == 0 && ++slot.Stalls > 2)
            {
                slot.TimeNs = sliceEnd; // a core that cannot make progress must not stop time
                slot.Stalls = 0;
            }
        }
        _parked.SliceRan(slot, true);
        SliceEnded?.Invoke(index);
    }

    private void RunDueEvents(long upTo)
    {
        while (_queue.TryTakeDue(upTo, out var e))
        {
            _parked.Disturb();
            var saved = _eventNow;
            _eventNow = e.TimeNs;
            try
            {
                e.Action();
            }
            finally
            {
                _eventNow = saved;
            }
        }
    }

    /// <summary>Realigns every core's time with <see cref="GlobalNs"/> (after a reset or power cycle).</summary>
    public void SynchronizeCores()
    {
        _parked.Disturb();
        foreach (var slot in _cores)
        {
            slot.TimeNs = Math.Max(slot.TimeNs, GlobalNs);
        }
    }

    /// <summary>The time core <paramref name="index"/> has reached.</summary>
    public long CoreTime(int index) => _cores[index].TimeNs;
}
