using System.Buffers.Binary;
using System.Text;

namespace Stm32.Build.Tests.Images.Debugging;

/// <summary>
/// A minimal ELF32 ARM file with a hand-assembled <c>.debug_line</c> (one DWARF 4 unit, then one DWARF 5 unit) and
/// <c>.debug_line_str</c>, laid out as DWARF 4/5 section 6.2.4/6.2.5 specify; <see cref="At"/> names the byte
/// offsets of the fields the tests corrupt. Rows:
/// unit 1 (v4, min_inst 2): 0x08000100 src/main.c:10, 0x08000104 src/main.c:11, end 0x08000108;
/// unit 2 (v5): 0x08000200 inc/b.h:5, 0x08000206 /work/a.c:5, end 0x08000208.
/// </summary>
internal sealed class HandBuiltLineElf
{
    private const int ShdrSize = 40, EhdrSize = 52;
    private static readonly byte[] s_standardOpcodeLengths = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

    public HandBuiltLineElf()
    {
        var line = new List<byte>();
        Unit4(line);
        Unit5(line);
        DebugLine = [.. line];
        DebugLineStr = Encoding.ASCII.GetBytes("/work\0inc\0");
    }

    /// <summary>Offsets inside <see cref="DebugLine"/>.</summary>
    public Dictionary<string, int> At { get; } = [];

    public byte[] DebugLine { get; }

    public byte[] DebugLineStr { get; }

