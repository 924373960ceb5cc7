using System.Globalization;
using System.Text.Json;

namespace Stm32.Build.Devices;

/// <summary>
/// Maps one resolved device entry of the device data (top-level properties after inheritance) onto
/// <see cref="DeviceDescription"/> and its parts. Property names match case-insensitively; numbers may be JSON
/// numbers or <c>"0x…"</c> strings (underscores allowed as digit separators). A missing required property, an
/// unknown property or a value of the wrong kind is an <see cref="InvalidDataException"/> naming the JSON path.
/// </summary>
/// <remarks>
/// Written by hand over <see cref="JsonElement"/> rather than with the reflection serializer: the catalog loads
/// in every MSBuild task host and every <c>stm32</c> run, and the serializer's per-type set-up cost about 90 ms
/// of start-up per process.
/// </remarks>
internal static class DeviceDataReader
{
    /// <summary>Reads a device from its merged top-level properties.</summary>
    public static DeviceDescription ReadDevice(string name, IReadOnlyDictionary<string, JsonElement> properties)
    {
        var o = new Fields(properties, name);
        var device = new DeviceDescription
        {
            Name = o.String("name"),
            Family = o.String("family"),
            ReferenceManual = o.String("referenceManual"),
            DevId = (ushort)o.Number("devId", ushort.MaxValue),
            Revisions = o.Optional("revisions", (e, p) => ReadRevisions(e, p), new Dictionary<string, string>()),
            DbgmcuIdcodeAddress = o.UInt32("dbgmcuIdcodeAddress"),
            DbgmcuApbAddress = o.Optional<uint?>("dbgmcuApbAddress", (e, p) => ReadUInt32(e, p), null),
            DbgmcuAccessPort = o.Optional<int?>("dbgmcuAccessPort", (e, p) => ReadInt32(e, p), null),
            FlashSizeRegister = o.UInt32("flashSizeRegister"),
            UniqueIdAddress = o.UInt32("uniqueIdAddress"),
            DpIdcode = o.UInt32("dpIdcode"),
            FlashDriver = o.String("flashDriver"),
            FlashRegistersBase = o.UInt32("flashRegistersBase"),
            FlashWordSize = o.Int32("flashWordSize"),
            ErasedValue = o.Optional("erasedValue", (e, p) => (byte)Number(e, p, byte.MaxValue), (byte)0xFF),
            FlashBanks = o.List("flashBanks", ReadBank),
            RamRegions = o.List("ramRegions", ReadRegion),
            SystemMemory = o.List("systemMemory", ReadRegion),
            OptionBytes = o.Optional<IReadOnlyList<MemoryRegion>>("optionBytes", (e, p) => List(e, p, ReadRegion), []),
            Cores = o.List("cores", ReadCore),
            AccessPorts = o.List("accessPorts", ReadAccessPort),
        };
        o.RejectUnknown();
        return device;
    }

    private static FlashBank ReadBank(JsonElement element, string path) => Object(element, path, o => new FlashBank
    {
        Number = o.Int32("number"),
        Start = o.UInt32("start"),
        SectorSize = o.UInt32("sectorSize"),
        SectorCount = o.Int32("sectorCount"),
        RegisterOffset = o.UInt32("registerOffset"),
    });

    private static MemoryRegion ReadRegion(JsonElement element, string path) => Object(element, path, o => new MemoryRegion
    {
        Name = o.String("name"),
        Kind = o.Enum<MemoryKind>("kind"),
        Start = o.UInt32("start"),
        Size = o.UInt32("size"),
        Cores = o.Optional<IReadOnlyList<string>>("cores", (e, p) => List(e, p, String), []),
    });

    private static CoreDescription ReadCore(JsonElement element, string path) => Object(element, path, o => new CoreDescription
    {
        Name = o.String("name"),
        Architecture = o.String("architecture"),
        AccessPort = o.Int32("accessPort"),
        CpuId = o.UInt32("cpuId"),
        DefaultBootAddress = o.UInt32("defaultBootAddress"),
        SystemBootAddress = o.UInt32("systemBootAddress"),
        BootOptionName = o.String("bootOptionName"),
        PreferredBank = o.Optional("preferredBank", ReadInt32, 0),
        InterruptCount = o.Optional("interruptCount", ReadInt32, 150),
        Fpu = o.Optional<CoreFpu?>("fpu", (e, p) => ReadFpu(e, p), null),
    });

    private static CoreFpu ReadFpu(JsonElement element, string path)
    {
        var text = String(element, path);
        return CoreFpuNames.TryParse(text, out var fpu)
            ? fpu
            : throw Invalid(path, $"'{text}' is not one of {string.Join(", ", CoreFpuNames.All)}");
    }

