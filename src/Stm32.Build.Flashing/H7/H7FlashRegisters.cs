namespace Stm32.Build.Flashing.H7;

/// <summary>
/// The STM32H74x/H75x embedded flash interface as the driver uses it: register offsets from the flash interface
/// base (0x52002000; bank 2's own registers at +0x100), bits and keys. Source: RM0399 rev 4 section 4.9 (register
/// descriptions 4.9.1–4.9.39 and the register map), cross-checked against OpenOCD 0.12 src/flash/nor/stm32h7x.c.
/// </summary>
internal static class H7FlashRegisters
{
    /// <summary>FLASH_KEYRx (RM0399 4.9.2).</summary>
    public const uint Keyr = 0x04;
    /// <summary>FLASH_OPTKEYR (4.9.3), shared.</summary>
    public const uint OptKeyr = 0x08;
    /// <summary>FLASH_CRx (4.9.4).</summary>
    public const uint Cr = 0x0C;
    /// <summary>FLASH_SRx (4.9.5).</summary>
    public const uint Sr = 0x10;
    /// <summary>FLASH_CCRx (4.9.6): write 1 to clear the SRx flag at the same position.</summary>
    public const uint Ccr = 0x14;
    /// <summary>FLASH_OPTCR (4.9.7), shared.</summary>
    public const uint OptCr = 0x18;
    /// <summary>FLASH_OPTSR_CUR (4.9.8), shared.</summary>
    public const uint OptSrCur = 0x1C;
    /// <summary>FLASH_OPTSR_PRG (4.9.9), shared.</summary>
    public const uint OptSrPrg = 0x20;
    /// <summary>FLASH_OPTCCR (4.9.10), shared.</summary>
    public const uint OptCcr = 0x24;
    /// <summary>FLASH_BOOT7_CURR (4.9.17; FLASH_BOOT_CURR on single-core parts), shared.</summary>
    public const uint Boot7Cur = 0x40;
    /// <summary>FLASH_BOOT7_PRGR (4.9.18), shared.</summary>
    public const uint Boot7Prg = 0x44;
    /// <summary>FLASH_BOOT4_CURR (4.9.19, dual-core parts), shared.</summary>
    public const uint Boot4Cur = 0x48;
    /// <summary>FLASH_BOOT4_PRGR (4.9.20, dual-core parts), shared.</summary>
    public const uint Boot4Prg = 0x4C;
    /// <summary>FLASH_CRCCRx (4.9.28).</summary>
    public const uint CrcCr = 0x50;
    /// <summary>FLASH_CRCDATAR (4.9.31), shared.</summary>
    public const uint CrcData = 0x5C;

    /// <summary>KEY1 and KEY2 of FLASH_KEYRx (4.9.2; unlock sequence 4.5.1).</summary>
    public const uint Key1 = 0x4567_0123, Key2 = 0xCDEF_89AB;
    /// <summary>OPTKEY1 and OPTKEY2 of FLASH_OPTKEYR (4.9.3).</summary>
    public const uint OptKey1 = 0x0819_2A3B, OptKey2 = 0x4C5D_6E7F;

    /// <summary>CRx.LOCK (bit 0).</summary>
    public const uint CrLock = 1u << 0;
    /// <summary>CRx.PG (bit 1): program enable.</summary>
    public const uint CrPg = 1u << 1;
    /// <summary>CRx.SER (bit 2): sector erase.</summary>
    public const uint CrSer = 1u << 2;
    /// <summary>CRx.BER (bit 3): bank erase.</summary>
    public const uint CrBer = 1u << 3;
    /// <summary>CRx.PSIZE position (bits 5:4): 00 x8, 01 x16, 10 x32, 11 x64.</summary>
    public const int CrPsizeShift = 4;
    /// <summary>CRx.FW (bit 6): force write of a partly filled write buffer.</summary>
    public const uint CrFw = 1u << 6;
    /// <summary>CRx.START (bit 7): starts the erase.</summary>
    public const uint CrStart = 1u << 7;
    /// <summary>CRx.SNB position (bits 10:8): sector number.</summary>
    public const int CrSnbShift = 8;
    /// <summary>CRx.CRC_EN (bit 15): enables the CRC unit.</summary>
    public const uint CrCrcEn = 1u << 15;

    /// <summary>SRx.BSY (bit 0).</summary>
    public const uint SrBsy = 1u << 0;
    /// <summary>SRx.WBNE (bit 1): write buffer not empty.</summary>
    public const uint SrWbne = 1u << 1;
    /// <summary>SRx.QW (bit 2): an operation is queued or running.</summary>
    public const uint SrQw = 1u << 2;
    /// <summary>SRx.CRC_BUSY (bit 3).</summary>
    public const uint SrCrcBusy = 1u << 3;
    /// <summary>SRx.EOP (bit 16).</summary>
    public const uint SrEop = 1u << 16;
    /// <summary>SRx.CRCEND (bit 27).</summary>
    public const uint SrCrcEnd = 1u << 27;

