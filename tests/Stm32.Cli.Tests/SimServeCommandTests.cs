using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Stm32.Build.VirtualBoard;
using Stm32.Cli.Commands;
using Xunit;

namespace Stm32.Cli.Tests;

public sealed partial class SimServeCommandTests
{
    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();

    /// <summary>GET_SERVER_VERSION then GET_NB_DEV, as OpenOCD's stlink_tcp_open starts.</summary>
    private static (uint Api, uint Devices) Probe(int port)
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        client.ReceiveTimeout = 5000;
        var stream = client.GetStream();
        stream.Write([0x06, 1, 0, 0]);
        var version = new byte[16];
        stream.ReadExactly(version);
        stream.Write([0x01]);
        var count = new byte[4];
        stream.ReadExactly(count);
        return (BinaryPrimitives.ReadUInt32LittleEndian(version), BinaryPrimitives.ReadUInt32LittleEndian(count));
    }

    [Fact]
    public async Task Serve_prints_one_listening_line_serves_takes_stdin_commands_and_prints_the_counters()
    {
        var output = new LineWriter();
        var input = new QueueReader();
        var run = Task.Run(() => SimServeCommand.Run(new VirtualBoardOptions { Probe = ProbeModel.V2 }, 0, null, output, input, CancellationToken.None));
        var first = output.WaitForLine(TimeSpan.FromSeconds(20));
        var match = ListeningLine().Match(first);
        Assert.True(match.Success, first);
        Assert.Equal((2u, 1u), Probe(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        input.Send("power-cycle");
        Assert.Equal("power cycled (BOOT0 low)", output.WaitForLine(TimeSpan.FromSeconds(10)));
        input.Send("boot0 high");
        Assert.Equal("BOOT0 high", output.WaitForLine(TimeSpan.FromSeconds(10)));
        input.Send("counters");
        var counters = Enumerable.Range(0, 11).Select(_ => output.WaitForLine(TimeSpan.FromSeconds(10))).ToArray();
        Assert.StartsWith("usb round trips: ", counters[0], StringComparison.Ordinal);
        Assert.StartsWith("virtual time: ", counters[^1], StringComparison.Ordinal);
        input.Send("frobnicate");
        Assert.StartsWith("commands: power-cycle", output.WaitForLine(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        input.Send("quit");
        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        var all = output.Lines;
        Assert.Contains("stopped after 1 client(s)", all);
        Assert.Contains(all, l => l.StartsWith("usb round trips: ", StringComparison.Ordinal));
        Assert.Contains("resets: 2", all); // power-on and the power cycle
    }

    [Fact]
    public void Bad_options_are_usage_errors_with_codes()
    {
        var badProbe = CliRun.Run("sim", "serve", "--probe", "v9");
        Assert.Equal(ExitCodes.Usage, badProbe.ExitCode);
        Assert.Contains("STM0003", badProbe.Err, StringComparison.Ordinal);
        var badFault = CliRun.Run("sim", "serve", "--port", "0", "--fault", "melted");
        Assert.Equal(ExitCodes.Usage, badFault.ExitCode);
        Assert.Contains("STM0003", badFault.Err, StringComparison.Ordinal);
        Assert.Contains("unknown board fault", badFault.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Power_cycle_on_a_state_file_sets_BOOT0_for_the_next_board()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.state");
        try
        {
            var result = CliRun.Run("sim", "power-cycle", "--state", path, "--boot0", "high");
            Assert.Equal(ExitCodes.Success, result.ExitCode);
            Assert.Contains("BOOT0 high", result.Out, StringComparison.Ordinal);
            using var board = new VirtualBoard(new VirtualBoardOptions { StateFile = path });
            Assert.True(board.Boot0High);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_built_command_stops_on_SIGTERM_and_prints_its_counters()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "stm32.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "sim", "serve", "--port", "0", "--probe", "v2-1" })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var match = ListeningLine().Match(first ?? "");
            Assert.True(match.Success, first);
            Assert.Equal((2u, 1u), Probe(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(0, Kill(process.Id, 15)); // SIGTERM
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(exit.Token);
            var rest = await process.StandardOutput.ReadToEndAsync();
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("usb round trips: ", rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>A TextWriter whose lines a test can wait for.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly BlockingCollection<string> _pending = [];
        private readonly ConcurrentQueue<string> _all = new();
        private readonly System.Text.StringBuilder _line = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public string[] Lines => [.. _all];

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    var line = _line.ToString().TrimEnd('\r');
                    _line.Clear();
                    _all.Enqueue(line);
                    _pending.Add(line);
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public string WaitForLine(TimeSpan timeout) =>
            _pending.TryTake(out var line, timeout) ? line : throw new TimeoutException("no output line within " + timeout);
    }

    /// <summary>A TextReader fed line by line by the test.</summary>
    private sealed class QueueReader : TextReader
    {
        private readonly BlockingCollection<string> _lines = [];
        public void Send(string line) => _lines.Add(line);
        public override string? ReadLine() => _lines.Take();
    }
}
