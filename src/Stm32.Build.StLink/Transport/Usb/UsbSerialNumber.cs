using System.Globalization;
using System.Text;

namespace Stm32.Build.StLink.Transport.Usb;

/// <summary>
/// Decodes an ST-LINK serial number from its raw USB string descriptor (bLength, bDescriptorType = 3, UTF-16LE).
/// Old ST-LINK/V2 firmware puts the 12 binary bytes of the serial in the descriptor without converting them to
/// text (a 26-byte descriptor instead of 50); those are hex-encoded to the 24-character form ST's tools show
/// (OpenOCD stlink_usb_get_alternate_serial, stlink-org stlink_serial).
/// </summary>
public static class UsbSerialNumber
{
    /// <summary>The length of a serial number in characters (STLINK_SERIAL_LEN).</summary>
    public const int Length = 24;

    /// <summary>Decodes the descriptor; returns null when it is not a string descriptor.</summary>
    public static string? Decode(ReadOnlySpan<byte> descriptor)
    {
        if (descriptor.Length < 2 || descriptor[1] != 0x03)
        {
            return null;
        }
        var length = Math.Min(descriptor[0], descriptor.Length);
        if (length == (Length / 2 + 1) * 2)
        {
            // Buggy firmware: each UTF-16 unit carries one raw byte of the serial.
            var sb = new StringBuilder(Length);
            for (var i = 2; i + 1 < length; i += 2)
            {
                sb.Append(descriptor[i].ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
        var body = descriptor[2..length];
        return Encoding.Unicode.GetString(body[..(body.Length & ~1)]).TrimEnd('\0');
    }
}
