using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>An action scheduled on the chip's timeline; cancel it through <see cref="ChipScheduler.Cancel"/>.</summary>
public sealed class ScheduledEvent
{
    internal ScheduledEvent(long timeNs, Action action, string name)
    {
        TimeNs = timeNs;
        Action = action;
        Name = name;
    }

    /// <summary>When it is due, in nanoseconds of virtual time.</summary>
    public long TimeNs { get; }

    /// <summary>What it is, for traces.</summary>
    public string Name { get; }

    internal Action Action { get; }

    /// <summary>Whether it was cancelled or has run.</summary>
    public bool Done { get; internal set; }
}

/// <summary>
/// One timeline for the whole chip: the cores run interleaved in slices that end at the next scheduled event (a
/// flash operation completing, a clock becoming ready, a watchdog expiring, a character leaving a UART) and, when
/// more than one core runs, after at most <see cref="Quantum"/>. Within a slice every access is timestamped with
/// the accessing core's own time (<see cref="Now"/>), so a flash operation, a peripheral timer and an instruction
/// never happen out of order. A peripheral that schedules an event earlier than the running core's slice end makes
/// that core yield, so the event is handled on time. Events run in time order, each with <see cref="Now"/> at its
/// due time. Nothing here sleeps: time is virtual.
/// </summary>
public sealed class ChipScheduler
{
    /// <summary>The longest a core runs ahead of the others while more than one core executes (5 µs).</summary>
    public const long DefaultQuantumNs = 5_000;

    private readonly PriorityQueue<ScheduledEvent, (long Time, long Sequence)> _queue = new();
    private readonly List<CoreSlot> _cores = [];
    private long _sequence;
    private int _active = -1;
    private long _eventNow = -1;
    private bool _advancing;

    /// <summary>The time up to which every core and every event has been processed.</summary>
    public long GlobalNs { get; private set; }

    /// <summary>
    /// Raised after each slice a core ran (with the core's index), outside the core's execution: blocks that follow
    /// a core's run state (a domain entering Stop when its core sleeps deeply) observe it here.
    /// </summary>
    public event Action<int>? SliceEnded;

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
    public long NextEventNs
    {
        get
        {
            while (_queue.TryPeek(out var e, out _))
            {
                if (!e.Done)
                {
                    return e.TimeNs;
                }
                _queue.Dequeue();
            }
            return long.MaxValue;
        }
    }

    /// <summary>Adds a core to interleave; <paramref name="clockHz"/> gives its clock now, <paramref name="runnable"/> whether it can execute.</summary>
    public void AddCore(IExecutableCore core, Func<long> clockHz, Func<bool> runnable) =>
        _cores.Add(new CoreSlot(this, core, clockHz, runnable) { TimeNs = GlobalNs });

    /// <summary>Schedules <paramref name="action"/> at <paramref name="timeNs"/> (not before <see cref="Now"/>).</summary>
    public ScheduledEvent Schedule(long timeNs, Action action, string name)
    {
        ArgumentNullException.ThrowIfNull(action);
        var due = Math.Max(timeNs, Now);
        var e = new ScheduledEvent(due, action, name);
        _queue.Enqueue(e, (due, _sequence++));
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
        if (_active >= 0)
        {
            _cores[_active].Core.Yield();
        }
    }

    /// <summary>Forgets every pending event (power loss).</summary>
    public void Clear()
    {
        while (_queue.TryDequeue(out var e, out _))
        {
            e.Done = true;
        }
    }

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
        try
        {
            while (GlobalNs < targetNs)
            {
                var sliceEnd = Math.Min(targetNs, NextEventNs);
                var runnable = 0;
                foreach (var slot in _cores)
                {
                    if (slot.Runnable())
                    {
                        runnable++;
                    }
                }
                if (runnable > 1)
                {
                    sliceEnd = Math.Min(sliceEnd, GlobalNs + Quantum);
                }
                if (sliceEnd <= GlobalNs)
                {
                    RunDueEvents(GlobalNs);
                    continue;
                }
                for (var i = 0; i < _cores.Count; i++)
                {
                    var end = Math.Min(sliceEnd, NextEventNs);
                    RunCore(i, Math.Max(end, GlobalNs));
                }
                var reached = sliceEnd;
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

    private void RunCore(int index, long sliceEnd)
    {
        var slot = _cores[index];
        if (slot.TimeNs >= sliceEnd)
        {
            return;
        }
        if (!slot.Runnable())
        {
            slot.TimeNs = sliceEnd;
            return;
        }
        var hz = slot.ClockHz();
        var budget = (long)((Int128)(sliceEnd - slot.TimeNs) * hz / 1_000_000_000);
        if (budget <= 0)
        {
            slot.TimeNs = sliceEnd;
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
        SliceEnded?.Invoke(index);
    }

    private void RunDueEvents(long upTo)
    {
        while (_queue.TryPeek(out var e, out var key) && key.Time <= upTo)
        {
            _queue.Dequeue();
            if (e.Done)
            {
                continue;
            }
            e.Done = true;
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
        foreach (var slot in _cores)
        {
            slot.TimeNs = Math.Max(slot.TimeNs, GlobalNs);
        }
    }

    /// <summary>The time core <paramref name="index"/> has reached.</summary>
    public long CoreTime(int index) => _cores[index].TimeNs;

    private sealed class CoreSlot(ChipScheduler owner, IExecutableCore core, Func<long> clockHz, Func<bool> runnable)
    {
        private long _startCycles;
        private long _startNs;
        private long _hz = 1;

        public IExecutableCore Core { get; } = core;
        public Func<long> ClockHz { get; } = clockHz;
        public Func<bool> Runnable { get; } = runnable;
        public long TimeNs { get; set; }
        public long SliceEnd { get; private set; }
        public int Stalls { get; set; }

        public void Start(long hz, long sliceEnd)
        {
            _hz = Math.Max(1, hz);
            _startNs = TimeNs;
            _startCycles = Core.Cycles;
            SliceEnd = sliceEnd;
        }

        public long LocalTime()
        {
            var cycles = Core.Cycles - _startCycles;
            var ns = _startNs + (long)((Int128)cycles * 1_000_000_000 / _hz);
            return Math.Max(ns, owner.GlobalNs);
        }
    }
}
