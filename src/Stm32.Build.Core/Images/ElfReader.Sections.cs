using System.Text;
using Stm32.Build.Diagnostics;
using static Stm32.Build.Images.ElfConstants;

namespace Stm32.Build.Images;

internal static partial class ElfReader
{
    private sealed partial class ElfFile
    {

        private long ShdrAt(int index) => _shoff + (long)index * ShdrSize;

        /// <summary>Reads a NUL-terminated name at <paramref name="index"/> of the string table section <paramref name="strtab"/>.</summary>
        private string ReadString(int strtab, uint index, long referencedFrom, string what)
        {
            if (strtab <= 0 || strtab >= _shnum)
            {
                throw Error(DiagnosticCodes.ElfStringIndexOutOfRange,
                    $"{what}: string table section {strtab} does not exist (the file has {_shnum} sections)", referencedFrom);
            }
            long h = ShdrAt(strtab);
            uint offset = U32(h + Sh_offset), size = U32(h + Sh_size);
            if (!InFile(offset, size))
            {
                throw Error(DiagnosticCodes.ElfDataOutOfBounds,
                    $"string table section {strtab}: {size} bytes at offset 0x{offset:X} run past the end of the file", h + Sh_offset);
            }
            if (index >= size)
            {
                throw Error(DiagnosticCodes.ElfStringIndexOutOfRange,
                    $"{what}: name index {index} is outside its {size}-byte string table", referencedFrom);
            }
            var bytes = Span.Slice((int)(offset + index), (int)(size - index));
            int end = bytes.IndexOf((byte)0);
            if (end < 0)
            {
                throw Error(DiagnosticCodes.ElfStringIndexOutOfRange,
                    $"{what}: the name at index {index} is not NUL-terminated inside its string table", referencedFrom);
            }
            return Encoding.UTF8.GetString(bytes[..end]);
        }

        public ImageSection[] ReadSections(Segment[] segments)
        {
            if (_shnum == 0)
            {
                return [];
            }
            if (_shstrndx >= _shnum)
            {
                throw Error(DiagnosticCodes.ElfStringIndexOutOfRange,
                    $"e_shstrndx {_shstrndx} is not a section (the file has {_shnum})", E_shstrndx);
            }
            var result = new List<ImageSection>(_shnum);
            for (int i = 1; i < _shnum; i++)
            {
                long h = ShdrAt(i);
                uint type = U32(h + Sh_type), flags = U32(h + Sh_flags), addr = U32(h + Sh_addr);
                uint offset = U32(h + Sh_offset), size = U32(h + Sh_size);
                string name = _shstrndx == 0 ? "" : ReadString(_shstrndx, U32(h + Sh_name), h + Sh_name, $"section {i}");
                bool hasContents = type != SHT_NOBITS && size > 0;
                if (hasContents && !InFile(offset, size))
                {
                    throw Error(DiagnosticCodes.ElfDataOutOfBounds,
                        $"section {i} '{name}': {size} bytes at file offset 0x{offset:X} run past the end of the {_file.Length}-byte file", h + Sh_offset, addr);
                }
                bool alloc = (flags & SHF_ALLOC) != 0;
                if (alloc && (ulong)addr + size > FourGiB)
                {
                    throw Error(DiagnosticCodes.ElfAddressWraps,
                        $"section {i} '{name}': {size} bytes at {Diagnostic.Hex(addr)} run past 4 GiB", h + Sh_size, addr);
                }
                uint lma = addr;
                bool loaded = false;
                if (alloc)
                {
                    foreach (var s in segments)
                    {
                        if (!SectionInSegment(type, addr, offset, size, s))
                        {
                            continue;
                        }
                        // As binutils' BFD computes it (bfd/elf.c, _bfd_elf_make_section_from_shdr): sections with
                        // contents take the segment's LMA plus their file offset inside it; NOBITS ones their address offset.
                        lma = hasContents ? s.PhysicalAddress + (offset - s.Offset) : s.PhysicalAddress + (addr - s.VirtualAddress);
                        loaded = hasContents;
                        break;
                    }
                }
                var section = new ImageSection(name, addr, lma, size, hasContents, hasContents ? offset : null)
                {
                    IsAllocated = alloc,
                    IsLoaded = loaded,
                };
                result.Add(section);
            }
            return [.. result];
        }

        private static bool SectionInSegment(uint type, uint addr, uint offset, uint size, Segment s)
        {
            bool inMemory = addr >= s.VirtualAddress && (ulong)addr + size <= (ulong)s.VirtualAddress + s.MemorySize;
            if (type == SHT_NOBITS || size == 0)
            {
                return inMemory;
            }
            return inMemory && offset >= s.Offset && (ulong)offset + size <= (ulong)s.Offset + s.FileSize;
        }

        /// <summary>One block per loaded section at its LMA, in LMA order: the layout objcopy writes.</summary>
        public ImageSegment[]? LoadedSectionBlocks(ImageSection[] sections)
        {
            var blocks = new List<ImageSegment>();
            foreach (var s in sections)
            {
                if (s.IsLoaded && s.FileOffset is long offset)
                {
                    blocks.Add(new ImageSegment(s.LoadAddress, new ReadOnlyMemory<byte>(_file, (int)offset, (int)s.Size)));
                }
            }
            if (blocks.Count == 0)
            {
                return null;
            }
            return [.. blocks.OrderBy(b => b.Address)];
        }

        public ImageSymbol[] ReadSymbols()
        {
            var symbols = new List<ImageSymbol>();
            for (int i = 1; i < _shnum; i++)
            {
                long h = ShdrAt(i);
                if (U32(h + Sh_type) != SHT_SYMTAB)
                {
                    continue;
                }
                uint offset = U32(h + Sh_offset), size = U32(h + Sh_size), entrySize = U32(h + Sh_entsize);
                int strtab = (int)Math.Min(U32(h + Sh_link), int.MaxValue);
                if (entrySize != SymSize)
                {
                    throw Error(DiagnosticCodes.ElfInvalidHeader,
                        $"symbol table section {i}: sh_entsize is {entrySize}, not {SymSize}", h + Sh_entsize);
                }
                if (!InFile(offset, size))
                {
                    throw Error(DiagnosticCodes.ElfDataOutOfBounds,
                        $"symbol table section {i}: {size} bytes at offset 0x{offset:X} run past the end of the file", h + Sh_offset);
                }
                if (strtab == 0 || strtab >= _shnum)
                {
                    throw Error(DiagnosticCodes.ElfStringIndexOutOfRange,
                        $"symbol table section {i}: its string table (sh_link {strtab}) is not a section", h + Sh_link);
                }
                var names = new Dictionary<uint, string>();
                for (long at = offset + SymSize; at + SymSize <= offset + size; at += SymSize)
                {
                    uint nameIndex = U32(at + St_name);
                    if (nameIndex == 0)
                    {
                        continue;
                    }
                    if (!names.TryGetValue(nameIndex, out var name))
                    {
                        name = ReadString(strtab, nameIndex, at + St_name, $"symbol at offset 0x{at:X}");
                        names[nameIndex] = name;
                    }
                    if (name.Length == 0)
                    {
                        continue;
                    }
                    int info = Span[(int)at + St_info] & 0xF;
                    var kind = info switch { STT_FUNC => SymbolKind.Function, STT_OBJECT => SymbolKind.Object, _ => SymbolKind.Other };
                    symbols.Add(new ImageSymbol(name, U32(at + St_value), U32(at + St_size), kind));
                }
                break; // one SHT_SYMTAB per file (gABI)
            }
            return [.. symbols];
        }
    }
}
