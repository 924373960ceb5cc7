using System.Globalization;
using System.Text;

namespace Stm32.Build.Emulator.Gdb;

/// <summary>
/// Framing of the GDB remote serial protocol (GDB manual, "Overview" of the remote protocol):
/// <c>$payload#cs</c> with a two-digit modulo-256 checksum, <c>}</c>-escaping of <c>#$}*</c> (XOR 0x20)
/// and run-length encoding <c>X*n</c> (repeat count = n - 29) in replies.
/// </summary>
public static class GdbPacket
{
    /// <summary>The escape character: the next byte is XOR 0x20.</summary>
    public const byte Escape = (byte)'}';

    /// <summary>The run-length marker: the previous character repeated (next byte - 29) more times.</summary>
    public const byte RunLength = (byte)'*';

    /// <summary>The modulo-256 sum of the bytes, as sent after <c>#</c>.</summary>
    public static byte Checksum(ReadOnlySpan<byte> payload)
    {
        byte sum = 0;
        foreach (var b in payload)
        {
            sum = unchecked((byte)(sum + b));
        }
        return sum;
    }

    /// <summary>Frames a payload: escapes the reserved characters and appends the checksum.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var body = new List<byte>(payload.Length + 8);
        foreach (var b in payload)
        {
            if (b is (byte)'#' or (byte)'$' or Escape or RunLength)
            {
                body.Add(Escape);
                body.Add((byte)(b ^ 0x20));
            }
            else
            {
                body.Add(b);
            }
        }
        var sum = Checksum(body.ToArray());
        var framed = new byte[body.Count + 4];
        framed[0] = (byte)'$';
        body.CopyTo(framed, 1);
        framed[^3] = (byte)'#';
        framed[^2] = HexDigit(sum >> 4);
        framed[^1] = HexDigit(sum & 0xF);
        return framed;
    }

    /// <summary>Frames a text payload (ASCII).</summary>
    public static byte[] Frame(string payload) => Frame(Encoding.Latin1.GetBytes(payload));

    /// <summary>Undoes escaping and run-length encoding of a received packet body (checksum already verified).</summary>
    public static byte[] Decode(ReadOnlySpan<byte> body)
    {
        var result = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            if (b == Escape)
            {
                if (i + 1 >= body.Length)
                {
                    throw GdbException.Protocol("packet ends in an escape character");
                }
                result.Add((byte)(body[++i] ^ 0x20));
            }
            else if (b == RunLength)
            {
                if (i + 1 >= body.Length || result.Count == 0)
                {
                    throw GdbException.Protocol("run-length marker without a character to repeat");
                }
                var repeat = body[++i] - 29;
                if (repeat < 0)
                {
                    throw GdbException.Protocol("negative run length");
                }
                var last = result[^1];
                for (var k = 0; k < repeat; k++)
                {
                    result.Add(last);
                }
            }
            else
            {
                result.Add(b);
            }
        }
        return result.ToArray();
    }

    /// <summary>Lower-case hex of the bytes, as memory and register packets carry them.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>Parses hex pairs into bytes; throws a protocol error on an odd length or a non-hex digit.</summary>
    public static byte[] FromHex(string hex)
    {
        if ((hex.Length & 1) != 0)
        {
            throw GdbException.Protocol($"odd-length hex data ({hex.Length} digits)");
        }
        var bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.AsSpan(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                throw GdbException.Protocol($"'{hex.Substring(2 * i, 2)}' is not hex");
            }
        }
        return bytes;
    }

    private static byte HexDigit(int nibble) => (byte)"0123456789abcdef"[nibble];
}
