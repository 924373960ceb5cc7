using System.Globalization;
using Microsoft.Build.Framework;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink;
using Stm32.Build.Tasks.Terminal;
using Stm32.Build.VirtualBoard.Driver;

namespace Stm32.Build.Tasks;

/// <summary>
/// Base of the tasks that talk to a probe (Stm32Flash, Stm32Erase, Stm32Recover, Stm32Reset): opens the session
/// named by <see cref="Probe"/>, runs one pipeline operation with a cancellation token that
/// <see cref="ICancelableTask.Cancel"/> (Ctrl+C) trips, logs progress, the report's findings and its error with
/// their STM codes and a help link, and writes the JSON report only when its content changed.
/// </summary>
public abstract class Stm32ProbeTask : Stm32Task, ICancelableTask
{
    /// <summary>
    /// Where the codes are documented: the error-code reference of docs/msbuild.md (one anchor per code, e.g.
    /// <c>docs/msbuild.md#stm8501</c>), which the README's "Diagnostic codes" section links to.
    /// </summary>
    public const string HelpBase = "docs/msbuild.md#";

    private readonly CancellationTokenSource _cancel = new();

    static Stm32ProbeTask() => VirtualBoardProbes.Register();

    /// <summary>The probe selection (Stm32Probe): auto, usb[:SERIAL], tcp://HOST[:PORT][/SERIAL] or sim.</summary>
    public string? Probe { get; set; }

    /// <summary>The device (Stm32Device), e.g. STM32H747XI.</summary>
    public string? Device { get; set; }

    /// <summary>How to attach (Stm32Connect): auto, normal or under-reset.</summary>
    public string? Connect { get; set; }

    /// <summary>The SWD clock in kHz (Stm32SwdFrequency); empty lets the probe take the fastest not above 4000.</summary>
    public string? SwdFrequency { get; set; }

    /// <summary>For the sim probe: the virtual board's state file (Stm32SimStateFile); empty uses the driver's default.</summary>
    public string? SimStateFile { get; set; }

    /// <summary>For the sim probe: the board, a bundled board's name or a board file (Stm32SimBoard, by default Stm32Board).</summary>
    public string? SimBoard { get; set; }

    /// <summary>The supply wiring of the board (Stm32BoardSupply), overriding the board description's.</summary>
    public string? BoardSupply { get; set; }

    /// <summary>Where to write the JSON report (Stm32ReportPath); empty writes none.</summary>
    public string? ReportPath { get; set; }

    /// <summary>The file the errors are reported against (the image, or the project).</summary>
    public string? LocationFile { get; set; }

    /// <summary>
    /// Show the current step in the terminal logger's live line (Stm32LiveProgress; on by default when the
    /// terminal logger is on). See <see cref="LiveStatus"/>.
    /// </summary>
    public string? LiveProgress { get; set; }

    /// <summary>The report written (for FileWrites), empty when none.</summary>
    [Output] public string ReportFile { get; private set; } = string.Empty;

    /// <summary>Whether the operation succeeded (false also when it was cancelled).</summary>
    [Output] public bool Succeeded { get; private set; }

    /// <summary>The token cancelled by <see cref="Cancel"/>.</summary>
    protected CancellationToken CancellationToken => _cancel.Token;

    /// <inheritdoc />
    public void Cancel()
    {
        Log.LogMessage(MessageImportance.High, "Stm32.Build: cancelling: the current bounded step finishes, then the flash is locked again.");
        _cancel.Cancel();
    }

