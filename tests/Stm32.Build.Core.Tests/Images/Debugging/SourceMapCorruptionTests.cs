using System.Buffers.Binary;
using CsCheck;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images.Debugging;
using Xunit;

namespace Stm32.Build.Tests.Images.Debugging;

/// <summary>
/// Hand-built line information, intact and corrupted: the map holds what could be read, the problem is a coded
/// warning naming the file and offset, and nothing throws or hangs.
/// </summary>
public class SourceMapCorruptionTests
{
    private const string Name = "hand.elf";

    private static SourceMap Read(byte[] elf) => SourceMap.Read(elf, Name);

    private static string? Find(SourceMap map, uint address) => map.TryFind(address, out var l) ? $"{l.File}:{l.Line}" : null;

    private static void AssertProblem(SourceMap map, string code)
    {
        Assert.NotNull(map.ProblemDiagnostic);
        Assert.Equal(code, map.ProblemDiagnostic!.Code);
        Assert.Equal(DiagnosticSeverity.Warning, map.ProblemDiagnostic.Severity);
        Assert.StartsWith($"{Name}: warning {code}: ", map.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_intact_units_give_their_rows_in_both_versions()
    {
        var map = Read(new HandBuiltLineElf().Elf());
        Assert.Null(map.Problem);
        Assert.Equal("src/main.c:10", Find(map, 0x0800_0100));
        Assert.Equal("src/main.c:10", Find(map, 0x0800_0102));
        Assert.Equal("src/main.c:11", Find(map, 0x0800_0105)); // the Thumb bit
        Assert.Null(Find(map, 0x0800_0108));                   // end_sequence: the first byte after the sequence
        Assert.Equal("inc/b.h:5", Find(map, 0x0800_0204));
        Assert.Equal("/work/a.c:5", Find(map, 0x0800_0206));
        Assert.Null(Find(map, 0x0800_0208));
        Assert.Null(Find(map, 0x0800_00FE));
        Assert.Equal(4, map.RangeCount);
    }

    [Fact]
    public void A_section_cut_inside_the_second_unit_keeps_the_first()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.Elf(debugLineSize: elf.At["u2.program"] + 3));
        AssertProblem(map, DiagnosticCodes.DebugLineTruncated);
        Assert.Equal("src/main.c:11", Find(map, 0x0800_0104));
        Assert.Null(Find(map, 0x0800_0200));
    }

