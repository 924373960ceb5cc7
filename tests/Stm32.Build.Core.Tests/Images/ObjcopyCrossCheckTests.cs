using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images;

/// <summary>
/// Our readers against GNU objcopy on the same ELF: the ELF read equals objcopy's binary, and objcopy's HEX and
/// S-record read by our readers equal our ELF read.
/// </summary>
[Trait("Requires", "gcc")]
public class ObjcopyCrossCheckTests
{
    public static TheoryData<FirmwareVariant> Variants => [.. Enum.GetValues<FirmwareVariant>()];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Elf_read_matches_objcopy_binary(FirmwareVariant variant)
    {
        var elf = TestImages.Elf(variant);
        var image = ImageReader.Read(elf);
        var bin = File.ReadAllBytes(FirmwareBuilder.Convert(elf, "binary"));

        Assert.False(image.IsEmpty);
        Assert.Equal((ulong)bin.Length, image.EndAddress!.Value - image.StartAddress!.Value);
        var ours = new byte[bin.Length];
        ours.AsSpan().Fill(0); // objcopy -O binary fills gaps with zeros
        foreach (var s in image.Segments)
        {
            s.Data.Span.CopyTo(ours.AsSpan((int)(s.Address - image.StartAddress!.Value)));
        }
        Assert.Equal(bin, ours);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Objcopy_hex_read_equals_elf_read(FirmwareVariant variant)
    {
        var elf = TestImages.Elf(variant);
        var fromElf = ImageReader.Read(elf);
        var fromHex = ImageReader.Read(FirmwareBuilder.Convert(elf, "ihex"));

        Assert.Equal(ImageFormat.IntelHex, fromHex.Format);
        TestImages.AssertSameBytes(fromElf, fromHex);
        Assert.Equal(fromElf.EntryPoint, fromHex.EntryPoint);
        Assert.Equal(fromElf.TotalBytes, fromHex.TotalBytes);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Objcopy_srec_read_equals_elf_read(FirmwareVariant variant)
    {
        var elf = TestImages.Elf(variant);
        var fromElf = ImageReader.Read(elf);
        var fromSrec = ImageReader.Read(FirmwareBuilder.Convert(elf, "srec"));

        Assert.Equal(ImageFormat.SRecord, fromSrec.Format);
        TestImages.AssertSameBytes(fromElf, fromSrec);
        Assert.Equal(fromElf.EntryPoint, fromSrec.EntryPoint);
    }

    [Fact]
    public void Objcopy_bin_read_at_flash_base_equals_elf_read_for_a_single_region_image()
    {
        var elf = TestImages.Elf(FirmwareVariant.Cm7Blinky);
        var fromElf = ImageReader.Read(elf);
        var fromBin = ImageReader.Read(FirmwareBuilder.Convert(elf, "binary"), new ImageReadOptions { BinaryBaseAddress = 0x0800_0000 });
        TestImages.AssertSameBytes(fromElf, fromBin);
        Assert.Null(fromBin.EntryPoint);
    }

    [Fact]
    public void Large_image_spans_both_flash_banks()
    {
        var image = ImageReader.Read(TestImages.Elf(FirmwareVariant.Cm7Large));
        Assert.Equal(0x0800_0000UL, image.StartAddress);
        Assert.True(image.EndAddress > 0x0810_0000UL, $"ends at {image.EndAddress:X}");
        Assert.True(image.TotalBytes >= (ulong)FirmwareBuilder.LargePayloadBytes);
        var payload = image.FindSymbol("large_payload");
        Assert.NotNull(payload);
        var expected = FirmwareBuilder.Payload(FirmwareBuilder.LargePayloadBytes);
        var actual = new byte[expected.Length];
        Assert.True(image.TryRead(payload.Value, actual));
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// For bytes spread over the 2 MiB image, the line <see cref="FirmwareImage.LocationOf"/> names in objcopy's HEX
    /// is a data record covering that address (decoded here independently, line by line).
    /// </summary>
    [Fact]
    public void Hex_provenance_names_the_record_holding_each_byte()
    {
        var hexPath = FirmwareBuilder.Convert(TestImages.Elf(FirmwareVariant.Cm7Large), "ihex");
        var lines = File.ReadAllLines(hexPath);
        var image = ImageReader.Read(hexPath);
        var rng = new Random(1234);
        uint start = (uint)image.StartAddress!.Value;
        uint span = (uint)(image.EndAddress!.Value - start);
        for (int i = 0; i < 500; i++)
        {
            uint address = start + (uint)rng.NextInt64(span);
            if (image.ReadUInt32(address) is null && !image.TryRead(address, new byte[1]))
            {
                continue;
            }
            int line = image.LocationOf(address).Line!.Value;
            Assert.True(RecordCovers(lines, line, address), $"line {line} does not hold 0x{address:X8}");
        }
    }

    private static bool RecordCovers(string[] lines, int line, uint address)
    {
        uint upper = 0;
        for (int i = 0; i < line - 1; i++)
        {
            if (lines[i].Substring(7, 2) == "04")
            {
                upper = Convert.ToUInt32(lines[i].Substring(9, 4), 16) << 16;
            }
        }
        var record = lines[line - 1];
        if (record.Substring(7, 2) != "00")
        {
            return false;
        }
        uint count = Convert.ToUInt32(record.Substring(1, 2), 16);
        uint first = upper + Convert.ToUInt32(record.Substring(3, 4), 16);
        return address >= first && address < first + count;
    }
}