    /// <summary>CRCCRx.CRC_SECT position (bits 2:0).</summary>
    public const int CrcCrSectShift = 0;
    /// <summary>CRCCRx.CRC_BY_SECT (bit 8).</summary>
    public const uint CrcCrBySect = 1u << 8;
    /// <summary>CRCCRx.ADD_SECT (bit 9).</summary>
    public const uint CrcCrAddSect = 1u << 9;
    /// <summary>CRCCRx.CLEAN_SECT (bit 10).</summary>
    public const uint CrcCrCleanSect = 1u << 10;
    /// <summary>CRCCRx.START_CRC (bit 16).</summary>
    public const uint CrcCrStart = 1u << 16;
    /// <summary>CRCCRx.CLEAN_CRC (bit 17).</summary>
    public const uint CrcCrCleanCrc = 1u << 17;
    /// <summary>CRCCRx.CRC_BURST position (bits 21:20): 00 = 4 flash words per burst.</summary>
    public const int CrcCrBurstShift = 20;

    /// <summary>OPTCR.OPTLOCK (bit 0).</summary>
    public const uint OptCrLock = 1u << 0;
    /// <summary>OPTCR.OPTSTART (bit 1).</summary>
    public const uint OptCrStart = 1u << 1;
    /// <summary>OPTSR.OPT_BUSY (bit 0, CUR only).</summary>
    public const uint OptSrBusy = 1u << 0;
    /// <summary>OPTSR.RDP position (bits 15:8): 0xAA level 0, 0xCC level 2, others level 1.</summary>
    public const int OptSrRdpShift = 8;
    /// <summary>OPTSR.BCM4 (bit 22): the Cortex-M4 boots.</summary>
    public const uint OptSrBcm4 = 1u << 22;
    /// <summary>OPTSR.BCM7 (bit 23): the Cortex-M7 boots.</summary>
    public const uint OptSrBcm7 = 1u << 23;
    /// <summary>OPTSR.OPTCHANGEERR (bit 30, CUR) and OPTCCR.CLR_OPTCHANGEERR (bit 30).</summary>
    public const uint OptChangeErr = 1u << 30;
    /// <summary>RDP byte of level 0.</summary>
    public const byte RdpLevel0 = 0xAA;
    /// <summary>RDP byte of level 2 (irreversible).</summary>
    public const byte RdpLevel2 = 0xCC;
}

/// <summary>
/// The error flags of FLASH_SRx (RM0399 4.9.5), with the manual's names; FLASH_CCRx clears them at the same bit
/// positions (4.9.6). The set matches OpenOCD stm32h7x.c FLASH_ERROR.
/// </summary>
[Flags]
public enum H7FlashError : uint
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>WRPERR (bit 17): write-protection error — a program or erase of a protected sector.</summary>
    WRPERR = 1u << 17,
    /// <summary>PGSERR (bit 18): programming sequence error.</summary>
    PGSERR = 1u << 18,
    /// <summary>STRBERR (bit 19): strobe error — a byte of the write buffer written twice.</summary>
    STRBERR = 1u << 19,
    /// <summary>INCERR (bit 21): inconsistency error — a write to another flash word than the one being filled.</summary>
    INCERR = 1u << 21,
    /// <summary>OPERR (bit 22): write/erase operation error.</summary>
    OPERR = 1u << 22,
    /// <summary>RDPERR (bit 23): read-protection error.</summary>
    RDPERR = 1u << 23,
    /// <summary>RDSERR (bit 24): secure-area error.</summary>
    RDSERR = 1u << 24,
    /// <summary>SNECCERR (bit 25): single ECC error corrected.</summary>
    SNECCERR = 1u << 25,
    /// <summary>DBECCERR (bit 26): double ECC error detected.</summary>
    DBECCERR = 1u << 26,
}

/// <summary>Helpers for <see cref="H7FlashError"/>.</summary>
public static class H7FlashErrors
{
    /// <summary>Every error flag.</summary>
    public const H7FlashError All = H7FlashError.WRPERR | H7FlashError.PGSERR | H7FlashError.STRBERR | H7FlashError.INCERR
        | H7FlashError.OPERR | H7FlashError.RDPERR | H7FlashError.RDSERR | H7FlashError.SNECCERR | H7FlashError.DBECCERR;

    /// <summary>The error flags set in a FLASH_SRx value.</summary>
    public static H7FlashError FromStatus(uint sr) => (H7FlashError)sr & All;

    /// <summary>The names of the flags set, in bit order, e.g. <c>WRPERR, PGSERR</c>.</summary>
    public static string Names(H7FlashError errors) =>
        string.Join(", ", Enum.GetValues<H7FlashError>().Where(f => f != H7FlashError.None && errors.HasFlag(f)).Select(f => f.ToString()));

    /// <summary>What a flag means for a person, in one phrase.</summary>
    public static string Meaning(H7FlashError flag) => flag switch
    {
        H7FlashError.WRPERR => "the sector is write-protected in the option bytes (WPSN)",
        H7FlashError.PGSERR => "programming sequence error",
        H7FlashError.STRBERR => "a byte of the write buffer was written twice",
        H7FlashError.INCERR => "a write went to another flash word than the one being filled",
        H7FlashError.OPERR => "the write or erase operation failed",
        H7FlashError.RDPERR => "the area is read-protected (RDP/PCROP)",
        H7FlashError.RDSERR => "the area is secure-only",
        H7FlashError.SNECCERR => "a single-bit ECC error was corrected",
        H7FlashError.DBECCERR => "a double-bit ECC error was detected (a flash word programmed twice without an erase)",
        _ => "unknown error",
    };
}