    [Fact]
    public void A_line_range_of_zero_leaves_that_unit_out_and_reads_the_next()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => l[elf.At["u1.line_range"]] = 0));
        AssertProblem(map, DiagnosticCodes.DebugLineInvalidHeader);
        Assert.Contains("line_range 0", map.Problem, StringComparison.Ordinal);
        Assert.Null(Find(map, 0x0800_0100));
        Assert.Equal("/work/a.c:5", Find(map, 0x0800_0206));
    }

    [Fact]
    public void An_unknown_version_is_unsupported_and_skipped()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => BinaryPrimitives.WriteUInt16LittleEndian(l.AsSpan(elf.At["u1.version"]), 7)));
        AssertProblem(map, DiagnosticCodes.DebugLineUnsupported);
        Assert.Contains("version 7", map.Problem, StringComparison.Ordinal);
        Assert.Equal("inc/b.h:5", Find(map, 0x0800_0200));
    }

    [Fact]
    public void Sixty_four_bit_dwarf_stops_the_reading()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(elf.At["u1.length"]), 0xFFFF_FFFF)));
        AssertProblem(map, DiagnosticCodes.DebugLineUnsupported);
        Assert.True(map.IsEmpty);
    }

    [Fact]
    public void A_unit_length_past_the_section_keeps_what_was_read_and_says_so()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(elf.At["u2"]), 0x7FFF_0000)));
        AssertProblem(map, DiagnosticCodes.DebugLineTruncated);
        Assert.Equal("src/main.c:10", Find(map, 0x0800_0100));
        Assert.Equal("inc/b.h:5", Find(map, 0x0800_0200)); // the unit's program is whole; only its length lies
    }

    [Fact]
    public void A_header_length_past_the_unit_is_an_invalid_header()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(elf.At["u2.header_length"]), 0x1000)));
        AssertProblem(map, DiagnosticCodes.DebugLineInvalidHeader);
        Assert.Equal(elf.SectionOffset + elf.At["u2.header_length"], map.ProblemDiagnostic!.Offset);
        Assert.Equal("src/main.c:11", Find(map, 0x0800_0104));
    }

    [Fact]
    public void A_line_strp_outside_debug_line_str_is_named()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(elf.At["u2.dir0"]), 0x400)));
        AssertProblem(map, DiagnosticCodes.DebugLineStringOutOfRange);
        Assert.Contains("0x400", map.Problem, StringComparison.Ordinal);
        Assert.Contains(".debug_line_str", map.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_offsets_form_is_unsupported()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => l[elf.At["u2.dir_form"]] = 0x1A)); // DW_FORM_strx
        AssertProblem(map, DiagnosticCodes.DebugLineUnsupported);
        Assert.Equal("src/main.c:10", Find(map, 0x0800_0100));
    }

    [Fact]
    public void An_extended_opcode_longer_than_the_unit_ends_the_unit()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => l[elf.At["u1.end_sequence"] + 1] = 0x7F));
        AssertProblem(map, DiagnosticCodes.DebugLineInvalidProgram);
        Assert.Null(Find(map, 0x0800_0100)); // the sequence never ended: its rows have no end
        Assert.Equal("inc/b.h:5", Find(map, 0x0800_0200));
    }

    [Fact]
    public void A_file_index_not_in_the_table_gives_no_line_there()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => l[elf.At["u2.set_file"] + 1] = 9));
        AssertProblem(map, DiagnosticCodes.DebugLineInvalidProgram);
        Assert.Contains("file 9", map.Problem, StringComparison.Ordinal);
        Assert.Null(Find(map, 0x0800_0200));
        Assert.Equal("/work/a.c:5", Find(map, 0x0800_0206));
    }

    [Fact]
    public void An_endless_leb128_is_refused()
    {
        var elf = new HandBuiltLineElf();
        var map = Read(elf.ElfWith(l => l.AsSpan(elf.At["u1.advance_pc"] + 1, elf.At["u2"] - elf.At["u1.advance_pc"] - 1).Fill(0x80)));
        AssertProblem(map, DiagnosticCodes.DebugLineTruncated);
        Assert.Contains("DW_LNS_advance_pc", map.Problem, StringComparison.Ordinal);
        Assert.Equal("inc/b.h:5", Find(map, 0x0800_0200));
        Assert.Null(Find(map, 0x0800_0100));
    }

    [Fact]
    public void A_compressed_debug_line_is_unsupported()
    {
        var map = Read(new HandBuiltLineElf().Elf(flags: 0x800));
        AssertProblem(map, DiagnosticCodes.DebugLineUnsupported);
        Assert.True(map.IsEmpty);
    }

    [Fact]
    public void Section_headers_past_the_end_of_the_file_give_no_lines()
    {
        var elf = new HandBuiltLineElf();
        var bytes = elf.Elf();
        var map = Read(bytes[..(elf.SectionHeaderOffset + 60)]);
        AssertProblem(map, DiagnosticCodes.DebugSectionsUnreadable);
        Assert.True(map.IsEmpty);
        AssertProblem(Read([1, 2, 3]), DiagnosticCodes.DebugSectionsUnreadable);
    }

    [Fact]
    public void Random_corruption_of_the_line_information_never_throws()
    {
        var pristine = new HandBuiltLineElf();
        var elf = pristine.Elf();
        int start = pristine.SectionOffset, length = pristine.DebugLine.Length;
        Gen.Select(Gen.Int[0, length - 1].Array[1, 8], Gen.Byte.Array[8], Gen.Int[start, elf.Length])
            .Sample((positions, values, cut) =>
            {
                var copy = (byte[])elf.Clone();
                for (int i = 0; i < positions.Length; i++)
                {
                    copy[start + positions[i]] = values[i];
                }
                var map = Read(copy);
                map.TryFind(0x0800_0100, out _);
                var truncated = Read(copy[..cut]);
                truncated.TryFind(0x0800_0206, out _);
            }, iter: 5000);
    }
}
