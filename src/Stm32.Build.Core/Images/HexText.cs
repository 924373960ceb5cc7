namespace Stm32.Build.Images;

/// <summary>Hex digit helpers shared by the text-format readers and writers.</summary>
internal static class HexText
{
    private const string Digits = "0123456789ABCDEF";

    /// <summary>Writes <paramref name="value"/> as two upper-case hex digits at <paramref name="at"/>; returns the next position.</summary>
    public static int Put(Span<char> line, int at, byte value)
    {
        line[at] = Digits[value >> 4];
        line[at + 1] = Digits[value & 0xF];
        return at + 2;
    }

    /// <summary>The value of a hex digit, or -1.</summary>
    public static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
