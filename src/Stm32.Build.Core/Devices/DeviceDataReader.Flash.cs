using System.Globalization;
using System.Text.Json;

namespace Stm32.Build.Devices;

/// <summary>The flash organisation, option registers, protection and boot parts of the device data.</summary>
internal static partial class DeviceDataReader
{
    /// <summary>
    /// A bank: <c>"sectors": [ { "size": …, "count": … }, … ]</c> for runs of different sizes, or the shorthand
    /// <c>"sectorSize"</c> + <c>"sectorCount"</c> for a uniform bank.
    /// </summary>
    private static FlashBank ReadBank(JsonElement element, string path) => Object(element, path, o =>
    {
        var number = o.Int32("number");
        var start = o.UInt32("start");
        IReadOnlyList<SectorRun> runs;
        if (o.Has("sectors"))
        {
            if (o.Has("sectorSize") || o.Has("sectorCount"))
            {
                throw Invalid(path, "give either \"sectors\" or \"sectorSize\" with \"sectorCount\", not both");
            }
            runs = o.List("sectors", ReadRun);
        }
        else
        {
            var size = o.UInt32("sectorSize");
            var count = o.Int32("sectorCount");
            runs = [CheckRun(new SectorRun(size, count), path)];
        }
        if (runs.Count == 0 || runs.Sum(r => (decimal)r.Bytes) > uint.MaxValue)
        {
            throw Invalid(path, "a bank needs at least one sector and must be smaller than 4 GiB");
        }
        var bank = new FlashBank
        {
            Number = number,
            Start = start,
            Sectors = runs,
            FirstSector = o.Optional("firstSector", ReadInt32, 0),
            RegisterOffset = o.UInt32("registerOffset"),
        };
        if (bank.End > 0x1_0000_0000UL)
        {
            throw Invalid(path, $"the bank ends past 4 GiB (0x{bank.End:X})");
        }
        return bank;
    });

    private static SectorRun ReadRun(JsonElement element, string path) =>
        Object(element, path, o => CheckRun(new SectorRun(o.UInt32("size"), o.Int32("count")), path));

    private static SectorRun CheckRun(SectorRun run, string path) => run.Size > 0 && run.Count > 0
        ? run
        : throw Invalid(path, "sector sizes and counts must be greater than 0");

    private static FlashBankMode ReadBankMode(JsonElement element, string path) => Object(element, path, o => new FlashBankMode
    {
        Name = o.String("name"),
        Option = o.String("option"),
        Value = o.UInt32("value"),
        Factory = o.Optional("factory", Boolean, false),
        FlashBanks = o.List("flashBanks", ReadBank),
    });

    private static FlashBankMode FactoryMode(IReadOnlyList<FlashBankMode> modes, string path)
    {
        var factory = modes.Where(m => m.Factory).ToList();
        return factory.Count == 1
            ? factory[0]
            : throw Invalid(path + ".bankModes", $"exactly one mode must say \"factory\": true ({factory.Count} do)");
    }

    private static FlashParallelismRange ReadParallelism(JsonElement element, string path) => Object(element, path, o =>
    {
        var range = new FlashParallelismRange(o.Double("minVolts"), o.Int32("bits"));
        return range.Bits is 8 or 16 or 32 or 64 ? range : throw Invalid(path + ".bits", $"{range.Bits} is not 8, 16, 32 or 64");
    });

    /// <summary>An option register: <c>{ "name": "OPTCR", "offset": "0x14", "fields": { "RDP": "15:8", "DB1M": "30" } }</c>.</summary>
    private static OptionRegister ReadOptionRegister(JsonElement element, string path) => Object(element, path, o => new OptionRegister
    {
        Name = o.String("name"),
        Offset = o.UInt32("offset"),
        Fields = o.Required("fields", ReadOptionFields),
    });

