namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// Offsets of the embedded flash interface registers from 0x52002000 (RM0399 4.9, flash register map at the end of the section).
/// Bank 2's own registers sit at +0x100; the shared ones (ACR, OPTKEYR, OPTCR, OPTSR, OPTCCR, BOOT, CRCDATA)
/// are mirrored there.
/// </summary>
public enum FlashRegister : uint
{
    /// <summary>FLASH_ACR: read latency and programming delay (WRHIGHFREQ).</summary>
    ACR = 0x00,
    /// <summary>FLASH_KEYR1: bank 1 unlock keys.</summary>
    KEYR1 = 0x04,
    /// <summary>FLASH_OPTKEYR: option byte unlock keys.</summary>
    OPTKEYR = 0x08,
    /// <summary>FLASH_CR1: bank 1 control.</summary>
    CR1 = 0x0C,
    /// <summary>FLASH_SR1: bank 1 status.</summary>
    SR1 = 0x10,
    /// <summary>FLASH_CCR1: bank 1 status clear (write 1 to clear).</summary>
    CCR1 = 0x14,
    /// <summary>FLASH_OPTCR: option control (OPTLOCK, OPTSTART, MER, SWAP_BANK).</summary>
    OPTCR = 0x18,
    /// <summary>FLASH_OPTSR_CUR: option status in effect.</summary>
    OPTSR_CUR = 0x1C,
    /// <summary>FLASH_OPTSR_PRG: option status to program.</summary>
    OPTSR_PRG = 0x20,
    /// <summary>FLASH_OPTCCR: option status clear.</summary>
    OPTCCR = 0x24,
    /// <summary>FLASH_PRAR_CUR1: bank 1 PCROP area in effect.</summary>
    PRAR_CUR1 = 0x28,
    /// <summary>FLASH_PRAR_PRG1: bank 1 PCROP area to program.</summary>
    PRAR_PRG1 = 0x2C,
    /// <summary>FLASH_SCAR_CUR1: bank 1 secure area in effect.</summary>
    SCAR_CUR1 = 0x30,
    /// <summary>FLASH_SCAR_PRG1: bank 1 secure area to program.</summary>
    SCAR_PRG1 = 0x34,
    /// <summary>FLASH_WPSN_CUR1R: bank 1 sector write protection in effect (bit = 0: protected).</summary>
    WPSN_CUR1R = 0x38,
    /// <summary>FLASH_WPSN_PRG1R: bank 1 sector write protection to program.</summary>
    WPSN_PRG1R = 0x3C,
    /// <summary>FLASH_BOOT7_CURR: BOOT_CM7_ADD1[31:16], BOOT_CM7_ADD0[15:0] in effect.</summary>
    BOOT7_CURR = 0x40,
    /// <summary>FLASH_BOOT7_PRGR: Cortex-M7 boot addresses to program.</summary>
    BOOT7_PRGR = 0x44,
    /// <summary>FLASH_BOOT4_CURR: BOOT_CM4_ADD1[31:16], BOOT_CM4_ADD0[15:0] in effect.</summary>
    BOOT4_CURR = 0x48,
    /// <summary>FLASH_BOOT4_PRGR: Cortex-M4 boot addresses to program.</summary>
    BOOT4_PRGR = 0x4C,
    /// <summary>FLASH_CRCCR1: bank 1 CRC control.</summary>
    CRCCR1 = 0x50,
    /// <summary>FLASH_CRCSADD1R: bank 1 CRC start address (offset in the bank, bits 19:2).</summary>
    CRCSADD1R = 0x54,
    /// <summary>FLASH_CRCEADD1R: bank 1 CRC end address (offset in the bank, bits 19:2).</summary>
    CRCEADD1R = 0x58,
    /// <summary>FLASH_CRCDATAR: CRC result (shared).</summary>
    CRCDATAR = 0x5C,
    /// <summary>FLASH_ECC_FA1R: bank 1 ECC fail address.</summary>
    ECC_FA1R = 0x60,
    /// <summary>FLASH_KEYR2: bank 2 unlock keys.</summary>
    KEYR2 = 0x104,
    /// <summary>FLASH_CR2: bank 2 control.</summary>
    CR2 = 0x10C,
    /// <summary>FLASH_SR2: bank 2 status.</summary>
    SR2 = 0x110,
    /// <summary>FLASH_CCR2: bank 2 status clear.</summary>
    CCR2 = 0x114,
    /// <summary>FLASH_PRAR_CUR2.</summary>
    PRAR_CUR2 = 0x128,
    /// <summary>FLASH_PRAR_PRG2.</summary>
    PRAR_PRG2 = 0x12C,
    /// <summary>FLASH_SCAR_CUR2.</summary>
    SCAR_CUR2 = 0x130,
    /// <summary>FLASH_SCAR_PRG2.</summary>
    SCAR_PRG2 = 0x134,
    /// <summary>FLASH_WPSN_CUR2R.</summary>
    WPSN_CUR2R = 0x138,
    /// <summary>FLASH_WPSN_PRG2R.</summary>
    WPSN_PRG2R = 0x13C,
    /// <summary>FLASH_CRCCR2.</summary>
    CRCCR2 = 0x150,
    /// <summary>FLASH_CRCSADD2R.</summary>
    CRCSADD2R = 0x154,
    /// <summary>FLASH_CRCEADD2R.</summary>
    CRCEADD2R = 0x158,
    /// <summary>FLASH_ECC_FA2R.</summary>
    ECC_FA2R = 0x160,
}

