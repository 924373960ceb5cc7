using Stm32.Build.Devices;

namespace Stm32.Build.Flashing.H7;

/// <summary>One sector of one flash bank.</summary>
/// <param name="Bank">The bank.</param>
/// <param name="Index">The sector number within the bank (FLASH_CRx.SNB).</param>
public sealed record FlashSector(FlashBank Bank, int Index)
{
    /// <summary>The first address.</summary>
    public uint Start => Bank.SectorStart(Index);

    /// <summary>The size in bytes.</summary>
    public uint Size => Bank.SectorSize;

    /// <summary>The first address past the sector.</summary>
    public ulong End => (ulong)Start + Size;

    /// <inheritdoc />
    public override string ToString() => $"sector {Index} of bank {Bank.Number} ({Diagnostics.Diagnostic.Hex(Start)})";
}
