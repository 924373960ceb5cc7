using System.Globalization;
using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;
using Stm32.Build.VirtualBoard.Server;
using Stm32.Cli;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>How a case reaches the board: the in-process virtual probe (<c>--probe sim</c>) or an ST-LINK server over TCP.</summary>
internal enum CaseTransport
{
    InProcess,
    Tcp,
}

/// <summary>The exit code and what one <c>stm32</c> run printed.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public string All => Out + "\n" + Err;
}

/// <summary>
/// Runs the <c>stm32</c> command tree in this process (<see cref="CommandRunner"/>, what the program's Main runs)
/// against a board the case holds, so the case can read the board's flash controller afterwards. <c>--probe sim</c>
/// opens the case's board through <see cref="CampaignSimProbes"/>; TCP goes through a real ST-LINK server on the
/// loopback.
/// </summary>
internal static class CampaignCli
{
    static CampaignCli() => ProbeTransports.Register(CampaignSimProbes.Instance);

    /// <summary>The transport's name in tables.</summary>
    public static string Name(CaseTransport transport) => transport == CaseTransport.Tcp ? "tcp" : "in-process";

    /// <summary>
    /// Runs <c>stm32 COMMAND --probe SEL ARGS</c> with SEL reaching <paramref name="board"/>; <paramref name="onErrLine"/>
    /// sees each standard error line as it is written.
    /// </summary>
    public static CliResult Run(Board board, CaseTransport transport, IReadOnlyList<ICommandTap> taps, string command, IEnumerable<string> args, Action<string>? onErrLine = null)
    {
        if (transport == CaseTransport.InProcess)
        {
            using var scope = CampaignSimProbes.Use(() => new TappedTransport(board, taps));
            return Invoke([command, "--probe", "sim", .. args], onErrLine);
        }
        using var server = new StLinkTcpServer(new TappedUsbProbe(board.Probe, taps), board.SyncRoot);
        var port = server.Start(0).Port;
        return Invoke([command, "--probe", string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{port}"), .. args], onErrLine);
    }

    private static CliResult Invoke(string[] args, Action<string>? onErrLine)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new LineWriter(onErrLine);
        var code = CommandRunner.Run(CliApp.CreateRoot(), args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A string writer that also hands each complete line to a callback.</summary>
    private sealed class LineWriter(Action<string>? onLine) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            onLine?.Invoke(value ?? "");
        }
    }
}

/// <summary>
/// The <c>sim</c> probe selection of the campaign: the board of the case running on this thread (the real factory
/// builds a board of its own from a state file, and its flash controller would be gone when the command returns).
/// </summary>
internal sealed class CampaignSimProbes : IProbeTransportFactory
{
    private static readonly AsyncLocal<Func<IStLinkTransport>?> s_current = new();

    public static CampaignSimProbes Instance { get; } = new();

    public IReadOnlyList<ProbeSelectionKind> Kinds { get; } = [ProbeSelectionKind.Simulator];

    public static IDisposable Use(Func<IStLinkTransport> open)
    {
        s_current.Value = open;
        return new Scope();
    }

    public IStLinkTransport Open(ProbeSelection selection, ProbeOpenContext context) =>
        (s_current.Value ?? throw new InvalidOperationException("no campaign board for --probe sim on this thread"))();

    private sealed class Scope : IDisposable
    {
        public void Dispose() => s_current.Value = null;
    }
}
