using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing;

/// <summary>
/// The flashing pipeline: validate, connect (normal / under reset / auto), identify, check the protection state,
/// erase, program and verify the flash through the family's <see cref="IFlashDriver"/>, write option bytes on request, confirm the boot with a vector catch, let the firmware run for the
/// delay guard and prove the debug port still answers — regaining control under reset, or naming the likely causes
/// and the exact recovery steps when nothing answers. Every run returns a <see cref="FlashReport"/> (JSON-ready);
/// failures are in it as a coded diagnostic (<see cref="FlashReport.ThrowIfFailed"/> rethrows). Used by the CLI,
/// the MSBuild tasks and the tests; it knows nothing of either.
/// </summary>
public sealed partial class FlashPipeline
{
    /// <summary>Where the recovery procedure is documented.</summary>
    public const string RecoveryDocLink = "docs/flashing.md#recovering-a-board-that-no-longer-answers";

    private readonly IDebugSession _session;
    private readonly IProgress<FlashProgress>? _progress;

    /// <summary>Creates a pipeline over an open (not yet connected) debug session.</summary>
    /// <param name="session">The session; the pipeline connects it and leaves it connected.</param>
    /// <param name="progress">Receives progress events (phase, bytes done/total, sector).</param>
    public FlashPipeline(IDebugSession session, IProgress<FlashProgress>? progress = null)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _progress = progress;
    }

    /// <summary>Flashes the images of <paramref name="request"/>; never throws for a coded failure (see the report).</summary>
    public async Task<FlashReport> FlashAsync(FlashRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = NewReport("flash", request.Device);
        await RunAsync(report, () => FlashCoreAsync(request, report, cancellationToken)).ConfigureAwait(false);
        return report;
    }

    private async Task FlashCoreAsync(FlashRequest request, FlashReport report, CancellationToken ct)
    {
        var device = request.Device;
        Report(FlashPhase.Validate, 0, 0);
        var validation = new ImageValidator(device, request.Validation).Validate(request.Images);
        report.Diagnostics.AddRange(validation.Diagnostics);
        foreach (var resolved in validation.Images)
        {
            var bytes = resolved.Image.Segments.Sum(s => (long)s.Length);
            var crc = resolved.Image.Segments.Aggregate(0u, (c, s) => Crc32(c, s.Data.Span));
            report.Images.Add(new ImageReport(resolved.Image.SourcePath, resolved.Core, bytes, Hex(crc),
                resolved.BootAddress is uint b ? Diagnostic.Hex(b) : null));
        }
        if (validation.HasErrors)
        {
            var first = validation.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
            throw FlashErrors.Create(DiagnosticCodes.ImageInvalid,
                $"the images have {validation.ErrorCount} validation error(s); nothing was programmed. First: {first.Code}: {first.Message}",
                first.Address, file: first.File);
        }
        if (request.OptionBytes is { IsEmpty: false } wanted)
        {
            // Every option is checked before the probe is touched: nothing is erased for a value that cannot be written.
            FlashDrivers.ValidateOptionBytes(device, wanted);
        }
        if (request.ProgramPath == ProgramPath.Loader && !FlashDrivers.HasLoader(device))
        {
            throw FlashErrors.Create(DiagnosticCodes.FlashLoaderRequired,
                $"the RAM loader was required (program path 'loader'), but the {device.FlashDriver} flash driver of the {device.Name} has none; nothing was touched (program path 'auto' or 'host' programs through the debug port)");
        }

        var connector = Connector(device, request.ConnectAttempts, request.ConnectRetryDelay, report);
        await ConnectAsync(connector, device, request.Connect, report, ct).ConfigureAwait(false);
        var driver = CreateDriver(device, report, ct);
        var options = ReadOptionBytes(driver, device, validation, report);
        var protection = ReadProtection(driver, report);
        RefuseReadoutProtected(device, protection, "flashing");

        var evidence = Gate(request, device, report, ct);

        var contents = SectorPlanner.Build(driver.Banks, validation.Images.Select(i => i.Image), device.ErasedValue, device.EraseUnit);
        report.SectorsTouched = contents.Count;
        await ProgramAsync(driver, protection, contents, request, report, ct).ConfigureAwait(false);

        if (request.ConfirmBoot)
        {
            await ConfirmBootAsync(connector, device, validation.Images, report, ct).ConfigureAwait(false);
            if (request.Run)
            {
                await RunAndGuardAsync(connector, device, request.DelayGuard, request.DebugLossIsWarning, options, report, ct, evidence).ConfigureAwait(false);
                if (report.DelayGuard?.Result == "passed")
                {
                    Boards.BoardObserver.Observe(_session, device, request.RememberBoard ? request.BoardStore ?? Boards.RememberedBoardStore.Default : null, report);
                }
            }
        }
        else if (request.Run)
        {
            ResumeAll(device);
        }
        Report(FlashPhase.Done, 0, 0, message: "done");
    }

    /// <summary>
    /// Unlock, compare (skip unchanged), check the erase plan against the protection state, erase, program, verify,
    /// write the requested option bytes — and relock in every exit path.
    /// </summary>
    private async Task ProgramAsync(IFlashDriver driver, FlashProtection protection, List<SectorContent> contents, FlashRequest request, FlashReport report, CancellationToken ct)
    {
        var device = driver.Device;
        _memoryAp = device.Cores[0].AccessPort;
        var banks = request.MassErase ? driver.Banks.ToList() : contents.Select(p => p.Sector.Bank).DistinctBy(b => b.Number).ToList();
        if (request.MassErase)
        {
            RefuseProtected(protection, driver.PlanErase(FlashSector.All(driver.Banks, device.EraseUnit)), "a mass erase of every bank");
        }
        var failed = false;
        var unlocked = driver.Unlock(banks);
        try
        {
            var toWrite = new List<SectorContent>();
            var erasePlan = driver.PlanErase([]);
            var start = _session.Clock.Now;
            if (request.MassErase)
            {
                Report(FlashPhase.Erase, 0, device.FlashSize, message: "erasing every bank");
                await driver.MassEraseAsync(driver.Banks, ct).ConfigureAwait(false);
                report.MassErased = true;
                toWrite.AddRange(contents);
            }
            else
            {
                var compared = 0L;
                var total = contents.Sum(p => (long)p.Sector.Size);
                foreach (var content in contents)
                {
                    if (request.SkipUnchanged && await SectorMatchesAsync(driver, content, ct).ConfigureAwait(false))
                    {
                        report.SectorsSkipped.Add(content.Sector.Key);
                    }
                    else
                    {
                        toWrite.Add(content);
                    }
                    compared += content.Sector.Size;
                    Report(FlashPhase.Compare, compared, total, content.Sector.ToString());
                }
                report.DurationsMs["compare"] = Ms(_session.Clock.Now - start);
                report.Phases.Add(PhaseReport.Of("compare", _session.Clock.Now - start, compared, null, null));
                erasePlan = driver.PlanErase(toWrite.Select(c => c.Sector));
                RefuseProtected(protection, erasePlan, "the images");
            }
            if (request.MassErase)
            {
                report.DurationsMs["erase"] = Ms(_session.Clock.Now - start);
                report.Phases.Add(PhaseReport.Of("erase", _session.Clock.Now - start, device.FlashSize, FlashWriteOutcome.HostPath, null));
            }

            var program = FlashProgramPlan.For(toWrite, Math.Max(1, device.FlashWordSize), device.ErasedValue);
            var erasedBytes = 0L;
            var outcome = await driver.EraseAndProgramAsync(erasePlan, program, new FlashWriteOptions
            {
                Clock = _session.Clock,
                Path = request.ProgramPath,
                Erased = sector =>
                {
                    report.SectorsErased.Add(sector.Key);
                    erasedBytes += sector.Size;
                    Report(FlashPhase.Erase, erasedBytes, erasePlan.Bytes, sector.ToString());
                },
                Programmed = p =>
                {
                    report.BytesProgrammed = p.BytesDone;
                    var sector = toWrite.LastOrDefault(c => c.Sector.Start < p.Address)?.Sector;
                    Report(FlashPhase.Program, p.BytesDone, program.Bytes, sector?.ToString());
                },
            }, ct).ConfigureAwait(false);
            report.BytesProgrammed = program.Bytes;
            RecordWrite(report, outcome, includeErase: !request.MassErase);

            start = _session.Clock.Now;
            await VerifyAsync(driver, toWrite, request.Verify, report, ct).ConfigureAwait(false);
            report.DurationsMs["verify"] = Ms(_session.Clock.Now - start);
            report.Phases.Add(PhaseReport.Of("verify", _session.Clock.Now - start, toWrite.Sum(c => (long)c.Sector.Size), null, null));

            if (request.OptionBytes is { IsEmpty: false } wanted)
            {
                Report(FlashPhase.OptionBytes, 0, 0, message: "writing option bytes");
                var after = await driver.WriteOptionBytesAsync(wanted, ct).ConfigureAwait(false);
                report.OptionBytes = ToReport(after, device, written: true);
                report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.OptionBytesReport, "option bytes written: " + after.Summary));
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // Relock in every exit path: success, a flash error, a lost probe, cancellation.
            unlocked.Dispose();
            if (unlocked.LockFailures.Count > 0)
            {
                if (!failed && unlocked.LockFailures[0] is not TransportException)
                {
                    throw FlashErrors.Create(DiagnosticCodes.FlashRelockFailed,
                        $"the flash was programmed but could not be locked again: {unlocked.LockFailures[0].Message}", inner: unlocked.LockFailures[0]);
                }
                // The way to the chip is gone (a lost probe, a target without power): say what the flash controller
                // was left with instead of letting the failure's message imply it was relocked. A probe lost while
                // relocking is the failure itself: a probe error, never a flash error.
                report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.FlashRelockFailed, UnlockedAfterFailure(report, programmed: !failed)));
                if (!failed)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(unlocked.LockFailures[0]).Throw();
                }
            }
        }
    }

    /// <summary>The erase and program phases in the report: durations, bytes, rate, the path and the datasheet limit.</summary>
    private void RecordWrite(FlashReport report, FlashWriteOutcome outcome, bool includeErase)
    {
        report.ProgramPath = outcome.Path;
        report.ProgramPathReason = outcome.Reason;
        if (outcome.Reason is { } reason)
        {
            report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.FlashLoaderFallback, "the flash was programmed by the host: " + reason));
        }
        if (includeErase)
        {
            report.DurationsMs["erase"] = Ms(outcome.Erase.Duration);
            report.Phases.Add(PhaseReport.Of("erase", outcome.Erase.Duration, outcome.Erase.Bytes, FlashWriteOutcome.HostPath, outcome.Erase.Limit));
        }
        report.DurationsMs["program"] = Ms(outcome.Program.Duration);
        report.Phases.Add(PhaseReport.Of("program", outcome.Program.Duration, outcome.Program.Bytes, outcome.Path, outcome.Program.Limit));
        report.DurationsMs["erase+program"] = Ms(outcome.Combined.Duration);
        report.Phases.Add(PhaseReport.Of("erase+program", outcome.Combined.Duration, outcome.Combined.Bytes, outcome.Path, outcome.Combined.Limit));
    }

    /// <summary>The warning for a flash left unlocked because the failure left no way to lock it: what was erased and programmed, and what locks it.</summary>
    private static string UnlockedAfterFailure(FlashReport report, bool programmed)
    {
        if (programmed)
        {
            return "the flash could not be locked again: its controller stays unlocked until the chip is reset or powered off, or the next flash locks it; "
                + $"the images were programmed{(report.Verify is { } v ? $" (verify {v.Result})" : "")} but the boot was not confirmed. Run the same flash again once the probe answers: unchanged sectors are skipped and the flash is locked";
        }
        var done = report.MassErased ? "both banks were erased"
            : report.SectorsErased.Count == 0 ? "nothing was erased"
            : $"{report.SectorsErased.Count} sector(s) were erased ({string.Join(", ", report.SectorsErased)})";
        return $"the flash could not be locked again after the failure: its controller stays unlocked until the chip is reset or powered off, or the next flash locks it; {done} and {report.BytesProgrammed} bytes were programmed, so "
            + (report.SectorsErased.Count == 0 && !report.MassErased && report.BytesProgrammed == 0
                ? "the flash holds what it held before"
                : "those sectors hold an incomplete image; nothing outside them was touched")
            + ". Run the same flash again once the probe answers: it finishes the image and locks the flash";
    }

    /// <summary>The IEEE 802.3 CRC-32 lookup table (reflected polynomial 0xEDB88320), one entry per byte value.</summary>
    private static readonly uint[] s_crc32Table = BuildCrc32Table();

    private static uint[] BuildCrc32Table()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1;
            }
            table[i] = c;
        }
        return table;
    }

    private static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        // IEEE 802.3 CRC-32 (reflected 0xEDB88320) of the image bytes, the usual "file CRC" people compare.
        var table = s_crc32Table;
        crc = ~crc;
        foreach (var b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static string Hex(uint value) => "0x" + value.ToString("X8", CultureInfo.InvariantCulture);

    private static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 3);
}
