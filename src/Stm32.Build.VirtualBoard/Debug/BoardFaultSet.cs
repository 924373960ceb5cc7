namespace Stm32.Build.VirtualBoard.Debug;

/// <summary>
/// The board-level faults of one board, evaluated on the debug-port side from the chip's
/// state (never from anything a driver does): <c>nrst-unwired</c>, <c>no-target-power</c>. (<c>unplug-after</c>
/// acts on the USB side, in the probe; <c>flash-error</c> in the flash interface.)
/// </summary>
public sealed class BoardFaultSet
{
    private readonly List<BoardFault> _faults;

    /// <summary>Creates the set from the board options' faults.</summary>
    public BoardFaultSet(IEnumerable<BoardFault> faults) => _faults = [.. faults ?? []];

    /// <summary>The faults.</summary>
    public IReadOnlyList<BoardFault> All => _faults;

    /// <summary>Whether a fault of <paramref name="kind"/> is present.</summary>
    public bool Has(BoardFaultKind kind) => _faults.Any(f => f.Kind == kind);

    /// <summary>The value of the first fault of <paramref name="kind"/>, or null.</summary>
    public long? ValueOf(BoardFaultKind kind) => _faults.FirstOrDefault(f => f.Kind == kind)?.Value;

    /// <summary>Whether a fault silences the debug port (an unpowered target never answers).</summary>
    public bool SilencesDebugPort => Has(BoardFaultKind.NoTargetPower);
}
