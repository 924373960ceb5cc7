using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Cli.Options;
using Stm32.Cli.Output;
using Stm32.Cli.Signals;

namespace Stm32.Cli.Commands;

/// <summary>
/// The options every target command shares (probe, device, simulator, SWD clock, report, format, verbosity) and how
/// such a command runs: every option is checked before the probe is opened; the probe is opened, its clock and
/// firmware checked; the operation runs with a token that SIGINT/SIGTERM/SIGHUP/SIGQUIT cancel; the result is
/// printed, then the report file written (its failure is a coded error that does not hide the result).
/// </summary>
internal sealed class TargetCommandOptions
{
    private readonly Option<string> _probe = CliOptions.Probe();
    private readonly Option<string> _device = new("--device", "-d") { Description = "The device, e.g. STM32H747XI.", DefaultValueFactory = _ => "STM32H747XI" };
    private readonly Option<string?> _state = new("--state") { Description = "For --probe sim: the virtual board's state file (default: " + SimulatorState.DefaultDirectory + "/<device>.state)." };
    private readonly Option<string[]> _faults = new("--sim-fault") { Description = "For --probe sim: a board fault (repeatable): " + string.Join(", ", BoardFault.Names) + ".", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _report = new("--report") { Description = "Write the JSON report of the run to this file (after the result is printed)." };
    private readonly Option<string> _format = CliOptions.Format("the JSON report on standard output");
    private readonly SimBoardOptions _board = new();
    private readonly Option<bool> _verbose = CliOptions.Verbose();
    private readonly Option<int?> _swdKhz = new Option<int?>("--swd-khz") { Description = $"The SWD clock in kHz: one the probe offers (ST-LINK/V2, V2-1: 4000, 1800, 1200, 950, 480, 240, 125, 100, 50, 25, 15, 5; STLINK-V3: what it reports, e.g. 24000, 8000, 3300, 1000, 200, 50, 5). Default: the fastest not above 4000." }
        .InRange(CliOptions.MinSwdKhz, CliOptions.MaxSwdKhz, "kHz");

    /// <summary>Creates the connect option (normal, under-reset, auto).</summary>
    public static Option<string> ConnectOption()
    {
        var option = new Option<string>("--connect") { Description = "normal, under-reset, or auto (normal, then under reset when the target does not answer).", DefaultValueFactory = _ => "auto" };
        option.AcceptOnlyFromAmong("normal", "under-reset", "auto");
        return option;
    }

    /// <summary>Parses a connect option value.</summary>
    public static ConnectMode ParseConnect(string? text) => text switch
    {
        "normal" => ConnectMode.Normal,
        "under-reset" => ConnectMode.UnderReset,
        _ => ConnectMode.Auto,
    };

    /// <summary>Adds the shared options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_probe);
        command.Options.Add(_device);
        command.Options.Add(_state);
        command.Options.Add(_faults);
        _board.AddTo(command);
        command.Options.Add(_swdKhz);
        command.Options.Add(_report);
        command.Options.Add(_format);
        command.Options.Add(_verbose);
    }

    /// <summary>The device named by --device (STM0001, a usage error, when unknown).</summary>
    public DeviceDescription Device(ParseResult parse) => DeviceCatalog.BuiltIn.Get(parse.GetValue(_device)!);

    /// <summary>The board named by --board (the board the target sits on; with --probe sim, the virtual board), or null.</summary>
    public Stm32.Build.VirtualBoard.Boards.BoardDescription? Board(ParseResult parse) => _board.Board(parse);

    /// <summary>The supply wiring named by --supply (overriding the board's), or null.</summary>
    public Stm32.Build.VirtualBoard.Boards.SupplyWiring? Supply(ParseResult parse) => _board.Supply(parse);

    /// <summary>Whether --format json was given.</summary>
    public bool Json(ParseResult parse) => parse.GetValue(_format) == "json";

    /// <summary>
    /// Opens the session, runs <paramref name="operation"/>, prints the result, runs <paramref name="onSuccess"/>
    /// (only when the operation succeeded; its line is printed in text mode, its coded failure is an error) and writes
    /// the report. Returns the exit code.
    /// </summary>
    public int Run(ParseResult parse, DeviceDescription device, Func<FlashPipeline, CancellationToken, Task<FlashReport>> operation,
        Func<FlashReport, string?>? onSuccess = null)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var verbose = parse.GetValue(_verbose);
        var reportPath = parse.GetValue(_report);
        if (reportPath is not null)
        {
            OutputFile.Check(reportPath, "--report");
        }
        if (parse.GetValue(_state) is { } statePath)
        {
            OutputFile.CheckState(statePath, "--state");
        }
        var simulator = new Dictionary<string, string> { [SimulatorProperties.Device] = device.Name };
        if (parse.GetValue(_state) is { } stateFile)
        {
            simulator[SimulatorProperties.State] = stateFile;
        }
        if (parse.GetValue(_faults) is { Length: > 0 } faults)
        {
            simulator[SimulatorProperties.Fault] = string.Join(",", faults.Select(f => BoardFault.Parse(f).ToString()));
        }
        _board.AddTo(parse, simulator);
        if (Board(parse) is { } board)
        {
            Stm32.Build.VirtualBoard.Boards.BoardCatalog.RequireDevice(board, device.Name);
        }
        var swd = parse.GetValue(_swdKhz);

