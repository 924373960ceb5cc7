namespace Stm32.Build.Images;

/// <summary>
/// Line-by-line access to a text image (Intel HEX, S-record) straight from its bytes: no string per line.
/// Lines end at LF; a CR before it and trailing spaces or tabs are ignored, as is a UTF-8 byte order mark.
/// </summary>
internal ref struct TextLines
{
    private readonly ReadOnlySpan<byte> _content;
    private int _position;

    public TextLines(ReadOnlySpan<byte> content)
    {
        _content = content;
        _position = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
        LineNumber = 0;
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Moves to the next line; false at the end of the content.</summary>
    public bool Next(out ReadOnlySpan<byte> line)
    {
        if (_position >= _content.Length)
        {
            line = default;
            return false;
        }
        var rest = _content[_position..];
        int end = rest.IndexOf((byte)'\n');
        line = end < 0 ? rest : rest[..end];
        _position += end < 0 ? rest.Length : end + 1;
        LineNumber++;
        int length = line.Length;
        while (length > 0 && line[length - 1] is (byte)'\r' or (byte)' ' or (byte)'\t')
        {
            length--;
        }
        line = line[..length];
        return true;
    }

    /// <summary>The number of lines in the content (the line a "missing end record" error points at).</summary>
    public static int CountLines(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0)
        {
            return 1;
        }
        int n = content.Count((byte)'\n');
        return content[^1] == (byte)'\n' ? n : n + 1;
    }
}

/// <summary>Decodes hex digit pairs from ASCII bytes.</summary>
internal static class HexDecoder
{
    // -1 for every byte that is not a hex digit.
    private static ReadOnlySpan<sbyte> Table =>
    [
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ];

    /// <summary>The index of the first byte that is not a hex digit, or -1.</summary>
    public static int IndexOfNonHex(ReadOnlySpan<byte> digits)
    {
        var table = Table;
        for (int i = 0; i < digits.Length; i++)
        {
            if (table[digits[i]] < 0)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Decodes pairs of (already validated) hex digits into <paramref name="destination"/>; returns the byte sum.</summary>
    public static byte Decode(ReadOnlySpan<byte> digits, Span<byte> destination)
    {
        var table = Table;
        byte sum = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            byte b = (byte)((table[digits[2 * i]] << 4) | (byte)table[digits[2 * i + 1]]);
            destination[i] = b;
            sum += b;
        }
        return sum;
    }

    /// <summary>Decodes one (already validated) hex digit pair.</summary>
    public static byte Byte(ReadOnlySpan<byte> digits) => (byte)((Table[digits[0]] << 4) | (byte)Table[digits[1]]);

    /// <summary>Describes a non-digit byte for a message: the character, or its code when not printable.</summary>
    public static string Describe(byte c) =>
        c is >= 0x21 and < 0x7F ? $"'{(char)c}'" : $"byte 0x{c:X2}";
}
