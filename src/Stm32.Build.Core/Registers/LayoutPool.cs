using System.Collections.Concurrent;
using System.Text;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Registers;

/// <summary>
/// A layout pool file, kept as its UTF-8 bytes, indexed once (where each <c>layout ID</c> block starts) and parsed a
/// block at a time when a table first uses it: a table of one family parses only the layouts it uses, not the
/// family's whole pool, and the pool is never decoded as a whole. Thread-safe; each block is parsed once.
/// </summary>
internal sealed class LayoutPool
{
    private static ReadOnlySpan<byte> LayoutLine => "\nlayout "u8;

    private readonly byte[] _utf8;
    private readonly string _file;
    private readonly Dictionary<string, (int Start, int End)> _blocks;
    private readonly ConcurrentDictionary<string, Lazy<RegisterLayout>> _parsed = new(StringComparer.Ordinal);

    private LayoutPool(byte[] utf8, string file, Dictionary<string, (int Start, int End)> blocks)
    {
        _utf8 = utf8;
        _file = file;
        _blocks = blocks;
    }

    /// <summary>Every layout id in the pool.</summary>
    public IEnumerable<string> Ids => _blocks.Keys;

    /// <summary>
    /// Indexes a pool file: finds its <c>layout ID</c> lines with a vectorised search (no per-line work); anything
    /// but comments before the first one is an error. Line numbers for messages are counted only when needed.
    /// </summary>
    public static LayoutPool Index(byte[] utf8, string file)
    {
        var text = utf8.AsSpan();
        var blocks = new Dictionary<string, (int Start, int End)>(StringComparer.Ordinal);
        var lineStart = text.StartsWith(LayoutLine[1..]) ? 0 : NextLayoutLine(text, 0);
        CheckPreamble(text[..(lineStart < 0 ? text.Length : lineStart)], file);
        string? current = null;
        var bodyStart = 0;
        while (lineStart >= 0)
        {
            if (current is not null)
            {
                blocks[current] = (bodyStart, lineStart);
            }
            var endOfLine = text[lineStart..].IndexOf((byte)'\n');
            var idEnd = endOfLine < 0 ? text.Length : lineStart + endOfLine;
            current = Encoding.UTF8.GetString(text[(lineStart + 7)..idEnd]).Trim();
            if (current.Length == 0 || current.Contains(' '))
            {
                throw Error(file, LineOf(text, lineStart), "a layout line is 'layout ID'");
            }
            if (blocks.ContainsKey(current))
            {
                throw Error(file, LineOf(text, lineStart), $"layout {current} is defined twice");
            }
            bodyStart = idEnd == text.Length ? text.Length : idEnd + 1;
            lineStart = NextLayoutLine(text, idEnd);
        }
        if (current is not null)
        {
            blocks[current] = (bodyStart, text.Length);
        }
        return new LayoutPool(utf8, file, blocks);
    }

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
        {
            var text = Encoding.UTF8.GetString(_utf8, block.Start, block.End - block.Start);
            return LayoutPoolReader.ReadBlock(i, text, _file, LineOf(_utf8, block.Start) - 1);
        })).Value;
    }

    private static int NextLayoutLine(ReadOnlySpan<byte> text, int from)
    {
        var at = text[from..].IndexOf(LayoutLine);
        return at < 0 ? -1 : from + at + 1;
    }

    private static void CheckPreamble(ReadOnlySpan<byte> preamble, string file)
    {
        for (var line = 1; !preamble.IsEmpty; line++)
        {
            var endOfLine = preamble.IndexOf((byte)'\n');
            var content = (endOfLine < 0 ? preamble : preamble[..endOfLine]).Trim(" \t\r"u8);
            if (!content.IsEmpty && content[0] != (byte)'#')
            {
                throw Error(file, line, "a line before the first 'layout' line");
            }
            preamble = endOfLine < 0 ? [] : preamble[(endOfLine + 1)..];
        }
    }

    private static int LineOf(ReadOnlySpan<byte> text, int offset) => text[..offset].Count((byte)'\n') + 1;

    private static Stm32Exception Error(string file, int line, string message) =>
        new(new Diagnostic(DiagnosticCodes.RegisterTableCorrupt, DiagnosticSeverity.Error, $"register table data: {message}", file, line));
}
