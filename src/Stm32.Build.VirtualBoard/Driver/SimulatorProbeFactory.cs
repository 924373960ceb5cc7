using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.VirtualBoard.Driver;

/// <summary>
/// The <c>sim</c> selection: a virtual board built for the session from <see cref="ProbeOpenOptions.Simulator"/>
/// (<see cref="SimulatorProperties"/>), whose flash, option bytes and pins persist in its state file. The state
/// path is resolved once; the lock on it is taken before the board loads it, so a second process waits for the
/// first one's saved state instead of working on (and later overwriting it with) a stale copy.
/// </summary>
public sealed class SimulatorProbeFactory : IProbeTransportFactory
{
    /// <summary>The factory.</summary>
    public static SimulatorProbeFactory Instance { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<ProbeSelectionKind> Kinds { get; } = [ProbeSelectionKind.Simulator];

    /// <inheritdoc />
    public IStLinkTransport Open(ProbeSelection selection, ProbeOpenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = SimulatorProperties.ToBoardOptions(context.Options.Simulator);
        var state = SimulatorState.Resolve(options.StateFile ?? SimulatorState.DefaultFile(options.Device));
        context.Lock(SimulatorState.LockKey(state));
        if (Path.GetDirectoryName(state) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        return new VirtualProbeTransport(new Board(options with { StateFile = state }), ownsBoard: true);
    }
}

/// <summary>
/// Registers the virtual board with the ST-LINK driver: after <see cref="Register"/>, <c>StLinkProbe.Open("sim")</c>
/// (and every <c>--probe sim</c>, <c>Stm32Probe=sim</c>) builds a virtual board. Hosts call it once at start: the
/// <c>stm32</c> CLI, the MSBuild tasks, test assemblies. Idempotent and thread-safe.
/// </summary>
public static class VirtualBoardProbes
{
    /// <summary>Registers <see cref="SimulatorProbeFactory"/> for <c>sim</c>.</summary>
    public static void Register() => ProbeTransports.Register(SimulatorProbeFactory.Instance);
}
