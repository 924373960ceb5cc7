using Stm32.Build.Diagnostics;
using static Stm32.Build.Images.Debugging.DwarfConstants;

namespace Stm32.Build.Images.Debugging;

/// <summary>
/// The line-number state machine of DWARF 4/5 section 6.2.2 (registers address, op_index, file, line, column,
/// is_stmt, ...) run over one unit's program (6.2.5): special opcodes (6.2.5.1), standard opcodes (6.2.5.2) and
/// extended opcodes (6.2.5.3). Rows go to the builder; DW_LNE_end_sequence ends a sequence there.
/// </summary>
internal sealed class LineStateMachine(LineProgramHeader header, SourceMapBuilder builder, int unitOffset)
{
    private readonly LineProgramHeader _h = header;
    private readonly SourceMapBuilder _builder = builder;
    private readonly int[] _fileIds = NewFileIds(header.Files.Count);

    // The state machine registers (6.2.2, table 6.3) that rows use.
    private ulong _address;
    private ulong _opIndex;
    private ulong _file;
    private long _line;
    private ulong _column;

    private static int[] NewFileIds(int count)
    {
        var ids = new int[count];
        Array.Fill(ids, int.MinValue);
        return ids;
    }

    private void Reset()
    {
        // 6.2.2, table 6.4: the registers at the start of every sequence.
        _address = 0;
        _opIndex = 0;
        _file = 1;
        _line = 1;
        _column = 0;
    }

    public void Run(ref DwarfCursor c)
    {
        Reset();
        while (!c.AtEnd && !_builder.IsFull)
        {
            int opAt = c.Position;
            byte opcode = c.U8("opcode");
            if (opcode >= _h.OpcodeBase)
            {
                // Special opcode (6.2.5.1): advance address and line together, then append a row.
                int adjusted = opcode - _h.OpcodeBase;
                Advance(ref c, (ulong)(adjusted / _h.LineRange), opAt);
                AdvanceLine(_h.LineBase + (adjusted % _h.LineRange));
                Emit(ref c, opAt, end: false);
                continue;
            }
            switch (opcode)
            {
                case 0:
                    Extended(ref c, opAt);
                    break;
                case DW_LNS_copy:
                    Emit(ref c, opAt, end: false);
                    break;
                case DW_LNS_advance_pc:
                    Advance(ref c, c.Uleb("DW_LNS_advance_pc operand"), opAt);
                    break;
                case DW_LNS_advance_line:
                    AdvanceLine(c.Sleb("DW_LNS_advance_line operand"));
                    break;
                case DW_LNS_set_file:
                    _file = c.Uleb("DW_LNS_set_file operand");
                    break;
                case DW_LNS_set_column:
                    _column = c.Uleb("DW_LNS_set_column operand");
                    break;
                case DW_LNS_negate_stmt:
                case DW_LNS_set_basic_block:
                case DW_LNS_set_prologue_end:
                case DW_LNS_set_epilogue_begin:
                    break; // registers no lookup uses
                case DW_LNS_const_add_pc:
                    // Advances like special opcode 255 does, without a row.
                    Advance(ref c, (ulong)((255 - _h.OpcodeBase) / _h.LineRange), opAt);
                    break;
                case DW_LNS_fixed_advance_pc:
                    _address += c.U16("DW_LNS_fixed_advance_pc operand");
                    _opIndex = 0;
                    CheckAddress(ref c, opAt);
                    break;
                case DW_LNS_set_isa:
                    c.Uleb("DW_LNS_set_isa operand");
                    break;
                default:
                    // An opcode this reader does not know: skip its operands, standard_opcode_lengths says how many.
                    for (int i = 0; i < _h.StandardOpcodeLengths[opcode - 1]; i++)
                    {
                        c.Uleb($"operand {i} of standard opcode {opcode}");
                    }
                    break;
            }
        }
    }