    private static AccessPortDescription ReadAccessPort(JsonElement element, string path) => Object(element, path, o => new AccessPortDescription
    {
        Index = o.Int32("index"),
        Kind = o.Enum<AccessPortKind>("kind"),
        Description = o.String("description"),
        AvailableUnderReset = o.Optional("availableUnderReset", Boolean, false),
    });

    /// <summary>Reads an object with <paramref name="read"/>, then fails on any property it did not read.</summary>
    private static T Object<T>(JsonElement element, string path, Func<Fields, T> read)
    {
        var fields = Fields.Of(element, path);
        var value = read(fields);
        fields.RejectUnknown();
        return value;
    }

    private static Dictionary<string, string> ReadRevisions(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "expected an object");
        }
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in element.EnumerateObject())
        {
            result[p.Name] = String(p.Value, path + "." + p.Name);
        }
        return result;
    }

    private static List<T> List<T>(JsonElement element, string path, Func<JsonElement, string, T> read)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, "expected an array");
        }
        var result = new List<T>(element.GetArrayLength());
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            result.Add(read(item, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));
            i++;
        }
        return result;
    }

    private static string String(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Invalid(path, "expected a string");

    private static bool Boolean(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid(path, "expected true or false"),
    };

    private static uint ReadUInt32(JsonElement element, string path) => (uint)Number(element, path, uint.MaxValue);

    private static int ReadInt32(JsonElement element, string path) => (int)Number(element, path, int.MaxValue);

    /// <summary>A JSON number or a decimal or <c>"0x…"</c> string, at most <paramref name="max"/>.</summary>
    internal static ulong Number(JsonElement element, string path, ulong max)
    {
        ulong value;
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetUInt64(out value))
            {
                throw Invalid(path, $"{element.GetRawText()} is not a non-negative integer");
            }
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!.Replace("_", "", StringComparison.Ordinal);
            var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
                : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
            if (!ok)
            {
                throw Invalid(path, $"'{element.GetString()}' is not a number (write 123 or \"0x7B\")");
            }
        }
        else
        {
            throw Invalid(path, "expected a number or a \"0x…\" string");
        }
        if (value > max)
        {
            throw Invalid(path, $"value 0x{value:X} is larger than 0x{max:X}");
        }
        return value;
    }

    private static InvalidDataException Invalid(string path, string message) => new($"device data: {path}: {message}");

    /// <summary>The properties of one JSON object, looked up case-insensitively, remembering which were read.</summary>
    private sealed class Fields
    {
        private readonly IReadOnlyDictionary<string, JsonElement> _properties;
        private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);
        private readonly string _path;

        public Fields(IReadOnlyDictionary<string, JsonElement> properties, string path)
        {
            _properties = properties;
            _path = path;
        }

        public static Fields Of(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "expected an object");
            }
            var properties = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in element.EnumerateObject())
            {
                properties[p.Name] = p.Value;
            }
            return new Fields(properties, path);
        }

        public string String(string name) => Required(name, DeviceDataReader.String);

        public uint UInt32(string name) => Required(name, ReadUInt32);

        public ulong Number(string name, ulong max) => Required(name, (e, p) => DeviceDataReader.Number(e, p, max));

        public int Int32(string name) => Required(name, ReadInt32);

        public TEnum Enum<TEnum>(string name) where TEnum : struct, Enum => Required(name, (e, p) =>
        {
            var text = DeviceDataReader.String(e, p);
            return System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value)
                ? value
                : throw Invalid(p, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        });

        public IReadOnlyList<T> List<T>(string name, Func<JsonElement, string, T> read) =>
            Required(name, (e, p) => DeviceDataReader.List(e, p, read));

        public T Optional<T>(string name, Func<JsonElement, string, T> read, T fallback)
        {
            _read.Add(name);
            return _properties.TryGetValue(name, out var e) && e.ValueKind != JsonValueKind.Null ? read(e, _path + "." + name) : fallback;
        }

        /// <summary>Fails on a property nothing read: a misspelt name would otherwise be silently ignored.</summary>
        public void RejectUnknown()
        {
            foreach (var name in _properties.Keys)
            {
                if (!_read.Contains(name))
                {
                    throw Invalid(_path + "." + name, "unknown property");
                }
            }
        }

        private T Required<T>(string name, Func<JsonElement, string, T> read)
        {
            _read.Add(name);
            return _properties.TryGetValue(name, out var e) && e.ValueKind != JsonValueKind.Null
                ? read(e, _path + "." + name)
                : throw Invalid(_path + "." + name, "required property is missing");
        }
    }
}
