using Stm32.Build.Devices;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Images;

namespace Stm32.Build.Flashing.Pipeline;

/// <summary>
/// One sector the images touch and what it must hold afterwards: the image's bytes, 0xFF (erased) elsewhere —
/// exactly what an erase followed by programming leaves, so its CRC is what the flash CRC unit must report.
/// </summary>
internal sealed class SectorPlan
{
    public SectorPlan(FlashSector sector, byte erased)
    {
        Sector = sector;
        Content = new byte[sector.Size];
        Array.Fill(Content, erased);
    }

    public FlashSector Sector { get; }

    public byte[] Content { get; }

    /// <summary>The CRC the flash CRC unit should report for the sector (<see cref="Stm32H7FlashCrc"/>).</summary>
    public uint ExpectedCrc => _crc ??= Stm32H7FlashCrc.Compute(Content);

    private uint? _crc;

    /// <summary>The key used in reports: <c>BANK:SECTOR</c>.</summary>
    public string Key => $"{Sector.Bank.Number}:{Sector.Index}";

    /// <summary>
    /// The sectors <paramref name="images"/> touch with their target content; bytes outside flash are not
    /// programmed (validation reports them). Partial flash words are padded with the erased value.
    /// </summary>
    public static List<SectorPlan> Build(DeviceDescription device, IEnumerable<FirmwareImage> images)
    {
        var plans = new SortedDictionary<uint, SectorPlan>();
        foreach (var image in images)
        {
            foreach (var segment in image.Segments)
            {
                foreach (var bank in device.FlashBanks)
                {
                    var start = Math.Max((ulong)segment.Address, bank.Start);
                    var end = Math.Min(segment.End, bank.End);
                    for (var at = start; at < end;)
                    {
                        var sectorIndex = bank.SectorOf((uint)at);
                        var sector = new FlashSector(bank, sectorIndex);
                        if (!plans.TryGetValue(sector.Start, out var plan))
                        {
                            plan = new SectorPlan(sector, device.ErasedValue);
                            plans.Add(sector.Start, plan);
                        }
                        var chunkEnd = Math.Min(end, sector.End);
                        var length = (int)(chunkEnd - at);
                        segment.Data.Span.Slice((int)(at - segment.Address), length).CopyTo(plan.Content.AsSpan((int)(at - sector.Start)));
                        at = chunkEnd;
                    }
                }
            }
        }
        return [.. plans.Values];
    }

    /// <summary>
    /// The runs of flash words that hold something other than the erased value, as (offset in sector, length):
    /// erased words need no programming after an erase.
    /// </summary>
    public IEnumerable<(int Offset, int Length)> ProgramRuns(byte erased)
    {
        const int word = H7FlashDriver.FlashWordBytes;
        var runStart = -1;
        for (var offset = 0; offset < Content.Length; offset += word)
        {
            var blank = !Content.AsSpan(offset, word).ContainsAnyExcept(erased);
            if (!blank && runStart < 0)
            {
                runStart = offset;
            }
            else if (blank && runStart >= 0)
            {
                yield return (runStart, offset - runStart);
                runStart = -1;
            }
        }
        if (runStart >= 0)
        {
            yield return (runStart, Content.Length - runStart);
        }
    }

    /// <summary>Bytes that will be programmed (whole non-blank flash words).</summary>
    public long ProgramBytes(byte erased) => ProgramRuns(erased).Sum(r => (long)r.Length);
}
