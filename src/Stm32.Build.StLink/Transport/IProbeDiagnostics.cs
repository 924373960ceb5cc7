namespace Stm32.Build.StLink.Transport;

/// <summary>
/// Optional side of an <see cref="IStLinkTransport"/> whose target is simulated (the virtual board): its own clock
/// and exact counters, which the flashing pipeline puts into its report. Read generically through
/// <see cref="StLinkProbe.Diagnostics"/>; real probes do not implement it.
/// </summary>
public interface IProbeDiagnostics
{
    /// <summary>
    /// The target's own time when it is simulated: it moves only when the probe talks to the target, so waits
    /// measured on it never sleep. Null when the target runs in real time.
    /// </summary>
    TimeSpan? TargetTime { get; }

    /// <summary>A snapshot of the counters, in a stable order: each value a <see cref="long"/>, a <see cref="long"/> array or a <see cref="double"/>.</summary>
    IReadOnlyList<KeyValuePair<string, object>> SnapshotCounters();
}
