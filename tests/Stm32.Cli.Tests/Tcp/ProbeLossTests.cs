using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Cli.Tests.Tcp;

/// <summary>
/// A probe unplugged during the delay guard is a probe error (STM3008) behind an ST-LINK server exactly as in
/// process — never the firmware diagnosis STM4501 with its recovery steps that erase the flash. The unplug is placed
/// in the guard by counting: a first flash with the guard off gives the number of USB commands before the guard.
/// </summary>
public sealed class ProbeLossTests : IDisposable
{
    private readonly string _image = Path.Combine(Path.GetTempPath(), $"stm32-loss-{Guid.NewGuid():N}.bin");

    public ProbeLossTests() => File.WriteAllBytes(_image, Signals.TerminationSignalTests.Image(8192));

    public void Dispose() => File.Delete(_image);

    private static CliRun.Result FlashOverTcp(VirtualBoard board, params string[] options)
    {
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port;
        return CliRun.Run(["flash", "--probe", $"tcp://127.0.0.1:{port}", .. options]);
    }

    private long CommandsBeforeTheGuard()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions());
        var run = FlashOverTcp(board, "--delay-guard", "0", _image);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Out + run.Err);
        return board.Counters.Snapshot().UsbRoundTrips;
    }

    [Fact]
    public void A_probe_unplugged_behind_tcp_during_the_delay_guard_is_STM3008_without_erase_advice()
    {
        var unplugAt = CommandsBeforeTheGuard() + 40;
        using var board = new VirtualBoard(new VirtualBoardOptions { Faults = [BoardFault.Parse($"unplug-after={unplugAt}")] });
        var run = FlashOverTcp(board, "--delay-guard", "1000", _image);

        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        Assert.Contains("error STM3008", run.Err, StringComparison.Ordinal);
        Assert.Contains("during the delay guard", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4501", run.Err + run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("stm32 recover", run.Err + run.Out, StringComparison.Ordinal);
        Assert.Contains("verify: crc passed", run.Out, StringComparison.Ordinal); // the unplug came after programming
    }

    [Fact]
    public void The_same_unplug_in_process_is_the_same_probe_error()
    {
        var unplugAt = CommandsBeforeTheGuard() + 40;
        var state = Path.Combine(Path.GetTempPath(), $"stm32-loss-{Guid.NewGuid():N}.state");
        try
        {
            var run = CliRun.Run("flash", "--probe", "sim", "--state", state, "--sim-fault", $"unplug-after={unplugAt}", "--delay-guard", "1000", _image);
            Assert.Equal(ExitCodes.Errors, run.ExitCode);
            Assert.Contains("error STM3008", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("STM4501", run.Err + run.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(state);
        }
    }
}
