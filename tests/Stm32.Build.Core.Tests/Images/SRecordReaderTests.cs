using Stm32.Build.Images;
using Xunit;
using static Stm32.Build.Tests.Images.TestImages;

namespace Stm32.Build.Tests.Images;

/// <summary>S-record reading: address widths, counts, entry point, provenance.</summary>
public class SRecordReaderTests
{
    private static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    [Fact]
    public void S1_s2_and_s3_records_carry_16_24_and_32_bit_addresses()
    {
        var image = ReadText(Lines(
            SRecord(0, 0, "hdr"u8),
            SRecord(1, 0x1234, [1]),
            SRecord(2, 0x123456, [2]),
            SRecord(3, 0x0812_3456, [3]),
            SRecord(7, 0x0800_0101, [])), ImageFormat.SRecord);
        Assert.Equal(3, image.Segments.Count);
        Assert.Equal(0x1234u, image.Segments[0].Address);
        Assert.Equal(0x123456u, image.Segments[1].Address);
        Assert.Equal(0x0812_3456u, image.Segments[2].Address);
        Assert.Equal(0x0800_0101u, image.EntryPoint);
    }

    [Theory]
    [InlineData(9, 0x1234u)]
    [InlineData(8, 0x123456u)]
    [InlineData(7, 0x12345678u)]
    public void Termination_records_give_the_entry_point(int type, uint entry)
    {
        var image = ReadText(Lines(SRecord(1, 0, [1, 2]), SRecord(type, entry, [])), ImageFormat.SRecord);
        Assert.Equal(entry, image.EntryPoint);
    }

    [Fact]
    public void Correct_s5_and_s6_counts_are_accepted()
    {
        var image = ReadText(Lines(SRecord(1, 0, [1]), SRecord(1, 1, [2]), SRecord(5, 2, []), SRecord(6, 2, []), SRecord(9, 0, [])), ImageFormat.SRecord);
        Assert.Equal(2UL, image.TotalBytes);
    }

    [Fact]
    public void Location_of_a_byte_is_the_line_of_its_record()
    {
        var image = ReadText(Lines(
            SRecord(0, 0, "x"u8),
            SRecord(3, 0x0800_0000, new byte[16]),
            SRecord(3, 0x0800_0010, new byte[16]),
            SRecord(7, 0, [])), ImageFormat.SRecord, "fw.srec");
        Assert.Equal(new SourceLocation("fw.srec", 2, null), image.LocationOf(0x0800_000F));
        Assert.Equal(3, image.LocationOf(0x0800_0010).Line);
    }
}
