using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Server;

public sealed partial class StLinkTcpServer
{
    /// <summary>ST-LINK EXIT (debug command group 0xF2, sub-command 0x21): sent for a client that vanished with the probe open.</summary>
    private static readonly byte[] s_exitDebug = [0xF2, 0x21];

    private sealed class Session(TcpClient client, string peer)
    {
        public Socket Socket { get; } = client.Client;
        public NetworkStream Stream { get; } = client.GetStream();
        public string Peer { get; } = peer;
        public uint ConnectId { get; set; }
    }

    private void Serve(TcpClient client)
    {
        Session? session = null;
        try
        {
            client.NoDelay = true;
            client.SendTimeout = (int)_options.FrameTimeout.TotalMilliseconds;
            session = new Session(client, client.Client.RemoteEndPoint?.ToString() ?? "client");
            Log?.Invoke($"{session.Peer}: connected");
            while (!_stopping)
            {
                // Between frames a client may stay silent up to the idle timeout (0: for ever).
                session.Socket.ReceiveTimeout = (int)Math.Min(int.MaxValue, _options.IdleTimeout.TotalMilliseconds);
                var first = session.Stream.ReadByte();
                if (first < 0 || !HandleFrame(session, (byte)first))
                {
                    break;
                }
            }
        }
        catch (IOException ex) when (!_stopping && ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            Interlocked.Increment(ref _clientsTimedOut);
            Log?.Invoke($"{session?.Peer}: silent for {_options.IdleTimeout.TotalSeconds:0.###} s (the idle timeout); disconnected{(session?.ConnectId is > 0 ? " and the probe freed" : "")}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            if (session is not null)
            {
                Release(session);
                Log?.Invoke($"{session.Peer}: disconnected");
            }
            lock (_clients)
            {
                _clients.Remove(client);
            }
            client.Dispose();
        }
    }

    /// <summary>Handles one frame whose command byte has been read; false closes the connection.</summary>
    private bool HandleFrame(Session session, byte command)
    {
        switch (command)
        {
            case StLinkTcpProtocol.RefreshDeviceList:
                if (ReadRest(session, 1) is null) return false;
                Reply(session, Status(StLinkTcpStatus.Ok, 0));
                return true;
            case StLinkTcpProtocol.GetDeviceCount:
            {
                var reply = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(reply, _probe.IsConnected ? 1u : 0u);
                Reply(session, reply);
                return true;
            }
            case StLinkTcpProtocol.GetDeviceInfo:
            {
                var request = ReadRest(session, 7);
                if (request is null) return false;
                Reply(session, DeviceInfo(request[0]));
                return true;
            }
            case StLinkTcpProtocol.OpenDevice:
            {
                var request = ReadRest(session, 7);
                if (request is null) return false;
                Reply(session, Open(session, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(3))));
                return true;
            }
            case StLinkTcpProtocol.CloseDevice:
            {
                var request = ReadRest(session, 7);
                if (request is null) return false;
                var id = BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(3));
                var ok = id != 0 && id == session.ConnectId;
                if (ok)
                {
                    Interlocked.CompareExchange(ref _owner, 0, id);
                    session.ConnectId = 0;
                }
                Reply(session, Status(ok ? StLinkTcpStatus.Ok : StLinkTcpStatus.BadParameter, 0));
                return true;
            }
            case StLinkTcpProtocol.SendUsbCommand:
                return UsbCommand(session);
            case StLinkTcpProtocol.GetServerVersion:
            {
                if (ReadRest(session, 3) is null) return false;
                var reply = new byte[16];
                BinaryPrimitives.WriteUInt32LittleEndian(reply, StLinkTcpProtocol.ServerApiVersion);
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(4), StLinkTcpProtocol.ServerVersion.Major);
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(8), StLinkTcpProtocol.ServerVersion.Minor);
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(12), StLinkTcpProtocol.ServerVersion.Build);
                Reply(session, reply);
                return true;
            }
            case StLinkTcpProtocol.GetDeviceClientCount:
            {
                if (ReadRest(session, 7) is null) return false;
                var reply = Status(StLinkTcpStatus.Ok, 4);
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(4), Interlocked.Read(ref _owner) != 0 ? 1u : 0u);
                Reply(session, reply);
                return true;
            }
            default:
                // Frame sizes depend on the command, so after an unknown command the stream cannot be resynchronised:
                // answer "command not available" and close this connection.
                Log?.Invoke(new Diagnostic(DiagnosticCodes.StLinkServerBadFrame, DiagnosticSeverity.Warning,
                    $"{session.Peer}: unknown command 0x{command:X2}; connection closed").ToCanonicalString());
                Reply(session, Status(StLinkTcpStatus.CommandNotAvailable, 0));
                return false;
        }
    }

    private bool UsbCommand(Session session)
    {
        var header = ReadRest(session, StLinkTcpProtocol.UsbCommandHeaderSize - 1);
        if (header is null) return false;
        // header[i] is byte i+1 of the frame.
        var connectId = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(3));
        var usbCommand = header.AsSpan(7, 16).ToArray();
        var direction = header[23];
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(27));
        var isWrite = direction == StLinkTcpProtocol.DirectionWrite;
        var limit = isWrite ? StLinkTcpProtocol.MaxRequestSize - StLinkTcpProtocol.UsbCommandHeaderSize : StLinkTcpProtocol.MaxReplySize - 4;
        if (size > limit || direction is not (StLinkTcpProtocol.DirectionWrite or StLinkTcpProtocol.DirectionRead or StLinkTcpProtocol.DirectionReadSwo))
        {
            Log?.Invoke(new Diagnostic(DiagnosticCodes.StLinkServerBadFrame, DiagnosticSeverity.Warning,
                $"{session.Peer}: corrupted USB command frame (direction {direction}, size {size}); connection closed").ToCanonicalString());
            Reply(session, Status(StLinkTcpStatus.BadParameter, 0));
            return false;
        }
        var dataOut = Array.Empty<byte>();
        if (isWrite && size > 0)
        {
            dataOut = ReadRest(session, (int)size) ?? throw new IOException("truncated");
        }
        var inSize = isWrite ? 0 : (int)size;
        var reply = Status(StLinkTcpStatus.Ok, inSize);
        if (connectId == 0 || connectId != session.ConnectId)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(reply, (uint)StLinkTcpStatus.BadParameter);
        }
        else if (direction == StLinkTcpProtocol.DirectionReadSwo)
        {
            // SWO is not modelled: the trace endpoint has nothing; the data is zeros.
        }
        else
        {
            try
            {
                lock (_gate)
                {
                    _probe.Transfer(usbCommand, dataOut, reply.AsSpan(4, inSize));
                }
            }
            catch (VirtualProbeDisconnectedException)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(reply, (uint)StLinkTcpStatus.Timeout);
            }
            catch (Stm32Exception ex)
            {
                Log?.Invoke(ex.Diagnostic.ToCanonicalString());
                BinaryPrimitives.WriteUInt32LittleEndian(reply, (uint)StLinkTcpStatus.BadParameter);
            }
        }
        Reply(session, reply);
        return true;
    }

    private byte[] DeviceInfo(byte index)
    {
        var reply = Status(StLinkTcpStatus.Ok, StLinkTcpProtocol.DeviceInfoSize);
        if (index != 0 || !_probe.IsConnected)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(reply, (uint)StLinkTcpStatus.BadParameter);
            return reply;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(4), DeviceId);
        var serial = Encoding.ASCII.GetBytes(_probe.SerialNumber);
        serial.AsSpan(0, Math.Min(serial.Length, StLinkTcpProtocol.SerialSize - 1)).CopyTo(reply.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(40), _probe.VendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(42), _probe.ProductId);
        reply[44] = Interlocked.Read(ref _owner) != 0 ? (byte)1 : (byte)0;
        return reply;
    }

    private byte[] Open(Session session, uint deviceId)
    {
        var reply = Status(StLinkTcpStatus.Ok, 4);
        if (deviceId != DeviceId || !_probe.IsConnected)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(reply, (uint)StLinkTcpStatus.OpenError);
            return reply;
        }
        var id = session.ConnectId != 0 ? session.ConnectId : (uint)Interlocked.Increment(ref _nextConnectId);
        var previous = Interlocked.CompareExchange(ref _owner, id, 0);
        if (previous != 0 && previous != id)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(reply, (uint)StLinkTcpStatus.TcpBusy);
            return reply;
        }
        session.ConnectId = id;
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(4), id);
        Log?.Invoke($"{session.Peer}: opened the ST-LINK (connect id 0x{id:X8})");
        return reply;
    }

    /// <summary>A client gone with the probe open: leave debug mode for it and free the probe.</summary>
    private void Release(Session session)
    {
        if (session.ConnectId == 0 || Interlocked.Read(ref _owner) != session.ConnectId)
        {
            return;
        }
        try
        {
            lock (_gate)
            {
                if (_probe.IsConnected)
                {
                    _probe.Transfer(s_exitDebug, [], []);
                }
            }
        }
        catch (Stm32Exception)
        {
            // The probe left the bus meanwhile: nothing to close.
        }
        Interlocked.CompareExchange(ref _owner, 0, session.ConnectId);
        session.ConnectId = 0;
    }

    /// <summary>Reads the rest of a frame, bounded by the frame timeout; null (after a TRUNCATED_DATA reply) when it does not come.</summary>
    private byte[]? ReadRest(Session session, int count)
    {
        var buffer = new byte[count];
        session.Socket.ReceiveTimeout = Math.Max(1, (int)_options.FrameTimeout.TotalMilliseconds);
        try
        {
            session.Stream.ReadExactly(buffer);
            return buffer;
        }
        catch (Exception ex) when (!_stopping && (ex is EndOfStreamException
            || ex is IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock } }))
        {
            Log?.Invoke(new Diagnostic(DiagnosticCodes.StLinkServerBadFrame, DiagnosticSeverity.Warning,
                $"{session.Peer}: truncated frame ({count} more bytes expected within {_options.FrameTimeout.TotalSeconds:0.###} s); connection closed").ToCanonicalString());
            if (ex is IOException)
            {
                Reply(session, Status(StLinkTcpStatus.TruncatedData, 0));
            }
            return null;
        }
    }

    /// <summary>Sends a reply (bounded by the socket's send timeout, the frame timeout).</summary>
    private static void Reply(Session session, byte[] reply) => session.Stream.Write(reply);

    private static byte[] Status(StLinkTcpStatus status, int extra)
    {
        var reply = new byte[4 + extra];
        BinaryPrimitives.WriteUInt32LittleEndian(reply, (uint)status);
        return reply;
    }
}
