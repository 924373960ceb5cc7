namespace Stm32.Build.VirtualBoard;

/// <summary>
/// The virtual board's time: a monotonic nanosecond counter that only moves when a modelled operation costs
/// time (a USB round trip, SWD bits, a flash erase). Nothing in the virtual board ever sleeps.
/// </summary>
public sealed class VirtualClock
{
    /// <summary>Nanoseconds since the board was created.</summary>
    public long Nanoseconds { get; private set; }

    /// <summary>The current virtual time.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(Nanoseconds / 100);

    /// <summary>Moves time forward by <paramref name="nanoseconds"/> (negative values are ignored).</summary>
    public void Advance(long nanoseconds)
    {
        if (nanoseconds > 0)
        {
            Nanoseconds += nanoseconds;
        }
    }

    /// <summary>Moves time forward by <paramref name="duration"/>.</summary>
    public void Advance(TimeSpan duration) => Advance(duration.Ticks * 100);
}
