using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images.Debugging;

/// <summary>
/// Maps instruction addresses of a linked ELF to source file and line, from its DWARF line information
/// (<c>.debug_line</c>, DWARF 2–5 as arm-none-eabi-gcc emits it; DWARF 4/5 section 6.2). Built once as a sorted
/// table of address ranges; a lookup is a binary search. Corrupt or truncated line information never throws: the
/// map holds what could be read and <see cref="Problem"/> says what could not.
/// </summary>
public sealed class SourceMap
{
    private readonly SourceRange[] _ranges;   // sorted by Start
    private readonly uint[] _maxEnd;          // _maxEnd[i] = the largest End of _ranges[0..i]
    private readonly string[] _files;

    internal SourceMap(SourceRange[] ranges, string[] files, Diagnostic? problem)
    {
        _ranges = ranges;
        _files = files;
        ProblemDiagnostic = problem;
        _maxEnd = new uint[ranges.Length];
        uint max = 0;
        for (int i = 0; i < ranges.Length; i++)
        {
            max = Math.Max(max, ranges[i].End);
            _maxEnd[i] = max;
        }
    }

    /// <summary>The map of a file without line information: every lookup fails, no problem.</summary>
    public static SourceMap Empty { get; } = new([], [], null);

    /// <summary>
    /// Reads the line information of the ELF file <paramref name="elfFile"/>. A file without <c>.debug_line</c> gives
    /// <see cref="Empty"/>; line information that cannot be read (wholly or partly) gives what could be read and a
    /// <see cref="Problem"/> (STM1540–STM1545). Never throws for bad input.
    /// </summary>
    /// <param name="elfFile">The whole ELF file.</param>
    /// <param name="fileName">The file's name, for the problem's message.</param>
    public static SourceMap Read(ReadOnlySpan<byte> elfFile, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        DebugSection line, lineStr, str;
        try
        {
            (line, lineStr, str) = ElfDebugSections.Find(elfFile, fileName);
        }
        catch (ImageFormatException e)
        {
            return new SourceMap([], [], e.Diagnostic with { Severity = DiagnosticSeverity.Warning });
        }
        if (!line.IsPresent)
        {
            return Empty;
        }
        var builder = new SourceMapBuilder();
        new LineTableReader(elfFile, fileName, line, lineStr, str, builder).ReadAll();
        return builder.Build();
    }

    /// <summary>Why the line information is absent or partial (the code, the message and where), or null.</summary>
    public string? Problem => ProblemDiagnostic?.ToCanonicalString();

    /// <summary>The problem as a coded diagnostic (a warning: a missing source line never fails anything), or null.</summary>
    public Diagnostic? ProblemDiagnostic { get; }

    /// <summary>Whether the map has no address at all.</summary>
    public bool IsEmpty => _ranges.Length == 0;

    /// <summary>The number of address ranges (rows with a non-empty range).</summary>
    public int RangeCount => _ranges.Length;

    /// <summary>
    /// The source line of the instruction at <paramref name="address"/> (bit 0, the Thumb bit, is ignored): the
    /// row whose range holds the address. False when no row does, or the row has no line (line 0, DWARF 4/5 6.2.2) or
    /// a file the table does not have.
    /// </summary>
    public bool TryFind(uint address, out SourceLocation location)
    {
        address &= ~1u;
        int i = UpperBound(address) - 1;
        for (; i >= 0 && _maxEnd[i] > address; i--)
        {
            var r = _ranges[i];
            if (address < r.End)
            {
                if (r.File < 0 || r.Line <= 0)
                {
                    break;
                }
                location = new SourceLocation(_files[r.File], r.Line, r.Column);
                return true;
            }
        }
        location = default;
        return false;
    }

    /// <summary>The index of the first range that starts after <paramref name="address"/>.</summary>
    private int UpperBound(uint address)
    {
        int lo = 0, hi = _ranges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ranges[mid].Start <= address)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