    /// <summary>The device named by <see cref="Device"/> (STM8503 when empty, STM0001 when unknown).</summary>
    protected DeviceDescription ResolveDevice(string? name = null)
    {
        name = string.IsNullOrWhiteSpace(name) ? Device : name;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FlashDeviceMissing, DiagnosticSeverity.Error,
                "no device is named: set Stm32Device (e.g. STM32H747XI) in the project or Device metadata on the Stm32Flash item", File: LocationFile));
        }
        return DeviceCatalog.BuiltIn.Get(name.Trim());
    }

    /// <summary>Parses <see cref="Connect"/>.</summary>
    protected ConnectMode ParseConnect() => (Connect ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "auto" => ConnectMode.Auto,
        "normal" => ConnectMode.Normal,
        "under-reset" or "underreset" => ConnectMode.UnderReset,
        var other => throw Invalid("Stm32Connect", other, "auto, normal or under-reset"),
    };

    /// <summary>
    /// <see cref="SwdFrequency"/> as kHz: empty is null; a whole number from 5 to 24000 (the range of every ST-LINK);
    /// anything else STM8011. Whether the probe offers that clock is checked once it is open (STM3050).
    /// </summary>
    protected int? SwdKhz()
    {
        if (string.IsNullOrWhiteSpace(SwdFrequency))
        {
            return null;
        }
        return int.TryParse(SwdFrequency.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var khz) && khz is >= 5 and <= 24_000
            ? khz
            : throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidSwdFrequency, DiagnosticSeverity.Error,
                $"{Stm32Names.FlashProperties.SwdFrequency}='{SwdFrequency}' is not valid: expected a whole number of kHz from 5 to 24000 that the probe offers (ST-LINK/V2, V2-1: 4000, 1800, 1200, 950, 480, 240, 125, 100, 50, 25, 15, 5)", File: LocationFile));
    }

    /// <summary>A coded error for a property value that is not valid (STM8502).</summary>
    protected Stm32Exception Invalid(string property, string value, string expected) =>
        new(new Diagnostic(DiagnosticCodes.FlashItemInvalid, DiagnosticSeverity.Error,
            $"{property}='{value}' is not valid: expected {expected}", File: LocationFile));

    /// <summary>
    /// Opens the probe, runs <paramref name="operation"/>, logs and writes the report. Returns the report, or null
    /// when the probe could not be opened (the error is logged).
    /// </summary>
    protected FlashReport? RunPipeline(DeviceDescription device, Func<FlashPipeline, CancellationToken, Task<FlashReport>> operation)
    {
        var selection = string.IsNullOrWhiteSpace(Probe) ? "auto" : Probe.Trim();
        var simulator = SimulatorSettings.For(device.Name, SimStateFile, SimBoard, BoardSupply);
        var swd = SwdKhz();
        Log.LogMessage(MessageImportance.Normal, $"Stm32.Build: probe {selection}, device {device.Name}.");
        FlashReport report;
        var live = new LiveStatus(BuildEngine, ProjectFile, Flag(LiveProgress, false, Stm32Names.FlashProperties.LiveProgress));
        try
        {
            using var session = DebugSessions.Open(selection, simulator);
            if (swd is int khz)
            {
                session.Probe.CheckSwdFrequency(khz, Stm32Names.FlashProperties.SwdFrequency);
                session.SwdFrequencyKhz = khz;
            }
            var pipeline = new FlashPipeline(session, new ProgressLogger(Log, live));
            report = live.Run(() => operation(pipeline, _cancel.Token));
        }
        catch (ProbeException ex)
        {
            LogCoded(ex.Diagnostic);
            return null;
        }
        WriteReport(report);
        foreach (var d in report.Diagnostics.Where(d => d != report.Error))
        {
            LogCoded(d);
        }
        foreach (var cause in report.LikelyCauses)
        {
            Log.LogMessage(MessageImportance.High, "Stm32.Build: likely cause: " + cause);
        }
        foreach (var step in report.RecoverySteps)
        {
            Log.LogMessage(MessageImportance.High, "Stm32.Build: recovery step: " + step);
        }
        if (report.Exception is OperationCanceledException)
        {
            Log.LogError(null, DiagnosticCodes.FlashCancelled, null, HelpBase + "cancellation", LocationFile, 0, 0, 0, 0,
                "Stm32.Build: cancelled. " + ChipState(report));
        }
        else if (report.Error is { } error)
        {
            LogCoded(error);
            if (report.Exception is { } ex)
            {
                Log.LogMessage(MessageImportance.Low, ex.ToString());
            }
        }
        Succeeded = report.Succeeded;
        return report;
    }

    /// <summary>Logs a diagnostic with its code, its file (or <see cref="LocationFile"/>) and a help link.</summary>
    protected void LogCoded(Diagnostic d)
    {
        var file = d.File ?? LocationFile;
        var message = d.Address is uint a && !d.Message.Contains(Diagnostic.Hex(a), StringComparison.Ordinal)
            ? $"{d.Message} (at {Diagnostic.Hex(a)})"
            : d.Message;
        var help = HelpBase + d.Code.ToLowerInvariant();
        switch (d.Severity)
        {
            case DiagnosticSeverity.Error:
                Log.LogError(null, d.Code, null, help, file, d.Line ?? 0, 0, 0, 0, message);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(null, d.Code, null, help, file, d.Line ?? 0, 0, 0, 0, message);
                break;
            default:
                Log.LogMessage(MessageImportance.Normal, $"Stm32.Build: {d.Code}: {message}");
                break;
        }
    }

    /// <summary>What the chip is left with after a cancelled run, from what the report recorded.</summary>
    private static string ChipState(FlashReport report)
    {
        if (report.Connection is null)
        {
            return "Nothing was done to the chip (it was not connected yet).";
        }
        if (report.SectorsErased.Count == 0 && !report.MassErased)
        {
            return "The flash was not changed; it is locked.";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"The flash was locked again; {report.SectorsErased.Count} sector(s) were erased and {report.BytesProgrammed} byte(s) programmed, so the image on the chip is incomplete: run Flash again before relying on it.");
    }

    private void WriteReport(FlashReport report)
    {
        if (string.IsNullOrWhiteSpace(ReportPath))
        {
            return;
        }
        var path = Path.GetFullPath(ReportPath);
        try
        {
            WriteIfChanged(path, report.ToJson());
            ReportFile = path;
            Log.LogMessage(MessageImportance.Normal, $"Stm32.Build: report {path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LogWarning(null, DiagnosticCodes.ReportNotWritten, null, HelpBase + "stm8504", path, 0, 0, 0, 0,
                $"the JSON report could not be written: {ex.Message}");
        }
    }

    /// <summary>
    /// Turns progress events into messages at normal verbosity (each phase once, then every 10 percent) and moves
    /// the terminal logger's live line.
    /// </summary>
    private sealed class ProgressLogger(Microsoft.Build.Utilities.TaskLoggingHelper log, LiveStatus live) : IProgress<FlashProgress>
    {
        private FlashPhase? _phase;
        private long _lastTenth = -1;

        public void Report(FlashProgress value)
        {
            live.Show(ProgressTargets.For(value));
            if (value.Phase != _phase)
            {
                _phase = value.Phase;
                _lastTenth = -1;
                if (value.BytesTotal <= 0 || value.Message is not null)
                {
                    log.LogMessage(MessageImportance.Normal, $"Stm32.Build: {Name(value.Phase)}{(value.Message is null ? "" : ": " + value.Message)}");
                }
            }
            else if (value.Message is not null && value.BytesTotal <= 0)
            {
                log.LogMessage(MessageImportance.Normal, $"Stm32.Build: {Name(value.Phase)}: {value.Message}");
            }
            if (value.BytesTotal > 0)
            {
                var tenth = Math.Min(10, value.BytesDone * 10 / value.BytesTotal);
                if (tenth != _lastTenth)
                {
                    _lastTenth = tenth;
                    // The delay guard counts milliseconds of target time; every other phase counts bytes.
                    var unit = value.Phase == FlashPhase.DelayGuard ? "ms" : "bytes";
                    log.LogMessage(MessageImportance.Normal, string.Create(CultureInfo.InvariantCulture,
                        $"Stm32.Build: {Name(value.Phase)} {value.BytesDone}/{value.BytesTotal} {unit} ({value.BytesDone * 100 / value.BytesTotal}%){(value.Sector is null ? "" : " " + value.Sector)}"));
                }
            }
        }

        private static string Name(FlashPhase phase) => phase.ToString().ToLowerInvariant();
    }
}
