using System.Buffers.Binary;
using System.Text;
using Stm32.Build.Diagnostics;
using static Stm32.Build.Images.ElfConstants;

namespace Stm32.Build.Images.Debugging;

/// <summary>One debugging section's bytes and where they are in the file.</summary>
internal readonly record struct DebugSection(int Offset, int Size)
{
    public static DebugSection None => new(0, 0);

    public bool IsPresent => Size > 0;
}

/// <summary>
/// Finds DWARF sections (the line reader's <c>.debug_line</c>, <c>.debug_line_str</c>, <c>.debug_str</c>; the inline
/// reader's <c>.debug_info</c>, <c>.debug_abbrev</c>, <c>.debug_ranges</c>, <c>.debug_rnglists</c>) by name in an ELF32 little-endian file's section header table (gABI 4, Sections). Tolerant: it does not validate
/// what the image reader validates (segments, symbols), and anything wrong with the headers it reads is an
/// <see cref="ImageFormatException"/> with <see cref="DiagnosticCodes.DebugSectionsUnreadable"/>.
/// </summary>
internal static class ElfDebugSections
{
    /// <summary>sh_flags SHF_COMPRESSED (gABI 4, Section Attribute Flags): the contents start with an Elf32_Chdr.</summary>
    private const uint SHF_COMPRESSED = 0x800;

    public const string DebugLine = ".debug_line";
    public const string DebugLineStr = ".debug_line_str";
    public const string DebugStr = ".debug_str";

    public const string DebugInfo = ".debug_info";
    public const string DebugAbbrev = ".debug_abbrev";
    public const string DebugRanges = ".debug_ranges";
    public const string DebugRngLists = ".debug_rnglists";

    public static (DebugSection Line, DebugSection LineStr, DebugSection Str) Find(ReadOnlySpan<byte> file, string path)
    {
        var found = Find(file, path, [DebugLine, DebugLineStr, DebugStr]);
        return (found[DebugLine], found[DebugLineStr], found[DebugStr]);
    }

    /// <summary>The sections named <paramref name="wanted"/> (each key present; <see cref="DebugSection.None"/> when absent).</summary>
    public static Dictionary<string, DebugSection> Find(ReadOnlySpan<byte> file, string path, IReadOnlyCollection<string> wanted)
    {
        var found = wanted.ToDictionary(n => n, _ => DebugSection.None, StringComparer.Ordinal);
        ImageFormatException Error(string message, long offset) => new(DiagnosticCodes.DebugSectionsUnreadable, message, path, offset: offset);

        if (file.Length < EhdrSize || file[0] != 0x7F || file[1] != (byte)'E' || file[2] != (byte)'L' || file[3] != (byte)'F')
        {
            throw Error("not an ELF file (no ELF magic number or shorter than an ELF header): no line information", 0);
        }
        if (file[EI_CLASS] != ELFCLASS32 || file[EI_DATA] != ELFDATA2LSB)
        {
            throw Error("not an ELF32 little-endian file: no line information", EI_CLASS);
        }
        uint shoff = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(E_shoff, 4));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(E_shentsize, 2));
        long shnum = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(E_shnum, 2));
        long shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(E_shstrndx, 2));
        if (shoff == 0)
        {
            return found; // no section headers: no DWARF
        }
        if (shentsize != ShdrSize)
        {
            throw Error($"e_shentsize is {shentsize}, not {ShdrSize}", E_shentsize);
        }
        if (!Fits(file, shoff, ShdrSize))
        {
            throw Error($"the section header table at offset 0x{shoff:X} is past the end of the {file.Length}-byte file", E_shoff);
        }
        if (shnum == 0 || shstrndx == SHN_XINDEX)
        {
            // Extended numbering (gABI 4, Sections): the counts live in section header 0.
            if (shnum == 0)
            {
                shnum = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice((int)shoff + Sh_size, 4));
            }
            if (shstrndx == SHN_XINDEX)
            {
                shstrndx = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice((int)shoff + Sh_link, 4));
            }
        }
        if (!Fits(file, shoff, (ulong)shnum * ShdrSize))
        {
            throw Error($"the section header table ({shnum} entries at offset 0x{shoff:X}) runs past the end of the {file.Length}-byte file", E_shoff);
        }
        if (shstrndx == 0 || shstrndx >= shnum)
        {
            throw Error($"e_shstrndx {shstrndx} is not a section (the file has {shnum}): the section names cannot be read", E_shstrndx);
        }
        var names = Contents(file, shoff, (int)shstrndx, "the section name table", path);

        for (int i = 1; i < shnum; i++)
        {
            int h = (int)shoff + i * ShdrSize;
            uint nameIndex = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(h + Sh_name, 4));
            if (nameIndex >= names.Size)
            {
                continue;
            }
            var nameBytes = file.Slice(names.Offset + (int)nameIndex, names.Size - (int)nameIndex);
            int end = nameBytes.IndexOf((byte)0);
            if (end < 0)
            {
                continue;
            }
            string name = Encoding.ASCII.GetString(nameBytes[..end]);
            if (!found.ContainsKey(name))
            {
                continue;
            }
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(h + Sh_flags, 4));
            if ((flags & SHF_COMPRESSED) != 0)
            {
                throw new ImageFormatException(DiagnosticCodes.DebugLineUnsupported,
                    $"section {i} '{name}' is compressed (SHF_COMPRESSED, e.g. linked with --compress-debug-sections); link without it to get source lines", path, offset: h + Sh_flags);
            }
            found[name] = Contents(file, shoff, i, $"section {i} '{name}'", path);
        }
        return found;
    }

    private static DebugSection Contents(ReadOnlySpan<byte> file, uint shoff, int index, string what, string path)
    {
        int h = (int)shoff + index * ShdrSize;
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(h + Sh_type, 4));
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(h + Sh_offset, 4));
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(h + Sh_size, 4));
        if (type == SHT_NOBITS || size == 0)
        {
            return DebugSection.None;
        }
        if (!Fits(file, offset, size))
        {
            throw new ImageFormatException(DiagnosticCodes.DebugSectionsUnreadable,
                $"{what}: {size} bytes at file offset 0x{offset:X} run past the end of the {file.Length}-byte file", path, offset: h + Sh_offset);
        }
        return new DebugSection((int)offset, (int)size);
    }

    private static bool Fits(ReadOnlySpan<byte> file, ulong offset, ulong size) =>
        offset <= (ulong)file.Length && size <= (ulong)file.Length - offset;
}
