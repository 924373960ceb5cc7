using Xunit;
using System.Diagnostics;
using System.Globalization;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Server;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Cli.Tests;

/// <summary><c>stm32 probes</c> on a machine with no ST-LINK attached, with an ST-LINK server, and without libusb.</summary>
public sealed class ProbesCommandTests
{
    [Fact]
    public void With_no_probe_it_says_so_lists_the_ids_searched_and_exits_3()
    {
        if (StLinkProbe.ListUsb().Count > 0)
        {
            return; // a real probe is attached: the no-probe path cannot be observed on this machine
        }
        var r = CliRun.Run("probes");
        Assert.Equal(ExitCodes.NoProbe, r.ExitCode);
        Assert.Contains("no ST-LINK found", r.Out, StringComparison.Ordinal);
        foreach (var pid in new[] { "3748", "374b", "3752", "374e", "374f", "3753", "3754", "3757" })
        {
            Assert.Contains("0483:" + pid, r.Out, StringComparison.Ordinal);
        }
        Assert.Contains("49-stm32-build-stlink.rules", r.Out, StringComparison.Ordinal);
        Assert.Contains("--device /dev/bus/usb", r.Out, StringComparison.Ordinal);
        Assert.Contains("--probe sim", r.Out, StringComparison.Ordinal);
        Assert.Contains("tcp://HOST:PORT", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_the_probes_of_an_st_link_server()
    {
        using var board = new Board(new VirtualBoardOptions { SerialNumber = "CLISERVER01", Probe = ProbeModel.V2_1 });
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port;
        var r = CliRun.Run("probes", "--server", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"));
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var line = Assert.Single(r.OutLines, l => l.Contains("CLISERVER01", StringComparison.Ordinal));
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{port}/CLISERVER01"), line, StringComparison.Ordinal);
        Assert.Contains("0483:374b", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_libusb_it_names_the_package_to_install()
    {
        var stm32 = Path.Combine(AppContext.BaseDirectory, "stm32.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", stm32, "probes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[Stm32.Build.StLink.Transport.Usb.LibUsbLibrary.EnvironmentVariable] = "/nonexistent/libusb-missing.so";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.NoProbe, process.ExitCode);
        var err = await stderr;
        Assert.Contains("STM3005", err, StringComparison.Ordinal);
        Assert.Contains("libusb-1.0-0", err, StringComparison.Ordinal);
        Assert.Contains("no ST-LINK found", await stdout, StringComparison.Ordinal);
    }
}
