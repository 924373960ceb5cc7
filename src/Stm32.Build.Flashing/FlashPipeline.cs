using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing;

/// <summary>
/// The flashing pipeline: validate, connect (normal / under reset / auto), identify, program and verify the
/// STM32H7 flash, write option bytes on request, confirm the boot with a vector catch, let the firmware run for the
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
        if (request.OptionBytes is { RdpLevel: 2, ConfirmRdpLevel2: false })
        {
            throw FlashErrors.Create(DiagnosticCodes.OptionRdp2Refused,
                "RDP level 2 was requested but not confirmed: level 2 disables the debug port for ever and cannot be undone (RM0399 4.8.3); nothing was programmed. Set the explicit confirmation (Stm32ConfirmRdpLevel2=true / --confirm-rdp2) if that is really wanted");
        }

        var connector = Connector(device, request.ConnectAttempts, request.ConnectRetryDelay, report);
        await ConnectAsync(connector, device, request.Connect, report, ct).ConfigureAwait(false);
        var driver = CreateDriver(device, report, ct);
        var options = ReadOptionBytes(driver, device, validation, report);

        var plans = SectorPlan.Build(device, validation.Images.Select(i => i.Image));
        report.SectorsTouched = plans.Count;
        await ProgramAsync(driver, device, plans, request, report, ct).ConfigureAwait(false);

        if (request.ConfirmBoot)
        {
            await ConfirmBootAsync(connector, device, validation.Images, report, ct).ConfigureAwait(false);
            if (request.Run)
            {
                await RunAndGuardAsync(connector, device, request.DelayGuard, request.DebugLossIsWarning, options, report, ct).ConfigureAwait(false);
            }
        }
        else if (request.Run)
        {
            ResumeAll(device);
        }
        Report(FlashPhase.Done, 0, 0, message: "done");
    }

    private async Task ProgramAsync(H7FlashDriver driver, DeviceDescription device, List<SectorPlan> plans, FlashRequest request, FlashReport report, CancellationToken ct)
    {
        var erased = device.ErasedValue;
        _memoryAp = device.Cores[0].AccessPort;
        var failed = false;
        var banks = request.MassErase ? device.FlashBanks.ToList() : plans.Select(p => p.Sector.Bank).DistinctBy(b => b.Number).ToList();
        try
        {
            foreach (var bank in banks)
            {
                driver.Unlock(bank);
            }
            var toWrite = new List<SectorPlan>();
            var start = _session.Clock.Now;
            if (request.MassErase)
            {
                Report(FlashPhase.Erase, 0, device.FlashSize, message: "erasing both banks");
                await driver.EraseBanksAsync(banks).ConfigureAwait(false);
                report.MassErased = true;
                toWrite.AddRange(plans);
            }
            else
            {
                var compared = 0L;
                var total = plans.Sum(p => (long)p.Sector.Size);
                foreach (var plan in plans)
                {
                    if (request.SkipUnchanged && await SectorMatchesAsync(driver, plan).ConfigureAwait(false))
                    {
                        report.SectorsSkipped.Add(plan.Key);
                    }
                    else
                    {
                        toWrite.Add(plan);
                    }
                    compared += plan.Sector.Size;
                    Report(FlashPhase.Compare, compared, total, plan.Sector.ToString());
                }
                report.DurationsMs["compare"] = Ms(_session.Clock.Now - start);
                start = _session.Clock.Now;
                var erasedBytes = 0L;
                var eraseTotal = toWrite.Sum(p => (long)p.Sector.Size);
                await driver.EraseSectorsAsync(toWrite.Select(p => p.Sector), sector =>
                {
                    report.SectorsErased.Add($"{sector.Bank.Number}:{sector.Index}");
                    erasedBytes += sector.Size;
                    Report(FlashPhase.Erase, erasedBytes, eraseTotal, sector.ToString());
                }).ConfigureAwait(false);
            }
            report.DurationsMs["erase"] = Ms(_session.Clock.Now - start);

            start = _session.Clock.Now;
            var programTotal = toWrite.Sum(p => p.ProgramBytes(erased));
            var done = 0L;
            foreach (var plan in toWrite)
            {
                foreach (var (offset, length) in plan.ProgramRuns(erased))
                {
                    var before = done;
                    await driver.ProgramAsync(plan.Sector.Bank, plan.Sector.Start + (uint)offset, plan.Content.AsMemory(offset, length), n =>
                    {
                        if (n % 1024 == 0 || n == length)
                        {
                            Report(FlashPhase.Program, before + n, programTotal, plan.Sector.ToString());
                        }
                    }).ConfigureAwait(false);
                    done += length;
                    report.BytesProgrammed = done;
                }
            }
            report.DurationsMs["program"] = Ms(_session.Clock.Now - start);

            start = _session.Clock.Now;
            await VerifyAsync(driver, toWrite, request.Verify, report).ConfigureAwait(false);
            report.DurationsMs["verify"] = Ms(_session.Clock.Now - start);

            if (request.OptionBytes is { IsEmpty: false } wanted)
            {
                Report(FlashPhase.OptionBytes, 0, 0, message: "writing option bytes");
                var after = await driver.WriteOptionBytesAsync(wanted).ConfigureAwait(false);
                report.OptionBytes = ToReport(after, written: true);
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
            var lockFailures = driver.LockAllBestEffort();
            if (!failed && lockFailures.Count > 0)
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashRelockFailed,
                    $"the flash was programmed but could not be locked again: {lockFailures[0].Message}", inner: lockFailures[0]);
            }
        }
    }

    private async Task<bool> SectorMatchesAsync(H7FlashDriver driver, SectorPlan plan)
    {
        try
        {
            return await driver.SectorCrcAsync(plan.Sector).ConfigureAwait(false) == plan.ExpectedCrc;
        }
        catch (FlashException ex) when (ex.Code is DiagnosticCodes.FlashTimeout or DiagnosticCodes.FlashOperationError)
        {
            // The CRC unit cannot be used here: compare by reading the sector back.
            return ReadBackMismatch(plan) is null;
        }
    }

    private int _memoryAp;

    /// <summary>The first address where the flash differs from the plan, or null when it matches.</summary>
    private uint? ReadBackMismatch(SectorPlan plan)
    {
        var buffer = new byte[plan.Content.Length];
        _session.ReadMemory(_memoryAp, plan.Sector.Start, buffer);
        var index = buffer.AsSpan().CommonPrefixLength(plan.Content);
        return index == buffer.Length ? null : plan.Sector.Start + (uint)index;
    }

    private async Task VerifyAsync(H7FlashDriver driver, List<SectorPlan> written, VerifyMode mode, FlashReport report)
    {
        if (mode == VerifyMode.None)
        {
            report.Verify = new VerifyReport("none", "skipped", 0, false, null);
            return;
        }
        var disagreed = false;
        var checkedCount = 0;
        var total = written.Sum(p => (long)p.Sector.Size);
        var done = 0L;
        foreach (var plan in written)
        {
            uint? mismatch;
            var crcNote = "";
            uint? unit = null;
            if (mode == VerifyMode.Crc)
            {
                try
                {
                    unit = await driver.SectorCrcAsync(plan.Sector).ConfigureAwait(false);
                }
                catch (FlashException ex) when (ex.Code is DiagnosticCodes.FlashTimeout or DiagnosticCodes.FlashOperationError)
                {
                    // The CRC unit cannot be used here: the read-back decides.
                    report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.CrcDisagreed,
                        $"the flash CRC unit could not check {plan.Sector} ({ex.Message}); verified by read-back", plan.Sector.Start));
                }
            }
            if (unit is uint actual)
            {
                if (actual == plan.ExpectedCrc)
                {
                    mismatch = null;
                }
                else
                {
                    // Never trust the CRC alone: confirm with a read-back before calling it a failure.
                    disagreed = true;
                    crcNote = $"; the flash CRC unit disagreed too (expected 0x{plan.ExpectedCrc:X8}, unit 0x{actual:X8})";
                    mismatch = ReadBackMismatch(plan);
                    if (mismatch is null)
                    {
                        report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.CrcDisagreed,
                            $"the flash CRC unit reported 0x{actual:X8} for {plan.Sector} where 0x{plan.ExpectedCrc:X8} was expected, but a read-back of the sector matches the image: the sector is correct",
                            plan.Sector.Start));
                    }
                }
            }
            else
            {
                mismatch = ReadBackMismatch(plan);
            }
            checkedCount++;
            done += plan.Sector.Size;
            Report(FlashPhase.Verify, done, total, plan.Sector.ToString());
            if (mismatch is uint at)
            {
                report.Verify = new VerifyReport(mode == VerifyMode.Crc ? "crc" : "readback", "failed", checkedCount, disagreed, Diagnostic.Hex(at));
                var buffer = new byte[4];
                _session.ReadMemory(_memoryAp, at & ~3u, buffer);
                var expected = BitConverter.ToUInt32(plan.Content, (int)((at & ~3u) - plan.Sector.Start));
                throw FlashErrors.Create(DiagnosticCodes.VerifyFailed,
                    $"verify failed at {Diagnostic.Hex(at)} in {plan.Sector}: the flash reads 0x{BitConverter.ToUInt32(buffer):X8} where the image has 0x{expected:X8}{crcNote}",
                    at);
            }
        }
        report.Verify = new VerifyReport(mode == VerifyMode.Crc ? "crc" : "readback", "passed", checkedCount, disagreed, null);
    }

    private static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        // IEEE 802.3 CRC-32 (reflected 0xEDB88320) of the image bytes, the usual "file CRC" people compare.
        crc = ~crc;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1;
            }
        }
        return ~crc;
    }

    private static string Hex(uint value) => "0x" + value.ToString("X8", CultureInfo.InvariantCulture);

    private static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 3);
}
