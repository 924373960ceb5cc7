using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;

namespace Stm32.Build.Flashing.Session;

/// <summary>
/// Opens debug sessions from a probe selection (<c>auto</c>, <c>usb[:SERIAL]</c>, <c>tcp://HOST:PORT[/SERIAL]</c>,
/// <c>sim</c>) or over a transport. When the probe's transport reports a simulated target
/// (<see cref="StLinkProbe.Diagnostics"/>: the virtual board), waits run on its virtual clock and the report carries
/// its counters.
/// </summary>
public static class DebugSessions
{
    /// <summary>Opens the probe named by <paramref name="selection"/> without connecting to the target.</summary>
    /// <param name="selection">The probe selection string.</param>
    /// <param name="simulator">For <c>sim</c>: the virtual board's properties (device, state, fault, ...), interpreted by the registered <c>sim</c> factory.</param>
    public static StLinkDebugSession Open(string selection, IReadOnlyDictionary<string, string>? simulator = null)
    {
        var probe = StLinkProbe.Open(StLink.ProbeSelection.Parse(selection),
            new ProbeOpenOptions { Connect = false, Simulator = simulator ?? new Dictionary<string, string>() });
        return Wrap(probe);
    }

    /// <summary>
    /// A session over a transport the caller opened (a test's own board, a custom rig): no cross-process lock
    /// (the caller owns the transport's exclusivity); the session owns the transport.
    /// </summary>
    public static StLinkDebugSession Open(IStLinkTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return Wrap(StLinkProbe.Open(transport, new ProbeOpenOptions { Connect = false, NoLock = true }));
    }

    private static StLinkDebugSession Wrap(StLinkProbe probe)
    {
        var diagnostics = probe.Diagnostics;
        return diagnostics?.TargetTime is not null
            ? new StLinkDebugSession(probe, new ExternalTargetClock(() => diagnostics.TargetTime ?? TimeSpan.Zero))
            : new StLinkDebugSession(probe);
    }
}
