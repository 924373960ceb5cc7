using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;

namespace Stm32.Build.StLink.Transport.Tcp;

/// <summary>One probe as the ST-LINK server lists it (GET_DEV_INFO, TDeviceInfo2).</summary>
/// <param name="DeviceId">The server's device ID, used to open it.</param>
/// <param name="SerialNumber">The serial number.</param>
/// <param name="VendorId">The USB vendor ID.</param>
/// <param name="ProductId">The USB product ID.</param>
/// <param name="InUse">Whether another client has it open exclusively.</param>
public sealed record StLinkServerDevice(uint DeviceId, string SerialNumber, ushort VendorId, ushort ProductId, bool InUse);

/// <summary>
/// A client of ST's ST-LINK server (stlink-server) protocol, as OpenOCD 0.12's stlink_tcp_* functions speak it
/// (src/jtag/drivers/stlink_usb.c): little-endian requests whose first byte is the request code, replies starting
/// with a 32-bit status (1 = OK). USB commands travel in a 32-byte header (request, connect ID, the 16-byte
/// command block, direction, data size) followed by OUT data; the reply is the status then IN data.
/// Every read is bounded by the timeout.
/// </summary>
public sealed class StLinkServerClient : IDisposable
{
    private readonly Socket _socket;
    private readonly string _endpoint;
    private bool _disposed;

