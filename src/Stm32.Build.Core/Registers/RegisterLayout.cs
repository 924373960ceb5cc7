namespace Stm32.Build.Registers;

/// <summary>
/// A register as a layout defines it, independent of any peripheral's base address: shared by every peripheral
/// (and every table of the family) with the same registers.
/// </summary>
internal sealed class RegisterDefinition(
    string name, uint offset, int sizeBits, uint resetValue, uint resetMask,
    RegisterAccess access, ModifiedWrite modifiedWrite, ReadAction readAction, FieldInfo[] fields)
{
    private NameIndex<FieldInfo>? _fieldIndex;

    public string Name { get; } = name;
    public uint Offset { get; } = offset;
    public int SizeBits { get; } = sizeBits;
    public uint ResetValue { get; } = resetValue;
    public uint ResetMask { get; } = resetMask;
    public RegisterAccess Access { get; } = access;
    public ModifiedWrite ModifiedWrite { get; } = modifiedWrite;
    public ReadAction ReadAction { get; } = readAction;
    public FieldInfo[] Fields { get; } = fields;

    /// <summary>The field with this name (case-insensitive), or null.</summary>
    public FieldInfo? FindField(string fieldName) =>
        (_fieldIndex ??= new NameIndex<FieldInfo>(Fields, f => f.Name)).Find(fieldName);
}

/// <summary>A named list of register definitions (one <c>layout</c> block of a pool file).</summary>
internal sealed class RegisterLayout(string id, RegisterDefinition[] registers)
{
    public string Id { get; } = id;
    public RegisterDefinition[] Registers { get; } = registers;
}

/// <summary>
/// Case-insensitive lookup by name over a list, built on first use; the first element of a name wins (SVD
/// alternate registers may share one).
/// </summary>
internal sealed class NameIndex<T>
{
    private readonly Dictionary<string, T> _byName;

    public NameIndex(IEnumerable<T> items, Func<T, string> name)
    {
        _byName = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            _byName.TryAdd(name(item), item);
        }
    }

    public T? Find(string name) => _byName.TryGetValue(name, out var item) ? item : default;
}