/// <summary>Whether software reads, writes, or clears a field (the manual's rw / r / w / rc_w1 / rs).</summary>
public enum FieldAccess
{
    /// <summary>Read and write.</summary>
    ReadWrite,
    /// <summary>Read-only (set by hardware).</summary>
    ReadOnly,
    /// <summary>Write-only (reads as 0).</summary>
    WriteOnly,
    /// <summary>Software can only set it; hardware clears it.</summary>
    Set,
}

/// <summary>One register field: its name, bit position, width and access, side by side as in the manual.</summary>
/// <param name="Name">The manual's name.</param>
/// <param name="Position">The lowest bit.</param>
/// <param name="Width">The number of bits.</param>
/// <param name="Access">How software may access it.</param>
public readonly record struct RegisterField(string Name, int Position, int Width, FieldAccess Access)
{
    /// <summary>The field's bits in place.</summary>
    public uint Mask => (Width >= 32 ? 0xFFFF_FFFFu : (1u << Width) - 1) << Position;

    /// <summary>The field's value in <paramref name="register"/>.</summary>
    public uint Get(uint register) => (register & Mask) >> Position;

    /// <summary><paramref name="register"/> with the field replaced by <paramref name="value"/>.</summary>
    public uint Set(uint register, uint value) => (register & ~Mask) | ((value << Position) & Mask);

    /// <summary>Whether the (single-bit) field is set in <paramref name="register"/>.</summary>
    public bool IsSet(uint register) => (register & Mask) != 0;
}

/// <summary>FLASH_CRx fields (RM0399 4.9.4).</summary>
public static class FlashCr
{
    /// <summary>LOCK: set by software or reset, cleared by the KEYRx sequence.</summary>
    public static readonly RegisterField LOCK = new("LOCK", 0, 1, FieldAccess.Set);
    /// <summary>PG: program enable (the write buffer accepts data).</summary>
    public static readonly RegisterField PG = new("PG", 1, 1, FieldAccess.ReadWrite);
    /// <summary>SER: sector erase request.</summary>
    public static readonly RegisterField SER = new("SER", 2, 1, FieldAccess.ReadWrite);
    /// <summary>BER: bank erase request.</summary>
    public static readonly RegisterField BER = new("BER", 3, 1, FieldAccess.ReadWrite);
    /// <summary>PSIZE: program/erase parallelism x8/x16/x32/x64 (00..11).</summary>
    public static readonly RegisterField PSIZE = new("PSIZE", 4, 2, FieldAccess.ReadWrite);
    /// <summary>FW: force write of a partly filled write buffer.</summary>
    public static readonly RegisterField FW = new("FW", 6, 1, FieldAccess.Set);
    /// <summary>START: starts the erase selected by SER/BER.</summary>
    public static readonly RegisterField START = new("START", 7, 1, FieldAccess.Set);
    /// <summary>SNB: sector number for SER.</summary>
    public static readonly RegisterField SNB = new("SNB", 8, 3, FieldAccess.ReadWrite);
    /// <summary>CRC_EN: enables the CRC unit.</summary>
    public static readonly RegisterField CRC_EN = new("CRC_EN", 15, 1, FieldAccess.ReadWrite);
    /// <summary>
    /// The interrupt enables EOPIE..CRCENDIE (bits 16..27, bit 20 reserved), each at the position of the FLASH_SRx
    /// flag it enables (RM0399 4.9.4, 4.9.5): the FLASH interrupt is raised while a flag and its enable are both set.
    /// </summary>
    public static readonly RegisterField InterruptEnables = new("EOPIE..CRCENDIE", 16, 12, FieldAccess.ReadWrite);

    /// <summary>Every bit a write to CRx may change.</summary>
    public const uint WritableMask = 0x0FEF_87FE;
}