        using var signals = TerminationSignals.Register(error);
        var progress = new ProgressPrinter(error, verbose);
        var notes = new List<Diagnostic>();
        FlashReport report;
        try
        {
            using var session = DebugSessions.Open(parse.GetValue(_probe)!, simulator);
            notes.AddRange(ProbeChecks.FirmwareWarnings(session.Probe.Version, device, swd is not null));
            if (swd is int khz)
            {
                session.Probe.CheckSwdFrequency(khz, "--swd-khz");
                session.SwdFrequencyKhz = khz;
            }
            report = operation(new FlashPipeline(session, progress), signals.Token).GetAwaiter().GetResult();
        }
        catch (ProbeException ex)
        {
            error.WriteLine(ex.Diagnostic.ToCanonicalString());
            return ExitCodeOf(ex.Code);
        }
        report.Diagnostics.InsertRange(0, notes);

        var code = report.Exception is OperationCanceledException ? (signals.ExitCode > 0 ? signals.ExitCode : ExitCodes.Cancelled)
            : report.Error is { } failure ? ExitCodeOf(failure.Code) : ExitCodes.Success;
        string? extra = null;
        Diagnostic? afterwards = null;
        if (report.Succeeded && onSuccess is not null)
        {
            try
            {
                extra = onSuccess(report);
            }
            catch (Stm32Exception ex)
            {
                afterwards = ex.Diagnostic;
                code = ExitCodes.Errors;
            }
        }

        if (Json(parse))
        {
            output.WriteLine(report.ToJson());
        }
        else
        {
            Print(report, output, error, verbose);
            if (extra is not null)
            {
                output.WriteLine(extra);
            }
        }
        if (report.Exception is OperationCanceledException && signals.ReceivedName is { } signal)
        {
            error.WriteLine(StopReport.Describe(signal, report, progress.Phase).ToCanonicalString());
        }
        if (afterwards is not null)
        {
            error.WriteLine(afterwards.ToCanonicalString());
        }
        if (reportPath is not null)
        {
            try
            {
                OutputFile.WriteText(reportPath, "--report", report.ToJson());
            }
            catch (Stm32Exception ex)
            {
                error.WriteLine(ex.Diagnostic.ToCanonicalString());
                code = code == ExitCodes.Success ? ExitCodes.Errors : code;
            }
        }
        return code;
    }

    /// <summary>The exit code for a failure's code.</summary>
    public static int ExitCodeOf(string code) => code switch
    {
        DiagnosticCodes.NoProbeFound or DiagnosticCodes.ProbeNotFound or DiagnosticCodes.AmbiguousProbe => ExitCodes.NoProbe,
        DiagnosticCodes.TargetNotPowered or DiagnosticCodes.DebugPortNotResponding or DiagnosticCodes.ConnectFailed
            or DiagnosticCodes.TargetUnrecoverable => ExitCodes.NoTarget,
        DiagnosticCodes.InvalidProbeSelection or DiagnosticCodes.SwdFrequencyNotSupported => ExitCodes.Usage,
        _ => ExitCodes.Errors,
    };

    private static void Print(FlashReport report, TextWriter output, TextWriter error, bool verbose)
    {
        foreach (var d in report.Diagnostics.Where(d => d != report.Error && (verbose || d.Severity != DiagnosticSeverity.Info)))
        {
            (d.Severity == DiagnosticSeverity.Error ? error : output).WriteLine(d.ToCanonicalString());
        }
        var ic = CultureInfo.InvariantCulture;
        if (report.Connection is { } c)
        {
            output.WriteLine(string.Create(ic, $"target: {report.Device}, DEV_ID {c.DevId} rev {c.Revision ?? c.RevId}, {c.FlashSizeKiB} KiB, connected {c.Mode}; probe {report.Probe}"));
        }
        if (report.Operation == "flash" && report.Connection is not null)
        {
            output.WriteLine(string.Create(ic,
                $"sectors: {report.SectorsTouched} touched, {report.SectorsErased.Count} erased, {report.SectorsSkipped.Count} skipped (unchanged); {report.BytesProgrammed} bytes programmed; parallelism {report.Parallelism}"));
        }
        if (report.Verify is { } v)
        {
            output.WriteLine($"verify: {v.Mode} {v.Result}{(v.CrcDisagreed ? " (the CRC unit disagreed; read-back decided)" : "")}");
        }
        foreach (var b in report.Boot)
        {
            output.WriteLine(b.ExpectedPc.Length == 0
                ? $"{b.Core}: halted at PC {b.ActualPc}, SP {b.ActualSp}"
                : $"boot {b.Core}: {(b.Confirmed ? "confirmed" : "NOT confirmed")}: PC {b.ActualPc} (reset handler {b.ExpectedPc}), SP {b.ActualSp} (initial SP {b.ExpectedSp})");
        }
        if (report.DelayGuard is { } g)
        {
            output.WriteLine(string.Create(ic, $"delay guard: {g.Result} ({g.GuardMs} ms{(g.FirstSilenceMs is double f ? $", silent from {f} ms" : "")})"));
        }
        if (report.Error is { } e)
        {
            error.WriteLine(e.ToCanonicalString());
        }
        output.WriteLine($"stm32 {report.Operation}: {(report.Succeeded ? "ok" : "failed")}");
    }
}
