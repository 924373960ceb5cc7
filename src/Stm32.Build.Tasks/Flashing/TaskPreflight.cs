using System.Globalization;
using Microsoft.Build.Utilities;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Preflight;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.Tasks;

/// <summary>
/// The brick-hazard preflight in the MSBuild tasks (Stm32Validate after link, Stm32Flash before anything is erased):
/// the request from the properties Stm32Board, Stm32BoardSupply, Stm32Preflight and Stm32BootTime, and its findings
/// logged as coded errors and warnings (errors as warnings with Stm32AllowHazards=true).
/// </summary>
internal static class TaskPreflight
{
    /// <summary>The request, or null when Stm32Preflight=false, the device has no virtual model or no image has a core.</summary>
    public static PreflightRequest? Request(DeviceDescription device, IReadOnlyList<ImageInput> inputs, string? board, string? supply, string? enabled, string? bootTime, string? file)
    {
        if (!MSBuildBoolean.Parse(enabled, true, Stm32Names.FlashProperties.Preflight, file) || !PreflightRunner.IsModelled(device))
        {
            return null;
        }
        TimeSpan? budget = null;
        if (!string.IsNullOrWhiteSpace(bootTime))
        {
            if (!int.TryParse(bootTime!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms < 1 || ms > 60_000)
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.PreflightInvalidRequest, DiagnosticSeverity.Error,
                    $"{Stm32Names.FlashProperties.BootTime}='{bootTime}' is not a number of milliseconds from 1 to 60000", File: file));
            }
            budget = TimeSpan.FromMilliseconds(ms);
        }
        SupplyWiring? wiring = null;
        if (!string.IsNullOrWhiteSpace(supply))
        {
            if (!SupplyWiringNames.TryParse(supply, out var w))
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.UnknownSupplyConfiguration, DiagnosticSeverity.Error,
                    $"{Stm32Names.FlashProperties.BoardSupply}='{supply}' is not a supply configuration; use one of {string.Join(", ", SupplyWiringNames.All)}", File: file));
            }
            wiring = w;
        }
        var images = PreflightImage.For(device, inputs);
        if (images.Count == 0)
        {
            return null;
        }
        return new PreflightRequest
        {
            Device = device,
            Images = images,
            Board = string.IsNullOrWhiteSpace(board) ? null : BoardCatalog.Resolve(board!.Trim(), device.Name),
            DeclaredSupply = wiring,
            Budget = budget,
        };
    }

    /// <summary>The line that says the images were booted (one per dry run: builds and tests count them).</summary>
    public static void LogBooted(TaskLoggingHelper log, PreflightResult result) =>
        log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, string.Create(CultureInfo.InvariantCulture,
            $"Stm32.Build: booted {result.Simulated.TotalMilliseconds:0.#} ms on the virtual board ({result.Board}): {result.Hazards.Count()} hazard(s)."));

    /// <summary>Logs the findings; true when an error was logged.</summary>
    public static bool Log(TaskLoggingHelper log, IEnumerable<Diagnostic> findings, string fallbackFile)
    {
        var errors = false;
        foreach (var d in findings)
        {
            var help = Stm32ProbeTask.HelpBase + d.Code.ToLowerInvariant();
            var file = d.File ?? fallbackFile;
            switch (d.Severity)
            {
                case DiagnosticSeverity.Error:
                    log.LogError(null, d.Code, null, help, file, 0, 0, 0, 0, d.Message);
                    errors = true;
                    break;
                case DiagnosticSeverity.Warning:
                    log.LogWarning(null, d.Code, null, help, file, 0, 0, 0, 0, d.Message);
                    break;
                default:
                    log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"Stm32.Build: {d.Code}: {d.Message}");
                    break;
            }
        }
        return errors;
    }
}
