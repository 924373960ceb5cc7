using Stm32.Build.Images;
using Xunit;
using static Stm32.Build.Tests.Images.TestImages;

namespace Stm32.Build.Tests.Images;

/// <summary>Every class of malformed S-record input fails with its code, the file and the 1-based line.</summary>
public class SRecordReaderErrorTests
{
    private const string Name = "bad.srec";
    private static readonly string Header = SRecord(0, 0, "fw"u8);
    private static readonly string Data = SRecord(3, 0x0800_0000, [1, 2, 3, 4]);
    private static readonly string End = SRecord(7, 0x0800_0000, []);

    private static ImageFormatException Fails(string code, int line, params string[] lines)
    {
        var text = string.Join("\r\n", lines) + "\r\n";
        var e = Assert.Throws<ImageFormatException>(() => ReadText(text, ImageFormat.SRecord, Name));
        Assert.Equal(code, e.Code);
        Assert.Equal(Name, e.Diagnostic.File);
        Assert.Equal(line, e.Diagnostic.Line);
        return e;
    }

    [Fact]
    public void Bad_checksum() => Fails("STM2305", 2, Header, SRecord(3, 0x0800_0000, [1, 2], checksum: 0x12), End);

    [Fact]
    public void Missing_s() => Fails("STM2301", 2, Header, Data[1..], End);

    [Fact]
    public void Non_hex_character() => Fails("STM2302", 2, Header, Data[..^2] + "ZZ", End);

    [Fact]
    public void Odd_number_of_digits() => Fails("STM2303", 2, Header, Data + "A", End);

    [Fact]
    public void Byte_count_mismatch() => Fails("STM2304", 2, Header, "S30A08000000010203F0", End);

    [Fact]
    public void Record_too_short_for_its_address() => Fails("STM2304", 2, Header, "S30200", End);

    [Theory]
    [InlineData("S4")]
    [InlineData("SX")]
    public void Unknown_record_type(string prefix) => Fails("STM2306", 2, Header, prefix + "0300001C", End);

    [Fact]
    public void Record_after_termination() => Fails("STM2307", 4, Header, Data, End, Data);

    [Fact]
    public void Missing_termination_points_at_the_last_line() => Fails("STM2308", 2, Header, Data);

    [Fact]
    public void Data_wrapping_past_4_GiB()
    {
        var e = Fails("STM2309", 2, Header, SRecord(3, 0xFFFF_FFFE, [1, 2, 3]), End);
        Assert.Equal(0xFFFF_FFFEu, e.Diagnostic.Address);
    }

    [Fact]
    public void Duplicated_address_points_at_the_second_record()
    {
        var e = Fails("STM2310", 3, Header, Data, Data, End);
        Assert.Equal(0x0800_0000u, e.Diagnostic.Address);
    }

    [Fact]
    public void Wrong_s5_count()
    {
        var e = Fails("STM2311", 3, Header, Data, SRecord(5, 2, []), End);
        Assert.Contains("2", e.Message);
    }
}
