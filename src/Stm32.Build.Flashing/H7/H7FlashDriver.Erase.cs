using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

public sealed partial class H7FlashDriver
{
    /// <summary>
    /// Erases <paramref name="sectors"/> (RM0399 4.3.10 sector erase: QW clear, SER + SNB + PSIZE, then START). The
    /// two banks have their own controllers, so one sector of each bank is erased at the same time: both erases
    /// are started, then both are polled. Each bank's banks must be unlocked.
    /// </summary>
    /// <param name="sectors">The sectors, in any order.</param>
    /// <param name="erased">Told after each sector is erased.</param>
    /// <param name="cancellationToken">Cancels the waits (the driver's token when none).</param>
    public async Task EraseSectorsAsync(IEnumerable<FlashSector> sectors, Action<FlashSector>? erased = null, CancellationToken cancellationToken = default)
    {
        var ct = Token(cancellationToken);
        var queues = sectors
            .GroupBy(s => s.Bank.Number)
            .ToDictionary(g => g.Key, g => new Queue<FlashSector>(g.OrderBy(s => s.Index)));
        var active = new Dictionary<int, (FlashSector Sector, OperationDeadline Deadline)>();
        var timeout = H7FlashTimings.SectorErase(Parallelism);
        var clock = _session.Clock;
        while (queues.Values.Any(q => q.Count > 0) || active.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var (bankNumber, queue) in queues)
            {
                if (queue.Count > 0 && !active.ContainsKey(bankNumber))
                {
                    var sector = queue.Dequeue();
                    await WaitIdleAsync(sector.Bank, SrQw | SrBsy, timeout, "waiting to erase " + sector, sector.Start, ct).ConfigureAwait(false);
                    var cr = CrSer | PsizeBits | ((uint)sector.Index << CrSnbShift);
                    _session.WriteWord(_ap, Reg(sector.Bank, Cr), cr);
                    _session.WriteWord(_ap, Reg(sector.Bank, Cr), cr | CrStart);
                    active[bankNumber] = (sector, new OperationDeadline(clock, timeout));
                }
            }
            foreach (var (bankNumber, (sector, deadline)) in active.ToList())
            {
                var sr = ReadStatus(sector.Bank);
                if ((sr & (SrQw | SrBsy)) != 0)
                {
                    // Late only by the deadline's rules: on wall time a lagging target (a virtual board behind a
                    // server on a loaded host) must also have been found busy by enough polls to cover the limit.
                    if (deadline.StillRunning())
                    {
                        throw FlashErrors.Create(DiagnosticCodes.FlashTimeout,
                            $"erasing {sector} did not finish within {timeout.TotalMilliseconds:0} ms (the datasheet maximum): FLASH_SR{sector.Bank.Number} = 0x{sr:X8}",
                            sector.Start);
                    }
                    continue;
                }
                active.Remove(bankNumber);
                CheckErrors(sector.Bank, sr, "erasing " + sector, sector.Start);
                _session.WriteWord(_ap, Reg(sector.Bank, Cr), PsizeBits);
                erased?.Invoke(sector);
            }
            if (active.Count > 0)
            {
                await clock.PauseAsync(TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Erases whole banks (RM0399 4.3.10 bank erase: BER + PSIZE, then START), all banks at the same time: the mass
    /// erase used by <c>--mass-erase</c> and by recover. Every bank must be unlocked.
    /// </summary>
    public async Task EraseBanksAsync(IReadOnlyList<FlashBank> banks, CancellationToken cancellationToken = default)
    {
        var ct = Token(cancellationToken);
        var timeout = H7FlashTimings.BankErase(Parallelism);
        foreach (var bank in banks)
        {
            await WaitIdleAsync(bank, SrQw | SrBsy, timeout, $"waiting to erase bank {bank.Number}", bank.Start, ct).ConfigureAwait(false);
            _session.WriteWord(_ap, Reg(bank, Cr), CrBer | PsizeBits);
            _session.WriteWord(_ap, Reg(bank, Cr), CrBer | PsizeBits | CrStart);
        }
        foreach (var bank in banks)
        {
            var sr = await WaitIdleAsync(bank, SrQw | SrBsy, timeout, $"erasing bank {bank.Number}", bank.Start, ct).ConfigureAwait(false);
            CheckErrors(bank, sr, $"erasing bank {bank.Number}", bank.Start);
            _session.WriteWord(_ap, Reg(bank, Cr), PsizeBits);
        }
    }

    /// <inheritdoc />
    public FlashErasePlan PlanErase(IEnumerable<FlashSector> sectors) => new(sectors);

    /// <inheritdoc />
    public Task EraseAsync(FlashErasePlan plan, Action<FlashSector>? erased, CancellationToken cancellationToken) =>
        EraseSectorsAsync((plan ?? throw new ArgumentNullException(nameof(plan))).Sectors, erased, cancellationToken);

    /// <inheritdoc />
    public Task MassEraseAsync(IReadOnlyList<FlashBank> banks, CancellationToken cancellationToken) => EraseBanksAsync(banks, cancellationToken);
}
