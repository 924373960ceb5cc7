namespace Stm32.Build.Registers;

/// <summary>
/// A bit field of a register: its name, lowest bit, width, access and side effects. The mask is derived from the
/// position and width. Instances are shared by every peripheral with the same register layout.
/// </summary>
public sealed class FieldInfo
{
    internal FieldInfo(string name, int position, int width, RegisterAccess access, ModifiedWrite modifiedWrite, ReadAction readAction)
    {
        Name = name;
        Position = position;
        Width = width;
        Access = access;
        ModifiedWrite = modifiedWrite;
        ReadAction = readAction;
        Mask = (width >= 32 ? uint.MaxValue : (1u << width) - 1) << position;
    }

    /// <summary>The field's name.</summary>
    public string Name { get; }

    /// <summary>The lowest bit.</summary>
    public int Position { get; }

    /// <summary>The number of bits.</summary>
    public int Width { get; }

    /// <summary>How software may access it.</summary>
    public RegisterAccess Access { get; }

    /// <summary>What a write does beyond storing the value.</summary>
    public ModifiedWrite ModifiedWrite { get; }

    /// <summary>What a read does.</summary>
    public ReadAction ReadAction { get; }

    /// <summary>The field's bits in place.</summary>
    public uint Mask { get; }

    /// <summary>The largest value the field holds.</summary>
    public uint MaxValue => Mask >> Position;

    /// <summary>The field's value in a register value.</summary>
    public uint Get(uint register) => (register & Mask) >> Position;

    /// <summary>The register value with this field replaced by <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> does not fit the field.</exception>
    public uint Set(uint register, uint value)
    {
        if (value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{Name} is {Width} bit(s) wide: 0x{value:X} does not fit (largest 0x{MaxValue:X})");
        }
        return (register & ~Mask) | (value << Position);
    }

    /// <summary>The manual's notation: <c>PSIZE[5:4]</c> or <c>LOCK[0]</c>.</summary>
    public override string ToString() =>
        Width == 1 ? $"{Name}[{Position}]" : $"{Name}[{Position + Width - 1}:{Position}]";
}
