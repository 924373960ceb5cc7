using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Loader;
using Stm32.Build.Flashing.Session;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

public sealed partial class H7FlashDriver
{
    /// <summary>
    /// Erases and programs through the RAM loader on the Cortex-M7 (<see cref="H7StreamingProgrammer"/>): sector
    /// erases of one bank overlap programming of the other, both banks program at once, and the host streams the
    /// next buffers while the loader programs. When the loader cannot run — the core does not halt at its reset
    /// vector, the RAM does not hold the image, the loader faults or stops answering — the host-driven path does
    /// what is left, and the outcome says why. <see cref="ProgramPath.Host"/> skips the loader.
    /// </summary>
    public async Task<FlashWriteOutcome> EraseAndProgramAsync(FlashErasePlan erase, FlashProgramPlan program, FlashWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erase);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(options);
        var ct = Token(cancellationToken);
        var limits = WorkLimits(erase, program);
        if (options.Path == ProgramPath.Host)
        {
            return await FlashWrite.SequentialAsync(this, erase, program, options, null, limits, ct).ConfigureAwait(false);
        }
        if (program.Bytes == 0)
        {
            return await FlashWrite.SequentialAsync(this, erase, program, options, "nothing to program: the erase runs from the host", limits, ct).ConfigureAwait(false);
        }
        var erased = new HashSet<string>(StringComparer.Ordinal);
        var once = options with
        {
            Erased = sector =>
            {
                if (erased.Add(sector.Key))
                {
                    options.Erased?.Invoke(sector);
                }
            },
        };
        var streaming = new H7StreamingProgrammer(this, _session, _device, once, ct);
        var start = options.Clock.Now;
        try
        {
            return await streaming.RunAsync(erase, program, limits).ConfigureAwait(false);
        }
        catch (LoaderCannotRunException ex)
        {
            var (eraseLeft, programLeft) = await streaming.StopForHostAsync().ConfigureAwait(false);
            if (options.Path == ProgramPath.Loader)
            {
                // Only the loader was asked for: no fallback. The loader is stopped and erases in flight have ended;
                // the caller's unlock scope relocks the flash.
                throw FlashErrors.Create(DiagnosticCodes.FlashLoaderRequired,
                    $"the RAM loader was required (program path 'loader') but cannot run: {ex.Message}; {LeftUnprogrammed(erased, programLeft)} (program path 'auto' would program through the debug port)",
                    programLeft.Banks.FirstOrDefault()?.Runs.FirstOrDefault()?.Address, ex);
            }
            var host = await FlashWrite.SequentialAsync(this, eraseLeft, programLeft, once, ex.Message, limits, ct).ConfigureAwait(false);
            var total = options.Clock.Now - start;
            return host with
            {
                Erase = host.Erase with { Bytes = erase.Bytes },
                Program = host.Program with { Bytes = program.Bytes },
                Combined = new FlashPhaseTiming(total, erase.Bytes + program.Bytes, limits.Both),
            };
        }
    }

    /// <summary>What a stopped loader left for the message of a required loader: the sectors erased and the bytes not programmed.</summary>
    private static string LeftUnprogrammed(IReadOnlyCollection<string> erased, FlashProgramPlan left)
    {
        var sectors = erased.Count == 0 ? "no sector was erased" : $"sector(s) {string.Join(", ", erased.Order(StringComparer.Ordinal))} were erased";
        return left.Bytes == 0 ? sectors : $"{sectors} and {left.Bytes} bytes of the image are not programmed (the next flash finishes them)";
    }

    /// <summary>The datasheet's typical times for the work, banks in parallel (<see cref="H7FlashTimings.Limits"/>).</summary>
    internal (TimeSpan Erase, TimeSpan Program, TimeSpan Both) WorkLimits(FlashErasePlan erase, FlashProgramPlan program)
    {
        var sectors = erase.Sectors.GroupBy(s => s.Bank.Number).ToDictionary(g => g.Key, g => g.Count());
        var words = program.Banks.GroupBy(b => b.Bank.Number).ToDictionary(g => g.Key, g => g.Sum(b => b.Bytes) / FlashWordBytes);
        return H7FlashTimings.Limits(Parallelism, sectors, words);
    }

    /// <summary>FLASH_CRx.PSIZE for the loader's control block.</summary>
    internal uint PsizeValue => (uint)Parallelism;

    /// <summary>Starts a sector erase without waiting (RM0399 4.3.10: SER + SNB + PSIZE, then START); the bank must be idle.</summary>
    internal void StartSectorErase(FlashSector sector)
    {
        var cr = CrSer | PsizeBits | ((uint)sector.Index << CrSnbShift);
        _session.WriteWord(_ap, Reg(sector.Bank, Cr), cr);
        _session.WriteWord(_ap, Reg(sector.Bank, Cr), cr | CrStart);
    }

    /// <summary>
    /// Whether the erase of <paramref name="sector"/> (its <paramref name="deadline"/> started with it) has finished: reads
    /// FLASH_SRx once; when QW and BSY are clear, checks the error flags (a coded error names them) and clears SER.
    /// A sector still busy past the datasheet maximum (<see cref="SectorEraseDeadline"/>) is a timeout (STM4103).
    /// </summary>
    internal bool SectorEraseFinished(FlashSector sector, OperationDeadline deadline)
    {
        var sr = ReadStatus(sector.Bank);
        if ((sr & (SrQw | SrBsy)) != 0)
        {
            var timeout = deadline.Limit;
            if (deadline.StillRunning())
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashTimeout,
                    $"erasing {sector} did not finish within {timeout.TotalMilliseconds:0} ms (the datasheet maximum): FLASH_SR{sector.Bank.Number} = 0x{sr:X8}",
                    sector.Start);
            }
            return false;
        }
        CheckErrors(sector.Bank, sr, "erasing " + sector, sector.Start);
        _session.WriteWord(_ap, Reg(sector.Bank, Cr), PsizeBits);
        return true;
    }

    /// <summary>The deadline of a sector erase started now: the datasheet maximum at the driver's parallelism.</summary>
    internal OperationDeadline SectorEraseDeadline() => new(_session.Clock, H7FlashTimings.SectorErase(Parallelism));

    /// <summary>The coded error for the error flags <paramref name="sr"/> the loader saw while programming (STM4102), after clearing them.</summary>
    internal void ThrowFlashError(Devices.FlashBank bank, uint sr, string operation, uint address) => CheckErrors(bank, sr, operation, address);
}
