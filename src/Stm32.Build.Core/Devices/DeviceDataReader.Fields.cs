using System.Text.Json;

namespace Stm32.Build.Devices;

internal static partial class DeviceDataReader
{
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

        public TEnum Enum<TEnum>(string name) where TEnum : struct, Enum => Required(name, ReadEnum<TEnum>);

        public double Double(string name) => Required(name, ReadDouble);

        /// <summary>Whether the property is present (and not null); does not count as reading it.</summary>
        public bool Has(string name) => _properties.TryGetValue(name, out var e) && e.ValueKind != JsonValueKind.Null;

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

        public T Required<T>(string name, Func<JsonElement, string, T> read)
        {
            _read.Add(name);
            return _properties.TryGetValue(name, out var e) && e.ValueKind != JsonValueKind.Null
                ? read(e, _path + "." + name)
                : throw Invalid(_path + "." + name, "required property is missing");
        }
    }
}
