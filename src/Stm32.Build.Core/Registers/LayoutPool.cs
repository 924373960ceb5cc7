using System.Collections.Concurrent;

namespace Stm32.Build.Registers;

/// <summary>
/// A layout pool file, indexed once (where each <c>layout ID</c> block starts) and parsed a block at a time when a
/// table first refers to it: a table of one family parses only the layouts it uses, not the family's whole pool.
/// Thread-safe; each block is parsed once.
/// </summary>
internal sealed class LayoutPool
{
    private readonly string _text;
    private readonly string _file;
    private readonly Dictionary<string, (int Start, int End)> _blocks;
    private readonly ConcurrentDictionary<string, Lazy<RegisterLayout>> _parsed = new(StringComparer.Ordinal);

    private LayoutPool(string text, string file, Dictionary<string, (int Start, int End)> blocks)
    {
        _text = text;
        _file = file;
        _blocks = blocks;
    }

    /// <summary>Every layout id in the pool.</summary>
    public IEnumerable<string> Ids => _blocks.Keys;

    /// <summary>
    /// Indexes a pool file: finds its <c>layout ID</c> lines (a vectorised search, no per-line work); anything but
    /// comments before the first one is an error. Line numbers for messages are counted only when needed.
    /// </summary>
    public static LayoutPool Index(string text, string file)
    {
        var blocks = new Dictionary<string, (int Start, int End)>(StringComparer.Ordinal);
        var lineStart = text.StartsWith("layout ", StringComparison.Ordinal) ? 0 : NextLayoutLine(text, 0);
        CheckPreamble(text, lineStart < 0 ? text.Length : lineStart, file);
        string? current = null;
        var bodyStart = 0;
        while (lineStart >= 0)
        {
            if (current is not null)
            {
                blocks[current] = (bodyStart, lineStart);
            }
            var endOfLine = text.IndexOf('\n', lineStart);
            var idEnd = endOfLine < 0 ? text.Length : endOfLine;
            current = text.AsSpan(lineStart + 7, idEnd - lineStart - 7).Trim().ToString();
            if (current.Length == 0 || current.Contains(' '))
            {
                throw Error(file, LineOf(text, lineStart), "a layout line is 'layout ID'");
            }
            if (blocks.ContainsKey(current))
            {
                throw Error(file, LineOf(text, lineStart), $"layout {current} is defined twice");
            }
            bodyStart = endOfLine < 0 ? text.Length : endOfLine + 1;
            lineStart = NextLayoutLine(text, idEnd);
        }
        if (current is not null)
        {
            blocks[current] = (bodyStart, text.Length);
        }
        return new LayoutPool(text, file, blocks);
    }

    private static int NextLayoutLine(string text, int from)
    {
        var at = text.IndexOf("\nlayout ", from, StringComparison.Ordinal);
        return at < 0 ? -1 : at + 1;
    }

    private static void CheckPreamble(string text, int end, string file)
    {
        var rest = text.AsSpan(0, end);
        for (var line = 1; !rest.IsEmpty; line++)
        {
            var endOfLine = rest.IndexOf('\n');
            var content = (endOfLine < 0 ? rest : rest[..endOfLine]).Trim();
            if (!content.IsEmpty && content[0] != '#')
            {
                throw Error(file, line, "a line before the first 'layout' line");
            }
            rest = endOfLine < 0 ? [] : rest[(endOfLine + 1)..];
        }
    }

    private static int LineOf(string text, int offset) => text.AsSpan(0, offset).Count('\n') + 1;

    /// <summary>Whether the pool has a layout of this id (without parsing it).</summary>
    public bool Contains(string id) => _blocks.ContainsKey(id);

    /// <summary>The layout with this id, parsed on first use; null when the pool has none of that id.</summary>
    public RegisterLayout? Get(string id)
    {
        if (!_blocks.TryGetValue(id, out var block))
        {
            return null;
        }
        return _parsed.GetOrAdd(id, i => new Lazy<RegisterLayout>(() =>
            LayoutPoolReader.ReadBlock(i, _text.AsSpan(block.Start, block.End - block.Start), _file, LineOf(_text, block.Start) - 1))).Value;
    }

    private static Diagnostics.Stm32Exception Error(string file, int line, string message) =>
        new(new Diagnostics.Diagnostic(Diagnostics.DiagnosticCodes.RegisterTableCorrupt, Diagnostics.DiagnosticSeverity.Error,
            $"register table data: {message}", file, line));
}
