using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Server;
using Stm32.Cli.Options;
using Stm32.Cli.Output;
using Stm32.Cli.Signals;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 sim serve</c>: builds a virtual board and serves its ST-LINK over the stlink-server TCP protocol on
/// 127.0.0.1. Prints one line <c>listening on 127.0.0.1:PORT</c> when ready, then runs until SIGINT (Ctrl+C),
/// SIGTERM, SIGHUP, SIGQUIT or a <c>quit</c> line on standard input (end of input alone does not stop it, so it can
/// run with stdin closed); stopping so is its normal end (exit 0). At most <c>--max-clients</c> connections are served
/// at once, and a client silent for <c>--idle-timeout</c> seconds is disconnected, freeing the probe it held.
/// <c>--board NAME|FILE</c> puts the chip on a board description (its supply wiring, oscillators, NRST, BOOT0, UART)
/// and <c>--supply NAME</c> overrides the board's supply wiring.
/// Lines on standard input: <c>power-cycle</c>, <c>boot0 high|low</c>, <c>counters</c>, <c>quit</c>.
/// When it stops it saves the state file (if any) and prints the counters.
/// </summary>
public static class SimServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1, 0 to 65535 (0 picks a free port).", DefaultValueFactory = _ => StLinkTcpProtocol.DefaultPort }
            .InRange(0, 65535, "(a TCP port)");
        var maxClients = new Option<int>("--max-clients") { Description = "Connections served at once, 1 to 64 (one thread each); more are closed at once.", DefaultValueFactory = _ => 8 }
            .InRange(1, 64, "connections");
        var idle = new Option<int>("--idle-timeout") { Description = "Seconds a client may stay silent before it is disconnected and the probe it holds is freed, 0 (never) to 86400.", DefaultValueFactory = _ => 60 }
            .InRange(0, 86_400, "s");
        var probe = new Option<string>("--probe") { Description = "The ST-LINK generation: v2, v2-1 or v3.", DefaultValueFactory = _ => "v3" };
        probe.AcceptOnlyFromAmong([.. SimCommand.ProbeNames.Select(p => p.Name)]);
        var device = new Option<string>("--device") { Description = "The device from the device data.", DefaultValueFactory = _ => "STM32H747XI" };
        var state = new Option<string?>("--state") { Description = "A state file: flash, option bytes and BOOT0 are loaded from it and saved to it on exit." };
        var faults = new Option<string[]>("--fault") { Description = "A board fault (repeatable): " + string.Join(", ", BoardFault.Names) + ".", AllowMultipleArgumentsPerToken = false };
        var boot0 = new Option<string?>("--boot0") { Description = "The BOOT0 pin: high or low (default: the state file's level, else low)." };
        boot0.AcceptOnlyFromAmong("high", "low");
        var boardOptions = new SimBoardOptions();

        var command = new Command("serve", "Serve a virtual board's ST-LINK over the ST-LINK server TCP protocol (as stlink-server does).");
        command.Options.Add(port);
        command.Options.Add(probe);
        command.Options.Add(device);
        command.Options.Add(state);
        command.Options.Add(faults);
        command.Options.Add(boot0);
        boardOptions.AddTo(command);
        command.Options.Add(maxClients);
        command.Options.Add(idle);
        command.SetAction(parse =>
        {
            if (parse.GetValue(state) is { } statePath)
            {
                OutputFile.CheckState(statePath, "--state");
            }
            var options = new VirtualBoardOptions
            {
                Probe = SimCommand.ProbeNames.First(p => p.Name == parse.GetValue(probe)).Model,
                Device = DeviceCatalog.BuiltIn.Get(parse.GetValue(device)!).Name,
                StateFile = parse.GetValue(state),
                Faults = [.. (parse.GetValue(faults) ?? []).Select(BoardFault.Parse)],
                Boot0High = SimCommand.ParseLevel(parse.GetValue(boot0)) == true,
            };
            options = boardOptions.Apply(parse, options, device);
            var output = parse.InvocationConfiguration.Output;
            var server = new StLinkTcpServerOptions { MaxClients = parse.GetValue(maxClients), IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(idle)) };
            // Any termination signal stops the server cleanly: the state is saved and the counters printed.
            using var signals = TerminationSignals.Register(error: null);
            return Run(options, parse.GetValue(port), SimCommand.ParseLevel(parse.GetValue(boot0)), output, Console.In, signals.Token, server);
        });
        return command;
    }

    /// <summary>Runs the server until <paramref name="cancel"/> or a <c>quit</c> line on <paramref name="input"/>.</summary>
    internal static int Run(VirtualBoardOptions options, int port, bool? boot0, TextWriter output, TextReader input, CancellationToken cancel,
        StLinkTcpServerOptions? serverOptions = null)
    {
        using var board = new Board(options);
        if (boot0 is bool level)
        {
            board.Boot0High = level;
        }
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot, serverOptions);
        var endPoint = server.Start(port);
        lock (output)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening on {endPoint.Address}:{endPoint.Port}"));
            output.Flush();
        }
        var reader = new Thread(() => ReadCommands(board, input, output, quit)) { IsBackground = true, Name = "sim serve stdin" };
        reader.Start();
        quit.Token.WaitHandle.WaitOne();
        server.Stop();
        lock (board.SyncRoot)
        {
            board.SaveState();
            lock (output)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped after {server.ClientsServed} client(s)"));
                if (server.ClientsRefused > 0 || server.ClientsTimedOut > 0)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clients refused (limit): {server.ClientsRefused}, disconnected (idle): {server.ClientsTimedOut}"));
                }
                foreach (var line in board.Counters.Snapshot().Describe())
                {
                    output.WriteLine(line);
                }
                output.Flush();
            }
        }
        return ExitCodes.Success;
    }

    private static void ReadCommands(Board board, TextReader input, TextWriter output, CancellationTokenSource quit)
    {
        try
        {
            while (!quit.IsCancellationRequested && input.ReadLine() is { } line)
            {
                var words = line.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string reply;
                lock (board.SyncRoot)
                {
                    reply = words switch
                    {
                        ["quit"] or ["exit"] => "stopping",
                        ["power-cycle"] => PowerCycle(board),
                        ["boot0", "high" or "low"] => SetBoot0(board, words[1] == "high"),
                        ["counters"] => string.Join(Environment.NewLine, board.Counters.Snapshot().Describe()),
                        [] => "",
                        _ => "commands: power-cycle, boot0 high|low, counters, quit",
                    };
                }
                if (reply.Length > 0)
                {
                    lock (output)
                    {
                        output.WriteLine(reply);
                        output.Flush();
                    }
                }
                if (words is ["quit"] or ["exit"])
                {
                    quit.Cancel();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Standard input went away: keep serving until a signal.
        }
    }

    private static string PowerCycle(Board board)
    {
        board.PowerCycle();
        return "power cycled (BOOT0 " + (board.Boot0High ? "high" : "low") + ")";
    }

    private static string SetBoot0(Board board, bool high)
    {
        board.Boot0High = high;
        return "BOOT0 " + (high ? "high" : "low");
    }
}
