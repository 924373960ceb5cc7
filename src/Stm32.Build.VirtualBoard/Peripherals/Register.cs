namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// One 32-bit register of a peripheral, declared with its offset and reset value and built from fields
/// (<see cref="WithField"/>); the masks that decide what a read returns and what a write changes are derived from the
/// fields' access, never typed. Bits no field covers are reserved: they keep their reset value and ignore writes.
/// A register without fields is one read-write field of 32 bits.
/// </summary>
public sealed class Register
{
    private readonly List<RegisterField> _fields = [];
    private Masks _masks;
    private bool _masksValid;
    private Action<uint, uint>? _written;
    private Func<uint, uint>? _readFilter;

    internal Register(RegisterBlock block, uint offset, string name, uint resetValue)
    {
        Block = block;
        Offset = offset;
        Name = name;
        ResetValue = resetValue;
        Value = resetValue;
    }

    /// <summary>The register block (peripheral) the register belongs to.</summary>
    public RegisterBlock Block { get; }

    /// <summary>The offset from the peripheral's base address.</summary>
    public uint Offset { get; }

    /// <summary>The bus address (the block's base plus <see cref="Offset"/>).</summary>
    public uint Address => Block.BaseAddress + Offset;

    /// <summary>The manual's name, e.g. <c>CR</c>.</summary>
    public string Name { get; }

    /// <summary>The value after reset.</summary>
    public uint ResetValue { get; }

    /// <summary>The stored bits. Hardware-side code reads and writes it directly; that never runs callbacks.</summary>
    public uint Value { get; set; }

    /// <summary>The fields in declaration order.</summary>
    public IReadOnlyList<RegisterField> Fields => _fields;

    /// <summary>Whether any behaviour is attached (a provider or callback on the register or a field, or <see cref="Modelled"/>).</summary>
    public bool IsModelled { get; private set; }

    /// <summary>Whether byte and halfword writes are refused (key registers: a partial write is a wrong key).</summary>
    public bool WordWritesOnly { get; private set; }

