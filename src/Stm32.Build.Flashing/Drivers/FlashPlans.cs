using Stm32.Build.Devices;

namespace Stm32.Build.Flashing.Drivers;

/// <summary>
/// The erase units an operation erases — never more than the images touch (mass erase is a separate, explicit
/// operation). The pipeline checks the plan against the protection state before anything is erased.
/// </summary>
public sealed record FlashErasePlan
{
    /// <summary>Creates a plan of <paramref name="sectors"/> (duplicates removed, address order).</summary>
    public FlashErasePlan(IEnumerable<FlashSector> sectors) =>
        Sectors = [.. (sectors ?? throw new ArgumentNullException(nameof(sectors))).DistinctBy(s => (s.Bank.Number, s.Index)).OrderBy(s => s.Start)];

    /// <summary>The units to erase, in address order.</summary>
    public IReadOnlyList<FlashSector> Sectors { get; }

    /// <summary>The banks the plan erases in.</summary>
    public IReadOnlyList<FlashBank> Banks => [.. Sectors.Select(s => s.Bank).DistinctBy(b => b.Number)];

    /// <summary>The bytes the plan erases.</summary>
    public long Bytes => Sectors.Sum(s => (long)s.Size);

    /// <summary>Whether the plan erases nothing.</summary>
    public bool IsEmpty => Sectors.Count == 0;
}

/// <summary>Bytes to program at one address: whole programming units, padded with the erased value.</summary>
/// <param name="Address">The first address (aligned to the programming unit).</param>
/// <param name="Data">The bytes (a whole number of programming units).</param>
public sealed record ProgramRun(uint Address, ReadOnlyMemory<byte> Data)
{
    /// <summary>The first address past the run.</summary>
    public ulong End => (ulong)Address + (uint)Data.Length;
}

/// <summary>What one bank must have programmed: its runs in address order.</summary>
/// <param name="Bank">The bank (unlocked by the caller).</param>
/// <param name="Runs">The runs, in address order, inside the bank.</param>
public sealed record BankProgram(FlashBank Bank, IReadOnlyList<ProgramRun> Runs)
{
    /// <summary>The bytes to program in the bank.</summary>
    public long Bytes => Runs.Sum(r => (long)r.Data.Length);
}

/// <summary>
/// Everything to program, per bank. A driver receives the whole plan at once, so it may stream, write in bulk,
/// or program both banks at the same time (a RAM flash loader on the target core is another implementation).
/// </summary>
/// <param name="Banks">The banks' programs.</param>
public sealed record FlashProgramPlan(IReadOnlyList<BankProgram> Banks)
{
    /// <summary>The bytes the plan programs.</summary>
    public long Bytes => Banks.Sum(b => b.Bytes);

    /// <summary>
    /// The plan for <paramref name="sectors"/>: in each unit, the runs of programming units
    /// (<paramref name="unit"/> bytes) that hold something other than <paramref name="erased"/> (erased units need
    /// no programming after an erase); runs that meet across unit boundaries are joined.
    /// </summary>
    public static FlashProgramPlan For(IEnumerable<SectorContent> sectors, int unit, byte erased)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unit);
        var banks = new List<BankProgram>();
        foreach (var group in sectors.GroupBy(s => s.Sector.Bank.Number).OrderBy(g => g.Key))
        {
            var runs = new List<ProgramRun>();
            // Pieces of the run being built: runs that meet across unit boundaries are joined once, at the end of the
            // run, so a run spanning many sectors is copied once instead of once per sector.
            var pieces = new List<ReadOnlyMemory<byte>>();
            uint runStart = 0;
            ulong runEnd = 0;
            foreach (var content in group.OrderBy(s => s.Sector.Start))
            {
                foreach (var (offset, length) in content.ProgramRuns(unit, erased))
                {
                    var address = content.Sector.Start + (uint)offset;
                    if (pieces.Count > 0 && runEnd != address)
                    {
                        runs.Add(Join(runStart, pieces));
                    }
                    if (pieces.Count == 0)
                    {
                        runStart = address;
                    }
                    pieces.Add(content.Content.AsMemory(offset, length));
                    runEnd = (ulong)address + (uint)length;
                }
            }
            if (pieces.Count > 0)
            {
                runs.Add(Join(runStart, pieces));
            }
            if (runs.Count > 0)
            {
                banks.Add(new BankProgram(group.First().Sector.Bank, runs));
            }
        }
        return new FlashProgramPlan(banks);
    }

    /// <summary>One run at <paramref name="address"/> made of <paramref name="pieces"/> (then cleared); a single piece is not copied.</summary>
    private static ProgramRun Join(uint address, List<ReadOnlyMemory<byte>> pieces)
    {
        if (pieces.Count == 1)
        {
            var only = new ProgramRun(address, pieces[0]);
            pieces.Clear();
            return only;
        }
        var joined = new byte[pieces.Sum(p => p.Length)];
        var at = 0;
        foreach (var piece in pieces)
        {
            piece.Span.CopyTo(joined.AsSpan(at));
            at += piece.Length;
        }
        pieces.Clear();
        return new ProgramRun(address, joined);
    }
}

/// <summary>Progress of a program operation: bytes done of the plan and the address reached.</summary>
/// <param name="BytesDone">Bytes programmed so far (whole plan).</param>
/// <param name="Address">The address just past the last unit programmed.</param>
public readonly record struct ProgramProgress(long BytesDone, uint Address);

/// <summary>
/// One erase unit the images touch and what it must hold afterwards: the images' bytes, the erased value
/// elsewhere — exactly what an erase followed by programming leaves, so any checksum of the unit is predictable.
/// </summary>
public sealed class SectorContent
{
    /// <summary>Creates the content of <paramref name="sector"/>, all <paramref name="erased"/>.</summary>
    public SectorContent(FlashSector sector, byte erased)
    {
        Sector = sector ?? throw new ArgumentNullException(nameof(sector));
        Content = new byte[sector.Size];
        Array.Fill(Content, erased);
    }

    /// <summary>The unit.</summary>
    public FlashSector Sector { get; }

    /// <summary>The bytes the unit must hold.</summary>
    public byte[] Content { get; }

    /// <summary>The runs of <paramref name="unit"/>-byte programming units that are not all <paramref name="erased"/>, as (offset, length).</summary>
    public IEnumerable<(int Offset, int Length)> ProgramRuns(int unit, byte erased)
    {
        var runStart = -1;
        for (var offset = 0; offset < Content.Length; offset += unit)
        {
            var blank = !Content.AsSpan(offset, Math.Min(unit, Content.Length - offset)).ContainsAnyExcept(erased);
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
}
