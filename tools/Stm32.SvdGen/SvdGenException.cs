using Stm32.Build.Diagnostics;

namespace Stm32.SvdGen;

/// <summary>An error of the generator: a coded diagnostic naming the file and, where known, the line.</summary>
internal sealed class SvdGenException(string code, string message, string? file = null, int? line = null)
    : Stm32Exception(new Diagnostic(code, DiagnosticSeverity.Error, message, file, line));