    private void Extended(ref DwarfCursor c, int opAt)
    {
        ulong length = c.Uleb("extended opcode length");
        int start = c.Position;
        if (length == 0 || length > (ulong)c.Remaining)
        {
            throw c.Error(DiagnosticCodes.DebugLineInvalidProgram,
                $"the extended opcode at this offset has length {length}, but {c.Remaining} byte(s) of the unit at 0x{unitOffset:X} are left", opAt);
        }
        int end = start + (int)length;
        byte sub = c.U8("extended opcode");
        switch (sub)
        {
            case DW_LNE_end_sequence:
                Emit(ref c, opAt, end: true);
                Reset();
                break;
            case DW_LNE_set_address:
                ulong operand = length - 1;
                _address = operand switch
                {
                    4 => c.U32("DW_LNE_set_address operand"),
                    8 => c.U64("DW_LNE_set_address operand"),
                    _ => throw c.Error(DiagnosticCodes.DebugLineInvalidProgram, $"DW_LNE_set_address has a {operand}-byte operand; addresses are 4 bytes", opAt),
                };
                _opIndex = 0;
                CheckAddress(ref c, opAt);
                break;
            case DW_LNE_define_file when _h.Version < 5:
                var name = c.CString("DW_LNE_define_file name");
                ulong dir = c.Uleb("DW_LNE_define_file directory index");
                c.Uleb("DW_LNE_define_file modification time");
                c.Uleb("DW_LNE_define_file length");
                _h.Files.Add((name, dir));
                break;
            default:
                break; // DW_LNE_set_discriminator and vendor opcodes: nothing a lookup uses
        }
        if (c.Position > end)
        {
            throw c.Error(DiagnosticCodes.DebugLineInvalidProgram, $"extended opcode 0x{sub:X2} reads past its length {length}", opAt);
        }
        c.Position = end;
    }

    /// <summary>Advances address and op_index by an operation advance (6.2.5.1, for VLIW and ordinary targets alike).</summary>
    private void Advance(ref DwarfCursor c, ulong operationAdvance, int opAt)
    {
        ulong maxOps = _h.MaximumOperationsPerInstruction;
        if (operationAdvance > uint.MaxValue)
        {
            throw c.Error(DiagnosticCodes.DebugLineInvalidProgram, $"an address advance of {operationAdvance} operations runs past 4 GiB", opAt);
        }
        ulong ops = _opIndex + operationAdvance;
        _address += _h.MinimumInstructionLength * (ops / maxOps);
        _opIndex = ops % maxOps;
        CheckAddress(ref c, opAt);
    }

    private void AdvanceLine(long delta) => _line = delta > 0 && _line > long.MaxValue - delta ? long.MaxValue : _line + delta;

    private void CheckAddress(ref DwarfCursor c, int opAt)
    {
        if (_address > uint.MaxValue)
        {
            throw c.Error(DiagnosticCodes.DebugLineInvalidProgram, $"the line program's address 0x{_address:X} runs past 4 GiB", opAt);
        }
    }

    private void Emit(ref DwarfCursor c, int opAt, bool end)
    {
        if (end)
        {
            _builder.EndSequence((uint)_address);
            return;
        }
        int fileId = FileId(_file);
        bool lineValid = _line is >= 0 and <= int.MaxValue;
        if (fileId < 0 || !lineValid)
        {
            _builder.Problem(c.Error(DiagnosticCodes.DebugLineInvalidProgram,
                fileId < 0
                    ? $"a row at address 0x{_address:X8} names file {_file}, which the unit at 0x{unitOffset:X} does not have ({_h.Files.Count - (_h.FileZeroInvalid ? 1 : 0)} file(s))"
                    : $"a row at address 0x{_address:X8} has line {_line}, outside 0..{int.MaxValue}", opAt).Diagnostic);
        }
        _builder.Row((uint)_address, fileId, lineValid ? (int)_line : 0, _column > int.MaxValue ? 0 : (int)_column);
    }

    private int FileId(ulong file)
    {
        if (file < (ulong)_fileIds.Length && _fileIds[file] != int.MinValue)
        {
            return _fileIds[file];
        }
        var path = _h.PathOf(file);
        int id = path is null ? -1 : _builder.FileId(path);
        if (file < (ulong)_fileIds.Length)
        {
            _fileIds[file] = id;
        }
        return id;
    }
}
