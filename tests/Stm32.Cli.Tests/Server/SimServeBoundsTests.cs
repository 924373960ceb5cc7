using System.Buffers.Binary;
using System.Net.Sockets;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Cli.Tests.Server;

/// <summary><c>stm32 sim serve</c> serves a bounded number of connections and disconnects a client that holds the probe and goes silent.</summary>
public sealed class SimServeBoundsTests
{
    private static TcpClient Connect(int port)
    {
        var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        client.ReceiveTimeout = 10_000;
        return client;
    }

    /// <summary>OPEN_DEV of device 1; returns the status word (1 = OK, 0x2004 = TCP_BUSY).</summary>
    private static uint Open(TcpClient client)
    {
        var stream = client.GetStream();
        var request = new byte[8];
        request[0] = 0x03;
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4), StLinkTcpServer.DeviceId);
        stream.Write(request);
        var reply = new byte[8];
        stream.ReadExactly(reply);
        return BinaryPrimitives.ReadUInt32LittleEndian(reply);
    }

    [Fact]
    public void A_connection_beyond_the_limit_is_closed_at_once()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions());
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot, new StLinkTcpServerOptions { MaxClients = 2 });
        var port = server.Start(0).Port;
        using var first = Connect(port);
        using var second = Connect(port);
        Assert.Equal(1u, Open(first)); // both are served
        using var third = Connect(port);
        Assert.Equal(0, third.GetStream().Read(new byte[1])); // closed by the server without a word
        Assert.Equal(1, server.ClientsRefused);
        Assert.Equal(0x2004u, Open(second)); // the second is served: the probe is busy with the first
    }

    [Fact]
    public void A_silent_client_holding_the_probe_is_disconnected_and_the_probe_freed()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions());
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot, new StLinkTcpServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(500) });
        var port = server.Start(0).Port;
        using var holder = Connect(port);
        Assert.Equal(1u, Open(holder));
        using var other = Connect(port);
        Assert.Equal(0x2004u, Open(other)); // busy while the holder holds it
        Assert.Equal(0, holder.GetStream().Read(new byte[1])); // the server hangs up after the idle timeout
        Assert.True(server.ClientsTimedOut >= 1);
        using var later = Connect(port);
        Assert.Equal(1u, Open(later)); // the probe was freed
    }

    [Fact]
    public void The_limits_are_options_of_the_command()
    {
        var run = CliRun.Run("sim", "serve", "--port", "0", "--max-clients", "0");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--max-clients 0 is out of range: 1..64", run.Err, StringComparison.Ordinal);
        var idle = CliRun.Run("sim", "serve", "--port", "0", "--idle-timeout", "-1");
        Assert.Equal(ExitCodes.Usage, idle.ExitCode);
    }
}
