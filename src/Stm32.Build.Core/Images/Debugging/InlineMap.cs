using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images.Debugging;

/// <summary>Where inlined code at an address was called from.</summary>
/// <param name="CallSite">The outermost call site: the line of the out-of-line function that the inlined code was
/// placed into (DW_AT_call_file/DW_AT_call_line of the outermost DW_TAG_inlined_subroutine holding the address).</param>
/// <param name="Functions">The inlined functions holding the address, outermost first (their abstract origins' names;
/// empty when none is named).</param>
public readonly record struct InlinedCall(SourceLocation CallSite, IReadOnlyList<string> Functions)
{
    /// <summary>The innermost inlined function (the one whose code the instruction is), or null when unnamed.</summary>
    public string? Innermost => Functions.Count > 0 ? Functions[^1] : null;
}

/// <summary>
/// The concrete inlined instances of a linked ELF (DWARF 4/5 3.3.8.2, DW_TAG_inlined_subroutine in
/// <c>.debug_info</c>): for an address inside code inlined from another function (a <c>static inline</c> helper of a
/// header such as CMSIS' <c>__WFI</c>), the line of the function it was inlined into — where the engineer wrote the
/// call — which the line table alone does not give (it names the helper's own line). Read once; corrupt or
/// unsupported debugging information never throws: the map holds what could be read and
/// <see cref="ProblemDiagnostic"/> says what could not (STM1539).
/// </summary>
public sealed class InlineMap
{
    private readonly InlinedRange[] _ranges;
    private readonly Dictionary<long, string> _names;

    private InlineMap(InlinedRange[] ranges, Dictionary<long, string> names, Diagnostic? problem)
    {
        _ranges = ranges;
        _names = names;
        ProblemDiagnostic = problem;
    }

    /// <summary>The map of a file without debugging information entries: every lookup fails, no problem.</summary>
    public static InlineMap Empty { get; } = new([], [], null);

    /// <summary>Why the information is absent or partial (a warning), or null.</summary>
    public Diagnostic? ProblemDiagnostic { get; }

    /// <summary>The number of inlined address ranges.</summary>
    public int RangeCount => _ranges.Length;

    /// <summary>
    /// Reads the inlined instances of the ELF file <paramref name="elfFile"/> (<c>.debug_info</c>, <c>.debug_abbrev</c>,
    /// the range lists, and the line table headers for the call files). A file without <c>.debug_info</c> gives
    /// <see cref="Empty"/>. Never throws for bad input.
    /// </summary>
    public static InlineMap Read(ReadOnlySpan<byte> elfFile, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        Dictionary<string, DebugSection> sections;
        try
        {
            sections = ElfDebugSections.Find(elfFile, fileName,
            [
                ElfDebugSections.DebugInfo, ElfDebugSections.DebugAbbrev, ElfDebugSections.DebugStr, ElfDebugSections.DebugLineStr,
                ElfDebugSections.DebugLine, ElfDebugSections.DebugRanges, ElfDebugSections.DebugRngLists,
            ]);
        }
        catch (ImageFormatException e)
        {
            return new InlineMap([], [], e.Diagnostic with { Code = DiagnosticCodes.DebugInfoUnreadable, Severity = DiagnosticSeverity.Warning });
        }
        if (!sections[ElfDebugSections.DebugInfo].IsPresent)
        {
            return Empty;
        }
        var reader = new DebugInfoReader(elfFile, fileName, sections);
        reader.ReadAll();
        return new InlineMap([.. reader.Ranges], reader.Names, reader.Problem);
    }

    /// <summary>
    /// Whether <paramref name="address"/> (Thumb bit ignored) is in inlined code, and if so the outermost call site and
    /// the inlined functions holding it. False outside inlined code, and when the outermost instance has no call
    /// line (DW_AT_call_line absent or 0) or a call file its line table does not have.
    /// </summary>
    public bool TryFind(uint address, out InlinedCall call)
    {
        address &= ~1u;
        var holding = new List<InlinedRange>();
        foreach (var r in _ranges)
        {
            if (address >= r.Start && address < r.End)
            {
                holding.Add(r);
            }
        }
        call = default;
        if (holding.Count == 0)
        {
            return false;
        }
        holding.Sort((a, b) => a.Depth.CompareTo(b.Depth));
        var outermost = holding[0];
        if (outermost.CallFile is null || outermost.CallLine <= 0)
        {
            return false;
        }
        var names = holding.Select(r => _names.GetValueOrDefault(r.Origin)).OfType<string>().ToList();
        call = new InlinedCall(new SourceLocation(outermost.CallFile, outermost.CallLine, 0), names);
        return true;
    }
}
