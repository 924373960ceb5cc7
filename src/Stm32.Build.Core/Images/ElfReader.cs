using System.Buffers.Binary;
using Stm32.Build.Diagnostics;
using static Stm32.Build.Images.ElfConstants;

namespace Stm32.Build.Images;

/// <summary>
/// Reads ELF32 little-endian ARM executables. Loads every PT_LOAD segment with file contents at its physical
/// address (LMA), so initialised data appears where it is stored in flash, not where it runs in RAM.
/// Only ET_EXEC is accepted: relocatable objects (ET_REL) have no addresses yet, and position-independent
/// shared objects (ET_DYN) need a loader to pick their addresses, which a flash image does not have.
/// All offsets and sizes are checked with 64-bit arithmetic before use.
/// </summary>
internal static partial class ElfReader
{
    private const ulong FourGiB = 0x1_0000_0000UL;

    public static FirmwareImage Read(byte[] file, string path)
    {
        var e = new ElfFile(file, path);
        e.ReadHeader();
        var segments = e.ReadProgramHeaders();
        var sections = e.ReadSections(segments);
        var symbols = e.ReadSymbols();

        var builder = ImageBuilder.OverFile(path, file);
        foreach (var s in segments)
        {
            builder.AddFileRange(s.PhysicalAddress, (int)s.Offset, (int)s.FileSize);
        }
        var blocks = e.LoadedSectionBlocks(sections);
        return builder.Build(ImageFormat.Elf, DiagnosticCodes.ElfOverlappingSegments, e.Entry,
            symbols, sections, blocks);
    }

    private readonly record struct Segment(int Index, long HeaderOffset, uint Offset, uint VirtualAddress, uint PhysicalAddress, uint FileSize, uint MemorySize);

    private sealed partial class ElfFile(byte[] file, string path)
    {
        private readonly byte[] _file = file;
        private readonly string _path = path;
        private uint _phoff, _shoff;
        private int _phnum, _shnum, _shstrndx;

        public uint Entry { get; private set; }

        private ReadOnlySpan<byte> Span => _file;

        private ImageFormatException Error(string code, string message, long offset, uint? address = null) =>
            new(code, message, _path, offset: offset, address: address);

        private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(Span.Slice((int)at, 2));

        private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(Span.Slice((int)at, 4));

        private bool InFile(ulong offset, ulong size) => offset <= (ulong)_file.Length && size <= (ulong)_file.Length - offset;

