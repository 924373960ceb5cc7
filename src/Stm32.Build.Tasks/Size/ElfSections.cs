using System.Buffers.Binary;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Tasks.Size;

/// <summary>An allocated ELF section as the size report needs it.</summary>
/// <param name="Name">The section name, e.g. <c>.text</c>.</param>
/// <param name="Address">The run (virtual) address.</param>
/// <param name="LoadAddress">The load (physical) address: where its initial content is stored, e.g. .data in flash.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="HasContent">False for NOBITS sections (.bss, stacks), which take run space only.</param>
public sealed record ElfSection(string Name, uint Address, uint LoadAddress, uint Size, bool HasContent);

/// <summary>
/// Reads the allocated sections of a 32-bit little-endian ARM ELF file and their load addresses from the
/// program headers. Layout from the System V ABI (TIS ELF 1.2): ELF header e_phoff 0x1C, e_shoff 0x20,
/// e_phentsize 0x2A, e_phnum 0x2C, e_shentsize 0x2E, e_shnum 0x30, e_shstrndx 0x32; section header sh_name 0,
/// sh_type 4, sh_flags 8, sh_addr 12, sh_size 20; program header p_type 0, p_vaddr 8, p_paddr 12, p_memsz 20.
/// </summary>
public static class ElfSections
{
    private const int EPhOff = 0x1C, EShOff = 0x20, EPhEntSize = 0x2A, EPhNum = 0x2C, EShEntSize = 0x2E, EShNum = 0x30, EShStrNdx = 0x32;
    private const int ShName = 0, ShType = 4, ShFlags = 8, ShAddr = 12, ShOffset = 16, ShSize = 20, ShEntMin = 40;
    private const int PType = 0, PVaddr = 8, PPaddr = 12, PMemsz = 20, PhEntMin = 32;
    private const uint ShfAlloc = 0x2, ShtNobits = 8, PtLoad = 1;

    /// <summary>Reads the allocated sections of an ELF image.</summary>
    /// <exception cref="Stm32Exception">STM6301 when the bytes are not a readable 32-bit little-endian ELF file.</exception>
    public static IReadOnlyList<ElfSection> Read(ReadOnlySpan<byte> elf, string? file = null)
    {
        if (elf.Length < 0x34 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            Throw(file, 0, "not an ELF file");
        }
        if (elf[4] != 1 || elf[5] != 1)
        {
            Throw(file, 4, "not a 32-bit little-endian ELF file");
        }
        var phoff = BinaryPrimitives.ReadUInt32LittleEndian(elf[EPhOff..]);
        var shoff = BinaryPrimitives.ReadUInt32LittleEndian(elf[EShOff..]);
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[EPhEntSize..]);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[EPhNum..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShEntSize..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShNum..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShStrNdx..]);
        if (shnum == 0)
        {
            return [];
        }
        if (shentsize < ShEntMin || !Fits(elf, shoff, (long)shentsize * shnum))
        {
            Throw(file, EShOff, "the section header table lies outside the file");
        }
        if (phnum > 0 && (phentsize < PhEntMin || !Fits(elf, phoff, (long)phentsize * phnum)))
        {
            Throw(file, EPhOff, "the program header table lies outside the file");
        }
        var segments = new List<(uint VAddr, uint PAddr, uint MemSz)>();
        for (var i = 0; i < phnum; i++)
        {
            var ph = elf.Slice((int)(phoff + (long)i * phentsize), phentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph[PType..]) == PtLoad)
            {
                segments.Add((BinaryPrimitives.ReadUInt32LittleEndian(ph[PVaddr..]), BinaryPrimitives.ReadUInt32LittleEndian(ph[PPaddr..]), BinaryPrimitives.ReadUInt32LittleEndian(ph[PMemsz..])));
            }
        }
        ReadOnlySpan<byte> names = default;
        if (shstrndx < shnum)
        {
            var strHeader = elf.Slice((int)(shoff + (long)shstrndx * shentsize), shentsize);
            var off = BinaryPrimitives.ReadUInt32LittleEndian(strHeader[ShOffset..]);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(strHeader[ShSize..]);
            if (Fits(elf, off, size))
            {
                names = elf.Slice((int)off, (int)size);
            }
        }
        var result = new List<ElfSection>();
        for (var i = 1; i < shnum; i++)
        {
            var sh = elf.Slice((int)(shoff + (long)i * shentsize), shentsize);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(sh[ShFlags..]);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(sh[ShSize..]);
            if ((flags & ShfAlloc) == 0 || size == 0)
            {
                continue;
            }
            var addr = BinaryPrimitives.ReadUInt32LittleEndian(sh[ShAddr..]);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(sh[ShType..]);
            var lma = addr;
            foreach (var (vaddr, paddr, memsz) in segments)
            {
                if (addr >= vaddr && (ulong)addr - vaddr < memsz)
                {
                    lma = unchecked(addr - vaddr + paddr);
                    break;
                }
            }
            result.Add(new ElfSection(NameAt(names, BinaryPrimitives.ReadUInt32LittleEndian(sh[ShName..])), addr, lma, size, type != ShtNobits));
        }
        return result;
    }

    private static bool Fits(ReadOnlySpan<byte> data, long offset, long length) =>
        offset >= 0 && length >= 0 && offset <= data.Length && length <= data.Length - offset;

    private static string NameAt(ReadOnlySpan<byte> names, uint offset)
    {
        if (offset >= names.Length)
        {
            return string.Empty;
        }
        var rest = names[(int)offset..];
        var end = rest.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
    }

    private static void Throw(string? file, long offset, string what) =>
        throw new Stm32Exception(new Diagnostic(DiagnosticCodes.SizeReportUnavailable, DiagnosticSeverity.Warning,
            $"The size report cannot read the ELF file: {what}.", file, Offset: offset));
}
