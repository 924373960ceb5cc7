using System.Text;
using Stm32.Build.StLink.Transport.Usb;

namespace Stm32.Build.StLink.Tests.Transport;

/// <summary>Serial numbers from raw USB string descriptors, including the old ST-LINK/V2 binary-serial quirk.</summary>
public sealed class UsbSerialNumberTests
{
    private static byte[] Descriptor(byte[] utf16) => [(byte)(utf16.Length + 2), 0x03, .. utf16];

    [Fact]
    public void A_normal_descriptor_is_utf16_text()
    {
        var d = Descriptor(Encoding.Unicode.GetBytes("066DFF343033464757092133"));
        Assert.Equal(50, d[0]);
        Assert.Equal("066DFF343033464757092133", UsbSerialNumber.Decode(d));
    }

    [Fact]
    public void The_buggy_v2_descriptor_is_hex_encoded()
    {
        // OpenOCD's example: serial 57FF72067265575742132067 sent as raw bytes 0x57, 0xFF, 0x72 ... one per UTF-16 unit.
        byte[] raw = [0x57, 0xFF, 0x72, 0x06, 0x72, 0x65, 0x57, 0x57, 0x42, 0x13, 0x20, 0x67];
        var d = Descriptor(raw.SelectMany(b => new byte[] { b, 0 }).ToArray());
        Assert.Equal(26, d[0]);
        Assert.Equal("57FF72067265575742132067", UsbSerialNumber.Decode(d));
    }

    [Fact]
    public void A_non_string_descriptor_is_rejected()
    {
        Assert.Null(UsbSerialNumber.Decode([4, 0x01, 0, 0]));
        Assert.Null(UsbSerialNumber.Decode([1]));
    }
}
