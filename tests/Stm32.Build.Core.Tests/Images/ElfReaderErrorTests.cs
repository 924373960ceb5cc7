using System.Buffers.Binary;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images;

/// <summary>
/// Malformed ELF files fail with a coded <see cref="ImageFormatException"/> naming the file and the byte offset of
/// the offending field. Field offsets are the ELF32 layout from the System V gABI (e_type 16, e_machine 18,
/// e_phoff 28, e_shoff 32, e_shstrndx 50; Elf32_Phdr p_offset 4, p_paddr 12, p_filesz 16; Elf32_Shdr sh_name 0,
/// sh_offset 16).
/// </summary>
[Trait("Requires", "gcc")]
public class ElfReaderErrorTests
{
    private const string Name = "bad.elf";

    private static byte[] Valid() => File.ReadAllBytes(TestImages.Elf(FirmwareVariant.Cm7Blinky));

    private static ImageFormatException Fails(byte[] file, string code, long offset)
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read(file, Name, ImageFormat.Elf));
        Assert.Equal(code, e.Code);
        Assert.Equal(Name, e.Diagnostic.File);
        Assert.Equal(offset, e.Diagnostic.Offset);
        Assert.Null(e.Diagnostic.Line);
        return e;
    }

    private static uint U32(byte[] f, int at) => BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(at));

    private static void Put32(byte[] f, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(at), v);

    private static int Phdr(byte[] f, int index) => (int)U32(f, 28) + 32 * index;

    private static int Shdr(byte[] f, int index) => (int)U32(f, 32) + 40 * index;

    private static int PhdrCount(byte[] f) => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(44));

    private static int ShdrCount(byte[] f) => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(48));

    [Fact]
    public void Empty_file() => Fails([], "STM2101", 0);

    [Fact]
    public void File_cut_inside_the_elf_header() => Fails(Valid()[..30], "STM2101", 30);

    [Fact]
    public void Not_an_elf_file() => Fails("hello world, not an ELF"u8.ToArray(), "STM2102", 0);

    [Fact]
    public void Elfclass64()
    {
        var f = Valid();
        f[4] = 2;
        Assert.Contains("64-bit", Fails(f, "STM2103", 4).Message);
    }

    [Fact]
    public void Big_endian()
    {
        var f = Valid();
        f[5] = 2;
        Assert.Contains("big-endian", Fails(f, "STM2104", 5).Message);
    }

    [Fact]
    public void Bad_identification_version()
    {
        var f = Valid();
        f[6] = 0;
        Fails(f, "STM2113", 6);
    }

    [Fact]
    public void Not_arm()
    {
        var f = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(18), 62); // EM_X86_64
        Assert.Contains("62", Fails(f, "STM2105", 18).Message);
    }

    [Fact]
    public void Relocatable_object_from_the_compiler_is_rejected()
    {
        ArmToolchain.Require();
        var obj = TestImages.Temp("blinky.o");
        ArmToolchain.RunChecked(ArmToolchain.Gcc,
            ["-mcpu=cortex-m7", "-mthumb", "-c", Path.Combine(FirmwareBuilder.SourceDirectory, "blinky.c"), "-o", obj]);
        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read(obj));
        Assert.Equal("STM2106", e.Code);
        Assert.Equal(16, e.Diagnostic.Offset);
        Assert.Contains("ET_REL", e.Message);
    }

    [Fact]
    public void Program_header_table_past_the_end()
    {
        var f = Valid();
        Put32(f, 28, (uint)f.Length - 8);
        Fails(f, "STM2108", 28);
    }

    [Fact]
    public void Program_header_table_offset_near_4_GiB_does_not_wrap()
    {
        var f = Valid();
        Put32(f, 28, 0xFFFF_FFF0);
        Fails(f, "STM2108", 28);
    }

    [Fact]
    public void Section_header_table_past_the_end()
    {
        var f = Valid();
        Put32(f, 32, (uint)f.Length);
        Fails(f, "STM2108", 32);
    }

    [Fact]
    public void Wrong_program_header_entry_size()
    {
        var f = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(42), 16);
        Fails(f, "STM2108", 42);
    }

    [Fact]
    public void Segment_data_past_the_end()
    {
        var f = Valid();
        int ph = Phdr(f, 0);
        Put32(f, ph + 4, (uint)f.Length - 4);
        var e = Fails(f, "STM2109", ph + 4);
        Assert.Equal(0x0800_0000u, e.Diagnostic.Address);
    }

    [Fact]
    public void Segment_physical_address_wrapping_past_4_GiB()
    {
        var f = Valid();
        int ph = Phdr(f, 0);
        Put32(f, ph + 12, 0xFFFF_FF00);
        var e = Fails(f, "STM2110", ph + 12);
        Assert.Equal(0xFFFF_FF00u, e.Diagnostic.Address);
    }

    [Fact]
    public void File_size_larger_than_memory_size()
    {
        var f = Valid();
        int ph = Phdr(f, 0);
        Put32(f, ph + 16, U32(f, ph + 20) + 4);
        Fails(f, "STM2113", ph + 16);
    }

    [Fact]
    public void No_loadable_segment()
    {
        var f = Valid();
        for (int i = 0; i < PhdrCount(f); i++)
        {
            Put32(f, Phdr(f, i), 0); // PT_NULL
        }
        Fails(f, "STM2107", U32(f, 28));
    }

    [Fact]
    public void Overlapping_segments_point_at_the_later_one()
    {
        var f = Valid();
        int first = Phdr(f, 0), second = Phdr(f, 1);
        Put32(f, second + 12, U32(f, first + 12)); // .data now loads over the vector table
        var e = Fails(f, "STM2112", U32(f, second + 4));
        Assert.Equal(U32(f, first + 12), e.Diagnostic.Address);
    }

    [Fact]
    public void Section_name_index_out_of_range()
    {
        var f = Valid();
        int sh = Shdr(f, 1);
        Put32(f, sh, 0x7FFF_0000);
        Fails(f, "STM2111", sh);
    }

    [Fact]
    public void Section_name_table_index_out_of_range()
    {
        var f = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(50), (ushort)(ShdrCount(f) + 3));
        Fails(f, "STM2111", 50);
    }

    [Fact]
    public void Section_data_past_the_end()
    {
        var f = Valid();
        int sh = Shdr(f, 1); // .isr_vector
        Put32(f, sh + 16, (uint)f.Length - 2);
        Fails(f, "STM2109", sh + 16);
    }

    [Fact]
    public void Symbol_table_with_a_bad_string_table_link()
    {
        var f = Valid();
        for (int i = 1; i < ShdrCount(f); i++)
        {
            int sh = Shdr(f, i);
            if (U32(f, sh + 4) == 2) // SHT_SYMTAB
            {
                Put32(f, sh + 24, 0xFFFF);
                Fails(f, "STM2111", sh + 24);
                return;
            }
        }
        Assert.Fail("the test ELF has no symbol table");
    }

    [Fact]
    public void Symbol_table_with_a_wrong_entry_size()
    {
        var f = Valid();
        for (int i = 1; i < ShdrCount(f); i++)
        {
            int sh = Shdr(f, i);
            if (U32(f, sh + 4) == 2) // SHT_SYMTAB
            {
                Put32(f, sh + 36, 12);
                Fails(f, "STM2113", sh + 36);
                return;
            }
        }
        Assert.Fail("the test ELF has no symbol table");
    }

    [Fact]
    public void No_program_headers_at_all()
    {
        var f = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(44), 0);
        Fails(f, "STM2107", 44);
    }

    [Fact]
    public void Segment_memory_size_wrapping_past_4_GiB()
    {
        var f = Valid();
        int ph = Phdr(f, 1); // .data/.bss in DTCM
        Put32(f, ph + 20, 0xFFFF_FFF0);
        Fails(f, "STM2110", ph + 20);
    }

    [Fact]
    public void Allocated_section_wrapping_past_4_GiB()
    {
        var f = Valid();
        int sh = Shdr(f, 1); // .isr_vector, 0x298 bytes
        Put32(f, sh + 12, 0xFFFF_FF00);
        var e = Fails(f, "STM2110", sh + 20);
        Assert.Equal(0xFFFF_FF00u, e.Diagnostic.Address);
    }

    [Fact]
    public void Every_error_message_is_canonical_with_file_and_code()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read([], "x/fw.elf", ImageFormat.Elf));
        Assert.StartsWith("x/fw.elf: error STM2101: ", e.Diagnostic.ToCanonicalString());
    }
}
