using Stm32.Build.Diagnostics;

namespace Stm32.Build.Validation;

/// <summary>The findings of a validation, in the order they were found (per input, then across inputs).</summary>
public sealed class ValidationResult
{
    internal ValidationResult(IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<ResolvedImage> images)
    {
        Diagnostics = diagnostics;
        Images = images;
    }

    /// <summary>Every finding.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The validated images with the core each was taken to be for.</summary>
    public IReadOnlyList<ResolvedImage> Images { get; }

    /// <summary>Whether any finding is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The number of errors.</summary>
    public int ErrorCount => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The number of warnings.</summary>
    public int WarningCount => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
}

/// <summary>An input after validation: the image, its core (given or inferred) and that core's boot address.</summary>
/// <param name="Image">The image.</param>
/// <param name="Core">The core name, or null when it could not be told.</param>
/// <param name="BootAddress">The boot address the image was checked against.</param>
public sealed record ResolvedImage(Images.FirmwareImage Image, string? Core, uint? BootAddress);
