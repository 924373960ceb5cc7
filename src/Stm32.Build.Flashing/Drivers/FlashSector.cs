using Stm32.Build.Devices;

namespace Stm32.Build.Flashing.Drivers;

/// <summary>One erase unit (sector or page) of one flash bank.</summary>
/// <param name="Bank">The bank.</param>
/// <param name="Index">The unit's index within the bank, from 0 (the reference manual's number is <see cref="Number"/>).</param>
public sealed record FlashSector(FlashBank Bank, int Index)
{
    /// <summary>Whether the manual calls the unit a sector or a page (for messages).</summary>
    public EraseUnitKind Unit { get; init; } = EraseUnitKind.Sector;

    /// <summary>The first address.</summary>
    public uint Start => Bank.SectorStart(Index);

    /// <summary>The size in bytes.</summary>
    public uint Size => Bank.SectorSizeOf(Index);

    /// <summary>The first address past the unit.</summary>
    public ulong End => (ulong)Start + Size;

    /// <summary>The reference manual's number (e.g. 12 for the first sector of an STM32F429's bank 2).</summary>
    public int Number => Bank.SectorNumber(Index);

    /// <summary>The key used in reports: <c>BANK:INDEX</c>.</summary>
    public string Key => $"{Bank.Number}:{Index}";

    /// <summary>Whether [<paramref name="start"/>, <paramref name="end"/>) overlaps the unit.</summary>
    public bool Overlaps(ulong start, ulong end) => start < End && end > Start;

    /// <summary>Every erase unit of <paramref name="banks"/>, in address order.</summary>
    public static IEnumerable<FlashSector> All(IEnumerable<FlashBank> banks, EraseUnitKind unit = EraseUnitKind.Sector) =>
        banks.OrderBy(b => b.Start).SelectMany(b => Enumerable.Range(0, b.SectorCount).Select(i => new FlashSector(b, i) { Unit = unit }));

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Unit == EraseUnitKind.Page ? "page" : "sector")} {Number} of bank {Bank.Number} ({Diagnostics.Diagnostic.Hex(Start)})";
}