    private StLinkServerClient(Socket socket, string endpoint)
    {
        _socket = socket;
        _endpoint = endpoint;
        RemoteEndpoint = socket.RemoteEndPoint is IPEndPoint ip
            ? (ip.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ip.Address.MapToIPv4(), ip.Port) : ip).ToString()
            : endpoint;
    }

    /// <summary>host:port of the server, as the selection named it.</summary>
    public string Endpoint => _endpoint;

    /// <summary>The address and port actually connected to (<c>127.0.0.1:7184</c>), whatever name the selection used.</summary>
    public string RemoteEndpoint { get; }

    /// <summary>The server's API version (GET_SERVER_VERSION), 0 before <see cref="Connect"/> completes.</summary>
    public uint ApiVersion { get; private set; }

    /// <summary>The server's version as <c>major.minor.build</c>.</summary>
    public string ServerVersion { get; private set; } = "";

    /// <summary>
    /// Connects (bounded by <paramref name="connectTimeout"/>, 5 s by default) and reads the server version; every
    /// reply afterwards is bounded by <paramref name="timeout"/>.
    /// </summary>
    public static StLinkServerClient Connect(string host, int port, TimeSpan timeout, TimeSpan? connectTimeout = null)
    {
        var endpoint = string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cts = new CancellationTokenSource(connectTimeout ?? TimeSpan.FromSeconds(5));
            socket.ConnectAsync(host, port, cts.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw ProbeErrors.Create(DiagnosticCodes.StLinkServerError,
                $"cannot connect to the ST-LINK server at {endpoint} ({(ex is OperationCanceledException ? "timed out" : ex.Message)}); start stlink-server (or `stm32 sim serve`) or check the address", inner: ex);
        }
        socket.ReceiveTimeout = (int)Math.Max(1, timeout.TotalMilliseconds);
        socket.SendTimeout = (int)Math.Max(1, timeout.TotalMilliseconds);
        var client = new StLinkServerClient(socket, endpoint);
        try
        {
            Span<byte> request = [StLinkServerProtocol.GetServerVersion, StLinkServerProtocol.ClientApiVersion, 0, 0];
            Span<byte> reply = stackalloc byte[16];
            client.Exchange(request, reply, checkStatus: false);
            client.ApiVersion = BinaryPrimitives.ReadUInt32LittleEndian(reply);
            client.ServerVersion = string.Create(CultureInfo.InvariantCulture,
                $"{BinaryPrimitives.ReadUInt32LittleEndian(reply[4..])}.{BinaryPrimitives.ReadUInt32LittleEndian(reply[8..])}.{BinaryPrimitives.ReadUInt32LittleEndian(reply[12..])}");
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>REFRESH_DEVICE_LIST, GET_NB_DEV and GET_DEV_INFO for each probe.</summary>
    public IReadOnlyList<StLinkServerDevice> ListDevices()
    {
        Span<byte> status = stackalloc byte[4];
        Exchange([StLinkServerProtocol.RefreshDeviceList, 0], status, checkStatus: true);
        Span<byte> count = stackalloc byte[4];
        Exchange([StLinkServerProtocol.GetNumberOfDevices], count, checkStatus: false);
        var n = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(count), 255u);
        var list = new List<StLinkServerDevice>((int)n);
        Span<byte> request = stackalloc byte[8];
        Span<byte> reply = stackalloc byte[4 + StLinkServerProtocol.DeviceInfoSize];
        for (var i = 0u; i < n; i++)
        {
            request.Clear();
            request[0] = StLinkServerProtocol.GetDeviceInfo;
            request[1] = (byte)i;
            BinaryPrimitives.WriteUInt32LittleEndian(request[4..], StLinkServerProtocol.DeviceInfoSize);
            Exchange(request, reply, checkStatus: true);
            var serialField = reply.Slice(8, StLinkServerProtocol.SerialSize);
            var end = serialField.IndexOf((byte)0);
            var serial = Encoding.ASCII.GetString(end < 0 ? serialField : serialField[..end]);
            list.Add(new StLinkServerDevice(
                BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]),
                serial,
                BinaryPrimitives.ReadUInt16LittleEndian(reply[40..]),
                BinaryPrimitives.ReadUInt16LittleEndian(reply[42..]),
                reply[44] != 0));
        }
        return list;
    }

    /// <summary>OPEN_DEV: returns the connect ID used by every later USB command.</summary>
    public uint Open(uint deviceId)
    {
        Span<byte> request = stackalloc byte[8];
        request[0] = StLinkServerProtocol.OpenDevice;
        BinaryPrimitives.WriteUInt32LittleEndian(request[4..], deviceId);
        Span<byte> reply = stackalloc byte[8];
        Exchange(request, reply, checkStatus: true);
        return BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]);
    }

    /// <summary>CLOSE_DEV.</summary>
    public void Close(uint connectId)
    {
        Span<byte> request = stackalloc byte[8];
        request[0] = StLinkServerProtocol.CloseDevice;
        BinaryPrimitives.WriteUInt32LittleEndian(request[4..], connectId);
        Span<byte> reply = stackalloc byte[4];
        Exchange(request, reply, checkStatus: true);
    }

    /// <summary>SEND_USB_CMD: one ST-LINK command through the server.</summary>
    public int SendUsbCommand(uint connectId, ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn)
    {
        if (command.Length > StLinkLimits.CommandSize)
        {
            throw ProbeErrors.Invalid($"ST-LINK command block of {command.Length} bytes (at most {StLinkLimits.CommandSize})");
        }
        if (!dataOut.IsEmpty && !dataIn.IsEmpty)
        {
            throw ProbeErrors.Invalid("an ST-LINK command has either an OUT or an IN data phase, not both");
        }
        var header = StLinkServerProtocol.UsbCommandHeaderSize;
        if (header + dataOut.Length > StLinkServerProtocol.BufferSize || 4 + dataIn.Length > StLinkServerProtocol.BufferSize)
        {
            throw ProbeErrors.Invalid($"transfer of {Math.Max(dataOut.Length, dataIn.Length)} bytes exceeds the ST-LINK server's buffer ({StLinkServerProtocol.BufferSize} bytes)");
        }
        var request = new byte[header + dataOut.Length];
        request[0] = StLinkServerProtocol.SendUsbCommand;
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4), connectId);
        command.CopyTo(request.AsSpan(8, StLinkLimits.CommandSize));
        request[24] = dataOut.IsEmpty ? StLinkServerProtocol.RequestRead : StLinkServerProtocol.RequestWrite;
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(28), (uint)Math.Max(dataOut.Length, dataIn.Length));
        dataOut.CopyTo(request.AsSpan(header));
        var reply = new byte[4 + dataIn.Length];
        Exchange(request, reply, checkStatus: true);
        reply.AsSpan(4).CopyTo(dataIn);
        return dataIn.Length;
    }

    /// <summary>Sends a request and reads exactly <paramref name="reply"/>.Length bytes; TCP_BUSY is retried a bounded number of times.</summary>
    private void Exchange(ReadOnlySpan<byte> request, Span<byte> reply, bool checkStatus)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var attempt = 0; ; attempt++)
        {
            SendAll(request);
            ReceiveAll(reply);
            if (!checkStatus)
            {
                return;
            }
            var status = BinaryPrimitives.ReadUInt32LittleEndian(reply);
            if (status == StLinkServerProtocol.StatusOk)
            {
                return;
            }
            if (status == StLinkServerProtocol.StatusTimeout && request[0] == StLinkServerProtocol.SendUsbCommand)
            {
                throw TransportException.Create(TransportErrorKind.Timeout, "stlink-server " + _endpoint, "the server's USB transfer to the probe timed out (STLINK_TCP_SS_TIMEOUT); the probe may have been unplugged");
            }
            if (status == StLinkServerProtocol.StatusBusy && attempt < StLinkLimits.MaxWaitRetries)
            {
                Thread.Sleep(1 << attempt);
                continue;
            }
            throw ProbeErrors.Create(DiagnosticCodes.StLinkServerError,
                $"the ST-LINK server at {_endpoint} refused request 0x{request[0]:X2}: status 0x{status:X8} ({StLinkServerProtocol.DescribeStatus(status)})");
        }
    }

    private void SendAll(ReadOnlySpan<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var n = _socket.Send(data);
                data = data[n..];
            }
        }
        catch (SocketException ex)
        {
            throw Map(ex);
        }
    }

    private void ReceiveAll(Span<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var n = _socket.Receive(data);
                if (n == 0)
                {
                    throw TransportException.Create(TransportErrorKind.Disconnected, "stlink-server " + _endpoint, "the server closed the connection");
                }
                data = data[n..];
            }
        }
        catch (SocketException ex)
        {
            throw Map(ex);
        }
    }

    private TransportException Map(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.TimedOut or SocketError.WouldBlock => TransportException.Create(TransportErrorKind.Timeout, "stlink-server " + _endpoint, "no reply from the server", ex),
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected =>
            TransportException.Create(TransportErrorKind.Disconnected, "stlink-server " + _endpoint, ex.Message, ex),
        _ => TransportException.Create(TransportErrorKind.Io, "stlink-server " + _endpoint, ex.Message, ex),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _socket.Dispose();
    }
}

