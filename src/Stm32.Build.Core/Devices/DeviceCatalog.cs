using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Devices;

/// <summary>
/// The device data: every part the product knows, loaded from JSON. Each family file lists devices; a device may
/// name another with <c>"inherits"</c> and then gives only what differs (shallow merge of top-level properties).
/// Numbers may be written as JSON numbers or as hex strings (<c>"0x08000000"</c>).
/// </summary>
public sealed class DeviceCatalog
{
    private static readonly Lazy<DeviceCatalog> s_builtIn = new(LoadBuiltIn);
    private readonly Dictionary<string, DeviceDescription> _devices;

    private DeviceCatalog(Dictionary<string, DeviceDescription> devices) => _devices = devices;

    /// <summary>The device data shipped with the product.</summary>
    public static DeviceCatalog BuiltIn => s_builtIn.Value;

    /// <summary>All devices, by name.</summary>
    public IReadOnlyCollection<DeviceDescription> Devices => _devices.Values;

    /// <summary>
    /// Finds a device by name, case-insensitively. A full ordering code such as <c>STM32H747XIH6</c> or CubeIDE's
    /// <c>STM32H747XIHx</c> matches the longest known name it starts with.
    /// </summary>
    public bool TryGet(string name, out DeviceDescription device)
    {
        var key = name.Trim().ToUpperInvariant();
        if (_devices.TryGetValue(key, out device!))
        {
            return true;
        }
        var best = _devices.Values
            .Where(d => key.StartsWith(d.Name, StringComparison.Ordinal))
            .OrderByDescending(d => d.Name.Length)
            .FirstOrDefault();
        device = best!;
        return best is not null;
    }

    /// <summary>Finds a device by name or throws a coded <see cref="Stm32Exception"/> listing the known names.</summary>
    public DeviceDescription Get(string name)
    {
        if (TryGet(name, out var device))
        {
            return device;
        }
        throw new Stm32Exception(new Diagnostic(
            DiagnosticCodes.UnknownDevice,
            DiagnosticSeverity.Error,
            $"unknown device '{name}'; known devices: {string.Join(", ", _devices.Keys.Order(StringComparer.Ordinal))}"));
    }

    /// <summary>The devices whose DBGMCU DEV_ID matches, optionally narrowed by the flash size register's value.</summary>
    public IEnumerable<DeviceDescription> FindByDevId(ushort devId, uint? flashSizeBytes = null) =>
        _devices.Values.Where(d => d.DevId == devId && (flashSizeBytes is null || d.FlashSize == flashSizeBytes));

    /// <summary>Loads a catalog from JSON documents (each with a <c>devices</c> array).</summary>
    public static DeviceCatalog Load(IEnumerable<string> jsonDocuments)
    {
        var raw = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in jsonDocuments)
        {
            var root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                ?? throw new InvalidDataException("empty device data document");
            foreach (var node in root["devices"]!.AsArray())
            {
                var obj = node!.AsObject();
                raw[obj["name"]!.GetValue<string>()] = obj;
            }
        }

        var options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            Converters = { new HexUInt32Converter(), new HexUInt16Converter() },
        };
        var devices = new Dictionary<string, DeviceDescription>(StringComparer.Ordinal);
        foreach (var (name, _) in raw)
        {
            var merged = Resolve(name, raw, depth: 0);
            if (merged["abstract"]?.GetValue<bool>() == true)
            {
                continue;
            }
            merged.Remove("inherits");
            merged.Remove("abstract");
            var device = merged.Deserialize<DeviceDescription>(options)
                ?? throw new InvalidDataException($"device '{name}' did not load");
            devices[device.Name.ToUpperInvariant()] = device;
        }
        return new DeviceCatalog(devices);
    }

    private static JsonObject Resolve(string name, Dictionary<string, JsonObject> raw, int depth)
    {
        if (depth > 8 || !raw.TryGetValue(name, out var obj))
        {
            throw new InvalidDataException($"device data: cannot resolve '{name}'");
        }
        var result = new JsonObject();
        if (obj["inherits"]?.GetValue<string>() is string parent)
        {
            foreach (var (key, value) in Resolve(parent, raw, depth + 1))
            {
                result[key] = value?.DeepClone();
            }
            result.Remove("abstract");
        }
        foreach (var (key, value) in obj)
        {
            result[key] = value?.DeepClone();
        }
        return result;
    }

    private static DeviceCatalog LoadBuiltIn()
    {
        var assembly = typeof(DeviceCatalog).Assembly;
        var docs = new List<string>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Stm32.Build.Devices.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            docs.Add(reader.ReadToEnd());
        }
        return Load(docs);
    }
}
