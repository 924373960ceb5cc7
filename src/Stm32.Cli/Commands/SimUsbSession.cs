using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.VirtualBoard.Usb;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Cli.Commands;

/// <summary>
/// One <c>stm32 sim usb</c> run: builds the boards (each state file resolved once and locked for the whole run, as
/// the <c>sim</c> probe locks it), puts their probes on an emulated USB bus (<see cref="VirtualUsbBus"/>), runs the
/// command with the bus's environment, forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT to it, and when it ends closes
/// the bus, saves the boards and returns its exit code (128 + the signal when a signal ended it). SIGUSR1 pulls every
/// probe off the bus, SIGUSR2 plugs them back in (the command's own parent process is this one: <c>kill -USR1 $PPID</c>).
/// </summary>
internal static class SimUsbSession
{
    private static readonly TimeSpan s_stateLockTimeout = TimeSpan.FromSeconds(10);
    private const int SigUsr1 = 10, SigUsr2 = 12;

    /// <summary>What to run.</summary>
    /// <param name="Boards">Each board's properties (<see cref="SimulatorProperties"/>).</param>
    /// <param name="ReplugAfter">When set, an unplugged probe comes back after this delay.</param>
    /// <param name="CountersFile">Where to write the boards' counters at the end.</param>
    /// <param name="Log">Told what happens on the bus.</param>
    internal sealed record Options(IReadOnlyList<IReadOnlyDictionary<string, string>> Boards, TimeSpan? ReplugAfter, string? CountersFile, Action<string>? Log);

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    /// <summary>Runs <paramref name="command"/> with the boards on the bus; returns its exit code.</summary>
    public static int Run(Options options, IReadOnlyList<string> command, TextWriter error)
    {
        var locks = new List<ProbeLock>();
        var boards = new List<Board>();
        VirtualUsbBus? bus = null;
        try
        {
            for (var i = 0; i < options.Boards.Count; i++)
            {
                boards.Add(BuildBoard(options.Boards[i], i, locks, error));
            }
            bus = VirtualUsbBus.Create(options.Log);
            bus.ReplugAfter = options.ReplugAfter;
            foreach (var board in boards)
            {
                var device = bus.Attach(board);
                options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"{board.StLink.Firmware} serial {device.SerialNumber} at usb bus {device.BusNumber} address {device.Address}, state {board.Options.StateFile ?? "(none)"}"));
            }
            // SIGUSR1 pulls every probe's cable, SIGUSR2 plugs them back in (Linux signal numbers).
            using var pull = PosixSignalRegistration.Create((PosixSignal)SigUsr1, context =>
            {
                context.Cancel = true;
                foreach (var device in bus.Devices)
                {
                    device.Unplug();
                }
            });
            using var plug = PosixSignalRegistration.Create((PosixSignal)SigUsr2, context =>
            {
                context.Cancel = true;
                foreach (var device in bus.Devices)
                {
                    device.Replug();
                }
            });
            return RunChild(command, bus, error);
        }
        finally
        {
            bus?.Dispose();
            var failures = new List<Stm32Exception>();
            foreach (var board in boards)
            {
                try
                {
                    lock (board.SyncRoot)
                    {
                        board.Dispose(); // saves the state file
                    }
                }
                catch (Stm32Exception ex)
                {
                    failures.Add(ex);
                }
            }
            if (options.CountersFile is { } path)
            {
                WriteCounters(path, boards);
            }
            foreach (var held in locks)
            {
                held.Dispose();
            }
            foreach (var failure in failures)
            {
                error.WriteLine(failure.Diagnostic.ToCanonicalString());
            }
        }
    }

    private static Board BuildBoard(IReadOnlyDictionary<string, string> properties, int index, List<ProbeLock> locks, TextWriter error)
    {
        var options = SimulatorProperties.ToBoardOptions(properties);
        string? state = null;
        if (options.StateFile is { } path)
        {
            state = SimulatorState.Resolve(path);
            locks.Add(ProbeLock.Acquire(SimulatorState.LockKey(state), s_stateLockTimeout, waiting: m => error.WriteLine("stm32 sim usb: " + m)));
            if (Path.GetDirectoryName(state) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }
        }
        var serial = properties.ContainsKey(SimulatorProperties.Serial) ? options.SerialNumber : SimUsbCommand.DefaultSerial(index, state);
        return new Board(options with { StateFile = state, SerialNumber = serial });
    }

    private static int RunChild(IReadOnlyList<string> command, VirtualUsbBus bus, TextWriter error)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in bus.ChildEnvironment(Environment.GetEnvironmentVariable("LD_PRELOAD")))
        {
            start.Environment[name] = value;
        }
        return RunForwardingSignals(start, command[0]);
    }

    /// <summary>
    /// Runs this <c>stm32</c> again with the same arguments (<paramref name="tokens"/>, after the root command) under
    /// umockdev's preload library, which the bus's host needs, and returns its exit code.
    /// </summary>
    public static int RerunUnderPreload(IReadOnlyList<string> tokens, TextWriter error)
    {
        const string Marker = "STM32_SIM_USB_RERUN";
        if (Environment.GetEnvironmentVariable(Marker) == "1")
        {
            // Started under the preload and still not preloaded: the dynamic loader could not load it.
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.UsbEmulationUnavailable, DiagnosticSeverity.Error,
                "umockdev's preload library (libumockdev-preload.so.0) could not be loaded: sudo apt-get install umockdev libumockdev0"));
        }
        var (program, prefix) = Self();
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var argument in prefix.Concat(tokens))
        {
            start.ArgumentList.Add(argument);
        }
        var preload = Environment.GetEnvironmentVariable("LD_PRELOAD");
        start.Environment["LD_PRELOAD"] = string.IsNullOrEmpty(preload) ? "libumockdev-preload.so.0" : "libumockdev-preload.so.0:" + preload;
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment[Marker] = "1";
        return RunForwardingSignals(start, program);
    }

    /// <summary>How to start this CLI again: its apphost, or the dotnet host with this assembly.</summary>
    private static (string Program, IReadOnlyList<string> Prefix) Self()
    {
        var assembly = typeof(SimUsbSession).Assembly.Location;
        var process = Environment.ProcessPath ?? "dotnet";
        var apphost = Path.ChangeExtension(assembly, null);
        if (string.Equals(Path.GetFullPath(process), apphost, StringComparison.Ordinal))
        {
            return (process, []);
        }
        var dotnet = Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return (dotnet, ["exec", assembly]);
    }

    /// <summary>Starts <paramref name="start"/>, passes SIGINT, SIGTERM, SIGHUP and SIGQUIT on to it, waits, and returns its exit code.</summary>
    private static int RunForwardingSignals(ProcessStartInfo start, string name)
    {
        Process child;
        try
        {
            child = Process.Start(start) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception ex)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.SimUsbCommandNotStarted, DiagnosticSeverity.Error,
                $"cannot run '{name}': {ex.Message}"), ex);
        }
        using (child)
        {
            var forwarded = new List<PosixSignalRegistration>();
            try
            {
                foreach (var (signal, number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3) })
                {
                    forwarded.Add(PosixSignalRegistration.Create(signal, context =>
                    {
                        context.Cancel = true; // the command decides how to end; this process ends with it
                        _ = Kill(child.Id, number);
                    }));
                }
                child.WaitForExit();
                return child.ExitCode;
            }
            finally
            {
                foreach (var registration in forwarded)
                {
                    registration.Dispose();
                }
            }
        }
    }

    private static void WriteCounters(string path, IReadOnlyList<Board> boards)
    {
        var probes = boards.Select(b => new Dictionary<string, object?>
        {
            ["serial"] = b.StLink.SerialNumber,
            ["firmware"] = b.StLink.Firmware.ToString(),
            ["device"] = b.Options.Device,
            ["state"] = b.Options.StateFile,
            ["counters"] = BoardCounterReport.Of(b.Counters.Snapshot()).ToDictionary(c => c.Key, c => c.Value),
        }).ToList();
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["probes"] = probes }, new JsonSerializerOptions { WriteIndented = true }));
    }
}
