namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// How software accesses a register field, in the reference manuals' vocabulary (RM0399 1.2 "List of abbreviations
/// for registers": rw, r, w, rc_w1, rc_w0, rs, rc_r, t).
/// </summary>
public enum FieldAccess
{
    /// <summary><c>rw</c>: software reads and writes the field.</summary>
    ReadWrite,
    /// <summary><c>r</c>: software reads; writes are ignored (hardware sets the value).</summary>
    ReadOnly,
    /// <summary><c>w</c>: software writes; reads return 0 (key registers, clear registers).</summary>
    WriteOnly,
    /// <summary><c>rc_w1</c>: software reads; writing 1 clears the bit, writing 0 has no effect.</summary>
    WriteOneToClear,
    /// <summary><c>rc_w0</c>: software reads; writing 0 clears the bit, writing 1 has no effect.</summary>
    WriteZeroToClear,
    /// <summary><c>rs</c>: software reads and can only set the bit (writing 0 has no effect); hardware clears it.</summary>
    SetOnly,
    /// <summary><c>rc_r</c>: software reads; reading clears the bit.</summary>
    ReadToClear,
    /// <summary><c>t</c>: software reads; writing 1 toggles the bit, writing 0 has no effect.</summary>
    Toggle,
}

/// <summary>
/// One field of a <see cref="Register"/>: name, bit position, width and access side by side as in the manual, its
/// mask derived from them. Behaviour is attached with <see cref="WithValue"/>, <see cref="OnChange"/> and
/// <see cref="OnWrite"/>; a field without behaviour simply stores what software writes (within its access).
/// </summary>
public sealed class RegisterField
{
    internal RegisterField(Register owner, string name, int position, int width, FieldAccess access)
    {
        if (position is < 0 or > 31 || width is < 1 or > 32 || position + width > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{owner.Name}.{name}: bits {position}+{width} do not fit a 32-bit register");
        }
        Owner = owner;
        Name = name;
        Position = position;
        Width = width;
        Access = access;
        Mask = (width == 32 ? 0xFFFF_FFFFu : (1u << width) - 1) << position;
    }

    /// <summary>The register the field belongs to.</summary>
    public Register Owner { get; }

    /// <summary>The manual's name, e.g. <c>HSERDY</c>.</summary>
    public string Name { get; }

    /// <summary>The lowest bit.</summary>
    public int Position { get; }

    /// <summary>The number of bits.</summary>
    public int Width { get; }

    /// <summary>How software accesses the field.</summary>
    public FieldAccess Access { get; internal set; }

    /// <summary>The field's bits in place (derived from <see cref="Position"/> and <see cref="Width"/>).</summary>
    public uint Mask { get; }

    internal Func<uint>? Provider { get; private set; }

    internal Action<uint, uint>? Changed { get; private set; }

    internal Action<uint>? Written { get; private set; }

    internal string? UnmodelledNote { get; private set; }

    /// <summary>
    /// The field's stored value (what software last wrote within its access, or what hardware set). Hardware-side
    /// code sets it directly; writing it never runs callbacks.
    /// </summary>
    public uint Value
    {
        get => (Owner.Value & Mask) >> Position;
        set => Owner.Value = (Owner.Value & ~Mask) | ((value << Position) & Mask);
    }

    /// <summary>Whether the field (read through its provider, if any) is non-zero.</summary>
    public bool IsSet => Read() != 0;

    /// <summary>The field as software would read it now (its provider's value, or the stored value).</summary>
    public uint Read() => Provider is { } provider ? provider() & (Mask >> Position) : Value;

    /// <summary>The field's value extracted from a whole register value.</summary>
    public uint Get(uint register) => (register & Mask) >> Position;

    /// <summary>Whether the (usually single-bit) field is non-zero in a whole register value.</summary>
    public bool IsSetIn(uint register) => (register & Mask) != 0;

    /// <summary>Software reads of the field return what <paramref name="provider"/> gives (hardware state).</summary>
    public RegisterField WithValue(Func<uint> provider)
    {
        Provider = provider ?? throw new ArgumentNullException(nameof(provider));
        Owner.MarkModelled();
        return this;
    }

    /// <summary>Software reads of the (single-bit) field return <paramref name="provider"/>'s truth value.</summary>
    public RegisterField WithFlag(Func<bool> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return WithValue(() => provider() ? 1u : 0u);
    }

    /// <summary>Called after a software write changed the stored value, with the old and new field values.</summary>
    public RegisterField OnChange(Action<uint, uint> changed)
    {
        Changed += changed ?? throw new ArgumentNullException(nameof(changed));
        Owner.MarkModelled();
        return this;
    }

    /// <summary>
    /// Called after every software write whose byte lanes cover the field, with the value written to the field
    /// (for <see cref="FieldAccess.WriteOneToClear"/> the bits written as 1), whether or not the stored value changed.
    /// </summary>
    public RegisterField OnWrite(Action<uint> written)
    {
        Written += written ?? throw new ArgumentNullException(nameof(written));
        Owner.MarkModelled();
        return this;
    }

    /// <summary>
    /// Declares that the field stores what is written but its effect is not modelled: the first non-zero write is
    /// logged (once) with <paramref name="note"/> so a model is never silently wrong.
    /// </summary>
    public RegisterField Unmodelled(string note)
    {
        UnmodelledNote = note ?? throw new ArgumentNullException(nameof(note));
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => Width == 1 ? $"{Owner.Name}.{Name}[{Position}]" : $"{Owner.Name}.{Name}[{Position + Width - 1}:{Position}]";
}
