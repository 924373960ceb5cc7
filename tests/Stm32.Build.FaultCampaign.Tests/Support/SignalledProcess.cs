using System.Globalization;
using Stm32.Build.VirtualBoard.Server;
using Stm32.Cli.Tests;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>
/// A real <c>stm32 flash</c> process driving the case's board through an ST-LINK server in this process, sent a
/// termination signal when the board's probe is about to execute the command <c>offset</c> commands after the phase
/// began in this very run (the phase begins at the CLI's first progress line of it, or, for the protection check, at
/// the first read of FLASH_OPTSR_CUR; see <see cref="PhaseTrigger"/>). The command is held for a while (a slow USB
/// round trip, a property of the transport) so the signal lands in the phase that command belongs to. The board
/// outlives the process, so its flash controller shows what the process left.
/// </summary>
internal static class SignalledProcess
{
    private static readonly TimeSpan s_hold = TimeSpan.FromMilliseconds(300);

    public static CliResult Flash(Board board, int signal, string phase, long offset, IReadOnlyList<string> args)
    {
        Stm32Process? process = null;
        var trigger = new PhaseTrigger(board, phase, offset, () => Volatile.Read(ref process), p =>
        {
            p.Signal(signal);
            Thread.Sleep(s_hold);
        });
        using var server = new StLinkTcpServer(new TappedUsbProbe(board.Probe, [trigger]), board.SyncRoot);
        var port = server.Start(0).Port;
        using var started = Stm32Process.StartWithPolledErr(["flash", "--probe", string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{port}"), .. args]);
        Volatile.Write(ref process, started);
        var (code, stdout, stderr) = started.WaitForExit(TimeSpan.FromSeconds(120));
        if (!trigger.Fired)
        {
            stderr += trigger.Began is long began
                ? $"\n(the signal was never sent: {phase} began at command {began}, and the run ended before {offset} more commands)"
                : $"\n(the signal was never sent: the run never reached {phase})";
        }
        return new CliResult(code, stdout, stderr);
    }
}
