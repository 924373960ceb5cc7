using System.Text;
using Stm32.Build.Diagnostics;
using static Stm32.Build.Images.Debugging.DwarfConstants;

namespace Stm32.Build.Images.Debugging;

/// <summary>
/// Decodes every unit of a <c>.debug_line</c> section (DWARF 2–5, 32-bit DWARF, 4-byte addresses) into the rows of
/// its sequences and hands each finished sequence to a <see cref="SourceMapBuilder"/>. A unit that is malformed is
/// left off from the point of the error (its finished sequences stay) and the reading goes on with the next unit
/// when the unit's length can be trusted; the first problem is kept. Every loop consumes input, so nothing hangs.
/// </summary>
internal ref struct LineTableReader
{
    private readonly ReadOnlySpan<byte> _file;
    private readonly DebugSection _line, _lineStr, _str;
    private readonly string _path;
    private readonly SourceMapBuilder _builder;

    public LineTableReader(ReadOnlySpan<byte> file, string path, DebugSection line, DebugSection lineStr, DebugSection str, SourceMapBuilder builder)
    {
        _file = file;
        _path = path;
        _line = line;
        _lineStr = lineStr;
        _str = str;
        _builder = builder;
    }

    /// <summary>Reads every unit; problems go to the builder, nothing is thrown.</summary>
    public void ReadAll()
    {
        var section = _file.Slice(_line.Offset, _line.Size);
        int at = 0;
        while (at < section.Length && !_builder.IsFull)
        {
            var cursor = new DwarfCursor(section, _line.Offset, _path, $"the {ElfDebugSections.DebugLine} section");
            cursor.Position = at;
            int unitEnd;
            try
            {
                unitEnd = UnitEnd(ref cursor, at);
            }
            catch (ImageFormatException e)
            {
                _builder.Problem(e.Diagnostic);
                return; // the length cannot be trusted: nothing after it can be found
            }
            int available = Math.Min(unitEnd, section.Length);
            var unit = new DwarfCursor(section[..available], _line.Offset, _path, $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X}");
            unit.Position = cursor.Position;
            try
            {
                ReadUnit(ref unit, at);
                if (unitEnd > section.Length)
                {
                    throw unit.Error(DiagnosticCodes.DebugLineTruncated,
                        $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} claims {unitEnd - at} bytes but the section ends after {section.Length - at}", at);
                }
            }
            catch (ImageFormatException e)
            {
                _builder.AbandonSequence();
                // Whatever broke inside a unit the section cuts short, the cut is the cause.
                _builder.Problem(unitEnd > section.Length
                    ? e.Diagnostic with
                    {
                        Code = DiagnosticCodes.DebugLineTruncated,
                        Message = $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} claims {(long)unitEnd - at} bytes but the section ends after {section.Length - at} ({e.Diagnostic.Message})",
                    }
                    : e.Diagnostic);
            }
            if (unitEnd > section.Length)
            {
                return;
            }
            at = unitEnd;
        }
    }

    /// <summary>
    /// The header (directory and file tables) of the unit at offset <paramref name="at"/> of <c>.debug_line</c> (a
    /// compilation unit's DW_AT_stmt_list), or null when it cannot be read; nothing is thrown.
    /// </summary>
    public LineProgramHeader? HeaderAt(long at)
    {
        var section = _file.Slice(_line.Offset, _line.Size);
        if (at < 0 || at >= section.Length)
        {
            return null;
        }
        try
        {
            var cursor = new DwarfCursor(section, _line.Offset, _path, $"the {ElfDebugSections.DebugLine} section") { Position = (int)at };
            int unitEnd = Math.Min(UnitEnd(ref cursor, (int)at), section.Length);
            var unit = new DwarfCursor(section[..unitEnd], _line.Offset, _path, $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X}") { Position = cursor.Position };
            return ReadHeader(ref unit, (int)at, out _);
        }
        catch (ImageFormatException)
        {
            return null;
        }
    }

    private static int UnitEnd(ref DwarfCursor cursor, int at)
    {
        uint length = cursor.U32("unit_length");
        if (length == Dwarf64Escape)
        {
            throw cursor.Error(DiagnosticCodes.DebugLineUnsupported,
                $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} is 64-bit DWARF (unit_length 0xffffffff); only 32-bit DWARF is read", at);
        }
        if (length >= ReservedLengthStart)
        {
            throw cursor.Error(DiagnosticCodes.DebugLineInvalidHeader,
                $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} has the reserved unit_length 0x{length:X8}", at);
        }
        long end = (long)at + UnitLengthSize + length;
        return end > int.MaxValue ? int.MaxValue : (int)end;
    }

    private void ReadUnit(ref DwarfCursor unit, int at)
    {
        var header = ReadHeader(ref unit, at, out int programStart);
        unit.Position = programStart;
        new LineStateMachine(header, _builder, at).Run(ref unit);
    }

    private LineProgramHeader ReadHeader(ref DwarfCursor unit, int at, out int programStart)
    {
        int versionAt = unit.Position;
        int version = unit.U16("version");
        if (version < MinVersion || version > MaxVersion)
        {
            throw unit.Error(DiagnosticCodes.DebugLineUnsupported,
                $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} has version {version}; DWARF versions {MinVersion} to {MaxVersion} are read", versionAt);
        }
        if (version >= 5)
        {
            int sizesAt = unit.Position;
            byte addressSize = unit.U8("address_size");
            byte selectorSize = unit.U8("segment_selector_size");
            if (addressSize != AddressSize || selectorSize != 0)
            {
                throw unit.Error(DiagnosticCodes.DebugLineUnsupported,
                    $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} has address_size {addressSize} and segment_selector_size {selectorSize}; ARM targets use 4 and 0", sizesAt);
            }
        }
        int lengthAt = unit.Position;
        uint headerLength = unit.U32("header_length");
        long start = (long)unit.Position + headerLength;
        if (start > unit.Length)
        {
            throw unit.Error(DiagnosticCodes.DebugLineInvalidHeader,
                $"header_length {headerLength} of the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} runs past the unit's end", lengthAt);
        }
        programStart = (int)start;
        int fieldsAt = unit.Position;
        byte minInst = unit.U8("minimum_instruction_length");
        byte maxOps = version >= 4 ? unit.U8("maximum_operations_per_instruction") : (byte)1;
        bool defaultIsStmt = unit.U8("default_is_stmt") != 0;
        sbyte lineBase = unit.S8("line_base");
        byte lineRange = unit.U8("line_range");
        byte opcodeBase = unit.U8("opcode_base");
        if (maxOps == 0 || lineRange == 0 || opcodeBase == 0)
        {
            throw unit.Error(DiagnosticCodes.DebugLineInvalidHeader,
                $"the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} has maximum_operations_per_instruction {maxOps}, line_range {lineRange}, opcode_base {opcodeBase}; none may be 0", fieldsAt);
        }
        var header = new LineProgramHeader
        {
            Version = version,
            MinimumInstructionLength = minInst,
            MaximumOperationsPerInstruction = maxOps,
            DefaultIsStmt = defaultIsStmt,
            LineBase = lineBase,
            LineRange = lineRange,
            OpcodeBase = opcodeBase,
            StandardOpcodeLengths = unit.Take((ulong)(opcodeBase - 1), "standard_opcode_lengths").ToArray(),
        };
        if (unit.Position > programStart)
        {
            throw unit.Error(DiagnosticCodes.DebugLineInvalidHeader,
                $"header_length {headerLength} of the {ElfDebugSections.DebugLine} unit at offset 0x{at:X} ends inside the header's fixed fields", lengthAt);
        }
        // The tables end where the program starts: a table running past header_length is a truncated header.
        var tables = new DwarfCursor(_file.Slice(_line.Offset, programStart), _line.Offset, _path,
            $"the header of the {ElfDebugSections.DebugLine} unit at offset 0x{at:X}") { Position = unit.Position };
        if (version >= 5)
        {
            ReadEntries(ref tables, header, directories: true);
            ReadEntries(ref tables, header, directories: false);
        }
        else
        {
            ReadClassicTables(ref tables, header);
        }
        return header;
    }

    /// <summary>DWARF 2–4 include_directories and file_names (6.2.4 items 11 and 12 of DWARF 4).</summary>
    private static void ReadClassicTables(ref DwarfCursor tables, LineProgramHeader header)
    {
        header.Directories.Add(""); // directory 0: the compilation directory, not in the table
        while (true)
        {
            var dir = tables.CString("include_directories");
            if (dir.Length == 0)
            {
                break;
            }
            header.Directories.Add(dir);
        }
        header.Files.Add(("", 0)); // file numbers start at 1
        while (true)
        {
            var name = tables.CString("file_names");
            if (name.Length == 0)
            {
                break;
            }
            ulong dir = tables.Uleb("file_names directory index");
            tables.Uleb("file_names modification time");
            tables.Uleb("file_names length");
            header.Files.Add((name, dir));
        }
    }

    /// <summary>DWARF 5 directory or file name table: an entry format (content type, form pairs), a count, the entries (DWARF 5, 6.2.4 items 14–20).</summary>
    private readonly void ReadEntries(scoped ref DwarfCursor tables, LineProgramHeader header, bool directories)
    {
        string what = directories ? "directory" : "file name";
        int formatAt = tables.Position;
        int formatCount = tables.U8($"{what}_entry_format_count");
        var format = new (ulong Content, ulong Form)[formatCount];
        bool hasPath = false;
        for (int i = 0; i < formatCount; i++)
        {
            format[i] = (tables.Uleb($"{what}_entry_format content type"), tables.Uleb($"{what}_entry_format form"));
            hasPath |= format[i].Content == DW_LNCT_path;
        }
        int countAt = tables.Position;
        ulong count = tables.Uleb($"{what}s_count");
        if (count > 0 && !hasPath)
        {
            throw tables.Error(DiagnosticCodes.DebugLineInvalidHeader, $"the {what} entry format has no DW_LNCT_path, but {count} entries follow", formatAt);
        }
        // Every entry holds a path of at least one byte, so a count above the bytes left cannot be true.
        if (count > (ulong)tables.Remaining)
        {
            throw tables.Error(DiagnosticCodes.DebugLineTruncated, $"{count} {what} entries are announced but the header has {tables.Remaining} bytes left", countAt);
        }
        for (ulong n = 0; n < count; n++)
        {
            string path = "";
            ulong directory = 0;
            foreach (var (content, form) in format)
            {
                var value = ReadForm(ref tables, form, $"{what} entry {n}");
                if (content == DW_LNCT_path)
                {
                    path = value.Text ?? throw tables.Error(DiagnosticCodes.DebugLineInvalidHeader, $"{what} entry {n}: DW_LNCT_path has the non-string form 0x{form:X}");
                }
                else if (content == DW_LNCT_directory_index && !directories)
                {
                    directory = value.Text is null ? value.Number : throw tables.Error(DiagnosticCodes.DebugLineInvalidHeader, $"{what} entry {n}: DW_LNCT_directory_index has the string form 0x{form:X}");
                }
                // DW_LNCT_timestamp, DW_LNCT_size, DW_LNCT_MD5 and vendor content types are read past.
            }
            if (directories)
            {
                header.Directories.Add(path);
            }
            else
            {
                header.Files.Add((path, directory));
            }
        }
    }

    private readonly record struct FormValue(string? Text, ulong Number);

    /// <summary>One attribute value of the forms DWARF 5 allows in entry formats (7.5.6).</summary>
    private readonly FormValue ReadForm(scoped ref DwarfCursor c, ulong form, string what)
    {
        switch (form)
        {
            case DW_FORM_string: return new(c.CString(what), 0);
            case DW_FORM_line_strp: return new(StringAt(_lineStr, ElfDebugSections.DebugLineStr, c.U32(what), ref c), 0);
            case DW_FORM_strp: return new(StringAt(_str, ElfDebugSections.DebugStr, c.U32(what), ref c), 0);
            case DW_FORM_udata: return new(null, c.Uleb(what));
            case DW_FORM_sdata: return new(null, unchecked((ulong)c.Sleb(what)));
            case DW_FORM_data1: return new(null, c.U8(what));
            case DW_FORM_data2: return new(null, c.U16(what));
            case DW_FORM_data4: return new(null, c.U32(what));
            case DW_FORM_data8: return new(null, c.U64(what));
            case DW_FORM_data16: c.Skip(16, what); return new(null, 0);
            case DW_FORM_block: c.Skip(c.Uleb(what), what); return new(null, 0);
            case DW_FORM_block1: c.Skip(c.U8(what), what); return new(null, 0);
            case DW_FORM_block2: c.Skip(c.U16(what), what); return new(null, 0);
            case DW_FORM_block4: c.Skip(c.U32(what), what); return new(null, 0);
            default:
                var kind = form is DW_FORM_strx or (>= DW_FORM_strx1 and <= DW_FORM_strx4)
                    ? "a string-offsets form (DW_FORM_strx*, which needs the compilation unit's .debug_str_offsets base)"
                    : "a form the line table may not use";
                throw c.Error(DiagnosticCodes.DebugLineUnsupported, $"{what}: form 0x{form:X} is {kind}");
        }
    }

    private readonly string StringAt(DebugSection section, string name, uint offset, scoped ref DwarfCursor c)
    {
        if (offset >= (uint)section.Size)
        {
            throw c.Error(DiagnosticCodes.DebugLineStringOutOfRange,
                section.IsPresent
                    ? $"string offset 0x{offset:X} is outside the {section.Size}-byte {name} section"
                    : $"string offset 0x{offset:X} refers to {name}, which the file does not have", c.Position - OffsetSize);
        }
        var rest = _file.Slice(section.Offset + (int)offset, section.Size - (int)offset);
        int end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw c.Error(DiagnosticCodes.DebugLineStringOutOfRange, $"the string at offset 0x{offset:X} of {name} is not NUL-terminated", c.Position - OffsetSize);
        }
        return Encoding.UTF8.GetString(rest[..end]);
    }
}
