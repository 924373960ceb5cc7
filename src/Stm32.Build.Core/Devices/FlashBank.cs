namespace Stm32.Build.Devices;

/// <summary>One bank of embedded flash, with uniform sectors.</summary>
public sealed record FlashBank
{
    /// <summary>The bank number as the reference manual counts it (1 or 2).</summary>
    public required int Number { get; init; }

    /// <summary>The first address of the bank.</summary>
    public required uint Start { get; init; }

    /// <summary>The size of one sector in bytes.</summary>
    public required uint SectorSize { get; init; }

    /// <summary>The number of sectors.</summary>
    public required int SectorCount { get; init; }

    /// <summary>The offset of this bank's registers (KEYRx, CRx, SRx, CCRx ...) from the flash interface base.</summary>
    public required uint RegisterOffset { get; init; }

    /// <summary>The bank size in bytes.</summary>
    public uint Size => SectorSize * (uint)SectorCount;

    /// <summary>The first address past the bank.</summary>
    public ulong End => (ulong)Start + Size;

    /// <summary>Whether <paramref name="address"/> lies in the bank.</summary>
    public bool Contains(uint address) => address >= Start && address < End;

    /// <summary>The sector holding <paramref name="address"/>, or -1 outside the bank.</summary>
    public int SectorOf(uint address) => Contains(address) ? (int)((address - Start) / SectorSize) : -1;

    /// <summary>The first address of sector <paramref name="sector"/>.</summary>
    public uint SectorStart(int sector) => Start + (uint)sector * SectorSize;
}