    /// <summary>The field named <paramref name="name"/> (case-insensitive).</summary>
    public RegisterField this[string name] =>
        _fields.Find(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"{Block.Name}.{Name} has no field '{name}'; its fields are {string.Join(", ", _fields.Select(f => f.Name))}");

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public RegisterField? FindField(string name) =>
        _fields.Find(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Declares a field and returns the register (for chaining).</summary>
    public Register WithField(int position, int width, string name, FieldAccess access = FieldAccess.ReadWrite, Action<RegisterField>? configure = null)
    {
        var field = AddField(position, width, name, access);
        configure?.Invoke(field);
        return this;
    }

    /// <summary>Declares a single-bit field and returns the register (for chaining).</summary>
    public Register WithFlag(int position, string name, FieldAccess access = FieldAccess.ReadWrite, Action<RegisterField>? configure = null) =>
        WithField(position, 1, name, access, configure);

    /// <summary>Declares a field and returns it.</summary>
    public RegisterField AddField(int position, int width, string name, FieldAccess access = FieldAccess.ReadWrite)
    {
        var field = new RegisterField(this, name, position, width, access);
        foreach (var other in _fields)
        {
            if ((other.Mask & field.Mask) != 0)
            {
                throw new InvalidOperationException($"{Block.Name}.{Name}: field {field} overlaps {other}");
            }
        }
        _fields.Add(field);
        _masksValid = false;
        return field;
    }

    /// <summary>Called after every software write, with the stored value before and after it (after field callbacks).</summary>
    public Register OnWrite(Action<uint, uint> written)
    {
        _written += written ?? throw new ArgumentNullException(nameof(written));
        IsModelled = true;
        return this;
    }

    /// <summary>Lets the model adjust every value software reads (after field providers).</summary>
    public Register OnRead(Func<uint, uint> filter)
    {
        _readFilter = filter ?? throw new ArgumentNullException(nameof(filter));
        IsModelled = true;
        return this;
    }

    /// <summary>Marks a register whose behaviour is plain storage as modelled (it is then never logged as unmodelled).</summary>
    public Register Modelled()
    {
        IsModelled = true;
        return this;
    }

    /// <summary>Refuses byte and halfword writes (the write is reported to the caller as refused).</summary>
    public Register RequireWordWrites()
    {
        WordWritesOnly = true;
        return this;
    }

    /// <summary>Changes a field's access (where the manual corrects generated data) and returns the register.</summary>
    public Register Override(string field, FieldAccess access)
    {
        this[field].Access = access;
        _masksValid = false;
        return this;
    }

    internal void MarkModelled() => IsModelled = true;

    /// <summary>Returns the register to its reset value.</summary>
    public void Reset() => Value = ResetValue;

    /// <summary>The value software reads now; read-to-clear fields are cleared by it.</summary>
    public uint Read()
    {
        var m = GetMasks();
        var value = Value & m.Readable;
        if (m.Provided != 0)
        {
            foreach (var field in _fields)
            {
                if (field.Provider is { } provider && field.Access != FieldAccess.WriteOnly)
                {
                    value = (value & ~field.Mask) | ((provider() << field.Position) & field.Mask);
                }
            }
        }
        if (m.ReadToClear != 0)
        {
            Value &= ~m.ReadToClear;
        }
        return _readFilter is { } filter ? filter(value) : value;
    }

    /// <summary>
    /// A software write of <paramref name="value"/> on the byte lanes in <paramref name="laneMask"/>: applies each
    /// field's access, then runs field callbacks (changed, written) and the register's write callback.
    /// </summary>
    public void Write(uint value, uint laneMask = 0xFFFF_FFFF)
    {
        var m = GetMasks();
        var old = Value;
        var written = value & laneMask;
        var next = (old & ~(m.Stored & laneMask)) | (written & m.Stored);
        next &= ~(written & m.OneToClear);
        next &= ~(~value & laneMask & m.ZeroToClear);
        next |= written & m.SetOnly;
        next ^= written & m.Toggle;
        Value = next;
        foreach (var field in _fields)
        {
            if ((field.Mask & laneMask) == 0)
            {
                continue;
            }
            if (field.Changed is { } changed && ((old ^ next) & field.Mask) != 0)
            {
                changed((old & field.Mask) >> field.Position, (next & field.Mask) >> field.Position);
            }
            field.Written?.Invoke((written & field.Mask) >> field.Position);
            if (field.UnmodelledNote is { } note && (written & field.Mask) != 0)
            {
                Block.Log.Add(new UnmodelledAccess(Block.Name, $"{Name}.{field.Name}", Address, written & field.Mask, note));
            }
        }
        _written?.Invoke(old, Value);
    }

    private Masks GetMasks()
    {
        if (_masksValid)
        {
            return _masks;
        }
        var m = default(Masks);
        if (_fields.Count == 0)
        {
            m.Readable = m.Stored = 0xFFFF_FFFF;
        }
        uint covered = 0;
        foreach (var f in _fields)
        {
            covered |= f.Mask;
            if (f.Provider is not null)
            {
                m.Provided |= f.Mask;
            }
            switch (f.Access)
            {
                case FieldAccess.ReadWrite: m.Readable |= f.Mask; m.Stored |= f.Mask; break;
                case FieldAccess.ReadOnly: m.Readable |= f.Mask; break;
                case FieldAccess.WriteOnly: m.Stored |= f.Mask; break;
                case FieldAccess.WriteOneToClear: m.Readable |= f.Mask; m.OneToClear |= f.Mask; break;
                case FieldAccess.WriteZeroToClear: m.Readable |= f.Mask; m.ZeroToClear |= f.Mask; break;
                case FieldAccess.SetOnly: m.Readable |= f.Mask; m.SetOnly |= f.Mask; break;
                case FieldAccess.ReadToClear: m.Readable |= f.Mask; m.ReadToClear |= f.Mask; break;
                case FieldAccess.Toggle: m.Readable |= f.Mask; m.Toggle |= f.Mask; break;
            }
        }
        if (_fields.Count > 0)
        {
            m.Readable |= ~covered; // reserved bits read as stored (their reset value)
        }
        _masks = m;
        _masksValid = true;
        return m;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Block.Name}.{Name} @+0x{Offset:X3}";

    private struct Masks
    {
        public uint Readable;
        public uint Stored;
        public uint Provided;
        public uint OneToClear;
        public uint ZeroToClear;
        public uint SetOnly;
        public uint ReadToClear;
        public uint Toggle;
    }
}
