using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stm32.Build.StLink.Transport.Tcp;

namespace Stm32.Build.StLink.Tests.Transport;

/// <summary>
/// The stlink-server requests byte for byte, against a recording server scripted from the layouts in OpenOCD 0.12
/// stlink_usb.c (stlink_tcp_open, stlink_tcp_xfer_noerrcheck, stlink_tcp_close).
/// </summary>
public sealed class StLinkServerFrameTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<byte[]> _requests = [];
    private readonly Task _server;

    public StLinkServerFrameTests()
    {
        _listener.Start();
        _server = Task.Run(ServeAsync);
    }

    private static byte[] Status(uint status, params byte[] rest)
    {
        var b = new byte[4 + rest.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(b, status);
        rest.CopyTo(b, 4);
        return b;
    }

    private async Task ServeAsync()
    {
        using var s = await _listener.AcceptSocketAsync();
        while (true)
        {
            var first = new byte[1];
            if (await s.ReceiveAsync(first) == 0)
            {
                return;
            }
            var size = first[0] switch { 0x06 => 4, 0x00 => 2, 0x01 => 1, 0x05 => 32, _ => 8 };
            var request = new byte[size];
            request[0] = first[0];
            await ReadExactly(s, request.AsMemory(1));
            if (first[0] == 0x05 && request[24] == 0)
            {
                var data = new byte[BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(28))];
                await ReadExactly(s, data);
                request = [.. request, .. data];
            }
            lock (_requests)
            {
                _requests.Add(request);
            }
            byte[] reply = first[0] switch
            {
                0x06 => [2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0],
                0x00 => Status(1),
                0x01 => [1, 0, 0, 0],
                0x02 => DeviceInfo(),
                0x03 => Status(1, 0x44, 0x33, 0x22, 0x11),
                0x04 => Status(1),
                _ => request[24] == 1 ? Status(1, [.. Enumerable.Range(0, (int)BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(28))).Select(i => (byte)i)]) : Status(1),
            };
            await s.SendAsync(reply);
        }
    }

    private static byte[] DeviceInfo()
    {
        var b = new byte[45];
        BinaryPrimitives.WriteUInt32LittleEndian(b, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 7);
        Encoding.ASCII.GetBytes("0670FF3638").CopyTo(b, 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(40), 0x0483);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(42), 0x374B);
        return b;
    }

    private static async Task ReadExactly(Socket s, Memory<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var n = await s.ReceiveAsync(buffer);
            if (n == 0)
            {
                throw new IOException("closed");
            }
            buffer = buffer[n..];
        }
    }

    private string[] Requests()
    {
        lock (_requests)
        {
            return _requests.Select(Convert.ToHexString).ToArray();
        }
    }

    [Fact]
    public async Task Version_list_open_transfer_and_close_frames()
    {
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        using (var client = StLinkServerClient.Connect("127.0.0.1", port, TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(2u, client.ApiVersion);
            Assert.Equal("3.1.9", client.ServerVersion);
            var device = Assert.Single(client.ListDevices());
            Assert.Equal(new StLinkServerDevice(7, "0670FF3638", 0x0483, 0x374B, false), device);
            var connectId = client.Open(device.DeviceId);
            Assert.Equal(0x11223344u, connectId);

            var input = new byte[6];
            Assert.Equal(6, client.SendUsbCommand(connectId, [0xF1], default, input));
            Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5 }, input);
            client.SendUsbCommand(connectId, [0xF2, 0x08, 0x00, 0x00, 0x00, 0x24, 0x04, 0x00], new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, default);
            client.Close(connectId);
        }
        await _server.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(
        [
            "06010000",                 // GET_SERVER_VERSION, client API 1
            "0000",                     // REFRESH_DEVICE_LIST, don't clear
            "01",                       // GET_NB_DEV
            "0200000029000000",         // GET_DEV_INFO #0, 41 bytes of TDeviceInfo2
            "0300000007000000",         // OPEN_DEV device 7
            // SEND_USB_CMD: connect id, 16-byte command, direction 1 (read), size 6
            "05000000" + "44332211" + "F1000000000000000000000000000000" + "01000000" + "06000000",
            // SEND_USB_CMD: direction 0 (write), size 4, then the data
            "05000000" + "44332211" + "F2080000002404000000000000000000" + "00000000" + "04000000" + "DEADBEEF",
            "0400000044332211",         // CLOSE_DEV
        ], Requests());
    }

    public void Dispose() => _listener.Stop();
}
