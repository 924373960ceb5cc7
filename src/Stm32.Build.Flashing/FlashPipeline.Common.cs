using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
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

    /// <summary>Measures the target voltage and creates the family's flash driver; reports the parallelism and an unproven driver.</summary>
    private IFlashDriver CreateDriver(DeviceDescription device, FlashReport report, CancellationToken ct)
    {
        var volts = _session.ReadTargetVoltage();
        report.TargetVoltage = volts is double v ? Math.Round(v, 2) : null;
        var choice = FlashDrivers.ChooseParallelism(device, volts);
        if (choice.Reduced is { } reduced)
        {
            report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.ParallelismReduced, reduced));
        }
        var driver = FlashDrivers.Create(_session, device, volts, ct);
        report.Parallelism = driver.Parallelism;
        report.FlashDriver = device.FlashDriver;
        if (!driver.IsProven)
        {
            report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.FlashDriverUnproven,
                $"the '{device.FlashDriver}' flash driver of the {device.Family} is written against {device.ReferenceManual} but not yet proven on a virtual chip of its family"));
        }
        return driver;
    }

    /// <summary>Reads and reports the option bytes; warns on a gated primary core and on boot addresses that do not match the images.</summary>
    private static OptionBytesState? ReadOptionBytes(IFlashDriver driver, DeviceDescription device, ValidationResult? validation, FlashReport report)
    {
        OptionBytesState options;
        try
        {
            options = driver.ReadOptionBytes();
        }
        catch (Stm32Exception ex) when (TargetConnector.IsTargetSilence(ex))
        {
            report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.OptionBytesUnreadable, "the option bytes could not be read: " + ex.Message));
            return null;
        }
        report.OptionBytes = ToReport(options, device, written: false);
        report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.OptionBytesReport, "option bytes: " + options.Summary));
        if (device.IsDualCore && options.IsCoreGated(device.Cores[0].Name))
        {
            report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.OptionBcm7Disabled,
                $"BCM7 is 0 in the option bytes: the {device.Cores[0].Architecture} does not start after reset unless the other core releases it; with an image that never does, the chip looks dead (a known way to lose the board)"));
        }
        foreach (var image in validation?.Images ?? [])
        {
            if (image.Core is null || image.BootAddress is not uint wanted)
            {
                continue;
            }
            if (options.BootAddress(image.Core) is uint a && a != wanted)
            {
                var name = device.FindCore(image.Core)?.BootOptionName ?? "BOOT_ADD0";
                report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.OptionBootAddressMismatch,
                    $"the {image.Core} image starts at {Diagnostic.Hex(wanted)} but the option bytes boot the {image.Core} from {Diagnostic.Hex(a)} ({name}); the core will not start this image unless the option bytes are changed",
                    a));
            }
        }
        return options;
    }

    private static OptionBytesReport ToReport(OptionBytesState o, DeviceDescription device, bool written)
    {
        string? Boot(int core) => core < device.Cores.Count && o.BootAddress(device.Cores[core].Name) is uint a ? Diagnostic.Hex(a) : null;
        bool? Gate(int core) => core < device.Cores.Count && o.CoreBoot.TryGetValue(device.Cores[core].Name, out var on) ? on : null;
        return new OptionBytesReport(o.Summary, o.RdpLevel, Boot(0) ?? "", Boot(1), Gate(0), Gate(1), written);
    }

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
