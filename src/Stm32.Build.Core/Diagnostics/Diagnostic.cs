using System.Globalization;
using System.Text;

namespace Stm32.Build.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Information only; never fails a build.</summary>
    Info,
    /// <summary>Something is probably wrong but the operation can go on.</summary>
    Warning,
    /// <summary>The operation fails.</summary>
    Error,
}

/// <summary>
/// One finding or failure with a stable STMxxxx code, a message and, where known, the place it comes from:
/// the file, a line (text formats) or byte offset (binary formats), and the target address.
/// </summary>
/// <param name="Code">The stable code, e.g. <c>STM1001</c>; see <see cref="DiagnosticCodes"/>.</param>
/// <param name="Severity">Error, warning or information.</param>
/// <param name="Message">A sentence a person can act on.</param>
/// <param name="File">The input file the finding belongs to, when there is one.</param>
/// <param name="Line">The 1-based line in a text file, when known.</param>
/// <param name="Offset">The byte offset in a binary file, when known.</param>
/// <param name="Address">The target address the finding is about, when there is one.</param>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string Message,
    string? File = null,
    int? Line = null,
    long? Offset = null,
    uint? Address = null)
{
    /// <summary>
    /// The MSBuild/compiler canonical form: <c>FILE(LINE): error STM1xxx: message</c> where a line is known,
    /// <c>FILE: error STM1xxx: message</c> otherwise, <c>stm32: error ...</c> with no file.
    /// CI systems and IDEs turn these lines into annotations.
    /// </summary>
    public string ToCanonicalString()
    {
        var sb = new StringBuilder();
        sb.Append(string.IsNullOrEmpty(File) ? "stm32" : File);
        if (Line is int line && !string.IsNullOrEmpty(File))
        {
            sb.Append('(').Append(line.ToString(CultureInfo.InvariantCulture)).Append(')');
        }
        sb.Append(": ").Append(SeverityWord(Severity)).Append(' ').Append(Code).Append(": ").Append(Message);
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToCanonicalString();

    /// <summary>The lower-case word used for a severity in canonical messages.</summary>
    public static string SeverityWord(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>Formats an address the way every message in the product does: <c>0x08000000</c>.</summary>
    public static string Hex(uint address) => "0x" + address.ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>Formats a 64-bit end address (which may be 0x100000000) like <see cref="Hex(uint)"/>.</summary>
    public static string Hex(ulong address) =>
        "0x" + address.ToString(address > uint.MaxValue ? "X9" : "X8", CultureInfo.InvariantCulture);
}
