using System.Text.RegularExpressions;
using Stm32.Build.Diagnostics;

namespace Stm32.SvdGen.Corrections;

/// <summary>
/// Reads a corrections file. One correction per line (docs/registers.md, "Corrections"):
/// <code>
/// TABLES  [+|-]TARGET  [key=value ...]  | SOURCE
/// </code>
/// TABLES is <c>*</c> or comma-separated table-name globs; TARGET is <c>P</c>, <c>P.R</c>, <c>P.R.F</c> or
/// <c>P@INTERRUPT</c> (+ adds, - deletes); SOURCE, required, is the manual section that justifies the line.
/// <c>#</c> starts a comment line. Malformed lines are STM5711 errors naming the file and line.
/// </summary>
internal static partial class CorrectionParser
{
    private static readonly string[] s_peripheralKeys = ["base", "size", "group", "name", "from"];
    private static readonly string[] s_registerKeys = ["offset", "reset", "mask", "access", "size", "write", "read", "name", "from"];
    private static readonly string[] s_fieldKeys = ["bits", "access", "write", "read", "name"];
    private static readonly string[] s_interruptKeys = ["number", "name"];

    /// <summary>Reads a corrections file from disk.</summary>
    public static List<Correction> ReadFile(string path, string displayPath) => Parse(File.ReadAllLines(path), displayPath);

    /// <summary>Parses the lines of a corrections file; <paramref name="file"/> is used in messages.</summary>
    public static List<Correction> Parse(IReadOnlyList<string> lines, string file)
    {
        var corrections = new List<Correction>();
        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            corrections.Add(ParseLine(text, file, i + 1));
        }
        return corrections;
    }

    private static Correction ParseLine(string text, string file, int line)
    {
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        var source = bar < 0 ? "" : text[(bar + 1)..].Trim();
        if (source.Length == 0)
        {
            throw Invalid(file, line, "no source: end the line with '| MANUAL SECTION' (e.g. '| RM0399 11.4.1')");
        }
        var tokens = text[..bar].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2)
        {
            throw Invalid(file, line, "expected 'TABLES TARGET [key=value ...] | SOURCE'");
        }
        var tables = tokens[0].Split(',', StringSplitOptions.RemoveEmptyEntries);
        var kind = tokens[1][0] switch { '+' => CorrectionKind.Add, '-' => CorrectionKind.Delete, _ => CorrectionKind.Modify };
        var target = ParseTarget(kind == CorrectionKind.Modify ? tokens[1] : tokens[1][1..], file, line);
        var allowed = target.Interrupt is not null ? s_interruptKeys
            : target.Field is not null ? s_fieldKeys
            : target.Register is not null ? s_registerKeys
            : s_peripheralKeys;
        var properties = new List<KeyValuePair<string, string>>();
        foreach (var token in tokens.Skip(2))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == token.Length - 1)
            {
                throw Invalid(file, line, $"'{token}' is not key=value");
            }
            var key = token[..eq];
            if (!allowed.Contains(key))
            {
                throw Invalid(file, line, $"'{key}' is not a property of a {Kind(target)}; expected one of {string.Join(", ", allowed)}");
            }
            if (properties.Exists(p => p.Key == key))
            {
                throw Invalid(file, line, $"'{key}' is given twice");
            }
            properties.Add(new(key, token[(eq + 1)..]));
        }
        if (kind == CorrectionKind.Delete && properties.Count > 0)
        {
            throw Invalid(file, line, "a deletion takes no properties");
        }
        if (kind == CorrectionKind.Modify && properties.Count == 0)
        {
            throw Invalid(file, line, "nothing to change: give key=value properties");
        }
        if (kind == CorrectionKind.Add && HasGlob(target.Peripheral) && target.Register is null && target.Interrupt is null)
        {
            throw Invalid(file, line, "an added peripheral needs a literal name, not a pattern");
        }
        var correction = new Correction(file, line, tables, kind, target, properties, source);
        CorrectionValues.Validate(correction);
        return correction;
    }

    private static CorrectionTarget ParseTarget(string text, string file, int line)
    {
        var match = TargetPattern().Match(text);
        if (!match.Success)
        {
            throw Invalid(file, line, $"'{text}' is not a target: expected PERIPHERAL, PERIPHERAL.REGISTER, PERIPHERAL.REGISTER.FIELD or PERIPHERAL@INTERRUPT");
        }
        string? Group(string name) => match.Groups[name].Success ? match.Groups[name].Value : null;
        return new CorrectionTarget(match.Groups["p"].Value, Group("r"), Group("f"), Group("i"));
    }

    /// <summary>Whether a peripheral name is a glob pattern.</summary>
    public static bool HasGlob(string name) => name.AsSpan().IndexOfAny("*?[") >= 0;

    private static string Kind(CorrectionTarget target) =>
        target.Interrupt is not null ? "interrupt" : target.Field is not null ? "field" : target.Register is not null ? "register" : "peripheral";

    /// <summary>An STM5711 error for a line.</summary>
    public static SvdGenException Invalid(string file, int line, string message) =>
        new(DiagnosticCodes.SvdCorrectionInvalid, message, file, line);

    [GeneratedRegex(@"^(?<p>[A-Za-z0-9_*?\[\]\-]+)(?:@(?<i>[A-Za-z0-9_]+)|\.(?<r>[A-Za-z0-9_]+)(?:\.(?<f>[A-Za-z0-9_]+))?)?$")]
    private static partial Regex TargetPattern();
}
