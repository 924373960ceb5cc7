using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>One core on the chip's timeline: its own time, its clock, and what the current round knows about it.</summary>
internal sealed class CoreSlot(IExecutableCore core, Func<long> clockHz, Func<bool> runnable, Func<long> globalNs)
{
    private long _startCycles;
    private long _startNs;
    private long _hz = 1;

    public IExecutableCore Core { get; } = core;

    public Func<long> ClockHz { get; } = clockHz;

    public Func<bool> Runnable { get; } = runnable;

    /// <summary>The time the core has reached.</summary>
    public long TimeNs { get; set; }

    /// <summary>Where the core's current slice ends.</summary>
    public long SliceEnd { get; private set; }

    /// <summary>Slices in a row in which the core made no progress.</summary>
    public int Stalls { get; set; }

    /// <summary>Neither executing nor due to wake in the current slice (asleep, halted, locked up, unpowered).</summary>
    public bool Idle { get; set; }

    /// <summary>When a sleeping core wakes by itself (its SysTick), or <see cref="long.MaxValue"/>.</summary>
    public long WakeNs { get; set; } = long.MaxValue;

    /// <summary>
    /// Whether the core's last slice, in the round just run, was spent entirely parked in a proven fixed-point
    /// polling loop (see <see cref="ParkedCoreWindow"/>); false when it did not execute in that round.
    /// </summary>
    public bool Parked { get; set; }

    /// <summary>Marks the start of a slice ending at <paramref name="sliceEnd"/> at clock <paramref name="hz"/>.</summary>
    public void Start(long hz, long sliceEnd)
    {
        _hz = Math.Max(1, hz);
        _startNs = TimeNs;
        _startCycles = Core.Cycles;
        SliceEnd = sliceEnd;
    }

    /// <summary>The core's own time inside its slice: the slice start plus the cycles it has used since.</summary>
    public long LocalTime()
    {
        var cycles = Core.Cycles - _startCycles;
        var ns = _startNs + (long)((Int128)cycles * 1_000_000_000 / _hz);
        return Math.Max(ns, globalNs());
    }

    /// <summary>
    /// The time <paramref name="cycles"/> core clock cycles after <see cref="TimeNs"/>, rounded up to the nanosecond:
    /// a wake-up is never early, and a slice ending there gives the core exactly those cycles.
    /// </summary>
    public long TimeAfterCycles(long cycles)
    {
        if (cycles == long.MaxValue)
        {
            return long.MaxValue;
        }
        var hz = Math.Max(1, ClockHz());
        var ns = ((Int128)cycles * 1_000_000_000 + hz - 1) / hz;
        return ns > long.MaxValue - TimeNs ? long.MaxValue : TimeNs + (long)ns;
    }
}
