using System.Text;
using Stm32.Build.Emulator.Gdb;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Gdb;

/// <summary>Framing rules from the GDB manual's remote protocol overview.</summary>
public sealed class GdbPacketTests
{
    [Fact]
    public void ChecksumIsTheByteSumModulo256()
    {
        // "$g#67": 'g' is 0x67.
        Assert.Equal("$g#67", Encoding.Latin1.GetString(GdbPacket.Frame("g")));
        Assert.Equal((byte)(('m' + '0' + ',' + '4') & 0xFF), GdbPacket.Checksum("m0,4"u8));
    }

    [Fact]
    public void ReservedCharactersAreEscapedAndRestored()
    {
        var payload = "a#b$c}d*e";
        var framed = Encoding.Latin1.GetString(GdbPacket.Frame(payload));
        var body = framed[1..framed.IndexOf('#', 1 + framed.IndexOf('}'))];
        Assert.DoesNotContain('$', body[1..]);
        Assert.Equal(payload, Encoding.Latin1.GetString(GdbPacket.Decode(Encoding.Latin1.GetBytes(body))));
    }

    [Fact]
    public void RunLengthEncodingExpands()
    {
        // The manual's example: "0* " means '0' followed by three more '0's (' ' is 32, 32 - 29 = 3).
        Assert.Equal("0000", Encoding.Latin1.GetString(GdbPacket.Decode("0* "u8)));
        Assert.Throws<GdbException>(() => GdbPacket.Decode("*!"u8));
    }

    [Fact]
    public void HexRoundTripsAndRejectsBadDigits()
    {
        Assert.Equal("00ff10", GdbPacket.ToHex([0x00, 0xFF, 0x10]));
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x10 }, GdbPacket.FromHex("00FF10"));
        Assert.Throws<GdbException>(() => GdbPacket.FromHex("0g"));
        Assert.Throws<GdbException>(() => GdbPacket.FromHex("123"));
    }

    [Fact]
    public void StopRepliesParse()
    {
        Assert.Equal(GdbStopKind.Exited, GdbStopReply.Parse("W00").Kind);
        Assert.Equal(GdbStopKind.Terminated, GdbStopReply.Parse("X09").Kind);
        var t = GdbStopReply.Parse("T05thread:p01.01;0f:00010008;swbreak:;");
        Assert.Equal(5, t.Code);
        Assert.Equal("00010008", t.Pairs["0f"]);
        Assert.True(t.Pairs.ContainsKey("swbreak"));
        Assert.Throws<GdbException>(() => GdbStopReply.Parse("OK"));
    }
}
