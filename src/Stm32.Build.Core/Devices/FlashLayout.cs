namespace Stm32.Build.Devices;

/// <summary>What the reference manual calls the flash's erase unit.</summary>
public enum EraseUnitKind
{
    /// <summary>Sectors (STM32F2/F4/F7/H7).</summary>
    Sector,
    /// <summary>Pages (STM32F0/F1/F3/G0/G4/L4).</summary>
    Page,
}

/// <summary>
/// One organisation of the flash selected by an option bit, e.g. the STM32F767's single-bank mode (nDBANK = 1,
/// 12 sectors of 32/128/256 KiB) and dual-bank mode (nDBANK = 0, two banks of 12 sectors of 16/64/128 KiB),
/// RM0410 3.3.2.
/// </summary>
public sealed record FlashBankMode
{
    /// <summary>A short name, e.g. <c>single-bank</c> or <c>dual-bank</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The option field that selects the mode, as <c>REGISTER.FIELD</c> of <see cref="DeviceDescription.OptionRegisters"/>, e.g. <c>OPTCR.nDBANK</c>.</summary>
    public required string Option { get; init; }

    /// <summary>The field's value that selects this mode.</summary>
    public required uint Value { get; init; }

    /// <summary>Whether this is the mode of the factory option bytes (the one <see cref="DeviceDescription.FlashBanks"/> describes).</summary>
    public bool Factory { get; init; }

    /// <summary>The banks in this mode.</summary>
    public required IReadOnlyList<FlashBank> FlashBanks { get; init; }
}

/// <summary>
/// Program/erase parallelism at a supply voltage (STM32F4/F7 FLASH_CR.PSIZE, STM32H7 FLASH_CRx.PSIZE): the widest
/// parallelism the manual allows from <see cref="MinVolts"/> up, e.g. x32 from 2.7 V on an STM32F407 (RM0090 3.6.2,
/// table "Program/erase parallelism").
/// </summary>
/// <param name="MinVolts">The lowest supply voltage of the range.</param>
/// <param name="Bits">The parallelism in bits (8, 16, 32 or 64).</param>
public sealed record FlashParallelismRange(double MinVolts, int Bits);

/// <summary>One bit field of an option register: bits <see cref="Low"/> to <see cref="Low"/> + <see cref="Width"/> − 1.</summary>
/// <param name="Name">The field's name in the reference manual, e.g. <c>RDP</c>.</param>
/// <param name="Low">The lowest bit.</param>
/// <param name="Width">The width in bits.</param>
public sealed record OptionField(string Name, int Low, int Width)
{
    /// <summary>The field's mask within the register (derived from position and width).</summary>
    public uint Mask => Width >= 32 ? uint.MaxValue : ((1u << Width) - 1) << Low;

    /// <summary>The field's value in a register value.</summary>
    public uint Get(uint register) => (register & Mask) >> Low;

    /// <summary>The register value with the field set to <paramref name="value"/>.</summary>
    public uint Set(uint register, uint value) => (register & ~Mask) | ((value << Low) & Mask);
}

/// <summary>
/// A register of the flash interface that shows option bytes in effect (or takes values to program), with the
/// fields the product reads: e.g. FLASH_OPTCR of an STM32F4 (RM0090 3.9.10) or FLASH_OPTSR_CUR of an STM32H7
/// (RM0399 4.9.8).
/// </summary>
public sealed record OptionRegister
{
    /// <summary>The register's name in the reference manual, e.g. <c>OPTCR</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The offset from the flash interface base.</summary>
    public required uint Offset { get; init; }

    /// <summary>The fields, by name.</summary>
    public required IReadOnlyList<OptionField> Fields { get; init; }

    /// <summary>The field with the given name (case-insensitive), or null.</summary>
    public OptionField? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How write protection is encoded in an option field.</summary>
public enum WriteProtectionKind
{
    /// <summary>One bit per group of sectors, 0 = protected (nWRP of F4/F7, WPSN of H7, WRP of F1).</summary>
    ActiveLowBits,
    /// <summary>One bit per group of sectors, 1 = protected.</summary>
    ActiveHighBits,
    /// <summary>A start field and an end field naming pages; the area is protected when start ≤ end (WRPxyR of G0/G4/L4).</summary>
    PageRange,
}

/// <summary>One write-protection field of one bank.</summary>
public sealed record WriteProtectionField
{
    /// <summary>The bank number.</summary>
    public required int Bank { get; init; }

    /// <summary>How the field encodes protection.</summary>
    public required WriteProtectionKind Kind { get; init; }

    /// <summary>The bits field (<c>REGISTER.FIELD</c>), or the start field of a page range.</summary>
    public required string Field { get; init; }

    /// <summary>The end field of a page range (<c>REGISTER.FIELD</c>).</summary>
    public string? EndField { get; init; }

    /// <summary>Erase units per bit (F1 medium density: 4 pages per WRP bit, RM0008 2.5).</summary>
    public int SectorsPerBit { get; init; } = 1;

    /// <summary>Whether the field's last bit protects every unit from its group to the end of the bank (F1 high density: WRP31).</summary>
    public bool LastBitCoversRest { get; init; }
}

/// <summary>An area protected against reads or kept secure (PCROP, secure-access area), as option fields.</summary>
public sealed record ProtectedAreaField
{
    /// <summary>What the area is, e.g. <c>PCROP</c> or <c>secure area</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The bank number.</summary>
    public required int Bank { get; init; }

    /// <summary>The start field (<c>REGISTER.FIELD</c>), in <see cref="Unit"/> bytes from the bank start.</summary>
    public required string StartField { get; init; }

    /// <summary>The end field (<c>REGISTER.FIELD</c>), inclusive, in <see cref="Unit"/> bytes from the bank start.</summary>
    public required string EndField { get; init; }

    /// <summary>The bytes one step of the fields covers (H7 PRAR/SCAR: 256 bytes, RM0399 4.9.11).</summary>
    public required uint Unit { get; init; }
}

/// <summary>
/// Where a device keeps its protection state: the readout protection byte, the write-protection fields per bank
/// and the protected areas (PCROP, secure areas); all in <see cref="DeviceDescription.OptionRegisters"/>.
/// </summary>
public sealed record ProtectionLayout
{
    /// <summary>The RDP field (<c>REGISTER.FIELD</c>).</summary>
    public required string RdpField { get; init; }

    /// <summary>The RDP field's value at level 0 (0xAA; 0 for the STM32F1's RDPRT bit).</summary>
    public required uint RdpLevel0 { get; init; }

    /// <summary>The RDP field's value at level 2 (0xCC), or null where there is no level 2 (STM32F1).</summary>
    public uint? RdpLevel2 { get; init; }

    /// <summary>The write-protection fields.</summary>
    public IReadOnlyList<WriteProtectionField> WriteProtection { get; init; } = [];

    /// <summary>The protected-area fields.</summary>
    public IReadOnlyList<ProtectedAreaField> Areas { get; init; } = [];
}

/// <summary>How a device chooses where it boots: pins and option bits (e.g. BOOT0 plus nBOOT_SEL/nBOOT1/nBOOT0 on an STM32G0, RM0444 2.5).</summary>
public sealed record BootConfiguration
{
    /// <summary>The boot pins, e.g. <c>BOOT0</c>, <c>BOOT1 (PB2)</c>.</summary>
    public IReadOnlyList<string> Pins { get; init; } = [];

    /// <summary>The option fields that take part (<c>REGISTER.FIELD</c>), e.g. <c>OPTR.nBOOT_SEL</c>.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>One sentence on how they combine, from the reference manual.</summary>
    public string? Description { get; init; }
}
