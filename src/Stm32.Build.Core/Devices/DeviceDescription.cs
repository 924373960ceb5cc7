namespace Stm32.Build.Devices;

/// <summary>
/// Everything the product knows about one STM32 part number, loaded from the device data
/// (<c>Devices/Data/*.json</c>). Facts come from the reference manual named in <see cref="ReferenceManual"/>
/// and the part's datasheet; adding a part is a data change.
/// </summary>
public sealed record DeviceDescription
{
    /// <summary>The part name without package and temperature suffix, e.g. <c>STM32H747XI</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The family, e.g. <c>STM32H7</c>; selects the flash driver.</summary>
    public required string Family { get; init; }

    /// <summary>The reference manual the facts come from, e.g. <c>RM0399</c>.</summary>
    public required string ReferenceManual { get; init; }

    /// <summary>DBGMCU_IDCODE.DEV_ID (bits 11:0).</summary>
    public required ushort DevId { get; init; }

    /// <summary>Known DBGMCU_IDCODE.REV_ID values and their revision letters, e.g. 0x1003 → "Y".</summary>
    public IReadOnlyDictionary<string, string> Revisions { get; init; } = new Dictionary<string, string>();

    /// <summary>Address of DBGMCU_IDCODE on the system bus.</summary>
    public required uint DbgmcuIdcodeAddress { get; init; }

    /// <summary>Address of the DBGMCU block as seen through the debug APB access port, when there is one.</summary>
    public uint? DbgmcuApbAddress { get; init; }

    /// <summary>The access port that reaches DBGMCU while NRST is held, when there is one.</summary>
    public int? DbgmcuAccessPort { get; init; }

    /// <summary>Address of the 16-bit flash size register (size in KiB).</summary>
    public required uint FlashSizeRegister { get; init; }

    /// <summary>Address of the 96-bit unique device ID.</summary>
    public required uint UniqueIdAddress { get; init; }

    /// <summary>The SW-DP IDCODE the debug port reports.</summary>
    public required uint DpIdcode { get; init; }

    /// <summary>The flash driver that programs this part, e.g. <c>stm32h7</c>.</summary>
    public required string FlashDriver { get; init; }

    /// <summary>Base address of the flash interface registers.</summary>
    public required uint FlashRegistersBase { get; init; }

    /// <summary>
    /// The programming unit: the smallest unit programmed at once, in bytes — the 256-bit flash word of the
    /// STM32H74x/H75x (32), the double word of the G0/G4/L4 (8), the half-word of the F1 (2); on the F4/F7 the
    /// unit follows the parallelism (PSIZE) and this is the widest unit the driver writes at 2.7 V and more (4).
    /// </summary>
    public required int FlashWordSize { get; init; }

    /// <summary>What the manual calls the erase unit: sectors (F4/F7/H7) or pages (F1/G0/G4/L4).</summary>
    public EraseUnitKind EraseUnit { get; init; } = EraseUnitKind.Sector;

    /// <summary>
    /// The program/erase parallelism by supply voltage, widest first (PSIZE on F4/F7/H7); empty where the
    /// programming unit does not depend on the voltage.
    /// </summary>
    public IReadOnlyList<FlashParallelismRange> Parallelism { get; init; } = [];

    /// <summary>The flash organisations an option bit selects (single/dual bank); empty when there is only one.</summary>
    public IReadOnlyList<FlashBankMode> BankModes { get; init; } = [];

    /// <summary>The option registers of the flash interface the product reads, with their fields.</summary>
    public IReadOnlyList<OptionRegister> OptionRegisters { get; init; } = [];

    /// <summary>Where the protection state is (RDP, write protection, PCROP/secure areas), or null when not described.</summary>
    public ProtectionLayout? Protection { get; init; }

    /// <summary>The boot pins and option bits.</summary>
    public BootConfiguration Boot { get; init; } = new();

    /// <summary>The value erased flash reads as.</summary>
    public byte ErasedValue { get; init; } = 0xFF;

    /// <summary>The flash banks, by bank number.</summary>
    public required IReadOnlyList<FlashBank> FlashBanks { get; init; }

    /// <summary>RAM regions (TCMs, SRAMs, backup SRAM).</summary>
    public required IReadOnlyList<MemoryRegion> RamRegions { get; init; }

    /// <summary>System memory and other read-only ST areas.</summary>
    public required IReadOnlyList<MemoryRegion> SystemMemory { get; init; }

    /// <summary>Memory-mapped option bytes; empty where option bytes sit behind flash registers (STM32H7).</summary>
    public IReadOnlyList<MemoryRegion> OptionBytes { get; init; } = [];

    /// <summary>The cores, primary core first.</summary>
    public required IReadOnlyList<CoreDescription> Cores { get; init; }

    /// <summary>The access ports of the debug port.</summary>
    public required IReadOnlyList<AccessPortDescription> AccessPorts { get; init; }

    /// <summary>Total flash size in bytes.</summary>
    public uint FlashSize => (uint)FlashBanks.Sum(b => (long)b.Size);

    /// <summary>Whether the part has more than one core.</summary>
    public bool IsDualCore => Cores.Count > 1;

    /// <summary>The flash regions, one per bank, as memory regions.</summary>
    public IEnumerable<MemoryRegion> FlashRegions => FlashBanks.Select(b => new MemoryRegion
    {
        Name = $"FLASH bank {b.Number}",
        Kind = MemoryKind.Flash,
        Start = b.Start,
        Size = b.Size,
    });

    /// <summary>Every region: flash banks, RAM, system memory and option bytes.</summary>
    public IEnumerable<MemoryRegion> AllRegions => FlashRegions.Concat(RamRegions).Concat(SystemMemory).Concat(OptionBytes);

    /// <summary>The core with the given name (case-insensitive), or null.</summary>
    public CoreDescription? FindCore(string name) =>
        Cores.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The flash bank containing <paramref name="address"/>, or null.</summary>
    public FlashBank? FindBank(uint address) => FlashBanks.FirstOrDefault(b => b.Contains(address));

    /// <summary>
    /// The option register and field named <c>REGISTER.FIELD</c> (case-insensitive), or null when the device data
    /// does not describe it.
    /// </summary>
    public (OptionRegister Register, OptionField Field)? FindOptionField(string qualifiedName)
    {
        var dot = qualifiedName.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }
        var register = OptionRegisters.FirstOrDefault(r => string.Equals(r.Name, qualifiedName[..dot], StringComparison.OrdinalIgnoreCase));
        return register?.Field(qualifiedName[(dot + 1)..]) is { } field ? (register, field) : null;
    }

    /// <summary>The widest parallelism allowed at <paramref name="volts"/> (null: unknown, assume 3.3 V), or null when the device has none.</summary>
    public FlashParallelismRange? ParallelismFor(double? volts) =>
        Parallelism.Where(p => p.MinVolts <= (volts ?? 3.3)).OrderByDescending(p => p.MinVolts).FirstOrDefault()
        ?? Parallelism.OrderBy(p => p.MinVolts).FirstOrDefault();

    /// <summary>The region containing <paramref name="address"/>, or null.</summary>
    public MemoryRegion? FindRegion(uint address) => AllRegions.FirstOrDefault(r => r.Contains(address));

    /// <inheritdoc />
    public override string ToString() => Name;
}
