namespace Stm32.Build.Diagnostics;

// STM2xxx: firmware image formats (ELF, Intel HEX, Motorola S-record, raw binary).
// STM20xx general, STM21xx ELF, STM22xx Intel HEX, STM23xx S-record, STM24xx raw binary.
public static partial class DiagnosticCodes
{
    /// <summary>The image format cannot be told from the file name or its content.</summary>
    public const string ImageFormatUnknown = "STM2001";
    /// <summary>The image file is larger than the readers accept (2 GiB).</summary>
    public const string ImageTooLarge = "STM2002";

    /// <summary>The ELF file is empty or ends inside its ELF header.</summary>
    public const string ElfTruncated = "STM2101";
    /// <summary>The file does not start with the ELF magic number.</summary>
    public const string ElfNotElf = "STM2102";
    /// <summary>The ELF file is not 32-bit (ELFCLASS32).</summary>
    public const string ElfNotClass32 = "STM2103";
    /// <summary>The ELF file is not little-endian (ELFDATA2LSB).</summary>
    public const string ElfNotLittleEndian = "STM2104";
    /// <summary>The ELF file is not for ARM (e_machine is not EM_ARM, 40).</summary>
    public const string ElfNotArm = "STM2105";
    /// <summary>The ELF file is not an executable (ET_EXEC): a relocatable object, shared object or core file.</summary>
    public const string ElfNotExecutable = "STM2106";
    /// <summary>The ELF file has no PT_LOAD segment with file contents.</summary>
    public const string ElfNoLoadableSegment = "STM2107";
    /// <summary>The program or section header table lies (partly) past the end of the file, or has a bad entry size.</summary>
    public const string ElfHeaderTableOutOfBounds = "STM2108";
    /// <summary>A segment's or section's file data lies past the end of the file.</summary>
    public const string ElfDataOutOfBounds = "STM2109";
    /// <summary>A segment's or section's address plus size wraps past 4 GiB.</summary>
    public const string ElfAddressWraps = "STM2110";
    /// <summary>A string-table index (section name, symbol name, e_shstrndx, sh_link) is out of range.</summary>
    public const string ElfStringIndexOutOfRange = "STM2111";
    /// <summary>Two loadable segments load bytes at the same physical address.</summary>
    public const string ElfOverlappingSegments = "STM2112";
    /// <summary>The ELF identification is invalid (version) or a header field has an impossible value.</summary>
    public const string ElfInvalidHeader = "STM2113";

    /// <summary>An Intel HEX line does not start with ':'.</summary>
    public const string HexMissingColon = "STM2201";
    /// <summary>An Intel HEX line holds a character that is not a hex digit.</summary>
    public const string HexInvalidCharacter = "STM2202";
    /// <summary>An Intel HEX line has an odd number of hex digits.</summary>
    public const string HexOddLength = "STM2203";
    /// <summary>An Intel HEX record's byte count does not match its length, or the record is too short.</summary>
    public const string HexByteCountMismatch = "STM2204";
    /// <summary>An Intel HEX record's checksum is wrong.</summary>
    public const string HexBadChecksum = "STM2205";
    /// <summary>An Intel HEX record type is not 00 to 05.</summary>
    public const string HexUnknownRecordType = "STM2206";
    /// <summary>An Intel HEX file has records after its end-of-file (01) record.</summary>
    public const string HexDataAfterEof = "STM2207";
    /// <summary>An Intel HEX file has no end-of-file (01) record.</summary>
    public const string HexMissingEof = "STM2208";
    /// <summary>An Intel HEX data record runs past 4 GiB.</summary>
    public const string HexAddressWraps = "STM2209";
    /// <summary>An Intel HEX file gives the same address twice.</summary>
    public const string HexOverlap = "STM2210";
    /// <summary>An Intel HEX 01–05 record has the wrong byte count or a non-zero address field.</summary>
    public const string HexInvalidRecord = "STM2211";

    /// <summary>An S-record line does not start with 'S'.</summary>
    public const string SrecMissingS = "STM2301";
    /// <summary>An S-record line holds a character that is not a hex digit.</summary>
    public const string SrecInvalidCharacter = "STM2302";
    /// <summary>An S-record line has an odd number of hex digits.</summary>
    public const string SrecOddLength = "STM2303";
    /// <summary>An S-record's byte count does not match its length, or the record is too short.</summary>
    public const string SrecByteCountMismatch = "STM2304";
    /// <summary>An S-record's checksum is wrong.</summary>
    public const string SrecBadChecksum = "STM2305";
    /// <summary>An S-record type is not S0–S3 or S5–S9.</summary>
    public const string SrecUnknownRecordType = "STM2306";
    /// <summary>An S-record file has records after its S7/S8/S9 termination record.</summary>
    public const string SrecDataAfterTermination = "STM2307";
    /// <summary>An S-record file has no S7/S8/S9 termination record.</summary>
    public const string SrecMissingTermination = "STM2308";
    /// <summary>An S-record data record runs past 4 GiB.</summary>
    public const string SrecAddressWraps = "STM2309";
    /// <summary>An S-record file gives the same address twice.</summary>
    public const string SrecOverlap = "STM2310";
    /// <summary>An S5/S6 record count does not match the number of data records before it.</summary>
    public const string SrecCountMismatch = "STM2311";

    /// <summary>A raw binary's base address plus its length runs past 4 GiB.</summary>
    public const string BinaryAddressWraps = "STM2401";
}
