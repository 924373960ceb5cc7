using System.Net;
using System.Net.Sockets;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Transport.Tcp;

namespace Stm32.Build.StLink.Tests.Transport;

/// <summary>The ST-LINK server client against servers that misbehave: every wait is bounded and typed.</summary>
public sealed class StLinkServerClientTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];

    public StLinkServerClientTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        var accept = _listener.AcceptSocketAsync();
        var e = Assert.Throws<TransportException>(() => StLinkServerClient.Connect("127.0.0.1", Port, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(TransportErrorKind.Timeout, e.Kind);
        Assert.Equal(DiagnosticCodes.TransportTimeout, e.Code);
        _accepted.Add(await accept);
    }

    [Fact]
    public async Task A_server_that_hangs_up_is_a_disconnect()
    {
        var serve = Task.Run(async () =>
        {
            using var s = await _listener.AcceptSocketAsync();
            var buffer = new byte[4];
            await s.ReceiveAsync(buffer);
            s.Shutdown(SocketShutdown.Both);
        });
        var e = Assert.Throws<TransportException>(() => StLinkServerClient.Connect("127.0.0.1", Port, TimeSpan.FromSeconds(5)));
        Assert.Equal(TransportErrorKind.Disconnected, e.Kind);
        await serve;
    }

    [Fact]
    public void Nothing_listening_is_a_coded_error_naming_the_address()
    {
        var port = Port;
        _listener.Stop();
        var e = Assert.Throws<ProbeException>(() => StLinkServerClient.Connect("127.0.0.1", port, TimeSpan.FromSeconds(2)));
        Assert.Equal(DiagnosticCodes.StLinkServerError, e.Code);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var s in _accepted)
        {
            s.Dispose();
        }
        _listener.Stop();
    }
}
