using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Boards;

namespace Stm32.Build.Preflight;

/// <summary>The preflight as the flashing pipeline's gate: run for the chip on the probe before anything is erased.</summary>
public static class FlashGate
{
    /// <summary>
    /// A gate that boots <paramref name="request"/>'s images with the board remembered for the probe's chip
    /// (<paramref name="recall"/>, by unique ID; null or a null answer: not remembered) and stops the flash on an error
    /// unless <paramref name="allowHazards"/> (then the errors are reported as warnings). <paramref name="observed"/>
    /// sees the result (for printing and reports).
    /// </summary>
    public static PreflightGate Create(PreflightRequest request, bool allowHazards, Func<string?, RememberedSupply?>? recall = null, Action<PreflightResult>? observed = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (uniqueId, _) =>
        {
            var remembered = request.Remembered ?? recall?.Invoke(uniqueId);
            var result = PreflightRunner.Run(request with { Remembered = remembered });
            observed?.Invoke(result);
            return Verdict(result, allowHazards);
        };
    }

    /// <summary>
    /// A gate that recalls the board from <paramref name="store"/> by the probe's chip's unique ID (a board of another
    /// device, or one without a PWR_CR3 observation, is not used). A store file that cannot be used (corrupt, not a
    /// file, unreadable) is the store's own warning (STM1546, naming the file) before the findings, and the preflight
    /// runs as if nothing were remembered: never fatal.
    /// </summary>
    public static PreflightGate Create(PreflightRequest request, bool allowHazards, RememberedBoardStore store, Action<PreflightResult>? observed = null) =>
        Create(request, allowHazards, store, validated: null, observed is null ? null : (result, _) => observed(result));

    /// <summary>
    /// As <see cref="Create(PreflightRequest, bool, RememberedBoardStore, Action{PreflightResult}?)"/>, reusing
    /// <paramref name="validated"/> — the result of the same request booted earlier in the build (<see cref="PreflightRecord"/>)
    /// — instead of booting again when the remembered board cannot change it: nothing is remembered for the chip, or
    /// the remembered wiring takes the supply configuration the image latched (then the run on the twin is the same,
    /// and only the "wiring unknown" warning STM1501 no longer applies). Otherwise the gate boots with the remembered
    /// board. <paramref name="observed"/> sees the result and whether it was reused.
    /// </summary>
    public static PreflightGate Create(PreflightRequest request, bool allowHazards, RememberedBoardStore store, PreflightResult? validated, Action<PreflightResult, bool>? observed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        return (uniqueId, _) =>
        {
            Diagnostic? problem = null;
            var remembered = request.Remembered;
            if (remembered is null && uniqueId is not null && store.Recall(uniqueId, out problem) is { PwrCr3: uint cr3 } board
                && string.Equals(board.Device, request.Device.Name, StringComparison.OrdinalIgnoreCase))
            {
                remembered = new RememberedSupply(cr3, board.UniqueId, board.Observed);
            }
            var withBoard = request with { Remembered = remembered };
            var reused = validated is not null ? Reuse(validated, withBoard) : null;
            var result = reused ?? PreflightRunner.Run(withBoard);
            observed?.Invoke(result, reused is not null);
            var verdict = Verdict(result, allowHazards);
            return problem is null ? verdict : verdict with { Diagnostics = [problem, .. verdict.Diagnostics] };
        };
    }

    /// <summary><paramref name="validated"/> as it applies to <paramref name="request"/>'s remembered board, or null when the board changes the dry run.</summary>
    private static PreflightResult? Reuse(PreflightResult validated, PreflightRequest request)
    {
        if (SupplyEvidence.Remembered(request) is not { } wiring)
        {
            return validated;   // nothing remembered (or a power-on default, which says nothing about the wiring)
        }
        if (validated.SupplyLatched is not uint latched
            || !Stm32.Build.VirtualBoard.Families.H7.H7SupplyConfiguration.Accepts(wiring, latched, Stm32.Build.VirtualBoard.Families.H7.H7SupplyConfiguration.HasSmps(request.Device)))
        {
            return null;
        }
        return validated with { Findings = [.. validated.Findings.Where(f => f.Code != DiagnosticCodes.PreflightSupplyWiringUnknown)] };
    }

    /// <summary>The verdict of a preflight result: errors stop the flash unless hazards are allowed (then they are warnings).</summary>
    public static PreflightVerdict Verdict(PreflightResult result, bool allowHazards)
    {
        ArgumentNullException.ThrowIfNull(result);
        var diagnostics = result.Findings.Select(f => f.ToDiagnostic(allowHazards && f.Severity == DiagnosticSeverity.Error ? DiagnosticSeverity.Warning : null)).ToList();
        return new PreflightVerdict(result.Findings.Select(Evidence).ToList(), diagnostics, !allowHazards && result.HasErrors);
    }

    /// <summary>A finding in the pipeline's terms, for STM4501's ranking.</summary>
    public static HazardEvidence Evidence(PreflightFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var cause = finding.Code switch
        {
            DiagnosticCodes.PreflightSupplyMismatch or DiagnosticCodes.PreflightSupplyWiringUnknown or DiagnosticCodes.PreflightSupplyDiffersFromRemembered => HazardCause.Supply,
            DiagnosticCodes.PreflightSwdPinsTaken => HazardCause.SwdPins,
            DiagnosticCodes.PreflightLowPowerWithoutDebug => HazardCause.LowPower,
            DiagnosticCodes.PreflightOptionBytesChanged => HazardCause.OptionBytes,
            _ => HazardCause.Other,
        };
        var summary = finding.Source is { } source && !finding.Message.Contains(source) ? $"{finding.Message} ({source})" : finding.Message;
        return new HazardEvidence(finding.Code, finding.Severity, cause, summary);
    }
}