/// <summary>An <see cref="IStLinkTransport"/> over an open device of an ST-LINK server.</summary>
public sealed class StLinkServerTransport : IStLinkTransport
{
    private readonly StLinkServerClient _client;
    private readonly uint _connectId;
    private bool _disposed;

    /// <summary>Opens <paramref name="device"/> on the server; the transport owns <paramref name="client"/> from now on.</summary>
    public StLinkServerTransport(StLinkServerClient client, StLinkServerDevice device)
    {
        _client = client;
        var model = StLinkUsbIds.Find(device.VendorId, device.ProductId);
        Probe = new ProbeDescriptor(ProbeTransportKind.Tcp, device.SerialNumber, device.VendorId, device.ProductId,
            model?.Name ?? "unknown", client.Endpoint, model?.Supported ?? false)
        {
            LockKey = ProbeDescriptor.ServerLockKey(client.RemoteEndpoint, device.SerialNumber),
        };
        if (device.InUse)
        {
            throw TransportException.Create(TransportErrorKind.Busy, Probe.DisplayName, "the ST-LINK server reports it already in use");
        }
        _connectId = client.Open(device.DeviceId);
    }

    /// <inheritdoc />
    public ProbeDescriptor Probe { get; }

    /// <inheritdoc />
    /// <remarks>A server of API v1 crashes above 1428 bytes per command on Windows (OpenOCD); 1 KiB is used then.</remarks>
    public int MaxPacket => _client.ApiVersion < 2 ? StLinkServerProtocol.ApiV1MaxPacket : 0;

    /// <inheritdoc />
    /// <remarks>
    /// The server answers STLINK_TCP_SS_TIMEOUT both for a probe that is slow and for one that was unplugged; the
    /// transport tells them apart by asking the server whether it still lists the probe, so that a vanished probe is
    /// <see cref="TransportErrorKind.Disconnected"/> (STM3008) here exactly as it is over USB and in process.
    /// </remarks>
    public int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return _client.SendUsbCommand(_connectId, command, dataOut, dataIn);
        }
        catch (TransportException ex) when (ex.Kind == TransportErrorKind.Timeout && !StillListed())
        {
            throw TransportException.Create(TransportErrorKind.Disconnected, Probe.DisplayName,
                "the ST-LINK server no longer lists it: it was unplugged or its USB connection reset", ex);
        }
    }

    /// <summary>Whether the server still lists this probe; false when the server cannot be asked any more.</summary>
    private bool StillListed()
    {
        try
        {
            return _client.ListDevices().Any(d => d.SerialNumber == Probe.SerialNumber);
        }
        catch (TransportException)
        {
            return false; // the connection to the server is gone too: the probe is out of reach
        }
        catch (ProbeException)
        {
            return true; // the server answered something else: keep the timeout as it was
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            _client.Close(_connectId);
        }
        catch (ProbeException)
        {
            // The connection may already be gone; closing the socket below is all that is left to do.
        }
        _client.Dispose();
    }
}
