using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stm32.Build.Devices;

/// <summary>Reads a 32-bit unsigned value written as a JSON number or a <c>"0x..."</c> string.</summary>
internal sealed class HexUInt32Converter : JsonConverter<uint>
{
    public override uint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (uint)HexNumber.Read(ref reader, uint.MaxValue);

    public override void Write(Utf8JsonWriter writer, uint value, JsonSerializerOptions options) =>
        writer.WriteStringValue("0x" + value.ToString("X8", CultureInfo.InvariantCulture));
}

/// <summary>Reads a 16-bit unsigned value written as a JSON number or a <c>"0x..."</c> string.</summary>
internal sealed class HexUInt16Converter : JsonConverter<ushort>
{
    public override ushort Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (ushort)HexNumber.Read(ref reader, ushort.MaxValue);

    public override void Write(Utf8JsonWriter writer, ushort value, JsonSerializerOptions options) =>
        writer.WriteStringValue("0x" + value.ToString("X4", CultureInfo.InvariantCulture));
}

internal static class HexNumber
{
    public static ulong Read(ref Utf8JsonReader reader, ulong max)
    {
        ulong value;
        if (reader.TokenType == JsonTokenType.Number)
        {
            value = reader.GetUInt64();
        }
        else
        {
            var text = reader.GetString() ?? throw new JsonException("expected a number");
            value = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.Parse(text.AsSpan(2).ToString().Replace("_", "", StringComparison.Ordinal), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : ulong.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        if (value > max)
        {
            throw new JsonException($"value {value} out of range");
        }
        return value;
    }
}
