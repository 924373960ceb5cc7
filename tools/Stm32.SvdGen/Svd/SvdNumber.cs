using System.Globalization;

namespace Stm32.SvdGen.Svd;

/// <summary>
/// SVD <c>scaledNonNegativeInteger</c>: decimal, <c>0x</c>/<c>0X</c> hexadecimal or <c>#</c> binary, optionally
/// followed by a scale <c>k</c>, <c>M</c>, <c>G</c> (CMSIS-SVD schema). Values above 32 bits are refused.
/// </summary>
internal static class SvdNumber
{
    /// <summary>Parses a number; false when it is not one or does not fit 32 bits.</summary>
    public static bool TryParse(string text, out uint value)
    {
        value = 0;
        var s = text.Trim();
        ulong scale = 1;
        if (s.Length > 1 && !s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && char.IsLetter(s[^1]))
        {
            scale = char.ToUpperInvariant(s[^1]) switch { 'K' => 1UL << 10, 'M' => 1UL << 20, 'G' => 1UL << 30, _ => 0 };
            if (scale == 0)
            {
                return false;
            }
            s = s[..^1];
        }
        ulong raw;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out raw))
            {
                return false;
            }
        }
        else if (s.StartsWith('#'))
        {
            if (!ulong.TryParse(s.AsSpan(1), NumberStyles.AllowBinarySpecifier, CultureInfo.InvariantCulture, out raw))
            {
                return false;
            }
        }
        else if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out raw))
        {
            return false;
        }
        if (raw > uint.MaxValue || raw * scale > uint.MaxValue)
        {
            return false;
        }
        value = (uint)(raw * scale);
        return true;
    }
}
