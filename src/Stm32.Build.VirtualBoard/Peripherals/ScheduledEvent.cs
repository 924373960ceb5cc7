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
