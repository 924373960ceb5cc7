using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Server;

/// <summary>A test client speaking the stlink-server protocol the way OpenOCD 0.12's stlink_tcp_* functions do.</summary>
internal sealed class StLinkTcpClient : IDisposable
{
    private readonly TcpClient _client = new();

    public StLinkTcpClient(IPEndPoint endPoint)
    {
        _client.Connect(endPoint);
        _client.ReceiveTimeout = 5000;
        Stream = _client.GetStream();
    }

    public NetworkStream Stream { get; }
    public uint ConnectId { get; private set; }

    public byte[] Request(byte[] request, int replySize)
    {
        Stream.Write(request);
        var reply = new byte[replySize];
        Stream.ReadExactly(reply);
        return reply;
    }

    public static uint U32(byte[] data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset));

    /// <summary>GET_SERVER_VERSION, REFRESH, GET_NB_DEV, GET_DEV_INFO, OPEN_DEV, as stlink_tcp_open does.</summary>
    public byte[] Open()
    {
        var version = Request([0x06, 1, 0, 0], 16);
        Assert.Equal(2u, U32(version, 0));
        Assert.Equal(1u, U32(Request([0x00, 0], 4), 0));
        Assert.Equal(1u, U32(Request([0x01], 4), 0));
        var info = Request([0x02, 0, 0, 0, 41, 0, 0, 0], 45);
        Assert.Equal(1u, U32(info, 0));
        var open = new byte[8];
        open[0] = 0x03;
        BinaryPrimitives.WriteUInt32LittleEndian(open.AsSpan(4), U32(info, 4));
        var opened = Request(open, 8);
        Assert.Equal(1u, U32(opened, 0));
        ConnectId = U32(opened, 4);
        return info;
    }

    /// <summary>SEND_USB_CMD with an IN phase: (TCP status, data).</summary>
    public (uint Status, byte[] Data) UsbRead(byte[] command, int size)
    {
        var frame = Header(command, direction: 1, size);
        var reply = Request(frame, 4 + size);
        return (U32(reply, 0), reply[4..]);
    }

    /// <summary>SEND_USB_CMD with an OUT phase: the TCP status.</summary>
    public uint UsbWrite(byte[] command, byte[] data)
    {
        var frame = Header(command, direction: 0, data.Length).Concat(data).ToArray();
        return U32(Request(frame, 4), 0);
    }

    public byte[] Header(byte[] command, byte direction, int size)
    {
        var frame = new byte[32];
        frame[0] = 0x05;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), ConnectId);
        command.CopyTo(frame, 8);
        frame[24] = direction;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(28), (uint)size);
        return frame;
    }

    public uint Close()
    {
        var close = new byte[8];
        close[0] = 0x04;
        BinaryPrimitives.WriteUInt32LittleEndian(close.AsSpan(4), ConnectId);
        return U32(Request(close, 4), 0);
    }

    /// <summary>True when the server closed the connection (read returns 0 bytes).</summary>
    public bool ServerClosed()
    {
        var buffer = new byte[1];
        try
        {
            return Stream.Read(buffer) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _client.Dispose();
}
