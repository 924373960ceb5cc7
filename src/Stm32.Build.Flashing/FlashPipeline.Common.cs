using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink.Target;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing;

public sealed partial class FlashPipeline
{
    private FlashReport NewReport(string operation, DeviceDescription device) => new()
    {
        Operation = operation,
        Device = device.Name,
        Probe = $"{_session.ProbeName} ({_session.ProbeSelection})",
    };

    /// <summary>Runs one operation body: coded failures and cancellation end up in the report; counters are added.</summary>
    private async Task RunAsync(FlashReport report, Func<Task> body)
    {
        var start = _session.Clock.Now;
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (FlashException ex)
        {
            report.Error = ex.Diagnostic;
            report.Exception = ex;
            report.LikelyCauses.AddRange(ex.LikelyCauses);
            report.RecoverySteps.AddRange(ex.RecoverySteps);
            report.Diagnostics.Add(ex.Diagnostic);
        }
        catch (Stm32Exception ex)
        {
            report.Error = ex.Diagnostic;
            report.Exception = ex;
            report.Diagnostics.Add(ex.Diagnostic);
        }
        catch (OperationCanceledException ex)
        {
            report.Error = new Diagnostic(DiagnosticCodes.FlashCancelled, DiagnosticSeverity.Error,
                "the operation was cancelled; the flash was locked again");
            report.Exception = ex;
        }
        finally
        {
            report.DurationsMs["total"] = Ms(_session.Clock.Now - start);
            if (_session is StLinkDebugSession { Diagnostics: { } diagnostics } && diagnostics.SnapshotCounters() is { Count: > 0 } counters)
            {
                report.BoardCounters = counters.ToDictionary(c => c.Key, c => c.Value);
            }
        }
    }

