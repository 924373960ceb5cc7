using System.Globalization;
using Stm32.SvdGen.Model;
using Stm32.SvdGen.Svd;

namespace Stm32.SvdGen.Corrections;

/// <summary>
/// The typed values of a correction's properties: numbers (<c>0x</c> hex or decimal), bit ranges (<c>5:4</c> or
/// <c>7</c>), access (<c>rw r w w1 rw1</c>), modifiedWriteValues (<c>w1c w1s w1t w0c w0s w0t wc ws wm</c>), readAction
/// (<c>rc rs rm rme rn</c>) and names.
/// </summary>
internal static class CorrectionValues
{
    /// <summary>Checks every property's value; a bad one is an STM5711 error naming the line.</summary>
    public static void Validate(Correction correction)
    {
        foreach (var (key, _) in correction.Properties)
        {
            switch (key)
            {
                case "base" or "offset" or "reset" or "mask" or "number":
                    Number(correction, key);
                    break;
                case "size" when correction.Target.Register is null:
                    Number(correction, key);
                    break;
                case "size":
                    if (Number(correction, key) is not (8 or 16 or 32))
                    {
                        throw Bad(correction, key, "a register size is 8, 16 or 32 bits");
                    }
                    break;
                case "bits":
                    Bits(correction);
                    break;
                case "access":
                    Access(correction);
                    break;
                case "write":
                    Write(correction);
                    break;
                case "read":
                    Read(correction);
                    break;
                default:
                    Name(correction, key);
                    break;
            }
        }
    }

    /// <summary>The raw value of a property, or null.</summary>
    public static string? Get(Correction correction, string key) =>
        correction.Properties.FirstOrDefault(p => p.Key == key).Value;

    /// <summary>A number property (<c>0x</c> hex or decimal).</summary>
    public static uint? Number(Correction correction, string key)
    {
        if (Get(correction, key) is not { } text)
        {
            return null;
        }
        return SvdNumber.TryParse(text, out var value) ? value : throw Bad(correction, key, $"'{text}' is not a 32-bit number (0x hex or decimal)");
    }

    /// <summary>The <c>bits</c> property: (position, width).</summary>
    public static (int Position, int Width)? Bits(Correction correction)
    {
        if (Get(correction, "bits") is not { } text)
        {
            return null;
        }
        var parts = text.Split(':');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var low))
        {
            if (high is >= 0 and < 32 && low <= high)
            {
                return (low, high - low + 1);
            }
        }
        throw Bad(correction, "bits", $"'{text}' is not a bit range HIGH:LOW or BIT within 31..0");
    }

    /// <summary>The <c>access</c> property.</summary>
    public static Access? Access(Correction correction) =>
        Get(correction, "access") is not { } text ? null
        : Codes.TryParseAccessCode(text, out var value) ? value
        : throw Bad(correction, "access", $"'{text}' is not an access code ({Codes.AccessCodes})");

    /// <summary>The <c>write</c> property.</summary>
    public static ModifiedWrite? Write(Correction correction) =>
        Get(correction, "write") is not { } text ? null
        : Codes.TryParseWriteCode(text, out var value) ? value
        : throw Bad(correction, "write", $"'{text}' is not a modifiedWriteValues code ({Codes.WriteCodes})");

    /// <summary>The <c>read</c> property.</summary>
    public static ReadAction? Read(Correction correction) =>
        Get(correction, "read") is not { } text ? null
        : Codes.TryParseReadCode(text, out var value) ? value
        : throw Bad(correction, "read", $"'{text}' is not a readAction code ({Codes.ReadCodes})");

    /// <summary>A name property (identifier characters only).</summary>
    public static string? Name(Correction correction, string key)
    {
        if (Get(correction, key) is not { } text)
        {
            return null;
        }
        return text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? text : throw Bad(correction, key, $"'{text}' is not a name (letters, digits, _)");
    }

    private static SvdGenException Bad(Correction correction, string key, string message) =>
        CorrectionParser.Invalid(correction.File, correction.Line, $"{key}: {message}");
}