    /// <summary>The ELF file; <paramref name="debugLineSize"/> overrides .debug_line's sh_size, <paramref name="flags"/> its sh_flags.</summary>
    public byte[] Elf(int? debugLineSize = null, uint flags = 0)
    {
        var shstrtab = Encoding.ASCII.GetBytes("\0.shstrtab\0.debug_line\0.debug_line_str\0");
        var data = new List<byte>(new byte[EhdrSize]);
        int shstrOff = data.Count; data.AddRange(shstrtab);
        int lineOff = data.Count; data.AddRange(DebugLine);
        int strOff = data.Count; data.AddRange(DebugLineStr);
        while (data.Count % 4 != 0) { data.Add(0); }
        int shoff = data.Count;
        data.AddRange(new byte[ShdrSize * 4]);
        var file = data.ToArray();
        var s = file.AsSpan();
        s[0] = 0x7F; s[1] = (byte)'E'; s[2] = (byte)'L'; s[3] = (byte)'F'; s[4] = 1; s[5] = 1; s[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 2);   // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(s[18..], 40);  // EM_ARM
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[32..], (uint)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(s[40..], EhdrSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[46..], ShdrSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[48..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(s[50..], 1);
        Section(s, shoff, 1, 1, 3, 0, shstrOff, shstrtab.Length);                         // .shstrtab, SHT_STRTAB
        Section(s, shoff, 2, 11, 1, flags, lineOff, debugLineSize ?? DebugLine.Length);   // .debug_line, SHT_PROGBITS
        Section(s, shoff, 3, 23, 1, 0x30, strOff, DebugLineStr.Length);                   // .debug_line_str, MS
        SectionOffset = lineOff;
        SectionHeaderOffset = shoff;
        return file;
    }

    /// <summary>The file offset of .debug_line in the last <see cref="Elf"/>.</summary>
    public int SectionOffset { get; private set; }

    /// <summary>The file offset of the section header table in the last <see cref="Elf"/>.</summary>
    public int SectionHeaderOffset { get; private set; }

    /// <summary>The ELF with <paramref name="patch"/> applied to .debug_line.</summary>
    public byte[] ElfWith(Action<byte[]> patch)
    {
        patch(DebugLine);
        return Elf();
    }

    private static void Section(Span<byte> s, int shoff, int index, uint name, uint type, uint flags, int offset, int size)
    {
        var h = s[(shoff + index * ShdrSize)..];
        BinaryPrimitives.WriteUInt32LittleEndian(h, name);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)offset);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)size);
    }

    private void Unit4(List<byte> o)
    {
        int start = o.Count;
        At["u1.length"] = o.Count; U32(o, 0);
        At["u1.version"] = o.Count; U16(o, 4);
        At["u1.header_length"] = o.Count; U32(o, 0);
        int headerStart = o.Count;
        o.Add(2);      // minimum_instruction_length
        o.Add(1);      // maximum_operations_per_instruction
        o.Add(1);      // default_is_stmt
        o.Add(unchecked((byte)-5)); // line_base
        At["u1.line_range"] = o.Count; o.Add(14);
        o.Add(13);     // opcode_base
        o.AddRange(s_standardOpcodeLengths);
        Str(o, "src"); o.Add(0);                      // include_directories
        Str(o, "main.c"); o.Add(1); o.Add(0); o.Add(0); o.Add(0); // file_names
        Patch32(o, At["u1.header_length"], o.Count - headerStart);
        At["u1.program"] = o.Count;
        o.AddRange([0, 5, 2]); U32(o, 0x0800_0100);  // DW_LNE_set_address
        o.AddRange([3, 9]);                           // DW_LNS_advance_line +9 -> 10
        o.Add(1);                                     // DW_LNS_copy
        o.Add(47);                                    // special: (1 + 5) + 14 * 2 + 13: address +4, line +1
        At["u1.advance_pc"] = o.Count;
        o.AddRange([2, 2]);                           // DW_LNS_advance_pc 2 operations = 4 bytes
        At["u1.end_sequence"] = o.Count;
        o.AddRange([0, 1, 1]);                        // DW_LNE_end_sequence
        Patch32(o, start, o.Count - start - 4);
    }

    private void Unit5(List<byte> o)
    {
        int start = o.Count;
        At["u2"] = start;
        U32(o, 0);
        U16(o, 5);
        o.Add(4); o.Add(0);                           // address_size, segment_selector_size
        At["u2.header_length"] = o.Count; U32(o, 0);
        int headerStart = o.Count;
        o.AddRange([2, 1, 1, unchecked((byte)-5), 14, 13]);
        o.AddRange(s_standardOpcodeLengths);
        o.Add(1); o.Add(1); At["u2.dir_form"] = o.Count; o.Add(0x1F); // directory format: (DW_LNCT_path, DW_FORM_line_strp)
        o.Add(2);                                     // directories_count
        At["u2.dir0"] = o.Count; U32(o, 0); U32(o, 6); // "/work", "inc"
        o.Add(3); o.AddRange([1, 0x08, 2, 0x0B, 5, 0x1E]); // file format: path string, directory_index data1, MD5 data16
        At["u2.file_count"] = o.Count; o.Add(2);
        Str(o, "a.c"); o.Add(0); o.AddRange(new byte[16]);
        Str(o, "b.h"); o.Add(1); o.AddRange(new byte[16]);
        Patch32(o, At["u2.header_length"], o.Count - headerStart);
        At["u2.program"] = o.Count;
        o.AddRange([0, 5, 2]); U32(o, 0x0800_0200);  // DW_LNE_set_address
        At["u2.set_file"] = o.Count;
        o.AddRange([4, 1]);                           // DW_LNS_set_file 1 (b.h)
        o.AddRange([3, 4]);                           // DW_LNS_advance_line +4 -> 5
        o.Add(1);                                     // DW_LNS_copy
        o.AddRange([9, 6, 0]);                        // DW_LNS_fixed_advance_pc 6
        o.AddRange([4, 0]);                           // DW_LNS_set_file 0 (a.c)
        o.Add(1);                                     // DW_LNS_copy
        o.AddRange([2, 1]);                           // DW_LNS_advance_pc 1 operation = 2 bytes
        o.AddRange([0, 1, 1]);                        // DW_LNE_end_sequence
        Patch32(o, start, o.Count - start - 4);
        At["end"] = o.Count;
    }

    private static void U16(List<byte> o, ushort v) { o.Add((byte)v); o.Add((byte)(v >> 8)); }

    private static void U32(List<byte> o, uint v) { for (int i = 0; i < 4; i++) { o.Add((byte)(v >> (8 * i))); } }

    private static void Str(List<byte> o, string s) { o.AddRange(Encoding.ASCII.GetBytes(s)); o.Add(0); }

    private static void Patch32(List<byte> o, int at, int value) { for (int i = 0; i < 4; i++) { o[at + i] = (byte)(value >> (8 * i)); } }
}
