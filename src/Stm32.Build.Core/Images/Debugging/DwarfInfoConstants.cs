namespace Stm32.Build.Images.Debugging;

/// <summary>
/// The constants of the debugging information entries the inline reader uses, from the DWARF Debugging Information
/// Format Version 4 (2010) and Version 5 (2017) standards: 7.5.1 the unit headers (table 7.2 in v5: unit types),
/// 7.5.4 tags (table 7.3), 7.5.4 attributes (table 7.5), 7.5.6 forms (table 7.6), 7.25 (v5) range list entries
/// (table 7.30); 3.3.8.2 the concrete inlined instance (DW_TAG_inlined_subroutine with DW_AT_call_file/call_line).
/// GNU form extensions from binutils' include/dwarf2.def (for the code values only).
/// </summary>
internal static class DwarfInfoConstants
{
    // Unit types (DWARF 5, 7.5.1, table 7.2).
    public const byte DW_UT_compile = 0x01;
    public const byte DW_UT_type = 0x02;
    public const byte DW_UT_partial = 0x03;
    public const byte DW_UT_skeleton = 0x04;
    public const byte DW_UT_split_compile = 0x05;
    public const byte DW_UT_split_type = 0x06;

    // Tags (table 7.3).
    public const ulong DW_TAG_inlined_subroutine = 0x1D;
    public const ulong DW_TAG_subprogram = 0x2E;

    // Attributes (table 7.5).
    public const ulong DW_AT_name = 0x03;
    public const ulong DW_AT_stmt_list = 0x10;
    public const ulong DW_AT_low_pc = 0x11;
    public const ulong DW_AT_high_pc = 0x12;
    public const ulong DW_AT_abstract_origin = 0x31;
    public const ulong DW_AT_specification = 0x47;
    public const ulong DW_AT_ranges = 0x55;
    public const ulong DW_AT_call_file = 0x58;
    public const ulong DW_AT_call_line = 0x59;
    public const ulong DW_AT_rnglists_base = 0x74;

    // Forms (table 7.6; DWARF 4 7.5.4 for the first 0x20).
    public const ulong DW_FORM_addr = 0x01;
    public const ulong DW_FORM_block2 = 0x03;
    public const ulong DW_FORM_block4 = 0x04;
    public const ulong DW_FORM_data2 = 0x05;
    public const ulong DW_FORM_data4 = 0x06;
    public const ulong DW_FORM_data8 = 0x07;
    public const ulong DW_FORM_string = 0x08;
    public const ulong DW_FORM_block = 0x09;
    public const ulong DW_FORM_block1 = 0x0A;
    public const ulong DW_FORM_data1 = 0x0B;
    public const ulong DW_FORM_flag = 0x0C;
    public const ulong DW_FORM_sdata = 0x0D;
    public const ulong DW_FORM_strp = 0x0E;
    public const ulong DW_FORM_udata = 0x0F;
    public const ulong DW_FORM_ref_addr = 0x10;
    public const ulong DW_FORM_ref1 = 0x11;
    public const ulong DW_FORM_ref2 = 0x12;
    public const ulong DW_FORM_ref4 = 0x13;
    public const ulong DW_FORM_ref8 = 0x14;
    public const ulong DW_FORM_ref_udata = 0x15;
    public const ulong DW_FORM_indirect = 0x16;
    public const ulong DW_FORM_sec_offset = 0x17;
    public const ulong DW_FORM_exprloc = 0x18;
    public const ulong DW_FORM_flag_present = 0x19;
    public const ulong DW_FORM_strx = 0x1A;
    public const ulong DW_FORM_addrx = 0x1B;
    public const ulong DW_FORM_ref_sup4 = 0x1C;
    public const ulong DW_FORM_strp_sup = 0x1D;
    public const ulong DW_FORM_data16 = 0x1E;
    public const ulong DW_FORM_line_strp = 0x1F;
    public const ulong DW_FORM_ref_sig8 = 0x20;
    public const ulong DW_FORM_implicit_const = 0x21;
    public const ulong DW_FORM_loclistx = 0x22;
    public const ulong DW_FORM_rnglistx = 0x23;
    public const ulong DW_FORM_ref_sup8 = 0x24;
    public const ulong DW_FORM_strx1 = 0x25;
    public const ulong DW_FORM_strx2 = 0x26;
    public const ulong DW_FORM_strx3 = 0x27;
    public const ulong DW_FORM_strx4 = 0x28;
    public const ulong DW_FORM_addrx1 = 0x29;
    public const ulong DW_FORM_addrx2 = 0x2A;
    public const ulong DW_FORM_addrx3 = 0x2B;
    public const ulong DW_FORM_addrx4 = 0x2C;
    public const ulong DW_FORM_GNU_addr_index = 0x1F01;
    public const ulong DW_FORM_GNU_str_index = 0x1F02;
    public const ulong DW_FORM_GNU_ref_alt = 0x1F20;
    public const ulong DW_FORM_GNU_strp_alt = 0x1F21;

    // Range list entries (DWARF 5, 2.17.3, table 7.30).
    public const byte DW_RLE_end_of_list = 0x00;
    public const byte DW_RLE_base_addressx = 0x01;
    public const byte DW_RLE_startx_endx = 0x02;
    public const byte DW_RLE_startx_length = 0x03;
    public const byte DW_RLE_offset_pair = 0x04;
    public const byte DW_RLE_base_address = 0x05;
    public const byte DW_RLE_start_end = 0x06;
    public const byte DW_RLE_start_length = 0x07;

    /// <summary>A DWARF 2–4 range list entry with this begin address selects a new base address (DWARF 4, 2.17.3).</summary>
    public const uint BaseAddressSelection = 0xFFFF_FFFF;
}
