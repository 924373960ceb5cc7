using Stm32.Build.Images;
using Xunit;
using static Stm32.Build.Tests.Images.TestImages;

namespace Stm32.Build.Tests.Images;

/// <summary>Every class of malformed Intel HEX fails with its code, the file and the 1-based line.</summary>
public class IntelHexReaderErrorTests
{
    private const string Name = "bad.hex";
    private static readonly string Eof = HexRecord(0x01, 0, []);
    private static readonly string Ela = HexRecord(0x04, 0, [0x08, 0x00]);
    private static readonly string Data = HexRecord(0x00, 0x0000, [1, 2, 3, 4]);

    private static ImageFormatException Fails(string code, int line, params string[] lines)
    {
        var text = string.Join("\n", lines) + "\n";
        var e = Assert.Throws<ImageFormatException>(() => ReadText(text, ImageFormat.IntelHex, Name));
        Assert.Equal(code, e.Code);
        Assert.Equal(Name, e.Diagnostic.File);
        Assert.Equal(line, e.Diagnostic.Line);
        Assert.StartsWith($"{Name}({line}): error {code}: ", e.Diagnostic.ToCanonicalString());
        return e;
    }

    [Fact]
    public void Bad_checksum() => Fails("STM2205", 2, Ela, HexRecord(0x00, 0, [1, 2, 3, 4], checksum: 0x00), Eof);

    [Fact]
    public void Odd_number_of_digits() => Fails("STM2203", 2, Ela, Data + "0", Eof);

    [Fact]
    public void Non_hex_character()
    {
        var e = Fails("STM2202", 3, Ela, Data, Data.Replace("01", "0G", StringComparison.Ordinal), Eof);
        Assert.Contains("'G'", e.Message);
    }

    [Fact]
    public void Garbage_line() => Fails("STM2201", 2, Ela, "this is not a record", Eof);

    [Fact]
    public void Missing_colon() => Fails("STM2201", 1, Ela[1..], Eof);

    [Fact]
    public void Unknown_record_type() => Fails("STM2206", 2, Ela, HexRecord(0x06, 0, [1, 2]), Eof);

    [Fact]
    public void Byte_count_larger_than_the_record() =>
        Fails("STM2204", 2, Ela, ":0500000001020304F1" /* count 5, four data bytes */, Eof);

    [Fact]
    public void Record_shorter_than_a_header() => Fails("STM2204", 1, ":0000", Eof);

    [Fact]
    public void Data_after_eof() => Fails("STM2207", 3, Data, Eof, Data);

    [Fact]
    public void Missing_eof_points_at_the_last_line() => Fails("STM2208", 2, Ela, Data);

    [Fact]
    public void Empty_file_has_no_eof() => Fails("STM2208", 1, "");

    [Fact]
    public void Data_wrapping_past_4_GiB()
    {
        var e = Fails("STM2209", 2, HexRecord(0x04, 0, [0xFF, 0xFF]), HexRecord(0x00, 0xFFFE, [1, 2, 3, 4]), Eof);
        Assert.Equal(0xFFFF_FFFEu, e.Diagnostic.Address);
    }

    [Fact]
    public void Duplicated_address_points_at_the_second_record()
    {
        var e = Fails("STM2210", 4, Ela, Data, HexRecord(0x00, 0x0010, [9]), Data, Eof);
        Assert.Equal(0x0800_0000u, e.Diagnostic.Address);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Overlapping_records_point_at_the_first_shared_byte()
    {
        var e = Fails("STM2210", 3, Ela, HexRecord(0x00, 0x0000, new byte[16]), HexRecord(0x00, 0x0008, new byte[16]), Eof);
        Assert.Equal(0x0800_0008u, e.Diagnostic.Address);
    }

    [Fact]
    public void Extended_address_record_with_wrong_length() => Fails("STM2211", 1, HexRecord(0x04, 0, [0x08]), Eof);

    [Fact]
    public void Eof_record_with_data() => Fails("STM2211", 1, HexRecord(0x01, 0, [0x00]));
}
