namespace Stm32.Build.Images.Debugging;

/// <summary>
/// The constants of the DWARF line-number information this reader uses, from the DWARF Debugging Information Format
/// Version 4 (2010) and Version 5 (2017) standards: section 6.2 "Line Number Information" (6.2.4 the program header,
/// 6.2.5 the program's opcodes), 7.5.5/7.5.6 the attribute form encodings (tables 7.5/7.6 in v5), 7.22 (v5: 7.22)
/// the line-number opcode and content-type encodings. 32-bit DWARF only (7.4 "32-Bit and 64-Bit DWARF Formats").
/// </summary>
internal static class DwarfConstants
{
    /// <summary>unit_length values from here up are reserved; 0xffffffff announces 64-bit DWARF (DWARF 5, 7.2.2).</summary>
    public const uint ReservedLengthStart = 0xFFFF_FFF0;

    /// <summary>The 64-bit DWARF escape in unit_length (DWARF 4/5, 7.4).</summary>
    public const uint Dwarf64Escape = 0xFFFF_FFFF;

    // Standard opcodes (DWARF 4/5, 6.2.5.2; encodings in 7.22 / table 7.25).
    public const byte DW_LNS_copy = 0x01;
    public const byte DW_LNS_advance_pc = 0x02;
    public const byte DW_LNS_advance_line = 0x03;
    public const byte DW_LNS_set_file = 0x04;
    public const byte DW_LNS_set_column = 0x05;
    public const byte DW_LNS_negate_stmt = 0x06;
    public const byte DW_LNS_set_basic_block = 0x07;
    public const byte DW_LNS_const_add_pc = 0x08;
    public const byte DW_LNS_fixed_advance_pc = 0x09;
    public const byte DW_LNS_set_prologue_end = 0x0A;
    public const byte DW_LNS_set_epilogue_begin = 0x0B;
    public const byte DW_LNS_set_isa = 0x0C;

    // Extended opcodes, introduced by a 0 byte and a ULEB128 length (6.2.5.3; table 7.26).
    public const byte DW_LNE_end_sequence = 0x01;
    public const byte DW_LNE_set_address = 0x02;
    /// <summary>DWARF 2–4 only; reserved in DWARF 5.</summary>
    public const byte DW_LNE_define_file = 0x03;
    public const byte DW_LNE_set_discriminator = 0x04;

    // DWARF 5 line-number header entry content types (6.2.4.1; table 7.27).
    public const ulong DW_LNCT_path = 0x1;
    public const ulong DW_LNCT_directory_index = 0x2;
    public const ulong DW_LNCT_timestamp = 0x3;
    public const ulong DW_LNCT_size = 0x4;
    public const ulong DW_LNCT_MD5 = 0x5;

    // Attribute forms that may appear in DWARF 5 directory/file entry formats (7.5.6, table 7.6).
    public const ulong DW_FORM_block2 = 0x03;
    public const ulong DW_FORM_block4 = 0x04;
    public const ulong DW_FORM_data2 = 0x05;
    public const ulong DW_FORM_data4 = 0x06;
    public const ulong DW_FORM_data8 = 0x07;
    public const ulong DW_FORM_string = 0x08;
    public const ulong DW_FORM_block = 0x09;
    public const ulong DW_FORM_block1 = 0x0A;
    public const ulong DW_FORM_data1 = 0x0B;
    public const ulong DW_FORM_sdata = 0x0D;
    public const ulong DW_FORM_strp = 0x0E;
    public const ulong DW_FORM_udata = 0x0F;
    public const ulong DW_FORM_strx = 0x1A;
    public const ulong DW_FORM_data16 = 0x1E;
    public const ulong DW_FORM_line_strp = 0x1F;
    public const ulong DW_FORM_strx1 = 0x25;
    public const ulong DW_FORM_strx4 = 0x28;

    // Field sizes of the 32-bit DWARF line-number program header (6.2.4).
    public const int UnitLengthSize = 4;
    public const int VersionSize = 2;
    public const int HeaderLengthSize = 4;
    public const int OffsetSize = 4;

    /// <summary>The size of a target address on ARM (DWARF 5 header address_size; DW_LNE_set_address operand).</summary>
    public const int AddressSize = 4;

    /// <summary>The lowest and highest DWARF versions whose line-number information this reader decodes.</summary>
    public const int MinVersion = 2, MaxVersion = 5;
}
