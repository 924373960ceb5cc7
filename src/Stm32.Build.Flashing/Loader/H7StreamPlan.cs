using Stm32.Build.Devices;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Loader;

/// <summary>One buffer the loader programs: flash words of one sector, at most a slot.</summary>
internal sealed class StreamBuffer(StreamJob job, uint address, ReadOnlyMemory<byte> data)
{
    /// <summary>The sector it belongs to.</summary>
    public StreamJob Job { get; } = job;

    /// <summary>The first flash address.</summary>
    public uint Address { get; } = address;

    /// <summary>The bytes (whole flash words).</summary>
    public ReadOnlyMemory<byte> Data { get; } = data;

    /// <summary>Its sequence number in its bank (from 1).</summary>
    public long Sequence { get; set; }
}

/// <summary>One sector's work in a stream: its erase (if planned) and its buffers.</summary>
internal sealed class StreamJob(FlashSector sector, bool needsErase)
{
    /// <summary>The sector.</summary>
    public FlashSector Sector { get; } = sector;

    /// <summary>Whether the plan erases it (false: erased already, e.g. by a mass erase).</summary>
    public bool NeedsErase { get; } = needsErase;

    /// <summary>The buffers, in address order.</summary>
    public List<StreamBuffer> Buffers { get; } = [];

    /// <summary>When its erase was started (target clock), or null.</summary>
    public TimeSpan? EraseStarted { get; set; }

    /// <summary>The deadline of its erase, from when it was started, or null.</summary>
    public Session.OperationDeadline? EraseDeadline { get; set; }

    /// <summary>Whether it is erased (its erase finished, or it needed none).</summary>
    public bool Erased { get; set; } = !needsErase;

    /// <summary>Buffers published to the loader.</summary>
    public int Published { get; set; }

    /// <summary>Buffers the loader reported programmed.</summary>
    public int Completed { get; set; }

    /// <summary>Whether the sector holds what it must: erased and every buffer programmed.</summary>
    public bool Done => Erased && Completed == Buffers.Count;
}

/// <summary>
/// The work of one erase-and-program step cut for the loader: per bank, the sectors in address order with their
/// erase and their buffers (never crossing a sector, at most a slot each), the ranges the loader may write, and the
/// ring layout in the RAM the loader leaves free.
/// </summary>
internal sealed class H7StreamPlan
{
    /// <summary>The most slots a bank's ring gets.</summary>
    public const int MaxSlots = 1024;

    private H7StreamPlan(IReadOnlyList<BankStream> banks, int slotSize)
    {
        Banks = banks;
        SlotSize = slotSize;
    }

    /// <summary>The banks with work, in bank order.</summary>
    public IReadOnlyList<BankStream> Banks { get; }

    /// <summary>Bytes per slot.</summary>
    public int SlotSize { get; }

    /// <summary>The banks the loader programs (those with buffers), in bank order.</summary>
    public IEnumerable<BankStream> LoaderBanks => Banks.Where(b => b.Buffers.Count > 0);

    /// <summary>Cuts <paramref name="erase"/> and <paramref name="program"/> into per-bank sector jobs.</summary>
    /// <param name="erase">The sectors to erase.</param>
    /// <param name="program">The flash words to program (whole 32-byte words).</param>
    /// <param name="slotSize">The slot size: the probe's largest memory command, in whole flash words.</param>
    public static H7StreamPlan Build(FlashErasePlan erase, FlashProgramPlan program, int slotSize)
    {
        var jobs = new Dictionary<(int Bank, int Index), StreamJob>();
        foreach (var sector in erase.Sectors)
        {
            jobs[(sector.Bank.Number, sector.Index)] = new StreamJob(sector, needsErase: true);
        }
        foreach (var bank in program.Banks)
        {
            foreach (var run in bank.Runs)
            {
                var offset = 0;
                while (offset < run.Data.Length)
                {
                    var address = run.Address + (uint)offset;
                    var index = bank.Bank.SectorOf(address);
                    if (!jobs.TryGetValue((bank.Bank.Number, index), out var job))
                    {
                        job = new StreamJob(new FlashSector(bank.Bank, index), needsErase: false);
                        jobs[(bank.Bank.Number, index)] = job;
                    }
                    var sectorEnd = job.Sector.End;
                    var length = (int)Math.Min(Math.Min((ulong)slotSize, sectorEnd - address), (ulong)(run.Data.Length - offset));
                    job.Buffers.Add(new StreamBuffer(job, address, run.Data.Slice(offset, length)));
                    offset += length;
                }
            }
        }
        var banks = jobs.Values
            .GroupBy(j => j.Sector.Bank.Number)
            .OrderBy(g => g.Key)
            .Select(g => new BankStream(g.First().Sector.Bank, [.. g.OrderBy(j => j.Sector.Start)]))
            .ToList();
        return new H7StreamPlan(banks, slotSize);
    }

