using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images.Debugging;

/// <summary>One address range of the source map: [Start, End) came from line <c>Line</c> of file <c>File</c>.</summary>
internal readonly record struct SourceRange(uint Start, uint End, int File, int Line, int Column);

/// <summary>
/// Collects the rows of finished sequences into address ranges (each row reaches up to the next row's address in
/// its sequence; of several rows at one address the last counts, as binutils' addr2line does), the file paths once
/// each, and the first problem met. Sorts once at the end.
/// </summary>
internal sealed class SourceMapBuilder
{
    /// <summary>The most ranges kept (a bound on memory for absurd input; real firmware has tens of thousands).</summary>
    public const int MaxRanges = 1 << 24;

    private readonly List<SourceRange> _ranges = [];
    private readonly List<string> _files = [];
    private readonly Dictionary<string, int> _fileIds = new(StringComparer.Ordinal);
    private readonly List<(uint Address, int File, int Line, int Column)> _sequence = [];
    private Diagnostic? _problem;
    private int _problems;

    /// <summary>Whether the range bound is reached (reading stops, the map is partial).</summary>
    public bool IsFull { get; private set; }

    public int FileId(string path)
    {
        if (!_fileIds.TryGetValue(path, out int id))
        {
            id = _files.Count;
            _files.Add(path);
            _fileIds.Add(path, id);
        }
        return id;
    }

    public void Row(uint address, int file, int line, int column) => _sequence.Add((address, file, line, column));

    /// <summary>Ends the sequence at <paramref name="end"/> (the address of DW_LNE_end_sequence, the first byte after it).</summary>
    public void EndSequence(uint end)
    {
        for (int i = 0; i < _sequence.Count; i++)
        {
            var row = _sequence[i];
            uint next = i + 1 < _sequence.Count ? _sequence[i + 1].Address : end;
            if (next <= row.Address)
            {
                continue; // a later row at the same address wins; rows out of order describe nothing
            }
            if (_ranges.Count >= MaxRanges)
            {
                IsFull = true;
                Problem(new Diagnostic(DiagnosticCodes.DebugLineInvalidProgram, DiagnosticSeverity.Warning,
                    $"the line information has more than {MaxRanges} address ranges; the rest is left out"));
                break;
            }
            _ranges.Add(new SourceRange(row.Address, next, row.File, row.Line, row.Column));
        }
        _sequence.Clear();
    }

    /// <summary>Drops the rows of a sequence that did not reach DW_LNE_end_sequence.</summary>
    public void AbandonSequence() => _sequence.Clear();

    /// <summary>Notes a problem; the first one is kept, the rest counted.</summary>
    public void Problem(Diagnostic diagnostic)
    {
        _problems++;
        _problem ??= diagnostic with { Severity = DiagnosticSeverity.Warning };
    }

    public SourceMap Build()
    {
        AbandonSequence();
        var ranges = _ranges.ToArray();
        Array.Sort(ranges, static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var problem = _problem is { } p && _problems > 1
            ? p with { Message = $"{p.Message} (and {_problems - 1} more problem(s) in the line information)" }
            : _problem;
        return new SourceMap(ranges, [.. _files], problem);
    }
}
