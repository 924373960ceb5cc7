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

    /// <summary>The flash word: the smallest unit programmed at once, in bytes (32 on STM32H74x/H75x).</summary>
    public required int FlashWordSize { get; init; }

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

    /// <summary>The region containing <paramref name="address"/>, or null.</summary>
    public MemoryRegion? FindRegion(uint address) => AllRegions.FirstOrDefault(r => r.Contains(address));

    /// <inheritdoc />
    public override string ToString() => Name;
}