    private static List<OptionField> ReadOptionFields(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "expected an object of \"FIELD\": \"HIGH:LOW\" (or \"BIT\")");
        }
        var fields = new List<OptionField>();
        foreach (var p in element.EnumerateObject())
        {
            var at = path + "." + p.Name;
            var text = String(p.Value, at);
            var parts = text.Split(':');
            if (parts.Length is < 1 or > 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                || low > high || high > 31)
            {
                throw Invalid(at, $"'{text}' is not a bit range HIGH:LOW (or one bit) within 31:0");
            }
            fields.Add(new OptionField(p.Name, low, high - low + 1));
        }
        return fields;
    }

    private static ProtectionLayout ReadProtection(JsonElement element, string path) => Object(element, path, o => new ProtectionLayout
    {
        RdpField = o.String("rdpField"),
        RdpLevel0 = o.UInt32("rdpLevel0"),
        RdpLevel2 = o.Optional<uint?>("rdpLevel2", (e, p) => ReadUInt32(e, p), null),
        WriteProtection = o.Optional<IReadOnlyList<WriteProtectionField>>("writeProtection", (e, p) => List(e, p, ReadWriteProtection), []),
        Areas = o.Optional<IReadOnlyList<ProtectedAreaField>>("areas", (e, p) => List(e, p, ReadArea), []),
    });

    private static WriteProtectionField ReadWriteProtection(JsonElement element, string path) => Object(element, path, o =>
    {
        var field = new WriteProtectionField
        {
            Bank = o.Int32("bank"),
            Kind = o.Enum<WriteProtectionKind>("kind"),
            Field = o.String("field"),
            EndField = o.Optional<string?>("endField", (e, p) => String(e, p), null),
            SectorsPerBit = o.Optional("sectorsPerBit", ReadInt32, 1),
            LastBitCoversRest = o.Optional("lastBitCoversRest", Boolean, false),
        };
        if ((field.Kind == WriteProtectionKind.PageRange) != (field.EndField is not null) || field.SectorsPerBit < 1)
        {
            throw Invalid(path, "a PageRange needs \"endField\" (and bit fields none); sectorsPerBit is at least 1");
        }
        return field;
    });

    private static ProtectedAreaField ReadArea(JsonElement element, string path) => Object(element, path, o => new ProtectedAreaField
    {
        Name = o.String("name"),
        Bank = o.Int32("bank"),
        StartField = o.String("startField"),
        EndField = o.String("endField"),
        Unit = o.UInt32("unit"),
    });

    private static BootConfiguration ReadBoot(JsonElement element, string path) => Object(element, path, o => new BootConfiguration
    {
        Pins = o.Optional<IReadOnlyList<string>>("pins", (e, p) => List(e, p, String), []),
        Options = o.Optional<IReadOnlyList<string>>("options", (e, p) => List(e, p, String), []),
        Description = o.Optional<string?>("description", (e, p) => String(e, p), null),
    });

    private static TEnum ReadEnum<TEnum>(JsonElement element, string path) where TEnum : struct, Enum
    {
        var text = String(element, path);
        return Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw Invalid(path, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}");
    }

    private static double ReadDouble(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw Invalid(path, "expected a number");

    /// <summary>
    /// Cross-checks a device: banks in address order without overlap, unique bank numbers, every named option
    /// field resolving to a register of <see cref="DeviceDescription.OptionRegisters"/>, bank numbers of the
    /// protection fields existing, and every bank mode covering the same flash size.
    /// </summary>
    private static void CheckConsistency(DeviceDescription device)
    {
        var path = device.Name;
        CheckBanks(device.FlashBanks, path + ".flashBanks");
        foreach (var mode in device.BankModes)
        {
            CheckBanks(mode.FlashBanks, $"{path}.bankModes[{mode.Name}]");
            CheckField(device, mode.Option, $"{path}.bankModes[{mode.Name}].option");
            if (mode.FlashBanks.Sum(b => (long)b.Size) != device.FlashSize)
            {
                throw Invalid($"{path}.bankModes[{mode.Name}]", $"the mode covers {mode.FlashBanks.Sum(b => (long)b.Size)} bytes, the device {device.FlashSize}");
            }
        }
        if (device.BankModes.Count > 0)
        {
            FactoryMode(device.BankModes, path);
        }
        if (device.Protection is { } protection)
        {
            CheckField(device, protection.RdpField, path + ".protection.rdpField");
            foreach (var wrp in protection.WriteProtection)
            {
                CheckField(device, wrp.Field, path + ".protection.writeProtection");
                if (wrp.EndField is { } end)
                {
                    CheckField(device, end, path + ".protection.writeProtection");
                }
            }
            foreach (var area in protection.Areas)
            {
                CheckField(device, area.StartField, path + ".protection.areas");
                CheckField(device, area.EndField, path + ".protection.areas");
            }
        }
        foreach (var option in device.Boot.Options)
        {
            CheckField(device, option, path + ".boot.options");
        }
    }

    private static void CheckBanks(IReadOnlyList<FlashBank> banks, string path)
    {
        if (banks.Select(b => b.Number).Distinct().Count() != banks.Count)
        {
            throw Invalid(path, "bank numbers must be unique");
        }
        var ordered = banks.OrderBy(b => b.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End)
            {
                throw Invalid(path, $"bank {ordered[i].Number} at 0x{ordered[i].Start:X8} overlaps bank {ordered[i - 1].Number}");
            }
        }
    }

    private static void CheckField(DeviceDescription device, string qualifiedName, string path)
    {
        if (device.FindOptionField(qualifiedName) is null)
        {
            throw Invalid(path, $"'{qualifiedName}' is not a REGISTER.FIELD of \"optionRegisters\"");
        }
    }
}
