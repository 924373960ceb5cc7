using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images;

/// <summary>
/// A firmware image file is malformed. Carries an STM2xxx <see cref="Diagnostic"/> naming the file and the
/// line (text formats) or byte offset (ELF, binary), and the target address where known.
/// </summary>
public sealed class ImageFormatException : Stm32Exception
{
    /// <summary>Creates the exception from its diagnostic.</summary>
    public ImageFormatException(Diagnostic diagnostic, Exception? inner = null)
        : base(diagnostic, inner)
    {
    }

    /// <summary>Creates an error diagnostic and the exception in one step.</summary>
    public ImageFormatException(string code, string message, string file, int? line = null, long? offset = null, uint? address = null)
        : base(new Diagnostic(code, DiagnosticSeverity.Error, message, file, line, offset, address))
    {
    }
}
