using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 flash [--probe SEL] [--device NAME] [--connect normal|under-reset|auto] [--verify crc|readback|none]
/// [--delay-guard MS] [--no-skip-unchanged] [--mass-erase] [--boot-cm7 ADDR] [--bcm7 on|off] [--rdp N [--confirm-rdp2]]
/// [--report FILE] [--format text|json] FILE[@CORE]...</c>:
/// validates, programs and verifies the images, confirms the boot and runs the delay guard (docs/flashing.md).
/// Exit codes: 0 success, 1 an error, 3 no probe, 4 the target does not answer, 130 cancelled.
/// </summary>
public static class FlashCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new TargetCommandOptions();
        var connect = TargetCommandOptions.ConnectOption();
        var verify = new Option<string>("--verify") { Description = "crc (the flash CRC unit, confirmed by a read-back when it disagrees), readback or none.", DefaultValueFactory = _ => "crc" };
        verify.AcceptOnlyFromAmong("crc", "readback", "none");
        var delayGuard = new Option<int>("--delay-guard") { Description = "Milliseconds the firmware runs before the debug port must still answer (0 disables).", DefaultValueFactory = _ => 1000 };
        var lossWarning = new Option<bool>("--debug-loss-warning") { Description = "Report firmware that disables debug access as a warning, not an error." };
        var noSkip = new Option<bool>("--no-skip-unchanged") { Description = "Erase and program every sector the images touch, even when its CRC already matches." };
        var massErase = new Option<bool>("--mass-erase") { Description = "Erase both banks entirely before programming." };
        var noRun = new Option<bool>("--halt") { Description = "Leave the cores halted at their reset handler (no run, no delay guard)." };
        var bootCm7 = new Option<string?>("--boot-cm7") { Description = "Write BOOT_CM7_ADD0 (option bytes) to this address after programming." };
        var bootCm4 = new Option<string?>("--boot-cm4") { Description = "Write BOOT_CM4_ADD0 (option bytes) to this address after programming." };
        var bcm7 = new Option<string?>("--bcm7") { Description = "Write BCM7 (the Cortex-M7 boots): on or off." };
        bcm7.AcceptOnlyFromAmong("on", "off");
        var bcm4 = new Option<string?>("--bcm4") { Description = "Write BCM4 (the Cortex-M4 boots): on or off." };
        bcm4.AcceptOnlyFromAmong("on", "off");
        var rdp = new Option<int?>("--rdp") { Description = "Write the read-out protection level (0, 1; 2 only with --confirm-rdp2)." };
        var confirmRdp2 = new Option<bool>("--confirm-rdp2") { Description = "Confirm RDP level 2: the debug port is disabled for ever; this cannot be undone." };
        var attempts = new Option<int>("--connect-attempts") { Description = "Connection attempts per mode before giving up or falling back.", DefaultValueFactory = _ => 2 };
        var retryDelay = new Option<int>("--retry-delay") { Description = "Milliseconds between connection attempts.", DefaultValueFactory = _ => 100 };
        var core = new Option<string?>("--core") { Description = "The core the images are for (CM7, CM4); a file may also say FILE@CORE." };
        var files = new Argument<string[]>("files") { Description = "ELF, Intel HEX, S-record or binary images: FILE or FILE@CORE.", Arity = ArgumentArity.OneOrMore };

        var command = new Command("flash", "Program and verify the images, confirm the boot, and check the debug port still answers after the delay guard.");
        target.AddTo(command);
        command.Options.Add(connect);
        command.Options.Add(verify);
        command.Options.Add(delayGuard);
        command.Options.Add(lossWarning);
        command.Options.Add(noSkip);
        command.Options.Add(massErase);
        command.Options.Add(noRun);
        command.Options.Add(core);
        command.Options.Add(attempts);
        command.Options.Add(retryDelay);
        command.Options.Add(bootCm7);
        command.Options.Add(bootCm4);
        command.Options.Add(bcm7);
        command.Options.Add(bcm4);
        command.Options.Add(rdp);
        command.Options.Add(confirmRdp2);
        command.Arguments.Add(files);
        command.SetAction(parse =>
        {
            var device = target.Device(parse);
            var guard = parse.GetValue(delayGuard);
            if (guard < 0)
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, "--delay-guard must be 0 or more milliseconds"));
            }
            var specs = parse.GetValue(files)!.Select(f => ImageFileSpec.Parse(f, parse.GetValue(core))).ToList();
            var failures = new List<Diagnostic>();
            var inputs = ImageFileSpec.ReadAll(specs, device, failures);
            if (failures.Count > 0)
            {
                foreach (var failure in failures)
                {
                    parse.InvocationConfiguration.Error.WriteLine(failure.ToCanonicalString());
                }
                return ExitCodes.Errors;
            }
            var request = new FlashRequest
            {
                Device = device,
                Images = inputs,
                Connect = TargetCommandOptions.ParseConnect(parse.GetValue(connect)),
                ConnectAttempts = Math.Max(1, parse.GetValue(attempts)),
                ConnectRetryDelay = TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(retryDelay))),
                Verify = parse.GetValue(verify) switch { "readback" => VerifyMode.ReadBack, "none" => VerifyMode.None, _ => VerifyMode.Crc },
                DelayGuard = TimeSpan.FromMilliseconds(guard),
                DebugLossIsWarning = parse.GetValue(lossWarning),
                SkipUnchanged = !parse.GetValue(noSkip),
                MassErase = parse.GetValue(massErase),
                Run = !parse.GetValue(noRun),
                OptionBytes = new OptionBytesRequest
                {
                    BootCm7Address0 = Address(parse.GetValue(bootCm7), "--boot-cm7"),
                    BootCm4Address0 = Address(parse.GetValue(bootCm4), "--boot-cm4"),
                    BootCm7 = parse.GetValue(bcm7) is { } b7 ? b7 == "on" : null,
                    BootCm4 = parse.GetValue(bcm4) is { } b4 ? b4 == "on" : null,
                    RdpLevel = parse.GetValue(rdp),
                    ConfirmRdpLevel2 = parse.GetValue(confirmRdp2),
                },
            };
            return target.Run(parse, device, (pipeline, ct) => pipeline.FlashAsync(request, ct));
        });
        return command;
    }

    private static uint? Address(string? text, string option) => text is null
        ? null
        : ImageFileSpec.ParseAddress(text) ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, $"{option} '{text}' is not an address"));
}

