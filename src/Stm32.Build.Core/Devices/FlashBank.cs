namespace Stm32.Build.Devices;

/// <summary>A run of equal erase units (sectors or pages) in a flash bank: <see cref="Count"/> units of <see cref="Size"/> bytes.</summary>
/// <param name="Size">The size of one unit in bytes.</param>
/// <param name="Count">How many units of that size follow each other.</param>
public sealed record SectorRun(uint Size, int Count)
{
    /// <summary>The bytes the run covers.</summary>
    public ulong Bytes => (ulong)Size * (uint)Count;
}

/// <summary>
/// One bank of embedded flash: runs of erase units (sectors or pages) of possibly different sizes, in address
/// order — e.g. 4 × 16 KiB, 1 × 64 KiB and 7 × 128 KiB on an STM32F407 (RM0090 3.3), or 8 × 128 KiB on an
/// STM32H747 (RM0399 4.3.2).
/// </summary>
public sealed record FlashBank
{
    private readonly IReadOnlyList<SectorRun> _sectors = [];
    private uint[] _starts = [0];

    /// <summary>The bank number as the reference manual counts it (1 or 2).</summary>
    public required int Number { get; init; }

    /// <summary>The first address of the bank.</summary>
    public required uint Start { get; init; }

    /// <summary>The erase units of the bank in address order, as runs of equal size.</summary>
    public required IReadOnlyList<SectorRun> Sectors
    {
        get => _sectors;
        init
        {
            _sectors = value ?? [];
            var starts = new List<uint> { 0 };
            ulong offset = 0;
            foreach (var run in _sectors)
            {
                for (var i = 0; i < run.Count; i++)
                {
                    offset += run.Size;
                    starts.Add((uint)Math.Min(offset, uint.MaxValue));
                }
            }
            _starts = [.. starts];
        }
    }

    /// <summary>
    /// The reference manual's number of the bank's first sector (e.g. 12 for bank 2 of an STM32F429, whose
    /// sectors are numbered 12 to 23 in RM0090 3.3); 0 where every bank counts from 0 (STM32H7, pages).
    /// </summary>
    public int FirstSector { get; init; }

    /// <summary>The offset of this bank's registers (KEYRx, CRx, SRx, CCRx ...) from the flash interface base; 0 where banks share one register set.</summary>
    public required uint RegisterOffset { get; init; }

    /// <summary>The number of erase units in the bank.</summary>
    public int SectorCount => _starts.Length - 1;

    /// <summary>Whether every erase unit has the same size.</summary>
    public bool IsUniform => _sectors.Select(r => r.Size).Distinct().Count() <= 1;

    /// <summary>
    /// The size of every erase unit of a uniform bank. A bank with units of different sizes has no single
    /// sector size: use <see cref="SectorSizeOf"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The bank's units differ in size.</exception>
    public uint SectorSize => IsUniform && _sectors.Count > 0
        ? _sectors[0].Size
        : throw new InvalidOperationException($"flash bank {Number} has sectors of different sizes ({string.Join(", ", _sectors.Select(r => $"{r.Count} x {r.Size / 1024} KiB"))}); use SectorSizeOf");

    /// <summary>The bank size in bytes.</summary>
    public uint Size => _starts[^1];

    /// <summary>The first address past the bank.</summary>
    public ulong End => (ulong)Start + Size;

    /// <summary>Whether <paramref name="address"/> lies in the bank.</summary>
    public bool Contains(uint address) => address >= Start && address < End;

    /// <summary>The index (from 0) of the erase unit holding <paramref name="address"/>, or -1 outside the bank.</summary>
    public int SectorOf(uint address)
    {
        if (!Contains(address))
        {
            return -1;
        }
        var offset = address - Start;
        var index = Array.BinarySearch(_starts, offset);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>The first address of the erase unit with index <paramref name="sector"/> (0 to <see cref="SectorCount"/> − 1).</summary>
    public uint SectorStart(int sector) => Start + _starts[CheckIndex(sector)];

    /// <summary>The size of the erase unit with index <paramref name="sector"/>.</summary>
    public uint SectorSizeOf(int sector) => _starts[CheckIndex(sector) + 1] - _starts[sector];

    /// <summary>The reference manual's number of the erase unit with index <paramref name="sector"/> (<see cref="FirstSector"/> + index).</summary>
    public int SectorNumber(int sector) => FirstSector + CheckIndex(sector);

    /// <summary>Banks are equal when their number, start, register offset, first sector number and erase units are.</summary>
    public bool Equals(FlashBank? other) => other is not null && Number == other.Number && Start == other.Start
        && RegisterOffset == other.RegisterOffset && FirstSector == other.FirstSector && _sectors.SequenceEqual(other._sectors);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Number, Start, RegisterOffset, FirstSector, Size, SectorCount);

    private int CheckIndex(int sector) => sector >= 0 && sector < SectorCount
        ? sector
        : throw new ArgumentOutOfRangeException(nameof(sector), sector, $"flash bank {Number} has sectors 0 to {SectorCount - 1}");
}
