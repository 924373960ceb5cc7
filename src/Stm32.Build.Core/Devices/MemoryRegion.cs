using System.Text.Json.Serialization;

namespace Stm32.Build.Devices;

/// <summary>What a region of the address space holds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MemoryKind>))]
public enum MemoryKind
{
    /// <summary>Embedded flash (programmable by the flash controller).</summary>
    Flash,
    /// <summary>Volatile RAM, including tightly-coupled and backup RAM.</summary>
    Ram,
    /// <summary>ST's system memory (bootloader, device identity); read-only to users.</summary>
    SystemMemory,
    /// <summary>Memory-mapped option bytes (not present on STM32H7, where option bytes sit behind flash registers).</summary>
    OptionBytes,
    /// <summary>Peripheral registers.</summary>
    Peripheral,
}

/// <summary>A named, contiguous range of the address space.</summary>
public sealed record MemoryRegion
{
    /// <summary>The name used in the reference manual, e.g. <c>DTCM</c> or <c>AXI SRAM</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the region holds.</summary>
    public required MemoryKind Kind { get; init; }

    /// <summary>The first address.</summary>
    public required uint Start { get; init; }

    /// <summary>The size in bytes.</summary>
    public required uint Size { get; init; }

    /// <summary>
    /// The cores that can reach the region, by core name; empty means every core.
    /// (On the H745/H747, for example, the D2 SRAM alias at 0x10000000 is reached by the Cortex-M4 only.)
    /// </summary>
    public IReadOnlyList<string> Cores { get; init; } = [];

    /// <summary>The first address past the region (64-bit so a region ending at 4 GiB does not wrap).</summary>
    public ulong End => (ulong)Start + Size;

    /// <summary>Whether <paramref name="address"/> lies inside the region.</summary>
    public bool Contains(uint address) => address >= Start && address < End;

    /// <summary>Whether the whole range [<paramref name="start"/>, <paramref name="end"/>) lies inside the region.</summary>
    public bool Contains(ulong start, ulong end) => start >= Start && end <= End && start <= end;

    /// <summary>Whether the region is reachable by the named core.</summary>
    public bool IsVisibleTo(string core) => Cores.Count == 0 || Cores.Contains(core, StringComparer.OrdinalIgnoreCase);
}
