using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images;

/// <summary>ELF reading of well-formed images: load addresses, entry, symbols, sections, provenance.</summary>
[Trait("Requires", "gcc")]
public class ElfReaderTests
{
    private static FirmwareImage Cm7() => ImageReader.Read(TestImages.Elf(FirmwareVariant.Cm7Blinky));

    [Fact]
    public void Initialised_data_is_at_its_flash_load_address_not_its_ram_address()
    {
        var image = Cm7();
        var data = image.Sections.Single(s => s.Name == ".data");
        Assert.Equal(0x2000_0000u, data.Address);              // cm7.ld: .data runs in DTCM
        Assert.InRange(data.LoadAddress, 0x0800_0000u, 0x080F_FFFFu); // ... and is stored in flash bank 1
        Assert.True(data.IsLoaded);
        var delay = image.FindSymbol("blink_delay")!;
        Assert.Equal(SymbolKind.Object, delay.Kind);
        // blinky.c initialises blink_delay to 0x00020000 and blink_pattern[1] to 0x22222222.
        Assert.Equal(0x0002_0000u, image.ReadUInt32(data.LoadAddress + (delay.Value - data.Address)));
        var pattern = image.FindSymbol("blink_pattern")!;
        Assert.Equal(0x2222_2222u, image.ReadUInt32(data.LoadAddress + (pattern.Value - data.Address) + 4));
        Assert.Null(image.ReadUInt32(delay.Value)); // nothing is loaded at the RAM address
    }

    [Fact]
    public void A_second_ram_section_loads_from_flash_too()
    {
        var image = Cm7();
        var axi = image.Sections.Single(s => s.Name == ".axisram");
        Assert.Equal(0x2400_0000u, axi.Address);
        Assert.Equal(0xA5A5_F00Du, image.ReadUInt32(axi.LoadAddress)); // blinky.c: axi_value
    }

    [Fact]
    public void Bss_is_allocated_but_not_loaded()
    {
        var bss = Cm7().Sections.Single(s => s.Name == ".bss");
        Assert.True(bss.IsAllocated);
        Assert.False(bss.HasContents);
        Assert.False(bss.IsLoaded);
        Assert.Null(bss.FileOffset);
    }

    [Fact]
    public void Vector_table_points_at_reset_handler_and_entry_is_reset_handler()
    {
        var image = Cm7();
        var reset = image.FindSymbol("Reset_Handler")!;
        Assert.Equal(SymbolKind.Function, reset.Kind);
        Assert.Equal(1u, reset.Value & 1); // Thumb bit kept
        Assert.Equal(reset.Value, image.EntryPoint);
        Assert.Equal(reset.Value, image.ReadUInt32(0x0800_0004));
        Assert.Equal(0x2002_0000u, image.ReadUInt32(0x0800_0000)); // _estack = DTCM end
        Assert.Same(reset, image.SymbolAt((reset.Value & ~1u) + 2));
        Assert.Equal(reset.Value & ~1u, reset.Address);
    }

    [Fact]
    public void Cm4_image_is_in_bank_2_with_ram_in_the_d2_alias()
    {
        var image = ImageReader.Read(TestImages.Elf(FirmwareVariant.Cm4Blinky));
        Assert.Equal(0x0810_0000UL, image.StartAddress);
        Assert.Equal(0x1004_8000u, image.ReadUInt32(0x0810_0000)); // 0x10000000 + 288 KiB
        Assert.Equal(0x1000_0000u, image.Sections.Single(s => s.Name == ".data").Address);
    }

    /// <summary>Section names, addresses, LMAs and sizes agree with <c>objdump -h</c>.</summary>
    [Fact]
    public void Sections_agree_with_objdump()
    {
        var elf = TestImages.Elf(FirmwareVariant.Cm7Blinky);
        var objdump = ArmToolchain.Find("arm-none-eabi-objdump") ?? throw new ToolchainException("arm-none-eabi-objdump not found");
        var output = ArmToolchain.RunChecked(objdump, ["-h", elf]).StandardOutput;
        var rows = Regex.Matches(output, @"^\s*\d+\s+(\S+)\s+([0-9a-f]{8})\s+([0-9a-f]{8})\s+([0-9a-f]{8})\s+([0-9a-f]{8})", RegexOptions.Multiline);
        Assert.NotEmpty(rows);
        var image = ImageReader.Read(elf);
        foreach (Match row in rows)
        {
            var section = image.Sections.Single(s => s.Name == row.Groups[1].Value);
            Assert.Equal(uint.Parse(row.Groups[2].Value, NumberStyles.HexNumber), section.Size);
            Assert.Equal(uint.Parse(row.Groups[3].Value, NumberStyles.HexNumber), section.Address);
            Assert.Equal(uint.Parse(row.Groups[4].Value, NumberStyles.HexNumber), section.LoadAddress);
        }
    }

    [Fact]
    public void Location_of_a_byte_is_its_file_offset()
    {
        var elf = TestImages.Elf(FirmwareVariant.Cm7Blinky);
        var file = File.ReadAllBytes(elf);
        var image = ImageReader.Read(elf);
        var data = image.Sections.Single(s => s.Name == ".data");
        var at = image.LocationOf(data.LoadAddress + 4);
        Assert.Equal(elf, at.File);
        Assert.Null(at.Line);
        Assert.Equal(data.FileOffset + 4, at.Offset);
        Assert.Equal(image.ReadUInt32(data.LoadAddress + 4), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)at.Offset!.Value)));
        Assert.Null(image.LocationOf(0x2000_0000).Offset);
    }

    [Fact]
    public void Symbols_include_functions_and_objects_with_sizes()
    {
        var image = Cm7();
        var main = image.FindSymbol("main")!;
        Assert.Equal(SymbolKind.Function, main.Kind);
        Assert.True(main.Size > 0);
        Assert.Equal(SymbolKind.Object, image.FindSymbol("crc_table")!.Kind);
        Assert.Equal(64u, image.FindSymbol("crc_table")!.Size); // 32 uint16_t
        Assert.Null(image.FindSymbol("no_such_symbol"));
        Assert.Null(image.SymbolAt(0x0900_0000));
    }

    [Fact]
    public void Et_dyn_is_rejected_as_not_executable_at_the_e_type_offset()
    {
        var file = File.ReadAllBytes(TestImages.Elf(FirmwareVariant.Cm7Blinky));
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(16), 3);
        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read(file, "pie.elf", ImageFormat.Elf));
        Assert.Equal("STM2106", e.Code);
        Assert.Equal(16, e.Diagnostic.Offset);
        Assert.Contains("ET_DYN", e.Message);
    }
}
