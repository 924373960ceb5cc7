using System.Text;
using Stm32.Build.Diagnostics;
using static Stm32.Build.Images.Debugging.DwarfInfoConstants;

namespace Stm32.Build.Images.Debugging;

/// <summary>One address range of a concrete inlined instance (DWARF 4/5, 3.3.8.2): [Start, End) is code of an inlined
/// function; the call was at CallFile:CallLine; Depth inlined instances enclose it (0: it sits in an out-of-line
/// function); Origin is the .debug_info offset of its abstract origin (the function's name).</summary>
internal readonly record struct InlinedRange(uint Start, uint End, int Depth, string? CallFile, int CallLine, long Origin);

/// <summary>
/// Walks every compilation unit of <c>.debug_info</c> (DWARF 2–5, 32-bit DWARF, 4-byte addresses) and collects the
/// address ranges of DW_TAG_inlined_subroutine entries with their call sites (DW_AT_call_file resolved through the
/// unit's line table header, DW_AT_call_line) and the names of subprograms (for DW_AT_abstract_origin). A unit that
/// cannot be read is left off and the walk goes on with the next when its length can be trusted; the first problem is
/// kept. Every loop consumes input, so nothing hangs.
/// </summary>
internal ref struct DebugInfoReader
{
    /// <summary>The most inlined ranges kept (a bound on memory for absurd input).</summary>
    public const int MaxRanges = 1 << 20;

    private readonly ReadOnlySpan<byte> _file;
    private readonly string _path;
    private readonly DebugSection _info, _abbrev, _str, _lineStr, _line, _ranges, _rngLists;
    private readonly Dictionary<long, Dictionary<ulong, Abbreviation>> _abbrevTables = [];

    public DebugInfoReader(ReadOnlySpan<byte> file, string path, IReadOnlyDictionary<string, DebugSection> sections)
    {
        _file = file;
        _path = path;
        _info = sections[ElfDebugSections.DebugInfo];
        _abbrev = sections[ElfDebugSections.DebugAbbrev];
        _str = sections[ElfDebugSections.DebugStr];
        _lineStr = sections[ElfDebugSections.DebugLineStr];
        _line = sections[ElfDebugSections.DebugLine];
        _ranges = sections[ElfDebugSections.DebugRanges];
        _rngLists = sections[ElfDebugSections.DebugRngLists];
    }

    /// <summary>The inlined ranges found.</summary>
    public List<InlinedRange> Ranges { get; } = [];

    /// <summary>Subprogram names by the .debug_info offset of their entry.</summary>
    public Dictionary<long, string> Names { get; } = [];

    /// <summary>The first problem met, or null.</summary>
    public Diagnostic? Problem { get; private set; }

    private sealed record Abbreviation(ulong Tag, bool HasChildren, (ulong Attribute, ulong Form, long Implicit)[] Attributes);

    /// <summary>The unit being read: what its entries' attributes are relative to.</summary>
    private sealed class Unit
    {
        public int Start;
        public int Version;
        public uint BaseAddress;
        public long StmtList = -1;
        public long RngListsBase;
        public LineProgramHeader? Lines;
        public bool LinesRead;
    }

    private enum ValueKind { None, Number, Text, Reference }

    private readonly record struct Value(ValueKind Kind, ulong Number, string? Text = null, ulong Form = 0);

    public void ReadAll()
    {
        var section = _file.Slice(_info.Offset, _info.Size);
        int at = 0;
        while (at < section.Length && Ranges.Count < MaxRanges)
        {
            var header = new DwarfCursor(section, _info.Offset, _path, $"the {ElfDebugSections.DebugInfo} section") { Position = at };
            long unitEnd;
            try
            {
                uint length = header.U32("unit_length");
                if (length == DwarfConstants.Dwarf64Escape || length >= DwarfConstants.ReservedLengthStart)
                {
                    throw header.Error(DiagnosticCodes.DebugInfoUnreadable, $"the {ElfDebugSections.DebugInfo} unit at offset 0x{at:X} has unit_length 0x{length:X8} (64-bit DWARF or reserved); only 32-bit DWARF is read", at);
                }
                unitEnd = (long)at + 4 + length;
            }
            catch (ImageFormatException e)
            {
                Note(e);
                return;
            }
            var unit = new DwarfCursor(section[..(int)Math.Min(unitEnd, section.Length)], _info.Offset, _path, $"the {ElfDebugSections.DebugInfo} unit at offset 0x{at:X}")
            {
                Position = header.Position,
            };
            try
            {
                ReadUnit(ref unit, at);
            }
            catch (ImageFormatException e)
            {
                Note(e);
            }
            if (unitEnd > section.Length)
            {
                Note(new ImageFormatException(DiagnosticCodes.DebugInfoUnreadable,
                    $"the {ElfDebugSections.DebugInfo} unit at offset 0x{at:X} claims {unitEnd - at} bytes but the section ends after {section.Length - at}", _path, offset: _info.Offset + at));
                return;
            }
            at = (int)unitEnd;
        }
    }

    private void Note(ImageFormatException e) =>
        Problem ??= e.Diagnostic with { Code = DiagnosticCodes.DebugInfoUnreadable, Severity = DiagnosticSeverity.Warning };

    private void ReadUnit(ref DwarfCursor c, int at)
    {
        var unit = new Unit { Start = at };
        int versionAt = c.Position;
        unit.Version = c.U16("version");
        if (unit.Version is < 2 or > 5)
        {
            throw c.Error(DiagnosticCodes.DebugInfoUnreadable, $"the {ElfDebugSections.DebugInfo} unit at offset 0x{at:X} has version {unit.Version}; DWARF 2 to 5 are read", versionAt);
        }
        uint abbrevOffset;
        byte addressSize;
        if (unit.Version >= 5)
        {
            byte type = c.U8("unit_type");
            addressSize = c.U8("address_size");
            abbrevOffset = c.U32("debug_abbrev_offset");
            if (type is DW_UT_type or DW_UT_split_type or DW_UT_skeleton or DW_UT_split_compile)
            {
                return; // type units and split-DWARF units hold no code of this file
            }
        }
        else
        {
            abbrevOffset = c.U32("debug_abbrev_offset");
            addressSize = c.U8("address_size");
        }
        if (addressSize != DwarfConstants.AddressSize)
        {
            throw c.Error(DiagnosticCodes.DebugInfoUnreadable, $"the {ElfDebugSections.DebugInfo} unit at offset 0x{at:X} has address_size {addressSize}; ARM targets use 4");
        }
        var abbreviations = Abbreviations(abbrevOffset);
        var inlinedAncestors = new List<bool>();   // one per open entry with children: whether it is an inlined instance
        int inlinedDepth = 0;
        bool first = true;
        while (!c.AtEnd && Ranges.Count < MaxRanges)
        {
            long dieOffset = c.Position;
            ulong code = c.Uleb("abbreviation code");
            if (code == 0)
            {
                if (inlinedAncestors.Count > 0)
                {
                    if (inlinedAncestors[^1])
                    {
                        inlinedDepth--;
                    }
                    inlinedAncestors.RemoveAt(inlinedAncestors.Count - 1);
                }
                continue;
            }
            if (!abbreviations.TryGetValue(code, out var abbreviation))
            {
                throw c.Error(DiagnosticCodes.DebugInfoUnreadable, $"abbreviation code {code} is not in the table at .debug_abbrev offset 0x{abbrevOffset:X}", (int)dieOffset);
            }
            bool inlined = abbreviation.Tag == DW_TAG_inlined_subroutine;
            bool subprogram = abbreviation.Tag == DW_TAG_subprogram;
            ulong lowPc = 0, highPc = 0, callFile = 0, callLine = 0;
            bool hasLow = false, highIsOffset = false, hasHigh = false, hasCallFile = false;
            Value ranges = default;
            long origin = -1;
            string? name = null;
            foreach (var (attribute, form, implicitValue) in abbreviation.Attributes)
            {
                bool wanted = first || inlined || (subprogram && attribute == DW_AT_name);
                var value = ReadValue(ref c, form, implicitValue, unit, wanted && attribute == DW_AT_name);
                if (!wanted)
                {
                    continue;
                }
                switch (attribute)
                {
                    case DW_AT_name: name = value.Text; break;
                    case DW_AT_low_pc when value.Kind == ValueKind.Number: lowPc = value.Number; hasLow = true; break;
                    case DW_AT_high_pc when value.Kind == ValueKind.Number: highPc = value.Number; hasHigh = true; highIsOffset = value.Form != DW_FORM_addr; break;
                    case DW_AT_ranges: ranges = value; break;
                    case DW_AT_stmt_list when value.Kind == ValueKind.Number: unit.StmtList = (long)value.Number; break;
                    case DW_AT_rnglists_base when value.Kind == ValueKind.Number: unit.RngListsBase = (long)value.Number; break;
                    case DW_AT_call_file when value.Kind == ValueKind.Number: callFile = value.Number; hasCallFile = true; break;
                    case DW_AT_call_line when value.Kind == ValueKind.Number: callLine = value.Number; break;
                    case DW_AT_abstract_origin when value.Kind == ValueKind.Reference: origin = (long)value.Number; break;
                }
            }
            if (first)
            {
                unit.BaseAddress = hasLow ? (uint)lowPc : 0;
                first = false;
            }
            else if (subprogram && name is not null)
            {
                Names[dieOffset] = name;   // positions are offsets in the section, as references resolve to
            }
            else if (inlined)
            {
                var callPath = hasCallFile ? CallFile(unit, callFile) : null;
                int line = callLine > int.MaxValue ? 0 : (int)callLine;
                if (hasLow && hasHigh)
                {
                    ulong end = highIsOffset ? lowPc + highPc : highPc;
                    Add(lowPc, end, inlinedDepth, callPath, line, origin);
                }
                else if (ranges.Kind == ValueKind.Number)
                {
                    foreach (var (start, end) in RangeList(unit, ranges))
                    {
                        Add(start, end, inlinedDepth, callPath, line, origin);
                    }
                }
            }
            if (abbreviation.HasChildren)
            {
                inlinedAncestors.Add(inlined);
                if (inlined)
                {
                    inlinedDepth++;
                }
            }
        }
    }

    private void Add(ulong start, ulong end, int depth, string? callFile, int callLine, long origin)
    {
        if (end > start && end <= 0x1_0000_0000UL && Ranges.Count < MaxRanges)
        {
            Ranges.Add(new InlinedRange((uint)start, end == 0x1_0000_0000UL ? uint.MaxValue : (uint)end, depth, callFile, callLine, origin));
        }
    }

    /// <summary>The path of file <paramref name="index"/> of the unit's line table (DW_AT_call_file numbering is the line table's).</summary>
    private readonly string? CallFile(Unit unit, ulong index)
    {
        if (!unit.LinesRead)
        {
            unit.LinesRead = true;
            if (unit.StmtList >= 0 && _line.IsPresent)
            {
                unit.Lines = new LineTableReader(_file, _path, _line, _lineStr, _str, new SourceMapBuilder()).HeaderAt(unit.StmtList);
            }
        }
        return unit.Lines?.PathOf(index);
    }

    /// <summary>The address ranges of a DW_AT_ranges value: DWARF 2–4 .debug_ranges (DWARF 4, 2.17.3), DWARF 5 .debug_rnglists (2.17.3, 7.28).</summary>
    private readonly List<(ulong Start, ulong End)> RangeList(Unit unit, Value value)
    {
        var result = new List<(ulong, ulong)>();
        if (unit.Version < 5)
        {
            if (!_ranges.IsPresent || value.Number >= (ulong)_ranges.Size)
            {
                throw new ImageFormatException(DiagnosticCodes.DebugInfoUnreadable, $"range list offset 0x{value.Number:X} is outside {ElfDebugSections.DebugRanges}", _path);
            }
            var c = new DwarfCursor(_file.Slice(_ranges.Offset, _ranges.Size), _ranges.Offset, _path, $"the {ElfDebugSections.DebugRanges} section") { Position = (int)value.Number };
            ulong baseAddress = unit.BaseAddress;
            while (true)
            {
                uint begin = c.U32("range begin"), end = c.U32("range end");
                if (begin == 0 && end == 0)
                {
                    return result;
                }
                if (begin == BaseAddressSelection)
                {
                    baseAddress = end;
                    continue;
                }
                result.Add((baseAddress + begin, baseAddress + end));
            }
        }
        if (!_rngLists.IsPresent)
        {
            throw new ImageFormatException(DiagnosticCodes.DebugInfoUnreadable, $"DW_AT_ranges refers to {ElfDebugSections.DebugRngLists}, which the file does not have", _path);
        }
        var lists = new DwarfCursor(_file.Slice(_rngLists.Offset, _rngLists.Size), _rngLists.Offset, _path, $"the {ElfDebugSections.DebugRngLists} section");
        ulong offset = value.Number;
        if (value.Form == DW_FORM_rnglistx)
        {
            // The index selects an offset in the table after rnglists_base, relative to that base (DWARF 5, 7.28).
            lists.Position = checked((int)Math.Min((ulong)int.MaxValue, (ulong)unit.RngListsBase + value.Number * 4));
            offset = (ulong)unit.RngListsBase + lists.U32("range list offset");
        }
        if (offset >= (ulong)_rngLists.Size)
        {
            throw lists.Error(DiagnosticCodes.DebugInfoUnreadable, $"range list offset 0x{offset:X} is outside {ElfDebugSections.DebugRngLists}", 0);
        }
        lists.Position = (int)offset;
        ulong current = unit.BaseAddress;
        while (true)
        {
            byte kind = lists.U8("range list entry kind");
            switch (kind)
            {
                case DW_RLE_end_of_list: return result;
                case DW_RLE_offset_pair:
                    {
                        ulong begin = lists.Uleb("offset_pair begin"), end = lists.Uleb("offset_pair end");
                        result.Add((current + begin, current + end));
                        break;
                    }
                case DW_RLE_base_address: current = lists.U32("base_address"); break;
                case DW_RLE_start_end:
                    {
                        ulong begin = lists.U32("start_end begin"), end = lists.U32("start_end end");
                        result.Add((begin, end));
                        break;
                    }
                case DW_RLE_start_length:
                    {
                        ulong begin = lists.U32("start_length begin");
                        result.Add((begin, begin + lists.Uleb("start_length length")));
                        break;
                    }
                default:
                    // DW_RLE_base_addressx, startx_endx, startx_length need .debug_addr (split DWARF): not read.
                    throw lists.Error(DiagnosticCodes.DebugInfoUnreadable, $"range list entry kind 0x{kind:X2} (an indexed address, split DWARF) is not read");
            }
        }
    }

    /// <summary>One attribute value; strings are decoded only when <paramref name="text"/> (names), everything else is read past.</summary>
    private readonly Value ReadValue(scoped ref DwarfCursor c, ulong form, long implicitValue, Unit unit, bool text)
    {
        const string what = "attribute value";
        switch (form)
        {
            case DW_FORM_addr: return new(ValueKind.Number, c.U32(what), Form: form);
            case DW_FORM_data1: return new(ValueKind.Number, c.U8(what), Form: form);
            case DW_FORM_data2: return new(ValueKind.Number, c.U16(what), Form: form);
            case DW_FORM_data4: return new(ValueKind.Number, c.U32(what), Form: form);
            case DW_FORM_data8: return new(ValueKind.Number, c.U64(what), Form: form);
            case DW_FORM_udata: return new(ValueKind.Number, c.Uleb(what), Form: form);
            case DW_FORM_sdata: return new(ValueKind.Number, unchecked((ulong)c.Sleb(what)), Form: form);
            case DW_FORM_sec_offset: return new(ValueKind.Number, c.U32(what), Form: form);
            case DW_FORM_rnglistx: return new(ValueKind.Number, c.Uleb(what), Form: form);
            case DW_FORM_implicit_const: return new(ValueKind.Number, unchecked((ulong)implicitValue), Form: form);
            case DW_FORM_flag: c.U8(what); return default;
            case DW_FORM_flag_present: return default;
            case DW_FORM_ref1: return new(ValueKind.Reference, (ulong)unit.Start + c.U8(what));
            case DW_FORM_ref2: return new(ValueKind.Reference, (ulong)unit.Start + c.U16(what));
            case DW_FORM_ref4: return new(ValueKind.Reference, (ulong)unit.Start + c.U32(what));
            case DW_FORM_ref8: return new(ValueKind.Reference, (ulong)unit.Start + c.U64(what));
            case DW_FORM_ref_udata: return new(ValueKind.Reference, (ulong)unit.Start + c.Uleb(what));
            case DW_FORM_ref_addr: return new(ValueKind.Reference, c.U32(what));   // an address (DWARF 2) or an offset (3+): 4 bytes either way here
            case DW_FORM_string: return text ? new(ValueKind.Text, 0, c.CString(what)) : Skip(ref c);
            case DW_FORM_strp: { uint o = c.U32(what); return text ? new(ValueKind.Text, 0, StringAt(_str, o)) : default; }
            case DW_FORM_line_strp: { uint o = c.U32(what); return text ? new(ValueKind.Text, 0, StringAt(_lineStr, o)) : default; }
            case DW_FORM_ref_sup4 or DW_FORM_strp_sup or DW_FORM_GNU_ref_alt or DW_FORM_GNU_strp_alt: c.Skip(4, what); return default;
            case DW_FORM_ref_sig8 or DW_FORM_ref_sup8: c.Skip(8, what); return default;
            case DW_FORM_data16: c.Skip(16, what); return default;
            case DW_FORM_block or DW_FORM_exprloc: c.Skip(c.Uleb(what), what); return default;
            case DW_FORM_block1: c.Skip(c.U8(what), what); return default;
            case DW_FORM_block2: c.Skip(c.U16(what), what); return default;
            case DW_FORM_block4: c.Skip(c.U32(what), what); return default;
            case DW_FORM_strx or DW_FORM_addrx or DW_FORM_loclistx or DW_FORM_GNU_addr_index or DW_FORM_GNU_str_index: c.Uleb(what); return default;
            case DW_FORM_strx1 or DW_FORM_addrx1: c.Skip(1, what); return default;
            case DW_FORM_strx2 or DW_FORM_addrx2: c.Skip(2, what); return default;
            case DW_FORM_strx3 or DW_FORM_addrx3: c.Skip(3, what); return default;
            case DW_FORM_strx4 or DW_FORM_addrx4: c.Skip(4, what); return default;
            case DW_FORM_indirect:
                {
                    ulong actual = c.Uleb("indirect form");
                    if (actual is DW_FORM_indirect or DW_FORM_implicit_const)
                    {
                        throw c.Error(DiagnosticCodes.DebugInfoUnreadable, $"DW_FORM_indirect names form 0x{actual:X}, which cannot be indirect");
                    }
                    return ReadValue(ref c, actual, 0, unit, text);
                }
            default:
                throw c.Error(DiagnosticCodes.DebugInfoUnreadable, $"attribute form 0x{form:X} is unknown: the rest of the unit cannot be read");
        }

        static Value Skip(scoped ref DwarfCursor c)
        {
            c.CString("attribute value");
            return default;
        }
    }

    private readonly string? StringAt(DebugSection section, uint offset)
    {
        if (!section.IsPresent || offset >= (uint)section.Size)
        {
            return null;
        }
        var rest = _file.Slice(section.Offset + (int)offset, section.Size - (int)offset);
        int end = rest.IndexOf((byte)0);
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    /// <summary>The abbreviation table at <paramref name="offset"/> of .debug_abbrev (DWARF 4/5, 7.5.3), read once.</summary>
    private readonly Dictionary<ulong, Abbreviation> Abbreviations(uint offset)
    {
        if (_abbrevTables.TryGetValue(offset, out var table))
        {
            return table;
        }
        if (!_abbrev.IsPresent || offset >= (uint)_abbrev.Size)
        {
            throw new ImageFormatException(DiagnosticCodes.DebugInfoUnreadable, $"debug_abbrev_offset 0x{offset:X} is outside {ElfDebugSections.DebugAbbrev}", _path);
        }
        var c = new DwarfCursor(_file.Slice(_abbrev.Offset, _abbrev.Size), _abbrev.Offset, _path, $"the {ElfDebugSections.DebugAbbrev} table at offset 0x{offset:X}") { Position = (int)offset };
        table = [];
        while (true)
        {
            ulong code = c.Uleb("abbreviation code");
            if (code == 0)
            {
                break;
            }
            ulong tag = c.Uleb("abbreviation tag");
            bool children = c.U8("DW_CHILDREN") != 0;
            var attributes = new List<(ulong, ulong, long)>();
            while (true)
            {
                ulong attribute = c.Uleb("attribute name"), form = c.Uleb("attribute form");
                long implicitValue = form == DW_FORM_implicit_const ? c.Sleb("implicit constant") : 0;
                if (attribute == 0 && form == 0)
                {
                    break;
                }
                attributes.Add((attribute, form, implicitValue));
            }
            table[code] = new Abbreviation(tag, children, [.. attributes]);
        }
        _abbrevTables[offset] = table;
        return table;
    }
}
