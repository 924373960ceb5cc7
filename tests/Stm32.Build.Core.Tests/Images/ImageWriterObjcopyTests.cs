using System.Text;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images;

/// <summary>Our writers produce byte for byte what <c>arm-none-eabi-objcopy</c> produces from the same input.</summary>
[Trait("Requires", "gcc")]
public class ImageWriterObjcopyTests
{
    public static TheoryData<FirmwareVariant> Variants => [.. Enum.GetValues<FirmwareVariant>()];

    private static string WriteText(Action<TextWriter> write)
    {
        var sw = new StringWriter();
        write(sw);
        return sw.ToString();
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Intel_hex_from_elf_is_identical_to_objcopy(FirmwareVariant variant)
    {
        var elf = TestImages.Elf(variant);
        var expected = File.ReadAllText(FirmwareBuilder.Convert(elf, "ihex"));
        var actual = WriteText(w => IntelHexWriter.Write(ImageReader.Read(elf), w));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Srec_from_elf_is_identical_to_objcopy(FirmwareVariant variant)
    {
        var elf = TestImages.Elf(variant);
        var srec = FirmwareBuilder.Convert(elf, "srec");
        var expected = File.ReadAllText(srec);
        var actual = WriteText(w => SRecordWriter.Write(ImageReader.Read(elf), w, Path.GetFileName(srec)));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Srec_default_header_is_the_source_name_with_srec_extension()
    {
        // objcopy -O srec firmware.elf firmware.srec, run in the ELF's folder, is what Convert does.
        var elf = TestImages.Elf(FirmwareVariant.Cm7Blinky);
        var expected = File.ReadAllText(FirmwareBuilder.Convert(elf, "srec"));
        var actual = WriteText(w => SRecordWriter.Write(ImageReader.Read(elf), w));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Binary_from_elf_with_zero_fill_is_identical_to_objcopy(FirmwareVariant variant)
    {
        var elf = TestImages.Elf(variant);
        var expected = File.ReadAllBytes(FirmwareBuilder.Convert(elf, "binary"));
        var ms = new MemoryStream();
        BinaryImageWriter.Write(ImageReader.Read(elf), ms, fill: 0);
        Assert.Equal(expected, ms.ToArray());
    }

    /// <summary>Two blocks with a gap, read from HEX: objcopy -I ihex converts the same file.</summary>
    private static string GappedHex()
    {
        var sb = new StringBuilder();
        sb.Append(TestImages.HexRecord(0x04, 0, [0x08, 0x00])).Append('\n');
        sb.Append(TestImages.HexRecord(0x00, 0x0000, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray())).Append('\n');
        sb.Append(TestImages.HexRecord(0x00, 0x0100, [0xAA, 0xBB, 0xCC])).Append('\n');
        sb.Append(TestImages.HexRecord(0x01, 0, [])).Append('\n');
        return sb.ToString();
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void Binary_gap_fill_matches_objcopy_gap_fill(byte fill)
    {
        var hex = TestImages.Temp("gapped.hex");
        File.WriteAllText(hex, GappedHex());
        var bin = FirmwareBuilder.ConvertTo(hex, "binary", Path.ChangeExtension(hex, ".bin"), "-I", "ihex", "--gap-fill", "0x" + fill.ToString("X2"));
        var ms = new MemoryStream();
        BinaryImageWriter.Write(ImageReader.Read(hex), ms, fill);
        Assert.Equal(File.ReadAllBytes(bin), ms.ToArray());
        Assert.Equal(0x103, ms.Length);
    }

    public static TheoryData<uint, int> Placements => new()
    {
        { 0x0000_0000, 0x100 },     // S1 records, no extension record
        { 0x0000_FFF8, 0x20 },      // crosses 64 KiB below 1 MiB: 02 segment records, split record, S2
        { 0x000F_FFF0, 0x40 },      // crosses 1 MiB: 02 then 02 0000 + 04 linear
        { 0x00FF_FFF0, 0x20 },      // S2 -> S3 boundary at 16 MiB
        { 0x0800_FFF9, 0x31 },      // 64 KiB boundary in flash, odd length
        { 0xFFFF_FF00, 0x100 },     // ends exactly at 4 GiB
    };

    /// <summary>
    /// Places a raw binary at awkward addresses, writes it with our writers, and compares with objcopy converting the
    /// same bytes (-I binary, section moved to the address, no start address).
    /// </summary>
    [Theory]
    [MemberData(nameof(Placements))]
    public void Hex_and_srec_record_layout_matches_objcopy_at_boundaries(uint address, int length)
    {
        var binPath = TestImages.Temp("blob.bin");
        File.WriteAllBytes(binPath, FirmwareBuilder.Payload(length));
        var image = ImageReader.Read(binPath, new ImageReadOptions { BinaryBaseAddress = address });
        var move = new[] { "-I", "binary", "--change-section-address", $".data=0x{address:X}", "--set-start", "0" };

        var hex = FirmwareBuilder.ConvertTo(binPath, "ihex", Path.ChangeExtension(binPath, ".hex"), move);
        Assert.Equal(File.ReadAllText(hex), WriteText(w => IntelHexWriter.Write(image, w)));

        var srec = FirmwareBuilder.ConvertTo(binPath, "srec", Path.ChangeExtension(binPath, ".srec"), move);
        Assert.Equal(File.ReadAllText(srec), WriteText(w => SRecordWriter.Write(image, w, "blob.srec")));
    }

    [Fact]
    public void Writers_round_trip_through_our_readers()
    {
        var image = ImageReader.Read(TestImages.Elf(FirmwareVariant.Cm7Blinky));
        var hex = TestImages.ReadText(WriteText(w => IntelHexWriter.Write(image, w)), ImageFormat.IntelHex);
        var srec = TestImages.ReadText(WriteText(w => SRecordWriter.Write(image, w)), ImageFormat.SRecord);
        TestImages.AssertSameBytes(image, hex);
        TestImages.AssertSameBytes(image, srec);
        Assert.Equal(image.EntryPoint, hex.EntryPoint);
        Assert.Equal(image.EntryPoint, srec.EntryPoint);
    }

    [Theory]
    [InlineData(32, false)]
    [InlineData(7, true)]
    [InlineData(250, false)]
    [InlineData(255, true)]
    public void Srec_length_and_force_s3_options_match_objcopy(int length, bool forceS3)
    {
        var binPath = TestImages.Temp("opt.bin");
        File.WriteAllBytes(binPath, FirmwareBuilder.Payload(700));
        var image = ImageReader.Read(binPath, new ImageReadOptions { BinaryBaseAddress = 0x1000 });
        var args = new List<string> { "-I", "binary", "--change-section-address", ".data=0x1000", "--set-start", "0", "--srec-len", length.ToString() };
        if (forceS3)
        {
            args.Add("--srec-forceS3");
        }
        var srec = FirmwareBuilder.ConvertTo(binPath, "srec", Path.ChangeExtension(binPath, ".srec"), [.. args]);
        var ours = WriteText(w => SRecordWriter.Write(image, w, new SRecordWriterOptions { HeaderName = "opt.srec", RecordLength = length, ForceS3 = forceS3 }));
        Assert.Equal(File.ReadAllText(srec), ours);
    }
}
