namespace Stm32.Build.Registers;

/// <summary>
/// A peripheral instance of a register table: name, base address, size of its address block, group, the
/// peripheral the SVD derives it from, its interrupts and registers.
/// </summary>
public sealed class PeripheralInfo
{
    private readonly Lazy<RegisterInfo[]> _registers;
    private NameIndex<RegisterInfo>? _index;

    // layout: gives the register layout when the registers are first used (null: no registers).
    internal PeripheralInfo(string tableName, string name, uint baseAddress, uint size, string? groupName, string? derivedFrom,
        InterruptInfo[] interrupts, Func<RegisterLayout>? layout)
    {
        TableName = tableName;
        Name = name;
        BaseAddress = baseAddress;
        Size = size;
        GroupName = groupName;
        DerivedFrom = derivedFrom;
        Interrupts = interrupts;
        _registers = new Lazy<RegisterInfo[]>(() => layout is null ? [] : Array.ConvertAll(layout().Registers, d => new RegisterInfo(this, d)));
    }

    /// <summary>The name of the table it belongs to.</summary>
    public string TableName { get; }

    /// <summary>The instance name, e.g. <c>USART1</c>.</summary>
    public string Name { get; }

    /// <summary>The base address.</summary>
    public uint BaseAddress { get; }

    /// <summary>The size of its address block in bytes.</summary>
    public uint Size { get; }

    /// <summary>The SVD group (e.g. <c>USART</c> for USART1..UART8), or null.</summary>
    public string? GroupName { get; }

    /// <summary>The peripheral the SVD derives this one from (e.g. <c>GPIOA</c> for GPIOB), or null.</summary>
    public string? DerivedFrom { get; }

    /// <summary>Its interrupt lines, by number.</summary>
    public IReadOnlyList<InterruptInfo> Interrupts { get; }

    /// <summary>Its registers, by offset (read from the table data on first use).</summary>
    public IReadOnlyList<RegisterInfo> Registers => _registers.Value;

    /// <summary>
    /// The register with this name, case-insensitive. The manual's prefixed name (<c>RCC_CR</c>) finds <c>CR</c>, and
    /// where the SVD itself prefixes its names (<c>HSEM_R0</c>) the bare name (<c>R0</c>) finds them.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such register; the message names the table, the peripheral and the name.</exception>
    public RegisterInfo this[string name] => Find(name)
        ?? throw new KeyNotFoundException($"register table {TableName}: peripheral {Name} has no register '{name}'; its registers: {string.Join(", ", Registers.Select(r => r.Name))}");

    /// <summary>The register with this name (case-insensitive, prefixes as for the indexer), or null.</summary>
    public RegisterInfo? Find(string name)
    {
        var index = _index ??= new NameIndex<RegisterInfo>(_registers.Value, r => r.Name);
        if (index.Find(name) is { } register)
        {
            return register;
        }
        foreach (var prefix in new[] { Name, GroupName })
        {
            if (prefix is not null && name.Length > prefix.Length + 1 && name[prefix.Length] == '_'
                && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && index.Find(name[(prefix.Length + 1)..]) is { } stripped)
            {
                return stripped;
            }
            if (prefix is not null && index.Find(prefix + "_" + name) is { } prefixed)
            {
                return prefixed;
            }
        }
        return null;
    }

    /// <summary>The first register whose bytes include <paramref name="offset"/>, or null.</summary>
    public RegisterInfo? FindByOffset(uint offset)
    {
        foreach (var register in _registers.Value)
        {
            if (offset >= register.Offset && offset - register.Offset < (uint)(register.SizeBits / 8))
            {
                return register;
            }
        }
        return null;
    }

    /// <summary>Whether the address falls in the peripheral's address block.</summary>
    public bool Contains(uint address) => address >= BaseAddress && address - BaseAddress < Size;

    /// <inheritdoc />
    public override string ToString() => $"{Name} @ 0x{BaseAddress:X8}";
}
