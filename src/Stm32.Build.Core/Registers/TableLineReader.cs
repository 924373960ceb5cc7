using System.Globalization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Registers;

/// <summary>
/// Walks the lines of a table or pool file: skips blank and <c>#</c> lines, splits a line into space-separated
/// tokens, parses numbers, and turns every problem into an STM5701 error naming the file and line.
/// </summary>
internal ref struct TableLineReader
{
    private const int MaxTokens = 16;
    private readonly string _file;
    private ReadOnlySpan<char> _rest;
    private ReadOnlySpan<char> _line;
    private readonly Span<Range> _ranges;

    public TableLineReader(string text, string file, Span<Range> ranges)
        : this(text, file, ranges, 0)
    {
    }

    /// <summary>A reader over part of a file whose first line is line <paramref name="linesBefore"/> + 1.</summary>
    public TableLineReader(ReadOnlySpan<char> text, string file, Span<Range> ranges, int linesBefore)
    {
        _file = file;
        _rest = text;
        _ranges = ranges;
        LineNumber = linesBefore;
        TokenCount = 0;
    }

    /// <summary>The 1-based number of the current line.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The number of tokens on the current line.</summary>
    public int TokenCount { get; private set; }

    /// <summary>A buffer big enough for any line's tokens.</summary>
    public static Range[] CreateBuffer() => new Range[MaxTokens + 1];

    /// <summary>Moves to the next line that holds data; false at the end.</summary>
    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            var end = _rest.IndexOf('\n');
            var line = end < 0 ? _rest : _rest[..end];
            _rest = end < 0 ? [] : _rest[(end + 1)..];
            LineNumber++;
            line = line.TrimEnd('\r');
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }
            _line = line;
            TokenCount = line.Split(_ranges, ' ', StringSplitOptions.RemoveEmptyEntries);
            if (TokenCount > MaxTokens)
            {
                throw Error($"more than {MaxTokens} tokens on a line");
            }
            return true;
        }
        return false;
    }

    /// <summary>Token <paramref name="index"/> of the current line.</summary>
    public readonly ReadOnlySpan<char> Token(int index) =>
        index < TokenCount ? _line[_ranges[index]] : throw Error($"expected at least {index + 1} tokens");

    /// <summary>Token <paramref name="index"/> as a string.</summary>
    public readonly string Text(int index) => Token(index).ToString();

    /// <summary>Token <paramref name="index"/> as hexadecimal.</summary>
    public readonly uint Hex(int index) => Hex(Token(index), index);

    /// <summary>A hexadecimal value from a token (or part of one).</summary>
    public readonly uint Hex(ReadOnlySpan<char> token, int index) =>
        uint.TryParse(token, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value : throw Error($"token {index + 1} '{token}' is not a hexadecimal number");

    /// <summary>A decimal value from a token (or part of one), at most <paramref name="max"/>.</summary>
    public readonly int Decimal(ReadOnlySpan<char> token, int index, int max) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? value : throw Error($"token {index + 1} '{token}' is not a number up to {max}");

    /// <summary>An STM5701 error at the current line.</summary>
    public readonly Stm32Exception Error(string message) =>
        new(new Diagnostic(DiagnosticCodes.RegisterTableCorrupt, DiagnosticSeverity.Error, $"register table data: {message}", _file, LineNumber));
}
