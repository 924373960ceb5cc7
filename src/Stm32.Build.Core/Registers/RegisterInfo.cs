namespace Stm32.Build.Registers;

/// <summary>
/// A register of one peripheral instance: its name, offset and absolute address, width, reset value and mask,
/// access and fields.
/// </summary>
public sealed class RegisterInfo
{
    private readonly RegisterDefinition _definition;

    internal RegisterInfo(PeripheralInfo peripheral, RegisterDefinition definition)
    {
        Peripheral = peripheral;
        _definition = definition;
        FieldMask = definition.Fields.Aggregate(0u, (mask, f) => mask | f.Mask);
    }

    /// <summary>The peripheral instance it belongs to.</summary>
    public PeripheralInfo Peripheral { get; }

    /// <summary>The register's name as in the SVD (without the peripheral prefix, e.g. <c>CR</c> for RCC_CR).</summary>
    public string Name => _definition.Name;

    /// <summary>Its offset from the peripheral's base address.</summary>
    public uint Offset => _definition.Offset;

    /// <summary>Its address: the peripheral's base plus the offset.</summary>
    public uint Address => unchecked(Peripheral.BaseAddress + _definition.Offset);

    /// <summary>Its width in bits (8, 16 or 32).</summary>
    public int SizeBits => _definition.SizeBits;

    /// <summary>The value after reset (defined for the bits of <see cref="ResetMask"/>).</summary>
    public uint ResetValue => _definition.ResetValue;

    /// <summary>The bits whose reset value is defined.</summary>
    public uint ResetMask => _definition.ResetMask;

    /// <summary>The register's access (a field may differ: see <see cref="FieldInfo.Access"/>).</summary>
    public RegisterAccess Access => _definition.Access;

    /// <summary>What a write does beyond storing the value, for the register as a whole.</summary>
    public ModifiedWrite ModifiedWrite => _definition.ModifiedWrite;

    /// <summary>What a read does, for the register as a whole.</summary>
    public ReadAction ReadAction => _definition.ReadAction;

    /// <summary>Its fields, by bit position.</summary>
    public IReadOnlyList<FieldInfo> Fields => _definition.Fields;

    /// <summary>The bits any field covers.</summary>
    public uint FieldMask { get; }

    /// <summary>The field with this name (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such field; the message names the table, peripheral, register and field.</exception>
    public FieldInfo this[string name] => Find(name)
        ?? throw new KeyNotFoundException($"register table {Peripheral.TableName}: {Peripheral.Name}.{Name} has no field '{name}'; its fields: {string.Join(", ", Fields.Select(f => f.Name))}");

    /// <summary>The field with this name (case-insensitive), or null.</summary>
    public FieldInfo? Find(string name) => _definition.FindField(name);

    /// <summary>The manual's notation: <c>RCC_CR</c> at its address.</summary>
    public override string ToString() => $"{Peripheral.Name}_{Name} @ 0x{Address:X8}";
}
