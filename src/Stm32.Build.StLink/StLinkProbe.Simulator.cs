using Stm32.Build.StLink.Transport.Virtual;
using Stm32.Build.VirtualBoard;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.StLink;

public sealed partial class StLinkProbe
{
    /// <summary>
    /// The <c>sim</c> probe: a virtual board built for this session whose flash, option bytes and pins persist in
    /// its state file (<see cref="SimulatorState"/>), so consecutive commands see the same chip. The lock on the state
    /// file is taken before the board loads it, so a second process waits for the first one's saved state instead of
    /// working on (and later overwriting it with) a stale copy.
    /// </summary>
    private static StLinkProbe OpenSimulatorProbe(ProbeOpenOptions options)
    {
        var boardOptions = options.Simulator ?? new VirtualBoardOptions { Device = options.SimulatorDevice };
        var stateFile = Path.GetFullPath(options.SimulatorStateFile ?? boardOptions.StateFile ?? SimulatorState.DefaultFile(boardOptions.Device));
        var held = options.NoLock ? null : ProbeLock.Acquire(SimulatorLockKey(stateFile), options.LockTimeout, options.LockDirectory, options.Waiting);
        try
        {
            var directory = Path.GetDirectoryName(stateFile);
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            var board = new Board(boardOptions with { StateFile = stateFile });
            return Open(new VirtualProbeTransport(board.Probe, stateFile, board), options, held);
        }
        catch
        {
            held?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The virtual board of a <c>sim</c> probe (its clock, counters and chip, for reports and tests); null for every
    /// other probe. It is disposed, and its state file saved, when the probe is.
    /// </summary>
    public Board? SimulatorBoard => (_protocol.Transport as VirtualProbeTransport)?.Board;

    /// <summary>The lock key of a virtual board kept in <paramref name="stateFile"/> (what <see cref="Transport.ProbeDescriptor.LockKey"/> gives for it).</summary>
    public static string SimulatorLockKey(string stateFile) => "sim-" + Path.GetFullPath(stateFile);
}
