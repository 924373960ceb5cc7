using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport.Virtual;
using Stm32.Build.VirtualBoard;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Flashing.Session;

/// <summary>
/// Opens debug sessions from a probe selection (<c>auto</c>, <c>usb[:SERIAL]</c>, <c>tcp://HOST:PORT[/SERIAL]</c>,
/// <c>sim</c>). For <c>sim</c> the session uses the driver's virtual board (<see cref="StLinkProbe.SimulatorBoard"/>)
/// so that waits run on the board's virtual clock and the report can carry the board's counters.
/// </summary>
public static class DebugSessions
{
    /// <summary>Opens the probe named by <paramref name="selection"/> without connecting to the target.</summary>
    /// <param name="selection">The probe selection string.</param>
    /// <param name="simulator">For <c>sim</c>: the board to build (device, faults, BOOT0); the state file defaults to the driver's.</param>
    public static StLinkDebugSession Open(string selection, VirtualBoardOptions? simulator = null)
    {
        var parsed = StLink.ProbeSelection.Parse(selection);
        if (parsed.Kind == ProbeSelectionKind.Simulator)
        {
            // The driver's sim probe locks the state file before the board loads it and saves it before unlocking.
            var probe = StLinkProbe.Open(parsed, new ProbeOpenOptions { Connect = false, Simulator = simulator ?? new VirtualBoardOptions() });
            var board = probe.SimulatorBoard!;
            return new StLinkDebugSession(probe, new ExternalTargetClock(() => board.Clock.Now)) { Board = board };
        }
        var real = StLinkProbe.Open(parsed, new ProbeOpenOptions { Connect = false });
        return new StLinkDebugSession(real);
    }

    /// <summary>
    /// A session on a virtual board the caller owns (tests, the ST-LINK server's own board): the board's virtual
    /// clock, no cross-process lock; disposing the session leaves the board alone.
    /// </summary>
    public static StLinkDebugSession OpenVirtual(Board board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var probe = StLinkProbe.Open(new VirtualProbeTransport(board.Probe, "in-process"), new ProbeOpenOptions { Connect = false, NoLock = true });
        return new StLinkDebugSession(probe, new ExternalTargetClock(() => board.Clock.Now)) { Board = board };
    }
}
