using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Transport;
using Stm32.Build.StLink.Transport.Tcp;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Server;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.StLink.Tests.Integration;

/// <summary>The whole driver through the virtual board's ST-LINK server (stlink-server protocol) on a free loopback port.</summary>
public sealed class StLinkProbeTcpTests : IDisposable
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");
    private readonly Board _board;
    private readonly StLinkTcpServer _server;
    private readonly int _port;

    public StLinkProbeTcpTests()
    {
        _board = new Board(new VirtualBoardOptions { SerialNumber = "TCPBOARD0001" });
        _server = new StLinkTcpServer(_board.Probe, _board.SyncRoot);
        _port = _server.Start(0).Port;
    }

    private string Selection(string? serial = null) =>
        string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{_port}{(serial is null ? "" : "/" + serial)}");

    [Fact]
    public void Lists_the_servers_probe()
    {
        var list = StLinkProbe.ListServer("127.0.0.1", _port);
        var probe = Assert.Single(list);
        Assert.Equal("TCPBOARD0001", probe.SerialNumber);
        Assert.Equal(ProbeTransportKind.Tcp, probe.Transport);
        Assert.Equal(_board.Probe.ProductId, probe.ProductId);
    }

    [Fact]
    public void Server_version_is_read_on_connect()
    {
        using var client = StLinkServerClient.Connect("127.0.0.1", _port, TimeSpan.FromSeconds(2));
        Assert.True(client.ApiVersion >= 1);
        Assert.Matches(@"^\d+\.\d+\.\d+$", client.ServerVersion);
    }

    [Fact]
    public void Connects_identifies_and_moves_memory()
    {
        using var probe = StLinkProbe.Open(Selection("TCPBOARD0001"), VirtualBoardFixture.NoLock);
        Assert.Equal(H747.DpIdcode, probe.DpIdcode);
        Assert.Equal(H747.DevId, probe.IdentifyTarget().DevId);
        var data = new byte[5000];
        new Random(3).NextBytes(data);
        probe.WriteMemory(0, 0x24000001, data);
        Assert.Equal(data, probe.ReadMemory(0, 0x24000001, data.Length));
    }

    [Fact]
    public void A_missing_serial_is_a_coded_error_listing_what_is_there()
    {
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open(Selection("NOSUCHSERIAL"), VirtualBoardFixture.NoLock));
        Assert.Equal(DiagnosticCodes.ProbeNotFound, e.Code);
        Assert.Contains("TCPBOARD0001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_client_cannot_open_a_probe_in_use_once_its_wait_runs_out()
    {
        using var first = StLinkProbe.Open(Selection(), VirtualBoardFixture.NoLock);
        var e = Assert.ThrowsAny<ProbeException>(() => StLinkProbe.Open(Selection(), VirtualBoardFixture.NoLock with { LockTimeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Equal(DiagnosticCodes.ProbeBusy, e.Code);
        Assert.Contains("in use by another of its clients", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_server_is_a_coded_error()
    {
        _server.Stop();
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open(Selection(), VirtualBoardFixture.NoLock));
        Assert.Equal(DiagnosticCodes.StLinkServerError, e.Code);
    }

    public void Dispose()
    {
        _server.Dispose();
        _board.Dispose();
    }
}
