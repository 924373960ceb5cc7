using Stm32.Build.VirtualBoard.Chip;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>
/// What a case may end with: success (exit 0) when <see cref="SuccessAllowed"/>, or one of the coded errors with its
/// exit code; and what it must never print (e.g. the erase advice when the probe, not the target, vanished).
/// </summary>
internal sealed record Expected(bool SuccessAllowed, IReadOnlyDictionary<string, int> Errors)
{
    /// <summary>Text the output must not hold.</summary>
    public IReadOnlyList<string> Forbidden { get; init; } = [];

    /// <summary>Text the output must hold.</summary>
    public IReadOnlyList<string> Required { get; init; } = [];
}

/// <summary>One case of the campaign: a board property or event, a flash, and the re-run that must finish the job.</summary>
internal sealed record CampaignCase
{
    /// <summary>The table row the case counts in.</summary>
    public required string Family { get; init; }

    /// <summary>What makes this case different from the others of its family (printed when it does not hold).</summary>
    public required string Label { get; init; }

    public required ImageSet Images { get; init; }

    public required CaseTransport Transport { get; init; }

    public required Expected Expect { get; init; }

    /// <summary>Board faults (properties of the board, e.g. <c>unplug-after=N</c>).</summary>
    public IReadOnlyList<string> Faults { get; init; } = [];

    /// <summary>Taps on the board's probe (power loss, a failing flash array, a signal at command N).</summary>
    public Func<Board, IReadOnlyList<ICommandTap>> Taps { get; init; } = _ => [];

    /// <summary>Options of the flash after the shared ones (e.g. option bytes asked for).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The option bytes the flash asks for, from the ones before; null when it asks for none.</summary>
    public Func<OptionByteValues, OptionByteValues>? Requested { get; init; }

    /// <summary>The option-byte state the board starts from (a protection state, a gated core); null: factory.</summary>
    public BoardVariant? Variant { get; init; }

    /// <summary>
    /// What a user does before running the flash again (remove write protection, regress RDP), over the case's
    /// transport; returns what went wrong, or null. Null: nothing to do.
    /// </summary>
    public Func<Board, CaseTransport, string?>? BeforeRerun { get; init; }

    /// <summary>
    /// When the fault is a termination signal: the signal number, sent to a real <c>stm32</c> process
    /// <see cref="SignalOffset"/> commands into <see cref="SignalPhase"/>.
    /// </summary>
    public int? Signal { get; init; }

    /// <summary>The phase the signal is sent in (a name of <see cref="PhaseMap.Order"/>).</summary>
    public string SignalPhase { get; init; } = "";

    /// <summary>How many commands after the phase began the signal is sent.</summary>
    public long SignalOffset { get; init; }

    /// <summary>Whether the flash must leave every sector as it was (a refusal before anything is erased).</summary>
    public bool NothingErased { get; init; }
}
