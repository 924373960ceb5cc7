using System.Diagnostics;

namespace Stm32.Build.Flashing.Session;

/// <summary>
/// The time the target lives in. Every wait of the pipeline (flash status polling, the delay guard, retries) is
/// measured on it, so that on the virtual board — whose time moves only when the probe talks to it — waits are
/// measured in target time and tests never sleep in real time.
/// </summary>
public interface ITargetClock
{
    /// <summary>The current time on this clock (any origin; only differences are used).</summary>
    TimeSpan Now { get; }

    /// <summary>
    /// Whether time passes by itself (a real board). When false (the virtual board), time only moves when the probe
    /// talks to the target, so waits poll the target instead of sleeping.
    /// </summary>
    bool AdvancesOnItsOwn { get; }

    /// <summary>Pauses between two polls: a short real sleep on a real clock, nothing on a virtual one.</summary>
    Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken);
}

/// <summary>Wall time (a <see cref="Stopwatch"/>): for real probes and for servers whose board is not known.</summary>
public sealed class SystemTargetClock : ITargetClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <summary>The shared instance.</summary>
    public static SystemTargetClock Instance { get; } = new();

    /// <inheritdoc />
    public TimeSpan Now => _watch.Elapsed;

    /// <inheritdoc />
    public bool AdvancesOnItsOwn => true;

    /// <summary>
    /// Pauses of up to <see cref="PollingPause"/> only yield: status polls are paced by the probe's own round trip
    /// (125 µs frames on a high-speed ST-LINK, 1 ms on full speed). That also keeps a virtual board behind a TCP
    /// server — whose time moves only with commands — advancing at least as fast as wall time.
    /// </summary>
    public Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return interval <= PollingPause ? Task.CompletedTask : Task.Delay(interval, cancellationToken);
    }

    /// <summary>The longest pause that does not sleep.</summary>
    public static TimeSpan PollingPause { get; } = TimeSpan.FromMilliseconds(1);
}

/// <summary>
/// A clock read from somewhere else, typically the virtual board's <c>VirtualClock.Now</c>; it never sleeps, since
/// the target's time moves with each probe command.
/// </summary>
/// <param name="now">Reads the current target time.</param>
public sealed class ExternalTargetClock(Func<TimeSpan> now) : ITargetClock
{
    /// <inheritdoc />
    public TimeSpan Now => now();

    /// <inheritdoc />
    public bool AdvancesOnItsOwn => false;

    /// <inheritdoc />
    public Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }
}
