using System.Diagnostics;

namespace Stm32.Build.Flashing.Session;

/// <summary>
/// The deadline of one flash operation (erase, program, option change) that the host polls through the probe.
/// <para>
/// On a target clock that does not move on its own (the in-process virtual board) the limit is measured on that
/// clock. On wall time (a real probe, or a virtual board behind a TCP server, whose time moves only with probe
/// commands and so lags behind the wall clock on a loaded host) the operation is late only when the wall time is
/// past the limit <em>and</em> enough status polls found it still running to cover the limit at the fastest pace a
/// probe can poll: one status read per USB high-speed microframe, 125 µs (USB 2.0 specification 5.8.4; a
/// full-speed probe needs 1 ms per read). A slow target is therefore never declared dead by the wall clock alone,
/// while a real stuck operation is still reported: after the limit on a high-speed probe, after at most eight
/// times the limit on a full-speed one.
/// </para>
/// <para>A hard wall-clock cap (<see cref="WallCapFactor"/> times the limit plus 10 s) bounds every wait.</para>
/// </summary>
public sealed class OperationDeadline
{
    /// <summary>The shortest time one status poll can take on a probe: a USB high-speed microframe.</summary>
    public static readonly TimeSpan FastestPoll = TimeSpan.FromTicks(1250);

    /// <summary>The hard cap on wall time, in multiples of the limit (plus 10 s).</summary>
    public const int WallCapFactor = 16;

    private readonly ITargetClock _clock;
    private readonly Func<TimeSpan> _wall;
    private readonly TimeSpan _wallStart;

    /// <summary>Starts the deadline of an operation that started now on <paramref name="clock"/>.</summary>
    public OperationDeadline(ITargetClock clock, TimeSpan limit)
        : this(clock, limit, WallClock)
    {
    }

    /// <summary>Starts the deadline with another wall clock (tests).</summary>
    internal OperationDeadline(ITargetClock clock, TimeSpan limit, Func<TimeSpan> wall)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _wall = wall;
        _wallStart = wall();
        Limit = limit;
        Started = clock.Now;
    }

    /// <summary>The operation's limit (its datasheet maximum plus the poll slack).</summary>
    public TimeSpan Limit { get; }

    /// <summary>When the operation started, on the target clock.</summary>
    public TimeSpan Started { get; }

    /// <summary>How many polls found the operation still running.</summary>
    public long BusyPolls { get; private set; }

    /// <summary>The time elapsed since the start on the target clock.</summary>
    public TimeSpan Elapsed => _clock.Now - Started;

    /// <summary>The hard cap on wall time.</summary>
    public TimeSpan WallCap => TimeSpan.FromTicks(Limit.Ticks * WallCapFactor) + TimeSpan.FromSeconds(10);

    /// <summary>Records a poll that found the operation still running; returns whether it is now past its deadline.</summary>
    public bool StillRunning()
    {
        BusyPolls++;
        if (_wall() - _wallStart > WallCap)
        {
            return true;
        }
        if (Elapsed <= Limit)
        {
            return false;
        }
        return !_clock.AdvancesOnItsOwn || BusyPolls * FastestPoll.Ticks >= Limit.Ticks;
    }

    private static readonly Stopwatch s_wall = Stopwatch.StartNew();

    private static TimeSpan WallClock() => s_wall.Elapsed;
}
