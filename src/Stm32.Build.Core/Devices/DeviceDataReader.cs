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
internal static partial class DeviceDataReader
{
    /// <summary>Reads a device from its merged top-level properties.</summary>
    public static DeviceDescription ReadDevice(string name, IReadOnlyDictionary<string, JsonElement> properties)
    {
        var o = new Fields(properties, name);
        var modes = o.Optional<IReadOnlyList<FlashBankMode>>("bankModes", (e, p) => List(e, p, ReadBankMode), []);
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
            EraseUnit = o.Optional("eraseUnit", (e, p) => ReadEnum<EraseUnitKind>(e, p), EraseUnitKind.Sector),
            Parallelism = o.Optional<IReadOnlyList<FlashParallelismRange>>("parallelism", (e, p) => List(e, p, ReadParallelism), []),
            BankModes = modes,
            FlashBanks = BanksInEffect(o, modes, name),
            RamRegions = o.List("ramRegions", ReadRegion),
            SystemMemory = o.List("systemMemory", ReadRegion),
            OptionBytes = o.Optional<IReadOnlyList<MemoryRegion>>("optionBytes", (e, p) => List(e, p, ReadRegion), []),
            OptionRegisters = o.Optional<IReadOnlyList<OptionRegister>>("optionRegisters", (e, p) => List(e, p, ReadOptionRegister), []),
            Protection = o.Optional<ProtectionLayout?>("protection", (e, p) => ReadProtection(e, p), null),
            Boot = o.Optional("boot", ReadBoot, new BootConfiguration()),
            Cores = o.List("cores", ReadCore),
            AccessPorts = o.List("accessPorts", ReadAccessPort),
        };
        o.RejectUnknown();
        CheckConsistency(device);
        return device;
    }

    /// <summary>
    /// The banks of the factory option bytes: <c>"flashBanks"</c>, or the factory mode of <c>"bankModes"</c> (when
    /// both are given they must agree).
    /// </summary>
    private static IReadOnlyList<FlashBank> BanksInEffect(Fields o, IReadOnlyList<FlashBankMode> modes, string name)
    {
        if (modes.Count == 0)
        {
            return o.List("flashBanks", ReadBank);
        }
        var factory = FactoryMode(modes, name).FlashBanks;
        var banks = o.Optional<IReadOnlyList<FlashBank>?>("flashBanks", (e, p) => List(e, p, ReadBank), null);
        return banks is null || banks.SequenceEqual(factory)
            ? factory
            : throw Invalid(name + ".flashBanks", "differs from the factory mode of \"bankModes\" (give one of them)");
    }

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
        Fpu = o.Optional<string?>("fpu", (e, p) => ReadFpu(e, p), null),
        Registers = o.Optional<string?>("registers", (e, p) => String(e, p), null),
        PreferredBank = o.Optional("preferredBank", ReadInt32, 0),
        InterruptCount = o.Optional("interruptCount", ReadInt32, 150),
    });

    /// <summary>An FPU name (gcc's <c>-mfpu</c>), checked and in its canonical spelling; a core without an FPU leaves it out.</summary>
    private static string ReadFpu(JsonElement element, string path)
    {
        var text = String(element, path);
        return CoreFpuNames.TryParse(text, out var fpu) && fpu != CoreFpu.None
            ? fpu.ToName()!
            : throw Invalid(path, $"'{text}' is not one of {string.Join(", ", CoreFpuNames.All)} (leave fpu out for a core without an FPU)");
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
}
