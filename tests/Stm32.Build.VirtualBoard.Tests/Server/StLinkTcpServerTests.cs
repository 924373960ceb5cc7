using System.Buffers.Binary;
using System.Text;
using Stm32.Build.VirtualBoard.Probe;
using Stm32.Build.VirtualBoard.Server;
using Stm32.Build.VirtualBoard.Tests.Probe;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Server;

public sealed class StLinkTcpServerTests : IDisposable
{
    private readonly ProbeFixture _board = new(ProbeModel.V3);
    private readonly StLinkTcpServer _server;

    public StLinkTcpServerTests()
    {
        _server = new StLinkTcpServer(_board.Probe, new object(), new StLinkTcpServerOptions { FrameTimeout = TimeSpan.FromMilliseconds(300) });
        _server.Start(0);
    }

    public void Dispose() => _server.Dispose();

    private StLinkTcpClient Connect() => new(_server.LocalEndPoint!);

    [Fact]
    public void The_open_sequence_reports_the_probe_and_USB_commands_reach_it()
    {
        using var client = Connect();
        var info = client.Open();
        Assert.Equal("TESTSERIAL", Encoding.ASCII.GetString(info, 8, 32).TrimEnd('\0'));
        Assert.Equal(0x0483, BinaryPrimitives.ReadUInt16LittleEndian(info.AsSpan(40)));
        Assert.Equal(0x374F, BinaryPrimitives.ReadUInt16LittleEndian(info.AsSpan(42)));
        Assert.Equal(0, info[44]); // not in use
        var (status, version) = client.UsbRead([0xFB], 12);
        Assert.Equal(1u, status);
        Assert.Equal(13, version[2]);
        var (_, enter) = client.UsbRead([0xF2, 0x30, 0xA3], 2);
        Assert.Equal(0x80, enter[0]);
        var mem = new byte[16];
        mem[0] = 0xF2; mem[1] = 0x08;
        BinaryPrimitives.WriteUInt32LittleEndian(mem.AsSpan(2), 0x20000010);
        mem[6] = 8;
        Assert.Equal(1u, client.UsbWrite(mem, [1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], _board.Target.Ram[0x10..0x18]);
        Assert.Equal(1u, client.Close());
    }

    [Fact]
    public void An_unknown_command_gets_CMD_NOT_AVAILABLE_and_the_connection_closes()
    {
        using var client = Connect();
        var reply = client.Request([0x42, 0, 0, 0], 4);
        Assert.Equal((uint)StLinkTcpStatus.CommandNotAvailable, StLinkTcpClient.U32(reply, 0));
        Assert.True(client.ServerClosed());
        using var next = Connect(); // the server itself goes on
        next.Open();
    }

    [Fact]
    public void A_truncated_frame_gets_TRUNCATED_DATA_after_the_frame_timeout()
    {
        using var client = Connect();
        client.Stream.Write([0x05, 0, 0, 0, 1, 0]); // 6 of 32 header bytes, then silence
        var reply = new byte[4];
        client.Stream.ReadExactly(reply);
        Assert.Equal((uint)StLinkTcpStatus.TruncatedData, StLinkTcpClient.U32(reply, 0));
        Assert.True(client.ServerClosed());
    }

    [Fact]
    public void A_corrupted_header_or_a_foreign_connect_id_is_a_bad_parameter()
    {
        using var client = Connect();
        client.Open();
        var frame = client.Header([0xF5], direction: 7, size: 2);
        Assert.Equal((uint)StLinkTcpStatus.BadParameter, StLinkTcpClient.U32(client.Request(frame, 4), 0));
        Assert.True(client.ServerClosed());

        using var other = Connect();
        other.Open();
        var bogus = other.Header([0xF5], direction: 1, size: 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bogus.AsSpan(4), 0xDEADBEEF);
        var reply = other.Request(bogus, 6); // the reply keeps its full size so the client stays in step
        Assert.Equal((uint)StLinkTcpStatus.BadParameter, StLinkTcpClient.U32(reply, 0));
        Assert.Equal(1u, other.UsbRead([0xF5], 2).Status);
    }

    [Fact]
    public void A_client_that_disconnects_frees_the_probe_and_leaves_debug_mode()
    {
        using (var first = Connect())
        {
            first.Open();
            Assert.Equal(0x80, first.UsbRead([0xF2, 0x30, 0xA3], 2).Data[0]);
            using var second = Connect();
            var info = second.Request([0x02, 0, 0, 0, 41, 0, 0, 0], 45);
            Assert.Equal(1, info[44]); // in use
            var open = new byte[8];
            open[0] = 0x03;
            open[4] = 1;
            Assert.Equal((uint)StLinkTcpStatus.TcpBusy, StLinkTcpClient.U32(second.Request(open, 8), 0));
        }
        Assert.True(SpinWait.SpinUntil(() => _board.Probe.Mode == StLinkMode.MassStorage, TimeSpan.FromSeconds(5)));
        using var third = Connect();
        third.Open();
        Assert.True(_server.ClientsServed >= 3);
    }

    [Fact]
    public void A_probe_that_left_the_bus_gives_a_timeout_status_and_no_device()
    {
        using var client = Connect();
        client.Open();
        _board.Probe.Unplug();
        Assert.Equal((uint)StLinkTcpStatus.Timeout, client.UsbRead([0xF5], 2).Status);
        Assert.Equal(0u, StLinkTcpClient.U32(client.Request([0x01], 4), 0));
    }

    [Fact]
    public void Listening_on_a_port_in_use_is_a_coded_error()
    {
        using var another = new StLinkTcpServer(_board.Probe, new object());
        var ex = Assert.Throws<Stm32.Build.Diagnostics.Stm32Exception>(() => another.Start(_server.LocalEndPoint!.Port));
        Assert.Equal("STM5510", ex.Code);
    }

    [Fact]
    public void Random_garbage_never_takes_the_server_down()
    {
        var random = new Random(20261124);
        for (var round = 0; round < 8; round++)
        {
            var garbage = new byte[random.Next(1, 200)];
            random.NextBytes(garbage);
            using var client = Connect();
            client.Stream.Write(garbage);
            client.Stream.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            var buffer = new byte[4096];
            while (client.Stream.Read(buffer) > 0)
            {
                // drain whatever the server answers until it closes the connection
            }
        }
        using var healthy = Connect();
        healthy.Open();
        Assert.Equal(0x80, healthy.UsbRead([0xF2, 0x30, 0xA3], 2).Data[0]);
    }
}
