namespace Stm32.SvdGen.Model;

/// <summary>SVD access types (CMSIS-SVD <c>accessType</c>), with the table format's short codes.</summary>
internal enum Access
{
    /// <summary><c>read-write</c>, code <c>rw</c> (the default, never written).</summary>
    ReadWrite,
    /// <summary><c>read-only</c>, code <c>r</c>.</summary>
    ReadOnly,
    /// <summary><c>write-only</c>, code <c>w</c>.</summary>
    WriteOnly,
    /// <summary><c>writeOnce</c>, code <c>w1</c>.</summary>
    WriteOnce,
    /// <summary><c>read-writeOnce</c>, code <c>rw1</c>.</summary>
    ReadWriteOnce,
}

/// <summary>SVD <c>modifiedWriteValues</c>, with the table format's short codes.</summary>
internal enum ModifiedWrite
{
    /// <summary><c>modify</c> (the default, never written): the written value is stored.</summary>
    Modify,
    /// <summary><c>oneToClear</c>, code <c>w1c</c>.</summary>
    OneToClear,
    /// <summary><c>oneToSet</c>, code <c>w1s</c>.</summary>
    OneToSet,
    /// <summary><c>oneToToggle</c>, code <c>w1t</c>.</summary>
    OneToToggle,
    /// <summary><c>zeroToClear</c>, code <c>w0c</c>.</summary>
    ZeroToClear,
    /// <summary><c>zeroToSet</c>, code <c>w0s</c>.</summary>
    ZeroToSet,
    /// <summary><c>zeroToToggle</c>, code <c>w0t</c>.</summary>
    ZeroToToggle,
    /// <summary><c>clear</c>, code <c>wc</c>: any write clears.</summary>
    Clear,
    /// <summary><c>set</c>, code <c>ws</c>: any write sets.</summary>
    Set,
}

/// <summary>SVD <c>readAction</c>, with the table format's short codes.</summary>
internal enum ReadAction
{
    /// <summary>No side effect (the default, never written).</summary>
    None,
    /// <summary><c>clear</c>, code <c>rc</c>.</summary>
    Clear,
    /// <summary><c>set</c>, code <c>rs</c>.</summary>
    Set,
    /// <summary><c>modify</c>, code <c>rm</c>.</summary>
    Modify,
    /// <summary><c>modifyExternal</c>, code <c>rme</c>.</summary>
    ModifyExternal,
}

/// <summary>One device as read from its SVD file (and then corrected): facts only.</summary>
internal sealed class DeviceModel
{
    /// <summary>The table name (the SVD file's base name, e.g. <c>STM32H747_CM7</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The SVD's own <c>version</c> element, for the generated header.</summary>
    public string? SvdVersion { get; init; }

    /// <summary>The peripherals in SVD order.</summary>
    public List<PeripheralModel> Peripherals { get; } = [];

    /// <summary>The peripheral with this name (case-sensitive, as in the SVD), or null.</summary>
    public PeripheralModel? Find(string name) => Peripherals.Find(p => p.Name == name);
}

/// <summary>A peripheral instance.</summary>
internal sealed class PeripheralModel
{
    /// <summary>The instance name.</summary>
    public required string Name { get; set; }

    /// <summary>The base address.</summary>
    public uint BaseAddress { get; set; }

    /// <summary>The extent of its address blocks (highest offset + size).</summary>
    public uint Size { get; set; }

    /// <summary>The SVD groupName, or null.</summary>
    public string? GroupName { get; set; }

    /// <summary>The peripheral it is derived from in the SVD, or null.</summary>
    public string? DerivedFrom { get; set; }

    /// <summary>
    /// True when the SVD derives it from <see cref="DerivedFrom"/> without registers of its own: after corrections
    /// its registers are copied again from the (corrected) base, so a correction of the base reaches it.
    /// </summary>
    public bool InheritsRegisters { get; set; }

    /// <summary>Its interrupts, in SVD order.</summary>
    public List<InterruptModel> Interrupts { get; } = [];

    /// <summary>
    /// Its registers, dim arrays and clusters expanded. For a derived peripheral that declares none of its own,
    /// the reader fills in a copy of the base's list so that corrections may change one instance only.
    /// </summary>
    public List<RegisterModel> Registers { get; set; } = [];

    /// <summary>The register with this name, or null.</summary>
    public RegisterModel? Find(string name) => Registers.Find(r => r.Name == name);
}

/// <summary>An interrupt line.</summary>
internal sealed class InterruptModel
{
    /// <summary>The name.</summary>
    public required string Name { get; set; }

    /// <summary>The NVIC position.</summary>
    public int Number { get; set; }
}

/// <summary>A concrete register (no dim, no cluster).</summary>
internal sealed class RegisterModel
{
    /// <summary>The name.</summary>
    public required string Name { get; set; }

    /// <summary>Offset from the peripheral's base.</summary>
    public uint Offset { get; set; }

    /// <summary>Width in bits (8, 16 or 32).</summary>
    public int SizeBits { get; set; } = 32;

    /// <summary>The value after reset.</summary>
    public uint ResetValue { get; set; }

    /// <summary>The bits whose reset value is defined.</summary>
    public uint ResetMask { get; set; } = 0xFFFF_FFFF;

    /// <summary>The register's access.</summary>
    public Access Access { get; set; }

    /// <summary>The register's modifiedWriteValues.</summary>
    public ModifiedWrite ModifiedWrite { get; set; }

    /// <summary>The register's readAction.</summary>
    public ReadAction ReadAction { get; set; }

    /// <summary>Its fields.</summary>
    public List<FieldModel> Fields { get; set; } = [];

    /// <summary>The field with this name, or null.</summary>
    public FieldModel? Find(string name) => Fields.Find(f => f.Name == name);

    /// <summary>A deep copy.</summary>
    public RegisterModel Clone() => new()
    {
        Name = Name, Offset = Offset, SizeBits = SizeBits, ResetValue = ResetValue, ResetMask = ResetMask,
        Access = Access, ModifiedWrite = ModifiedWrite, ReadAction = ReadAction,
        Fields = Fields.ConvertAll(f => f.Clone()),
    };
}

/// <summary>A bit field. Access and side effects are resolved (inherited from the register when the SVD gives none).</summary>
internal sealed class FieldModel
{
    /// <summary>The name.</summary>
    public required string Name { get; set; }

    /// <summary>The lowest bit.</summary>
    public int Position { get; set; }

    /// <summary>The number of bits.</summary>
    public int Width { get; set; }

    /// <summary>The field's access.</summary>
    public Access Access { get; set; }

    /// <summary>The field's modifiedWriteValues.</summary>
    public ModifiedWrite ModifiedWrite { get; set; }

    /// <summary>The field's readAction.</summary>
    public ReadAction ReadAction { get; set; }

    /// <summary>A copy.</summary>
    public FieldModel Clone() => (FieldModel)MemberwiseClone();
}