    private TargetConnector Connector(DeviceDescription device, int attempts, TimeSpan retryDelay, FlashReport report) =>
        new(_session, device)
        {
            Attempts = attempts,
            RetryDelay = retryDelay,
            Log = message =>
            {
                report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.ConnectFailed, message));
                Report(FlashPhase.Connect, 0, 0, message: message);
            },
        };

    /// <summary>Connects, records the identity and refuses another device than the one the images were validated for.</summary>
    private async Task<ConnectResult> ConnectAsync(TargetConnector connector, DeviceDescription device, ConnectMode mode, FlashReport report, CancellationToken ct)
    {
        Report(FlashPhase.Connect, 0, 0, message: $"connecting ({Name(mode)})");
        var start = _session.Clock.Now;
        var result = await connector.ConnectAsync(mode, ct).ConfigureAwait(false);
        report.DurationsMs["connect"] = Ms(_session.Clock.Now - start);
        var revKey = "0x" + result.RevId.ToString("X4", CultureInfo.InvariantCulture);
        device.Revisions.TryGetValue(revKey, out var revision);
        report.Connection = new ConnectionReport(Name(result.Mode), Hex(result.DpIdcode),
            "0x" + result.DevId.ToString("X3", CultureInfo.InvariantCulture), revKey, revision, result.FlashSizeKiB, result.Attempts);
        CheckDevice(device, result);
        return result;
    }

    private static void CheckDevice(DeviceDescription device, ConnectResult result)
    {
        string Candidates(IEnumerable<DeviceDescription> list)
        {
            var names = list.Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
            return names.Count == 0 ? "no device in the device data" : string.Join(", ", names.Take(6)) + (names.Count > 6 ? ", ..." : "");
        }
        if (result.DevId != device.DevId)
        {
            throw FlashErrors.Create(DiagnosticCodes.WrongDevice,
                $"wrong device: the chip reports DEV_ID 0x{result.DevId:X3} ({Candidates(DeviceCatalog.BuiltIn.FindByDevId(result.DevId))}) but the images were validated for the {device.Name} (DEV_ID 0x{device.DevId:X3}); nothing was programmed");
        }
        if (result.FlashSizeKiB is int kib and not 0xFFFF and not 0 && (uint)kib * 1024 != device.FlashSize)
        {
            throw FlashErrors.Create(DiagnosticCodes.WrongDevice,
                $"wrong device: the chip has {kib} KiB of flash ({Candidates(DeviceCatalog.BuiltIn.FindByDevId(result.DevId, (uint)kib * 1024))}) but the images were validated for the {device.Name} with {device.FlashSize / 1024} KiB; nothing was programmed");
        }
    }

    private H7FlashDriver CreateDriver(DeviceDescription device, FlashReport report, CancellationToken ct)
    {
        var volts = _session.ReadTargetVoltage();
        report.TargetVoltage = volts is double v ? Math.Round(v, 2) : null;
        var parallelism = H7FlashTimings.ForVoltage(volts);
        var why = volts is double measured
            ? string.Create(CultureInfo.InvariantCulture, $"target voltage {measured:0.00} V {(parallelism == FlashParallelism.X64 ? ">=" : "<")} {H7FlashTimings.X64MinimumVolts:0.0} V")
            : "target voltage not measurable, assuming a 3.3 V board";
        report.Parallelism = $"{parallelism.ToString().ToLowerInvariant()} ({why})";
        if (parallelism != FlashParallelism.X64)
        {
            report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.ParallelismReduced,
                $"programming with {parallelism.ToString().ToLowerInvariant()} parallelism: {why} (x64 needs at least {H7FlashTimings.X64MinimumVolts:0.0} V)"));
        }
        return new H7FlashDriver(_session, device, parallelism, ct);
    }

    /// <summary>Reads and reports the option bytes; warns on BCM7 = 0 and on boot addresses that do not match the images.</summary>
    private H7OptionBytes? ReadOptionBytes(H7FlashDriver driver, DeviceDescription device, ValidationResult? validation, FlashReport report)
    {
        H7OptionBytes options;
        try
        {
            options = driver.ReadOptionBytes();
        }
        catch (Stm32Exception ex) when (TargetConnector.IsTargetSilence(ex))
        {
            report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.OptionBytesUnreadable, "the option bytes could not be read: " + ex.Message));
            return null;
        }
        report.OptionBytes = ToReport(options, written: false);
        report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.OptionBytesReport, "option bytes: " + options.Summary));
        if (device.IsDualCore && !options.BootCm7)
        {
            report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.OptionBcm7Disabled,
                "BCM7 is 0 in the option bytes: the Cortex-M7 does not start after reset unless the Cortex-M4 releases it; with a Cortex-M4 image that never does, the chip looks dead (a known way to lose the board)"));
        }
        foreach (var image in validation?.Images ?? [])
        {
            if (image.Core is null || image.BootAddress is not uint wanted)
            {
                continue;
            }
            var actual = string.Equals(image.Core, "CM4", StringComparison.OrdinalIgnoreCase) ? options.BootCm4Address0 : options.BootCm7Address0;
            if (actual is uint a && a != wanted)
            {
                var name = device.FindCore(image.Core)?.BootOptionName ?? "BOOT_ADD0";
                report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.OptionBootAddressMismatch,
                    $"the {image.Core} image starts at {Diagnostic.Hex(wanted)} but the option bytes boot the {image.Core} from {Diagnostic.Hex(a)} ({name}); the core will not start this image unless the option bytes are changed",
                    a));
            }
        }
        return options;
    }

    private static OptionBytesReport ToReport(H7OptionBytes o, bool written) => new(
        o.Summary, o.RdpLevel, Diagnostic.Hex(o.BootCm7Address0), o.BootCm4Address0 is uint b4 ? Diagnostic.Hex(b4) : null,
        o.Boot4Cur is null ? null : o.BootCm7, o.Boot4Cur is null ? null : o.BootCm4, written);

    private void ResumeAll(DeviceDescription device)
    {
        foreach (var core in device.Cores)
        {
            try
            {
                var demcr = _session.ReadWord(core.AccessPort, ArmDebugRegisters.Demcr);
                _session.WriteWord(core.AccessPort, ArmDebugRegisters.Demcr, demcr & ~ArmDebugRegisters.VcCoreReset);
                _session.WriteWord(core.AccessPort, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CDebugEn);
            }
            catch (Stm32Exception ex) when (TargetConnector.IsTargetSilence(ex))
            {
                // A gated core (BCMx = 0) or one whose AP does not answer stays as it is.
            }
        }
    }

    private void Report(FlashPhase phase, long done, long total, string? sector = null, string? message = null) =>
        _progress?.Report(new FlashProgress(phase, done, total, sector, message));

    private static string Name(ConnectMode mode) => mode switch
    {
        ConnectMode.UnderReset => "under-reset",
        ConnectMode.Auto => "auto",
        _ => "normal",
    };
}
