using Stm32.Build.Images;
using Xunit;
using static Stm32.Build.Tests.Images.TestImages;

namespace Stm32.Build.Tests.Images;

/// <summary>Intel HEX reading: record semantics and provenance (well-formed input).</summary>
public class IntelHexReaderTests
{
    private static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    private static readonly string Eof = HexRecord(0x01, 0, []);

    [Fact]
    public void Extended_linear_address_sets_the_upper_16_bits()
    {
        var image = ReadText(Lines(HexRecord(0x04, 0, [0x08, 0x10]), HexRecord(0x00, 0x0200, [1, 2, 3, 4]), Eof), ImageFormat.IntelHex);
        Assert.Equal(0x0810_0200UL, image.StartAddress);
        Assert.Equal(0x0403_0201u, image.ReadUInt32(0x0810_0200));
    }

    [Fact]
    public void Extended_segment_address_is_multiplied_by_16()
    {
        var image = ReadText(Lines(HexRecord(0x02, 0, [0x12, 0x34]), HexRecord(0x00, 0x0010, [0xAB]), Eof), ImageFormat.IntelHex);
        Assert.Equal(0x12340UL + 0x10, image.StartAddress);
    }

    [Fact]
    public void Start_linear_and_start_segment_records_give_the_entry_point()
    {
        var linear = ReadText(Lines(HexRecord(0x05, 0, [0x08, 0x00, 0x02, 0x9D]), Eof), ImageFormat.IntelHex);
        Assert.Equal(0x0800_029Du, linear.EntryPoint);
        Assert.True(linear.IsEmpty);
        var segment = ReadText(Lines(HexRecord(0x03, 0, [0x10, 0x00, 0x01, 0x23]), Eof), ImageFormat.IntelHex);
        Assert.Equal(0x1000u * 16 + 0x0123, segment.EntryPoint);
    }

    [Fact]
    public void Contiguous_records_merge_into_one_segment_and_gaps_split()
    {
        var image = ReadText(Lines(
            HexRecord(0x04, 0, [0x08, 0x00]),
            HexRecord(0x00, 0x0000, new byte[16]),
            HexRecord(0x00, 0x0010, new byte[16]),
            HexRecord(0x00, 0x0020, new byte[3]),
            HexRecord(0x00, 0x0100, new byte[2]),
            Eof), ImageFormat.IntelHex);
        Assert.Equal(2, image.Segments.Count);
        Assert.Equal(35, image.Segments[0].Length);
        Assert.Equal(0x0800_0100u, image.Segments[1].Address);
        Assert.Equal(37UL, image.TotalBytes);
        Assert.Equal(0x0800_0102UL, image.EndAddress);
        Assert.False(image.TryRead(0x0800_0020, new byte[8])); // runs into the gap
        Assert.True(image.TryRead(0x0800_001E, new byte[5]));
    }

    [Fact]
    public void Location_of_a_byte_is_the_line_of_its_record()
    {
        var image = ReadText(Lines(
            HexRecord(0x04, 0, [0x08, 0x00]),        // line 1
            HexRecord(0x00, 0x0000, new byte[16]),   // line 2
            HexRecord(0x00, 0x0010, new byte[16]),   // line 3
            HexRecord(0x00, 0x0020, new byte[8]),    // line 4
            HexRecord(0x04, 0, [0x08, 0x01]),        // line 5
            HexRecord(0x00, 0x0000, new byte[16]),   // line 6
            Eof), ImageFormat.IntelHex, "fw.hex");
        Assert.Equal(new SourceLocation("fw.hex", 2, null), image.LocationOf(0x0800_0000));
        Assert.Equal(2, image.LocationOf(0x0800_000F).Line);
        Assert.Equal(3, image.LocationOf(0x0800_0010).Line);
        Assert.Equal(4, image.LocationOf(0x0800_0027).Line);
        Assert.Equal(6, image.LocationOf(0x0801_0005).Line);
        Assert.Null(image.LocationOf(0x0800_0028).Line);
    }

    [Fact]
    public void Records_out_of_address_order_are_sorted()
    {
        var image = ReadText(Lines(
            HexRecord(0x00, 0x0100, [5, 6]),
            HexRecord(0x00, 0x0000, [1, 2]),
            Eof), ImageFormat.IntelHex);
        Assert.Equal(0UL, image.StartAddress);
        Assert.Equal(2, image.LocationOf(0).Line);
        Assert.Equal(1, image.LocationOf(0x100).Line);
    }

    [Fact]
    public void Lower_case_digits_lf_line_ends_and_blank_lines_are_accepted()
    {
        var text = HexRecord(0x00, 0x0010, [0xAB, 0xCD]).ToLowerInvariant() + "\n\n" + Eof + "\n";
        var image = ReadText(text, ImageFormat.IntelHex);
        Assert.Equal(0x10UL, image.StartAddress);
        var two = new byte[2];
        Assert.True(image.TryRead(0x10, two));
        Assert.Equal(new byte[] { 0xAB, 0xCD }, two);
        Assert.Null(image.ReadUInt32(0x10)); // only two bytes: no full word
    }

    [Fact]
    public void A_record_may_end_exactly_at_4_GiB()
    {
        var image = ReadText(Lines(HexRecord(0x04, 0, [0xFF, 0xFF]), HexRecord(0x00, 0xFFFC, [1, 2, 3, 4]), Eof), ImageFormat.IntelHex);
        Assert.Equal(0x1_0000_0000UL, image.EndAddress);
        Assert.Equal(0x1_0000_0000UL, image.Segments[0].End);
        Assert.Equal(0x0403_0201u, image.ReadUInt32(0xFFFF_FFFC));
        Assert.Null(image.ReadUInt32(0xFFFF_FFFE));
    }

    [Fact]
    public void A_record_crossing_64_KiB_continues_linearly()
    {
        // As binutils' reader does: base + offset + i, without wrapping inside the 64 KiB window.
        var image = ReadText(Lines(HexRecord(0x04, 0, [0x08, 0x00]), HexRecord(0x00, 0xFFFE, [1, 2, 3, 4]), Eof), ImageFormat.IntelHex);
        Assert.Equal(0x0800_FFFEUL, image.StartAddress);
        Assert.Equal(0x0801_0002UL, image.EndAddress);
    }

    [Fact]
    public void Segment_and_linear_bases_add_up_as_objcopy_writes_them()
    {
        // objcopy writes "02 0000" before switching from segment to linear addressing.
        var image = ReadText(Lines(
            HexRecord(0x02, 0, [0xF0, 0x00]), HexRecord(0x00, 0xFFF0, [1]),
            HexRecord(0x02, 0, [0x00, 0x00]), HexRecord(0x04, 0, [0x00, 0x10]), HexRecord(0x00, 0x0000, [2]),
            Eof), ImageFormat.IntelHex);
        Assert.Equal(0xFFFF0UL, image.StartAddress);
        Assert.True(image.TryRead(0x10_0000, new byte[1]));
    }
}
