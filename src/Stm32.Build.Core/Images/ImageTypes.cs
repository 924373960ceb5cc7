namespace Stm32.Build.Images;

/// <summary>The file formats a firmware image can be read from.</summary>
public enum ImageFormat
{
    /// <summary>An ELF32 little-endian ARM executable (<c>.elf</c>, <c>.axf</c>, <c>.out</c>).</summary>
    Elf,
    /// <summary>Intel HEX (<c>.hex</c>, <c>.ihex</c>).</summary>
    IntelHex,
    /// <summary>Motorola S-record (<c>.srec</c>, <c>.s19</c>, <c>.s28</c>, <c>.s37</c>, <c>.mot</c>).</summary>
    SRecord,
    /// <summary>A raw binary placed at a base address (<c>.bin</c>).</summary>
    Binary,
}

/// <summary>
/// Where a byte of an image came from: the file and, for text formats, the 1-based line of its record, or, for
/// ELF and raw binaries, its byte offset in the file. Both are null when the address is not in the image.
/// </summary>
/// <param name="File">The file the image was read from, as given.</param>
/// <param name="Line">The 1-based line (Intel HEX, S-record).</param>
/// <param name="Offset">The byte offset in the file (ELF, binary).</param>
public readonly record struct SourceLocation(string File, int? Line, long? Offset);

/// <summary>The kind of an ELF symbol (STT_FUNC, STT_OBJECT, anything else).</summary>
public enum SymbolKind
{
    /// <summary>A function (STT_FUNC); its value keeps the Thumb bit.</summary>
    Function,
    /// <summary>A data object (STT_OBJECT).</summary>
    Object,
    /// <summary>Any other symbol type (STT_NOTYPE, STT_SECTION, ...).</summary>
    Other,
}

/// <summary>One symbol of an ELF symbol table.</summary>
/// <param name="Name">The symbol name from the string table.</param>
/// <param name="Value">st_value, with the Thumb bit kept as in the ELF.</param>
/// <param name="Size">st_size in bytes.</param>
/// <param name="Kind">Function, object or other.</param>
public sealed record ImageSymbol(string Name, uint Value, uint Size, SymbolKind Kind)
{
    /// <summary>The symbol's address without the Thumb bit for functions.</summary>
    public uint Address => Kind == SymbolKind.Function ? Value & ~1u : Value;
}

/// <summary>One section of an ELF file.</summary>
/// <param name="Name">The section name (e.g. <c>.text</c>).</param>
/// <param name="Address">The run address (VMA, sh_addr).</param>
/// <param name="LoadAddress">The load address (LMA) computed from the PT_LOAD segment holding it; equal to <paramref name="Address"/> otherwise.</param>
/// <param name="Size">sh_size in bytes.</param>
/// <param name="HasContents">True when the section has bytes in the file (not SHT_NOBITS, non-zero size).</param>
/// <param name="FileOffset">sh_offset when the section has contents.</param>
public sealed record ImageSection(string Name, uint Address, uint LoadAddress, uint Size, bool HasContents, long? FileOffset)
{
    /// <summary>True when the section occupies target memory (SHF_ALLOC).</summary>
    public bool IsAllocated { get; init; }

    /// <summary>True when the section's bytes are loaded into the target: allocated, with contents, inside a PT_LOAD segment.</summary>
    public bool IsLoaded { get; init; }
}

/// <summary>Options for <see cref="ImageReader"/>.</summary>
public sealed record ImageReadOptions
{
    /// <summary>The default base address of a raw binary: the STM32 flash start, 0x08000000.</summary>
    public const uint DefaultBinaryBaseAddress = 0x0800_0000;

    /// <summary>Where a raw binary's first byte goes; <see cref="DefaultBinaryBaseAddress"/> when null. Callers pass the device's boot address.</summary>
    public uint? BinaryBaseAddress { get; init; }
}