/// <summary>FLASH_SRx flags (RM0399 4.9.5) and the matching FLASH_CCRx clear bits (4.9.6), same positions.</summary>
public static class FlashSr
{
    /// <summary>BSY: an operation (program, erase, option change) is running.</summary>
    public const uint BSY = 1u << 0;
    /// <summary>WBNE: the write buffer holds data not yet programmed.</summary>
    public const uint WBNE = 1u << 1;
    /// <summary>QW: a write is queued or running.</summary>
    public const uint QW = 1u << 2;
    /// <summary>CRC_BUSY: the CRC unit is computing.</summary>
    public const uint CRC_BUSY = 1u << 3;
    /// <summary>EOP: end of program/erase.</summary>
    public const uint EOP = 1u << 16;
    /// <summary>WRPERR: write-protection error.</summary>
    public const uint WRPERR = 1u << 17;
    /// <summary>PGSERR: programming sequence error.</summary>
    public const uint PGSERR = 1u << 18;
    /// <summary>STRBERR: strobe error (a byte of the write buffer written twice).</summary>
    public const uint STRBERR = 1u << 19;
    /// <summary>INCERR: inconsistency error (a write outside the flash word being filled).</summary>
    public const uint INCERR = 1u << 21;
    /// <summary>OPERR: write/erase error.</summary>
    public const uint OPERR = 1u << 22;
    /// <summary>RDPERR: read protection error.</summary>
    public const uint RDPERR = 1u << 23;
    /// <summary>RDSERR: secure error.</summary>
    public const uint RDSERR = 1u << 24;
    /// <summary>SNECCERR: single ECC error corrected.</summary>
    public const uint SNECCERR = 1u << 25;
    /// <summary>DBECCERR: double ECC error detected.</summary>
    public const uint DBECCERR = 1u << 26;
    /// <summary>CRCEND: CRC computation complete.</summary>
    public const uint CRCEND = 1u << 27;

    /// <summary>The error flags that make a program or erase request be refused while set.</summary>
    public const uint ErrorMask = WRPERR | PGSERR | STRBERR | INCERR | OPERR | RDPERR | RDSERR | SNECCERR | DBECCERR;

    /// <summary>The flags FLASH_CCRx clears (EOP..CRCEND, bits 16..27 but 20).</summary>
    public const uint ClearableMask = EOP | ErrorMask | CRCEND;
}

/// <summary>FLASH_OPTCR fields (RM0399 4.9.7).</summary>
public static class FlashOptCr
{
    /// <summary>OPTLOCK: locks OPTCR; cleared by the OPTKEYR sequence.</summary>
    public const uint OPTLOCK = 1u << 0;
    /// <summary>OPTSTART: starts copying the *_PRG option registers to the option bytes.</summary>
    public const uint OPTSTART = 1u << 1;
    /// <summary>MER: mass erase of both banks.</summary>
    public const uint MER = 1u << 4;
    /// <summary>OPTCHANGEERRIE: interrupt enable (stored).</summary>
    public const uint OPTCHANGEERRIE = 1u << 30;
    /// <summary>SWAP_BANK: bank swap status (read-only copy of the option in effect).</summary>
    public const uint SWAP_BANK = 1u << 31;
}

