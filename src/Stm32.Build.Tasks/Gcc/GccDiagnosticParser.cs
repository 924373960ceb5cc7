using System.Globalization;
using System.Text.RegularExpressions;

namespace Stm32.Build.Tasks.Gcc;

/// <summary>The kind of a line gcc, as or ld printed.</summary>
public enum GccMessageKind
{
    /// <summary>Context or anything else (e.g. "In function 'main':"); logged as a message.</summary>
    Other,
    /// <summary>A note attached to the previous diagnostic.</summary>
    Note,
    /// <summary>A warning.</summary>
    Warning,
    /// <summary>An error (including "fatal error" and ld's undefined references and region overflows).</summary>
    Error,
}

/// <summary>One parsed line of tool output.</summary>
/// <param name="Kind">Error, warning, note or other.</param>
/// <param name="File">The file as the tool printed it, or null.</param>
/// <param name="Line">The 1-based line, or 0.</param>
/// <param name="Column">The 1-based column, or 0.</param>
/// <param name="Message">The tool's own text (without the location and kind prefix).</param>
/// <param name="Text">The whole line.</param>
public sealed record GccMessage(GccMessageKind Kind, string? File, int Line, int Column, string Message, string Text);

/// <summary>
/// Parses gcc/g++ (<c>file:line:col: error: text</c>), GNU as (<c>file:line: Error: text</c>) and ld
/// (<c>ld: text</c>, <c>file.c:(.text+0x8): undefined reference to ...</c>) output lines.
/// </summary>
public static partial class GccDiagnosticParser
{
    /// <summary>Parses one output line.</summary>
    public static GccMessage Parse(string text)
    {
        var m = Located().Match(text);
        if (m.Success)
        {
            var kind = m.Groups["kind"].Value.ToLowerInvariant() switch
            {
                "warning" => GccMessageKind.Warning,
                "note" => GccMessageKind.Note,
                _ => GccMessageKind.Error,
            };
            var col = m.Groups["col"].Success ? int.Parse(m.Groups["col"].Value, CultureInfo.InvariantCulture) : 0;
            return new GccMessage(kind, m.Groups["file"].Value, int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), col, m.Groups["msg"].Value, text);
        }
        var l = LinkerLocated().Match(text);
        if (l.Success)
        {
            // ld with debug information names the source line: "main.c:18: undefined reference to `f'".
            return new GccMessage(GccMessageKind.Error, l.Groups["file"].Value, int.Parse(l.Groups["line"].Value, CultureInfo.InvariantCulture), 0, l.Groups["msg"].Value, text);
        }
        var u = SectionReference().Match(text);
        if (u.Success)
        {
            var msg = u.Groups["msg"].Value;
            var kind = msg.StartsWith("warning:", StringComparison.Ordinal) ? GccMessageKind.Warning : GccMessageKind.Error;
            return new GccMessage(kind, u.Groups["file"].Value, 0, 0, msg, text);
        }
        var t = ToolLine().Match(text);
        if (t.Success)
        {
            var msg = t.Groups["msg"].Value;
            if (msg.StartsWith("warning:", StringComparison.Ordinal))
            {
                return new GccMessage(GccMessageKind.Warning, null, 0, 0, msg["warning:".Length..].Trim(), text);
            }
            if (msg.StartsWith("error:", StringComparison.Ordinal) || msg.StartsWith("fatal error:", StringComparison.Ordinal))
            {
                return new GccMessage(GccMessageKind.Error, null, 0, 0, msg[(msg.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), text);
            }
            if (msg.Contains("overflowed by", StringComparison.Ordinal) || msg.Contains("cannot find", StringComparison.Ordinal)
                || msg.Contains("cannot open", StringComparison.Ordinal) || msg.Contains("undefined reference", StringComparison.Ordinal)
                || msg.Contains("will not fit in region", StringComparison.Ordinal))
            {
                return new GccMessage(GccMessageKind.Error, null, 0, 0, msg, text);
            }
        }
        return new GccMessage(GccMessageKind.Other, null, 0, 0, text, text);
    }

    [GeneratedRegex(@"^(?<file>.+?):(?<line>\d+)(?::(?<col>\d+))?: (?<kind>fatal error|error|warning|note|Error|Warning): (?<msg>.*)$")]
    private static partial Regex Located();

    [GeneratedRegex(@"^\s*(?:\S*ld(?:\.bfd)?(?:\.exe)?: )?(?<file>.+?):(?<line>\d+): (?<msg>(?:undefined reference to|multiple definition of) .*)$")]
    private static partial Regex LinkerLocated();

    [GeneratedRegex(@"^(?<file>[^:(]+(?::[\\/][^:(]*)?):\(.*?\): (?<msg>.*)$")]
    private static partial Regex SectionReference();

    [GeneratedRegex(@"^(?<tool>(?:.*[\\/])?(?:arm-none-eabi-)?(?:gcc|g\+\+|ld|ld\.bfd|as|collect2|cc1|cc1plus)(?:\.exe)?): (?<msg>.*)$")]
    private static partial Regex ToolLine();
}
