using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport.Virtual;
using Stm32.Build.VirtualBoard;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Flashing.Session;

/// <summary>
/// Opens debug sessions from a probe selection (<c>auto</c>, <c>usb[:SERIAL]</c>, <c>tcp://HOST:PORT[/SERIAL]</c>,
/// <c>sim</c>). For <c>sim</c> the session builds the virtual board itself (same state file as the driver's
/// <c>sim</c> probe, <see cref="SimulatorState"/>) so that waits run on the board's virtual clock and the report
/// can carry the board's counters.
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
            var options = simulator ?? new VirtualBoardOptions();
            var stateFile = options.StateFile ?? SimulatorState.DefaultFile(options.Device);
            var directory = Path.GetDirectoryName(Path.GetFullPath(stateFile));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            // The cross-process lock on the state file is taken BEFORE the board loads it, so a second process waits
            // for the first one's saved flash instead of loading a stale copy and later overwriting it.
            var defaults = new ProbeOpenOptions();
            var held = ProbeLock.Acquire(StLinkProbe.SimulatorLockKey(stateFile), defaults.LockTimeout, defaults.LockDirectory, defaults.Waiting);
            Board? board = null;
            try
            {
                board = new Board(options with { StateFile = stateFile });
                var probe = StLinkProbe.Open(new VirtualProbeTransport(board.Probe, stateFile), new ProbeOpenOptions { Connect = false, NoLock = true });
                return new StLinkDebugSession(probe, new ExternalTargetClock(() => board.Clock.Now), new BoardAndLock(board, held)) { Board = board };
            }
            catch
            {
                board?.Dispose();
                held.Dispose();
                throw;
            }
        }
        var real = StLinkProbe.Open(parsed, new ProbeOpenOptions { Connect = false });
        return new StLinkDebugSession(real);
    }

    /// <summary>Disposes the board (which saves its state file) and then releases the lock on that file.</summary>
    private sealed class BoardAndLock(Board board, ProbeLock held) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                board.Dispose();
            }
            finally
            {
                held.Dispose();
            }
        }
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