/// <summary>FLASH_OPTSR_CUR/PRG fields (RM0399 4.9.8/4.9.9).</summary>
public static class FlashOptSr
{
    /// <summary>OPT_BUSY (CUR only): an option byte change is running.</summary>
    public static readonly RegisterField OPT_BUSY = new("OPT_BUSY", 0, 1, FieldAccess.ReadOnly);
    /// <summary>BOR_LEV: brown-out reset level.</summary>
    public static readonly RegisterField BOR_LEV = new("BOR_LEV", 2, 2, FieldAccess.ReadWrite);
    /// <summary>IWDG1_SW.</summary>
    public static readonly RegisterField IWDG1_SW = new("IWDG1_SW", 4, 1, FieldAccess.ReadWrite);
    /// <summary>IWDG2_SW.</summary>
    public static readonly RegisterField IWDG2_SW = new("IWDG2_SW", 5, 1, FieldAccess.ReadWrite);
    /// <summary>NRST_STOP_D1.</summary>
    public static readonly RegisterField NRST_STOP_D1 = new("NRST_STOP_D1", 6, 1, FieldAccess.ReadWrite);
    /// <summary>NRST_STBY_D1.</summary>
    public static readonly RegisterField NRST_STBY_D1 = new("NRST_STBY_D1", 7, 1, FieldAccess.ReadWrite);
    /// <summary>RDP: 0xAA level 0, 0xCC level 2, anything else level 1.</summary>
    public static readonly RegisterField RDP = new("RDP", 8, 8, FieldAccess.ReadWrite);
    /// <summary>FZ_IWDG_STOP.</summary>
    public static readonly RegisterField FZ_IWDG_STOP = new("FZ_IWDG_STOP", 17, 1, FieldAccess.ReadWrite);
    /// <summary>FZ_IWDG_SDBY.</summary>
    public static readonly RegisterField FZ_IWDG_SDBY = new("FZ_IWDG_SDBY", 18, 1, FieldAccess.ReadWrite);
    /// <summary>ST_RAM_SIZE.</summary>
    public static readonly RegisterField ST_RAM_SIZE = new("ST_RAM_SIZE", 19, 2, FieldAccess.ReadWrite);
    /// <summary>SECURITY.</summary>
    public static readonly RegisterField SECURITY = new("SECURITY", 21, 1, FieldAccess.ReadWrite);
    /// <summary>BCM4: the Cortex-M4 boots (1) or stays gated (0).</summary>
    public static readonly RegisterField BCM4 = new("BCM4", 22, 1, FieldAccess.ReadWrite);
    /// <summary>BCM7: the Cortex-M7 boots (1) or stays gated (0).</summary>
    public static readonly RegisterField BCM7 = new("BCM7", 23, 1, FieldAccess.ReadWrite);
    /// <summary>NRST_STOP_D2.</summary>
    public static readonly RegisterField NRST_STOP_D2 = new("NRST_STOP_D2", 24, 1, FieldAccess.ReadWrite);
    /// <summary>NRST_STBY_D2.</summary>
    public static readonly RegisterField NRST_STBY_D2 = new("NRST_STBY_D2", 25, 1, FieldAccess.ReadWrite);
    /// <summary>IO_HSLV.</summary>
    public static readonly RegisterField IO_HSLV = new("IO_HSLV", 29, 1, FieldAccess.ReadWrite);
    /// <summary>OPTCHANGEERR (CUR only): the last option change failed.</summary>
    public static readonly RegisterField OPTCHANGEERR = new("OPTCHANGEERR", 30, 1, FieldAccess.ReadOnly);
    /// <summary>SWAP_BANK_OPT.</summary>
    public static readonly RegisterField SWAP_BANK_OPT = new("SWAP_BANK_OPT", 31, 1, FieldAccess.ReadWrite);

    /// <summary>The bits of OPTSR_PRG software may write (everything but OPT_BUSY, bit 1, bit 16, 26..28, OPTCHANGEERR).</summary>
    public const uint ProgrammableMask = 0xA3FE_FFFC;
}

/// <summary>FLASH_CRCCRx fields (RM0399 4.9.21).</summary>
public static class FlashCrcCr
{
    /// <summary>CRC_SECT: the sector ADD_SECT adds to the list.</summary>
    public static readonly RegisterField CRC_SECT = new("CRC_SECT", 0, 3, FieldAccess.ReadWrite);
    /// <summary>CRC_BY_SECT: 1 = over the sector list, 0 = over CRCSADD..CRCEADD.</summary>
    public static readonly RegisterField CRC_BY_SECT = new("CRC_BY_SECT", 8, 1, FieldAccess.ReadWrite);
    /// <summary>ADD_SECT: adds CRC_SECT to the list.</summary>
    public static readonly RegisterField ADD_SECT = new("ADD_SECT", 9, 1, FieldAccess.WriteOnly);
    /// <summary>CLEAN_SECT: empties the sector list.</summary>
    public static readonly RegisterField CLEAN_SECT = new("CLEAN_SECT", 10, 1, FieldAccess.WriteOnly);
    /// <summary>START_CRC: starts a computation.</summary>
    public static readonly RegisterField START_CRC = new("START_CRC", 16, 1, FieldAccess.WriteOnly);
    /// <summary>CLEAN_CRC: resets CRCDATA.</summary>
    public static readonly RegisterField CLEAN_CRC = new("CLEAN_CRC", 17, 1, FieldAccess.WriteOnly);
    /// <summary>CRC_BURST: flash words read per burst (4, 16, 64, 256); timing only.</summary>
    public static readonly RegisterField CRC_BURST = new("CRC_BURST", 20, 2, FieldAccess.ReadWrite);
    /// <summary>ALL_BANK: computes over the whole bank.</summary>
    public static readonly RegisterField ALL_BANK = new("ALL_BANK", 22, 1, FieldAccess.ReadWrite);
}

/// <summary>The unlock keys (RM0399 4.9.2 FLASH_KEYR1/2 and 4.9.3 FLASH_OPTKEYR; the sequences in 4.5.1).</summary>
public static class FlashKeys
{
    /// <summary>KEY1 for KEYRx.</summary>
    public const uint Key1 = 0x4567_0123;
    /// <summary>KEY2 for KEYRx.</summary>
    public const uint Key2 = 0xCDEF_89AB;
    /// <summary>OPTKEY1 for OPTKEYR.</summary>
    public const uint OptKey1 = 0x0819_2A3B;
    /// <summary>OPTKEY2 for OPTKEYR.</summary>
    public const uint OptKey2 = 0x4C5D_6E7F;
}