/// <summary>The options every target command shares (probe, device, simulator, report, format) and how they run.</summary>
internal sealed class TargetCommandOptions
{
    private readonly Option<string> _probe = new("--probe") { Description = "The probe: " + ProbeSelection.Syntax + ".", DefaultValueFactory = _ => "auto" };
    private readonly Option<string> _device = new("--device", "-d") { Description = "The device, e.g. STM32H747XI.", DefaultValueFactory = _ => "STM32H747XI" };
    private readonly Option<string?> _state = new("--state") { Description = "For --probe sim: the virtual board's state file (default: " + SimulatorState.DefaultDirectory + "/<device>.state)." };
    private readonly Option<string[]> _faults = new("--sim-fault") { Description = "For --probe sim: a board fault (repeatable): " + string.Join(", ", BoardFault.Names) + ".", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _report = new("--report") { Description = "Write the JSON report of the run to this file." };
    private readonly Option<string> _format = new("--format") { Description = "text or json (the JSON report on standard output).", DefaultValueFactory = _ => "text" };
    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Print progress (phases and sectors) on standard error." };

    public TargetCommandOptions() => _format.AcceptOnlyFromAmong("text", "json");

    public static Option<string> ConnectOption()
    {
        var option = new Option<string>("--connect") { Description = "normal, under-reset, or auto (normal, then under reset when the target does not answer).", DefaultValueFactory = _ => "auto" };
        option.AcceptOnlyFromAmong("normal", "under-reset", "auto");
        return option;
    }

    public static ConnectMode ParseConnect(string? text) => text switch
    {
        "normal" => ConnectMode.Normal,
        "under-reset" => ConnectMode.UnderReset,
        _ => ConnectMode.Auto,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_probe);
        command.Options.Add(_device);
        command.Options.Add(_state);
        command.Options.Add(_faults);
        command.Options.Add(_report);
        command.Options.Add(_format);
        command.Options.Add(_verbose);
    }

    public DeviceDescription Device(ParseResult parse) => DeviceCatalog.BuiltIn.Get(parse.GetValue(_device)!);

    /// <summary>Opens the session, runs <paramref name="operation"/>, prints and writes the report, maps the exit code.</summary>
    public int Run(ParseResult parse, DeviceDescription device, Func<FlashPipeline, CancellationToken, Task<FlashReport>> operation,
        Action<FlashReport, TextWriter>? printExtra = null)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var simulator = new Dictionary<string, string> { [SimulatorProperties.Device] = device.Name };
        if (parse.GetValue(_state) is { } stateFile)
        {
            simulator[SimulatorProperties.State] = stateFile;
        }
        if (parse.GetValue(_faults) is { Length: > 0 } faults)
        {
            simulator[SimulatorProperties.Fault] = string.Join(",", faults.Select(f => BoardFault.Parse(f).ToString()));
        }
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            FlashReport report;
            try
            {
                using var session = DebugSessions.Open(parse.GetValue(_probe)!, simulator);
                IProgress<FlashProgress>? progress = parse.GetValue(_verbose) ? new ProgressPrinter(error) : null;
                report = operation(new FlashPipeline(session, progress), cancel.Token).GetAwaiter().GetResult();
            }
            catch (ProbeException ex)
            {
                error.WriteLine(ex.Diagnostic.ToCanonicalString());
                return ExitCodeOf(ex.Code);
            }
            if (parse.GetValue(_report) is { } path)
            {
                File.WriteAllText(path, report.ToJson());
            }
            if (parse.GetValue(_format) == "json")
            {
                output.WriteLine(report.ToJson());
            }
            else
            {
                Print(report, output, error);
                printExtra?.Invoke(report, output);
            }
            if (report.Exception is OperationCanceledException)
            {
                return ExitCodes.Cancelled;
            }
            return report.Error is { } failure ? ExitCodeOf(failure.Code) : ExitCodes.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int ExitCodeOf(string code) => code switch
    {
        DiagnosticCodes.NoProbeFound or DiagnosticCodes.ProbeNotFound or DiagnosticCodes.AmbiguousProbe => ExitCodes.NoProbe,
        DiagnosticCodes.TargetNotPowered or DiagnosticCodes.DebugPortNotResponding or DiagnosticCodes.ConnectFailed
            or DiagnosticCodes.TargetUnrecoverable => ExitCodes.NoTarget,
        _ => ExitCodes.Errors,
    };

    private static void Print(FlashReport report, TextWriter output, TextWriter error)
    {
        foreach (var d in report.Diagnostics.Where(d => d != report.Error))
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

    private sealed class ProgressPrinter(TextWriter error) : IProgress<FlashProgress>
    {
        private FlashPhase? _phase;

        public void Report(FlashProgress value)
        {
            if (value.Phase != _phase || value.Message is not null)
            {
                _phase = value.Phase;
                error.WriteLine($"stm32: {value.Phase.ToString().ToLowerInvariant()}{(value.Message is null ? "" : ": " + value.Message)}");
            }
        }
    }
}
