using System.Globalization;
using System.Text.Json;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Boards;

/// <summary>Maps a board description's JSON onto <see cref="BoardDescription"/>, rejecting what it does not define.</summary>
internal static class BoardDescriptionReader
{
    private static readonly string[] s_boardProperties = ["name", "description", "device", "supply", "hse", "lse", "nrst", "boot0", "uarts"];
    private static readonly string[] s_oscillatorProperties = ["frequency", "mode"];
    private static readonly string[] s_uartProperties = ["peripheral", "tx", "rx"];

    public static BoardDescription Read(JsonElement root, string source)
    {
        RequireObject(root, "$", source);
        Known(root, "$", s_boardProperties, source);
        var name = RequiredString(root, "name", "$", source);
        var device = RequiredString(root, "device", "$", source);
        if (!DeviceCatalog.BuiltIn.TryGet(device, out _))
        {
            throw Bad(source, "$.device", $"'{device}' is not a device in the device data (`stm32 devices` lists them)");
        }
        SupplyWiring? supply = null;
        if (root.TryGetProperty("supply", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            var text = s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (!SupplyWiringNames.TryParse(text, out var wiring))
            {
                throw Bad(source, "$.supply", $"'{s}' is not a supply configuration; use one of {string.Join(", ", SupplyWiringNames.All)}");
            }
            supply = wiring;
        }
        return new BoardDescription
        {
            Name = name,
            Description = OptionalString(root, "description", "$", source) ?? "",
            Device = device,
            Supply = supply,
            Hse = Oscillator(root, "hse", source, defaultFrequency: null),
            Lse = Oscillator(root, "lse", source, defaultFrequency: 32_768),
            NrstWired = OptionalBool(root, "nrst", source) ?? true,
            Boot0High = Boot0(root, source),
            Uarts = Uarts(root, source),
            Source = source,
        };
    }

    private static Oscillator? Oscillator(JsonElement root, string property, string source, long? defaultFrequency)
    {
        if (!root.TryGetProperty(property, out var o) || o.ValueKind == JsonValueKind.Null || o.ValueKind == JsonValueKind.False)
        {
            return null;
        }
        var path = "$." + property;
        RequireObject(o, path, source);
        Known(o, path, s_oscillatorProperties, source);
        long frequency;
        if (o.TryGetProperty("frequency", out var f))
        {
            if (f.ValueKind != JsonValueKind.Number || !f.TryGetInt64(out frequency) || frequency is < 1_000 or > 100_000_000)
            {
                throw Bad(source, path + ".frequency", $"'{f}' is not a frequency in Hz between 1000 and 100000000");
            }
        }
        else if (defaultFrequency is { } d)
        {
            frequency = d;
        }
        else
        {
            throw Bad(source, path + ".frequency", "the oscillator's frequency in Hz is required");
        }
        var mode = OscillatorMode.Crystal;
        if (OptionalString(o, "mode", path, source) is { } m)
        {
            mode = m.ToLowerInvariant() switch
            {
                "crystal" => OscillatorMode.Crystal,
                "bypass" => OscillatorMode.Bypass,
                _ => throw Bad(source, path + ".mode", $"'{m}' is not an oscillator mode; use crystal or bypass"),
            };
        }
        return new Oscillator(frequency, mode);
    }

    private static bool Boot0(JsonElement root, string source)
    {
        if (!root.TryGetProperty("boot0", out var b) || b.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        return (b.ValueKind == JsonValueKind.String ? b.GetString()?.ToLowerInvariant() : null) switch
        {
            "low" => false,
            "high" => true,
            _ => throw Bad(source, "$.boot0", $"'{b}' is not a BOOT0 level; use \"low\" or \"high\""),
        };
    }

    private static IReadOnlyList<UartRoute> Uarts(JsonElement root, string source)
    {
        if (!root.TryGetProperty("uarts", out var u) || u.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (u.ValueKind != JsonValueKind.Array)
        {
            throw Bad(source, "$.uarts", "expected an array of { \"peripheral\", \"tx\", \"rx\" }");
        }
        var list = new List<UartRoute>();
        var i = 0;
        foreach (var item in u.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.uarts[{i++}]");
            RequireObject(item, path, source);
            Known(item, path, s_uartProperties, source);
            list.Add(new UartRoute(RequiredString(item, "peripheral", path, source).ToUpperInvariant(),
                Pin(item, "tx", path, source), Pin(item, "rx", path, source)));
        }
        return list;
    }

    private static string Pin(JsonElement o, string property, string path, string source)
    {
        var text = RequiredString(o, property, path, source).ToUpperInvariant();
        if (text.Length is < 3 or > 4 || text[0] != 'P' || text[1] is < 'A' or > 'K' || !int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 15)
        {
            throw Bad(source, path + "." + property, $"'{text}' is not a pin name such as PA9");
        }
        return text;
    }

    private static void Known(JsonElement o, string path, string[] known, string source)
    {
        foreach (var p in o.EnumerateObject())
        {
            if (!known.Contains(p.Name, StringComparer.Ordinal))
            {
                throw BoardCatalog.Error(DiagnosticCodes.BoardUnknownProperty, source,
                    $"{path}.{p.Name}: unknown property; a board description has {string.Join(", ", known)}");
            }
        }
    }

    private static void RequireObject(JsonElement e, string path, string source)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Bad(source, path, "expected an object");
        }
    }

    private static string RequiredString(JsonElement o, string property, string path, string source) =>
        OptionalString(o, property, path, source) ?? throw Bad(source, path + "." + property, "required property is missing");

    private static string? OptionalString(JsonElement o, string property, string path, string source)
    {
        if (!o.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            throw Bad(source, path + "." + property, "expected a non-empty string");
        }
        return v.GetString()!.Trim();
    }

    private static bool? OptionalBool(JsonElement o, string property, string source)
    {
        if (!o.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(source, "$." + property, "expected true or false"),
        };
    }

    private static Stm32Exception Bad(string source, string path, string why) =>
        BoardCatalog.Error(DiagnosticCodes.BoardInvalidValue, source, $"{path}: {why}");
}
