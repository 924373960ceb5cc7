namespace Stm32.Build.Images;

/// <summary>
/// ELF32 field offsets and values, from the System V ABI generic specification ("gABI", chapter 4, Object Files:
/// ELF Header, Sections, Symbol Table; chapter 5, Program Header) and the ARM ELF supplement (IHI 0044, EM_ARM).
/// </summary>
internal static class ElfConstants
{
    // e_ident (gABI 4, ELF Identification)
    public const int EI_CLASS = 4;
    public const int EI_DATA = 5;
    public const int EI_VERSION = 6;
    public const byte ELFCLASS32 = 1;
    public const byte ELFCLASS64 = 2;
    public const byte ELFDATA2LSB = 1;
    public const byte ELFDATA2MSB = 2;
    public const byte EV_CURRENT = 1;

    // Elf32_Ehdr field offsets (52 bytes)
    public const int EhdrSize = 52;
    public const int E_type = 16;
    public const int E_machine = 18;
    public const int E_version = 20;
    public const int E_entry = 24;
    public const int E_phoff = 28;
    public const int E_shoff = 32;
    public const int E_phentsize = 42;
    public const int E_phnum = 44;
    public const int E_shentsize = 46;
    public const int E_shnum = 48;
    public const int E_shstrndx = 50;

    // e_type
    public const ushort ET_REL = 1;
    public const ushort ET_EXEC = 2;
    public const ushort ET_DYN = 3;
    public const ushort ET_CORE = 4;

    /// <summary>e_machine for ARM (gABI machine list; ARM ELF supplement IHI 0044).</summary>
    public const ushort EM_ARM = 40;

    // Elf32_Phdr (32 bytes)
    public const int PhdrSize = 32;
    public const int P_type = 0;
    public const int P_offset = 4;
    public const int P_vaddr = 8;
    public const int P_paddr = 12;
    public const int P_filesz = 16;
    public const int P_memsz = 20;
    public const uint PT_LOAD = 1;

    // Elf32_Shdr (40 bytes)
    public const int ShdrSize = 40;
    public const int Sh_name = 0;
    public const int Sh_type = 4;
    public const int Sh_flags = 8;
    public const int Sh_addr = 12;
    public const int Sh_offset = 16;
    public const int Sh_size = 20;
    public const int Sh_link = 24;
    public const int Sh_entsize = 36;
    public const uint SHT_SYMTAB = 2;
    public const uint SHT_NOBITS = 8;
    public const uint SHF_ALLOC = 0x2;
    public const ushort SHN_XINDEX = 0xFFFF;

    // Elf32_Sym (16 bytes)
    public const int SymSize = 16;
    public const int St_name = 0;
    public const int St_value = 4;
    public const int St_size = 8;
    public const int St_info = 12;
    public const int STT_OBJECT = 1;
    public const int STT_FUNC = 2;
}