        public void ReadHeader()
        {
            if (_file.Length == 0)
            {
                throw Error(DiagnosticCodes.ElfTruncated, "the ELF file is empty", 0);
            }
            ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
            int m = Math.Min(4, _file.Length);
            if (!Span[..m].SequenceEqual(magic[..m]))
            {
                throw Error(DiagnosticCodes.ElfNotElf, "the file does not start with the ELF magic number 7F 45 4C 46", 0);
            }
            if (_file.Length < EI_CLASS + 1)
            {
                throw Error(DiagnosticCodes.ElfTruncated, $"the file ends at byte {_file.Length}, inside the {EhdrSize}-byte ELF header", _file.Length);
            }
            byte cls = _file[EI_CLASS];
            if (cls != ELFCLASS32)
            {
                throw Error(DiagnosticCodes.ElfNotClass32,
                    cls == ELFCLASS64 ? "the ELF file is 64-bit (ELFCLASS64); STM32 images are ELFCLASS32" : $"the ELF class byte is {cls}, not ELFCLASS32 (1)", EI_CLASS);
            }
            if (_file.Length < EhdrSize)
            {
                throw Error(DiagnosticCodes.ElfTruncated, $"the file ends at byte {_file.Length}, inside the {EhdrSize}-byte ELF header", _file.Length);
            }
            byte data = _file[EI_DATA];
            if (data != ELFDATA2LSB)
            {
                throw Error(DiagnosticCodes.ElfNotLittleEndian,
                    data == ELFDATA2MSB ? "the ELF file is big-endian (ELFDATA2MSB); STM32 images are little-endian" : $"the ELF data encoding byte is {data}, not ELFDATA2LSB (1)", EI_DATA);
            }
            if (_file[EI_VERSION] != EV_CURRENT)
            {
                throw Error(DiagnosticCodes.ElfInvalidHeader, $"the ELF identification version is {_file[EI_VERSION]}, not EV_CURRENT (1)", EI_VERSION);
            }
            ushort machine = U16(E_machine);
            if (machine != EM_ARM)
            {
                throw Error(DiagnosticCodes.ElfNotArm, $"the ELF file is for machine {machine}, not ARM (EM_ARM, 40)", E_machine);
            }
            ushort type = U16(E_type);
            if (type != ET_EXEC)
            {
                string what = type switch
                {
                    ET_REL => "a relocatable object (ET_REL): link it into an executable first",
                    ET_DYN => "a shared object or position-independent executable (ET_DYN): flash images must be linked at fixed addresses (ET_EXEC)",
                    ET_CORE => "a core dump (ET_CORE)",
                    _ => $"of type {type}, not an executable (ET_EXEC)",
                };
                throw Error(DiagnosticCodes.ElfNotExecutable, "the ELF file is " + what, E_type);
            }
            Entry = U32(E_entry);
            _phoff = U32(E_phoff);
            _shoff = U32(E_shoff);
            _phnum = U16(E_phnum);
            _shnum = U16(E_shnum);
            _shstrndx = U16(E_shstrndx);
            if (_phnum > 0 && U16(E_phentsize) != PhdrSize)
            {
                throw Error(DiagnosticCodes.ElfHeaderTableOutOfBounds, $"e_phentsize is {U16(E_phentsize)}, not {PhdrSize}", E_phentsize);
            }
            if (!InFile(_phoff, (ulong)_phnum * PhdrSize))
            {
                throw Error(DiagnosticCodes.ElfHeaderTableOutOfBounds,
                    $"the program header table ({_phnum} entries at offset 0x{_phoff:X}) runs past the end of the {_file.Length}-byte file", E_phoff);
            }
            if (_shoff != 0)
            {
                if (U16(E_shentsize) != ShdrSize)
                {
                    throw Error(DiagnosticCodes.ElfHeaderTableOutOfBounds, $"e_shentsize is {U16(E_shentsize)}, not {ShdrSize}", E_shentsize);
                }
                if (_shnum == 0 || _shstrndx == SHN_XINDEX)
                {
                    // Extended numbering (gABI 4, Sections): the real counts live in section header 0.
                    if (!InFile(_shoff, ShdrSize))
                    {
                        throw Error(DiagnosticCodes.ElfHeaderTableOutOfBounds, $"section header 0 at offset 0x{_shoff:X} runs past the end of the file", E_shoff);
                    }
                    if (_shnum == 0)
                    {
                        uint n = U32(_shoff + Sh_size);
                        _shnum = n > int.MaxValue / ShdrSize ? int.MaxValue / ShdrSize : (int)n;
                    }
                    if (_shstrndx == SHN_XINDEX)
                    {
                        _shstrndx = (int)Math.Min(U32(_shoff + Sh_link), int.MaxValue);
                    }
                }
                if (!InFile(_shoff, (ulong)_shnum * ShdrSize))
                {
                    throw Error(DiagnosticCodes.ElfHeaderTableOutOfBounds,
                        $"the section header table ({_shnum} entries at offset 0x{_shoff:X}) runs past the end of the {_file.Length}-byte file", E_shoff);
                }
            }
            else
            {
                _shnum = 0;
            }
        }

        public Segment[] ReadProgramHeaders()
        {
            var result = new List<Segment>();
            for (int i = 0; i < _phnum; i++)
            {
                long h = _phoff + (long)i * PhdrSize;
                if (U32(h + P_type) != PT_LOAD)
                {
                    continue;
                }
                uint offset = U32(h + P_offset), vaddr = U32(h + P_vaddr), paddr = U32(h + P_paddr);
                uint filesz = U32(h + P_filesz), memsz = U32(h + P_memsz);
                if (filesz > memsz)
                {
                    throw Error(DiagnosticCodes.ElfInvalidHeader,
                        $"program header {i}: p_filesz 0x{filesz:X} is larger than p_memsz 0x{memsz:X}", h + P_filesz, paddr);
                }
                if ((ulong)vaddr + memsz > FourGiB)
                {
                    throw Error(DiagnosticCodes.ElfAddressWraps,
                        $"program header {i}: {memsz} bytes at virtual address {Diagnostic.Hex(vaddr)} run past 4 GiB", h + P_memsz, vaddr);
                }
                if (filesz == 0)
                {
                    continue;
                }
                if ((ulong)paddr + filesz > FourGiB)
                {
                    throw Error(DiagnosticCodes.ElfAddressWraps,
                        $"program header {i}: {filesz} bytes at physical address {Diagnostic.Hex(paddr)} run past 4 GiB", h + P_paddr, paddr);
                }
                if (!InFile(offset, filesz))
                {
                    throw Error(DiagnosticCodes.ElfDataOutOfBounds,
                        $"program header {i}: {filesz} bytes at file offset 0x{offset:X} run past the end of the {_file.Length}-byte file", h + P_offset, paddr);
                }
                result.Add(new Segment(i, h, offset, vaddr, paddr, filesz, memsz));
            }
            if (result.Count == 0)
            {
                throw Error(DiagnosticCodes.ElfNoLoadableSegment,
                    "the ELF file has no loadable segment (PT_LOAD with file contents): nothing to flash", _phnum == 0 ? E_phnum : _phoff);
            }
            return [.. result];
        }
    }
}
