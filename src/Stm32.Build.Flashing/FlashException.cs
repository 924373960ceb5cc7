using Stm32.Build.Diagnostics;

namespace Stm32.Build.Flashing;

/// <summary>
/// A failure of the flashing pipeline (STM4xxx) with its diagnostic; errors of the layers below (probe, transport,
/// STM3xxx) pass through as their own <see cref="Stm32Exception"/> types.
/// </summary>
public sealed class FlashException : Stm32Exception
{
    /// <summary>Creates the exception from its diagnostic.</summary>
    public FlashException(Diagnostic diagnostic, Exception? inner = null)
        : base(diagnostic, inner)
    {
    }

    /// <summary>The ranked likely causes, for the recovery diagnostic (empty otherwise).</summary>
    public IReadOnlyList<string> LikelyCauses { get; init; } = [];

    /// <summary>The exact recovery steps, for the recovery diagnostic (empty otherwise).</summary>
    public IReadOnlyList<string> RecoverySteps { get; init; } = [];
}

/// <summary>Small helpers that build the pipeline's coded exceptions.</summary>
internal static class FlashErrors
{
    public static FlashException Create(string code, string message, uint? address = null, Exception? inner = null, string? file = null) =>
        new(new Diagnostic(code, DiagnosticSeverity.Error, message, File: file, Address: address), inner);

    public static Diagnostic Warning(string code, string message, uint? address = null) =>
        new(code, DiagnosticSeverity.Warning, message, Address: address);

    public static Diagnostic Info(string code, string message, uint? address = null) =>
        new(code, DiagnosticSeverity.Info, message, Address: address);
}
