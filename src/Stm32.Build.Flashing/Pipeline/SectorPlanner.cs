using Stm32.Build.Devices;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Images;

namespace Stm32.Build.Flashing.Pipeline;

/// <summary>Which erase units the images touch and what each must hold afterwards.</summary>
internal static class SectorPlanner
{
    /// <summary>
    /// The units of <paramref name="banks"/> that <paramref name="images"/> touch, with their target content (the
    /// images' bytes, <paramref name="erased"/> elsewhere), in address order. Bytes outside the banks are not
    /// programmed (validation reports them).
    /// </summary>
    public static List<SectorContent> Build(IReadOnlyList<FlashBank> banks, IEnumerable<FirmwareImage> images, byte erased, EraseUnitKind unit)
    {
        var plans = new SortedDictionary<uint, SectorContent>();
        foreach (var image in images)
        {
            foreach (var segment in image.Segments)
            {
                foreach (var bank in banks)
                {
                    var start = Math.Max((ulong)segment.Address, bank.Start);
                    var end = Math.Min(segment.End, bank.End);
                    for (var at = start; at < end;)
                    {
                        var sector = new FlashSector(bank, bank.SectorOf((uint)at)) { Unit = unit };
                        if (!plans.TryGetValue(sector.Start, out var plan))
                        {
                            plan = new SectorContent(sector, erased);
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
}
