using Microsoft.Build.Framework;
using Stm32.Build.Diagnostics;
using Stm32.Build.Preflight;
using Stm32.Build.Validation;

namespace Stm32.Build.Tasks;

/// <summary>
/// Validates the images against the device with no probe (memory map, size, vector table, bank rules). The
/// Stm32Validate target runs it incrementally (Inputs: the images; Outputs: a stamp file written on success).
/// </summary>
public sealed class Stm32Validate : Stm32Task
{
    /// <summary>The images, with optional Device, Core and Address metadata.</summary>
    [Required] public ITaskItem[] Images { get; set; } = [];

    /// <summary>The device (Stm32Device) for items without Device metadata.</summary>
    public string? Device { get; set; }

    /// <summary>The file errors are reported against when there is no image (the project).</summary>
    public string? LocationFile { get; set; }

    /// <summary>The board (Stm32Board): a bundled name or a board description file.</summary>
    public string? Board { get; set; }

    /// <summary>The board's supply wiring (Stm32BoardSupply).</summary>
    public string? BoardSupply { get; set; }

    /// <summary>Stm32AllowHazards: the preflight's errors are reported as warnings.</summary>
    public string? AllowHazards { get; set; }

    /// <summary>Stm32Preflight: false skips booting the images on the virtual board.</summary>
    public string? Preflight { get; set; }

    /// <summary>Stm32BootTime: virtual milliseconds of the preflight.</summary>
    public string? BootTime { get; set; }

    /// <summary>Where the preflight's result is kept for the Flash target's gate (Stm32PreflightResultFile); empty keeps none.</summary>
    public string? ResultFile { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        if (Images.Length == 0)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.NothingToFlash, DiagnosticSeverity.Error,
                "nothing to validate: add <Stm32Flash Include=\"app.elf\" /> items or build a firmware project", File: LocationFile));
        }
        var device = FlashImages.Device(Images, Device, LocationFile);
        var failures = new List<Diagnostic>();
        var inputs = ImageFileSpec.ReadAll(FlashImages.Specs(Images, device), device, failures);
        foreach (var failure in failures)
        {
            Log.LogError(null, failure.Code, null, Stm32ProbeTask.HelpBase + failure.Code.ToLowerInvariant(), failure.File, failure.Line ?? 0, 0, 0, 0, failure.Message);
        }
        if (inputs.Count == 0)
        {
            return;
        }
        var result = new ImageValidator(device).Validate(inputs);
        foreach (var d in result.Diagnostics)
        {
            var file = d.File ?? Images[0].GetMetadata("FullPath");
            var help = Stm32ProbeTask.HelpBase + d.Code.ToLowerInvariant();
            var message = d.Address is uint a && !d.Message.Contains(Diagnostic.Hex(a), StringComparison.Ordinal) ? $"{d.Message} (at {Diagnostic.Hex(a)})" : d.Message;
            switch (d.Severity)
            {
                case DiagnosticSeverity.Error:
                    Log.LogError(null, d.Code, null, help, file, d.Line ?? 0, 0, 0, 0, message);
                    break;
                case DiagnosticSeverity.Warning:
                    Log.LogWarning(null, d.Code, null, help, file, d.Line ?? 0, 0, 0, 0, message);
                    break;
                default:
                    Log.LogMessage(MessageImportance.Normal, $"Stm32.Build: {d.Code}: {message}");
                    break;
            }
        }
        if (result.ErrorCount == 0 && TaskPreflight.Request(device, inputs, Board, BoardSupply, Preflight, BootTime, LocationFile) is { } request)
        {
            var allow = MSBuildBoolean.Parse(AllowHazards, false, Stm32Names.FlashProperties.AllowHazards, LocationFile);
            var booted = PreflightRunner.Run(request);
            TaskPreflight.Log(Log, FlashGate.Verdict(booted, allow).Diagnostics, Images[0].GetMetadata("FullPath"));
            TaskPreflight.LogBooted(Log, booted);
            if (!string.IsNullOrWhiteSpace(ResultFile))
            {
                // For the Flash target's gate: the same images on the same board are not booted again.
                PreflightRecord.Write(ResultFile!, PreflightRecord.Key(request), booted);
            }
        }
        else if (!string.IsNullOrWhiteSpace(ResultFile) && File.Exists(ResultFile))
        {
            File.Delete(ResultFile);
        }
        Log.LogMessage(MessageImportance.High,
            $"Stm32.Build: validated {string.Join(", ", Images.Select(i => Path.GetFileName(i.ItemSpec)))} for {device.Name}: {result.ErrorCount} error(s), {result.WarningCount} warning(s).");
    }
}
