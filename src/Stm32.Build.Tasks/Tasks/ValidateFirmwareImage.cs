using Microsoft.Build.Framework;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Validation;

namespace Stm32.Build.Tasks;

/// <summary>
/// Validates a freshly linked image against its device right after link (Stm32.Build.Validation's
/// <see cref="ImageValidator"/>: memory map, size, vector table at the core's boot address, dual-core bank rules).
/// Findings are logged with their STM1xxx codes; errors fail the build before anything is flashed.
/// </summary>
public sealed class ValidateFirmwareImage : Stm32Task
{
    /// <summary>The linked ELF.</summary>
    [Required] public string ElfFile { get; set; } = string.Empty;
    /// <summary>The device (Stm32Device), e.g. STM32H747XI.</summary>
    [Required] public string Device { get; set; } = string.Empty;
    /// <summary>The core the image is for (Stm32Core); empty lets the validator take or infer it.</summary>
    public string? Core { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var device = DeviceCatalog.BuiltIn.Get(Device);
        var failures = new List<Diagnostic>();
        var inputs = ImageFileSpec.ReadAll([new ImageFileSpec(ElfFile, string.IsNullOrWhiteSpace(Core) ? null : Core.Trim())], device, failures);
        foreach (var failure in failures)
        {
            LogDiagnostic(failure);
        }
        if (inputs.Count == 0)
        {
            return;
        }
        var result = new ImageValidator(device).Validate(inputs);
        foreach (var finding in result.Diagnostics)
        {
            LogDiagnostic(finding with { File = finding.File ?? ElfFile });
        }
        Log.LogMessage(MessageImportance.Normal,
            $"Stm32.Build: validated {Path.GetFileName(ElfFile)} for {device.Name}: {result.ErrorCount} error(s), {result.WarningCount} warning(s).");
    }
}