    /// <summary>
    /// Lays the loader banks' descriptors and rings out in [<paramref name="start"/>, <paramref name="end"/>):
    /// descriptors first, then slots aligned to the slot size (so each slot is one memory command), the RAM shared
    /// evenly. Returns why not, when a bank would get fewer than two slots or more than 8 ranges.
    /// </summary>
    public string? Layout(uint start, uint end)
    {
        var loaderBanks = LoaderBanks.ToList();
        if (loaderBanks.Count == 0)
        {
            return "nothing to program";
        }
        foreach (var bank in loaderBanks)
        {
            if (bank.Ranges.Count > H7LoaderImage.Layout.MaxRanges)
            {
                return $"bank {bank.Bank.Number} has {bank.Ranges.Count} separate ranges to program; the loader takes at most {H7LoaderImage.Layout.MaxRanges}";
            }
        }
        var descriptorsStart = Align(start, 32);
        var available = (long)end - descriptorsStart - SlotSize;
        var slots = (int)Math.Min(MaxSlots, available / (loaderBanks.Count * (long)(SlotSize + H7LoaderImage.Layout.DescSize)));
        if (slots < 2)
        {
            return $"the {end - start} bytes of RAM past the loader hold fewer than two {SlotSize}-byte buffers per bank";
        }
        var ring = Align(descriptorsStart + (uint)(loaderBanks.Count * slots * (int)H7LoaderImage.Layout.DescSize), (uint)SlotSize);
        for (var i = 0; i < loaderBanks.Count; i++)
        {
            loaderBanks[i].Plan = new LoaderBankPlan(loaderBanks[i].Bank, loaderBanks[i].Ranges,
                descriptorsStart + (uint)(i * slots * (int)H7LoaderImage.Layout.DescSize),
                ring + (uint)(i * slots * SlotSize), slots, SlotSize);
        }
        return null;
    }

    private static uint Align(uint value, uint alignment) => (uint)(((ulong)value + alignment - 1) / alignment * alignment);
}

/// <summary>One bank's stream: its jobs, its buffers in sequence order and the host's view of its ring.</summary>
internal sealed class BankStream
{
    public BankStream(FlashBank bank, IReadOnlyList<StreamJob> jobs)
    {
        Bank = bank;
        Jobs = jobs;
        Buffers = [.. jobs.SelectMany(j => j.Buffers)];
        for (var i = 0; i < Buffers.Count; i++)
        {
            Buffers[i].Sequence = i + 1;
        }
        var ranges = new List<(uint Start, uint End)>();
        foreach (var job in jobs.Where(j => j.Buffers.Count > 0))
        {
            var (s, e) = (job.Sector.Start, (uint)job.Sector.End);
            if (ranges.Count > 0 && ranges[^1].End == s)
            {
                ranges[^1] = (ranges[^1].Start, e);
            }
            else
            {
                ranges.Add((s, e));
            }
        }
        Ranges = ranges;
    }

    /// <summary>The bank.</summary>
    public FlashBank Bank { get; }

    /// <summary>The sectors, in address order.</summary>
    public IReadOnlyList<StreamJob> Jobs { get; }

    /// <summary>Every buffer, in sequence order (buffer i has sequence i + 1).</summary>
    public List<StreamBuffer> Buffers { get; }

    /// <summary>The ranges the loader may write: the sectors with buffers, adjacent ones joined.</summary>
    public IReadOnlyList<(uint Start, uint End)> Ranges { get; }

    /// <summary>The ring, once laid out (null for a bank without buffers).</summary>
    public LoaderBankPlan? Plan { get; set; }

    /// <summary>The loader's bank index (0, 1) once started.</summary>
    public int LoaderIndex { get; set; } = -1;

    /// <summary>The sequence number of the next buffer to write into a slot.</summary>
    public long NextLoad { get; set; } = 1;

    /// <summary>The highest sequence number published.</summary>
    public long Published { get; set; }

    /// <summary>The highest sequence number the loader reported programmed.</summary>
    public long Completed { get; set; }

    /// <summary>The job being erased, if any.</summary>
    public StreamJob? Erasing { get; set; }

    /// <summary>When the loader last reported progress in this bank (target clock).</summary>
    public TimeSpan LastProgress
    {
        get => _lastProgress;
        set
        {
            _lastProgress = value;
            Quiet = null;
        }
    }

    private TimeSpan _lastProgress;

    /// <summary>The deadline of the quiet spell since <see cref="LastProgress"/> (started at its first check; null after progress).</summary>
    public OperationDeadline? Quiet { get; set; }

    /// <summary>Whether every job is done.</summary>
    public bool Done => Jobs.All(j => j.Done);
}
