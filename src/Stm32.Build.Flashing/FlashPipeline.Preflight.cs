using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Reporting;

namespace Stm32.Build.Flashing;

public sealed partial class FlashPipeline
{
    /// <summary>
    /// Runs the request's preflight for the connected chip (by its unique ID) before anything is erased; stops the
    /// flash with STM1538 when the verdict says so. Returns every piece of evidence for the recovery diagnostic.
    /// </summary>
    private IReadOnlyList<HazardEvidence> Gate(FlashRequest request, DeviceDescription device, FlashReport report, CancellationToken ct)
    {
        var evidence = request.Evidence.ToList();
        if (request.Preflight is not { } gate)
        {
            return evidence;
        }
        Report(FlashPhase.Validate, 0, 0, message: "booting the images on the virtual board (preflight)");
        var verdict = gate(ReadUniqueId(device), ct);
        report.Diagnostics.AddRange(verdict.Diagnostics);
        evidence.AddRange(verdict.Evidence);
        if (verdict.Stop)
        {
            var first = verdict.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            throw FlashErrors.Create(DiagnosticCodes.PreflightFlashStopped,
                "the preflight found hazards in the images, so nothing was erased or programmed and the board still holds what it held"
                + (first is null ? "" : $"; first: {first.Code}: {first.Message}")
                + ". Fix the firmware, declare the board it is for (--board/--supply, Stm32Board/Stm32BoardSupply), or flash anyway with --allow-hazards (Stm32AllowHazards=true)");
        }
        return evidence;
    }

    /// <summary>The chip's 96-bit unique ID as <c>XXXXXXXX-XXXXXXXX-XXXXXXXX</c> (three words in address order), or null.</summary>
    private string? ReadUniqueId(DeviceDescription device)
    {
        try
        {
            Span<byte> uid = stackalloc byte[12];
            _session.ReadMemory(device.Cores.Count > 0 ? device.Cores[0].AccessPort : 0, device.UniqueIdAddress, uid);
            return Boards.RememberedBoardStore.UniqueIdText(uid);
        }
        catch (Stm32Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// STM4501's likely causes, most likely first: what the preflight saw the image do (with its value, time and
    /// function) ahead of the general list, then the rest of the general list.
    /// </summary>
    internal static List<string> RankCauses(IReadOnlyList<(HazardCause Cause, string Text)> general, IReadOnlyList<HazardEvidence> evidence)
    {
        var seen = evidence.Where(e => e.Cause != HazardCause.Other && e.Severity != DiagnosticSeverity.Info)
            .OrderBy(e => e.Cause).ThenByDescending(e => e.Severity).ToList();
        var causes = seen.Select(e => $"{e.Summary} (seen by the preflight, {e.Code}): " + general.First(g => g.Cause == e.Cause).Text).ToList();
        causes.AddRange(general.Where(g => seen.All(e => e.Cause != g.Cause)).Select(g => g.Text));
        return causes;
    }
}
