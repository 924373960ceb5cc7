using System.Reflection;
using System.Text.Json;
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
    /// <exception cref="InvalidDataException">A document is not valid device data; the message names the JSON path.</exception>
    public static DeviceCatalog Load(IEnumerable<string> jsonDocuments)
    {
        var documents = new List<JsonDocument>();
        try
        {
            var raw = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var text in jsonDocuments)
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"device data: {ex.Message}", ex);
                }
                documents.Add(document);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("devices", out var list)
                    || list.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException("device data: a document must be an object with a \"devices\" array");
                }
                foreach (var entry in list.EnumerateArray())
                {
                    if (entry.ValueKind != JsonValueKind.Object
                        || Property(entry, "name") is not { ValueKind: JsonValueKind.String } name)
                    {
                        throw new InvalidDataException("device data: every entry of \"devices\" needs a \"name\" string");
                    }
                    raw[name.GetString()!] = entry;
                }
            }

            var devices = new Dictionary<string, DeviceDescription>(StringComparer.Ordinal);
            foreach (var (name, _) in raw)
            {
                var merged = Resolve(name, raw, depth: 0);
                if (merged.Remove("abstract", out var isAbstract) && isAbstract.ValueKind == JsonValueKind.True)
                {
                    continue;
                }
                merged.Remove("inherits");
                var device = DeviceDataReader.ReadDevice(name, merged);
                devices[device.Name.ToUpperInvariant()] = device;
            }
            return new DeviceCatalog(devices);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    /// <summary>An entry's top-level properties after inheritance: the parent's, then its own over them.</summary>
    private static Dictionary<string, JsonElement> Resolve(string name, Dictionary<string, JsonElement> raw, int depth)
    {
        if (depth > 8 || !raw.TryGetValue(name, out var entry))
        {
            throw new InvalidDataException($"device data: cannot resolve '{name}'");
        }
        var result = Property(entry, "inherits") is { ValueKind: JsonValueKind.String } parent
            ? Resolve(parent.GetString()!, raw, depth + 1)
            : new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        // "abstract" belongs to the entry that says it, not to those inheriting from it.
        result.Remove("abstract");
        foreach (var property in entry.EnumerateObject())
        {
            result[property.Name] = property.Value;
        }
        return result;
    }

    /// <summary>An object's property, its name matched case-insensitively like every other device data name.</summary>
    private static JsonElement? Property(JsonElement obj, string name)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
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
