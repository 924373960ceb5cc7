using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Stm32.Build.Emulator.Gdb;

/// <summary>
/// A client of the GDB remote serial protocol, written for driving QEMU's gdbstub as a reference model:
/// packets with acknowledgement, <c>qSupported</c>, <c>?</c>, <c>g/G</c>, <c>p/P</c>, <c>m/M</c>, <c>s</c>, <c>c</c>,
/// <c>Z0/z0</c>, <c>qXfer:features:read</c> and <c>k</c>. Every wait is bounded by <see cref="Timeout"/>.
/// Not thread-safe: one request at a time.
/// </summary>
public sealed partial class GdbRemoteClient : IDisposable
{
    private const int MaxResends = 3;
    private readonly Stream _stream;
    private readonly IDisposable? _owner;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _bufferStart;
    private int _bufferEnd;
    private bool _disposed;
    private Task<int>? _pendingRead;

    /// <summary>Wraps an already-connected byte stream (a socket, a pipe to a stub).</summary>
    public GdbRemoteClient(Stream stream, IDisposable? owner = null)
    {
        _stream = stream;
        _owner = owner;
    }

    /// <summary>How long one request may wait for its acknowledgement and its reply.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether <c>QStartNoAckMode</c> was accepted: no <c>+</c>/<c>-</c> are exchanged.</summary>
    public bool NoAckMode { get; private set; }

    /// <summary>The largest packet the stub accepts (its <c>PacketSize</c> feature; 4000 bytes until it says).</summary>
    public int PacketSize { get; private set; } = 4000;

    /// <summary>The stub's <c>qSupported</c> features (<c>name</c> → value, <c>+</c>/<c>-</c> for booleans).</summary>
    public IReadOnlyDictionary<string, string> Features { get; private set; } = new Dictionary<string, string>();

    /// <summary>Packets sent so far (for speed reports).</summary>
    public long PacketsSent { get; private set; }

    /// <summary>Connects over TCP, retrying until <paramref name="timeout"/> while the stub is not yet listening.</summary>
    public static GdbRemoteClient Connect(string host, int port, TimeSpan timeout, Func<bool>? keepTrying = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline && (keepTrying?.Invoke() ?? true))
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                var connect = client.ConnectAsync(host, port);
                if (connect.Wait(Remaining(deadline)) && client.Connected)
                {
                    return new GdbRemoteClient(client.GetStream(), client);
                }
            }
            catch (Exception ex) when (ex is SocketException or AggregateException or IOException)
            {
                last = ex;
            }
            client.Dispose();
            Thread.Sleep(50);
        }
        throw GdbException.Connection($"could not connect to the GDB stub at {host}:{port.ToString(CultureInfo.InvariantCulture)} within {timeout.TotalSeconds:0.#} s", last);
    }

    /// <summary>Sends a packet and returns the reply packet's payload (decoded).</summary>
    public string Request(string payload)
    {
        Send(payload);
        return ReceivePacket(DateTime.UtcNow + Timeout, payload);
    }

    /// <summary>Sends a packet and checks the reply is <c>OK</c>.</summary>
    public void RequestOk(string payload, uint? address = null)
    {
        var reply = Request(payload);
        if (reply != "OK")
        {
            throw IsError(reply) ? GdbException.ErrorReply(payload, reply, address) : GdbException.Protocol($"'{payload}' answered '{reply}' instead of OK");
        }
    }

    /// <summary>Sends a packet (waiting for its acknowledgement unless in no-ack mode) without waiting for a reply.</summary>
    public void Send(string payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var framed = GdbPacket.Frame(payload);
        var deadline = DateTime.UtcNow + Timeout;
        for (var attempt = 0; ; attempt++)
        {
            Write(framed);
            PacketsSent++;
            if (NoAckMode)
            {
                return;
            }
            var ack = ReadByte(deadline, "the acknowledgement of '" + Truncate(payload) + "'");
            // A stub may send a stray notification or '+' duplicates; only '+' and '-' matter here.
            while (ack != '+' && ack != '-')
            {
                ack = ReadByte(deadline, "the acknowledgement of '" + Truncate(payload) + "'");
            }
            if (ack == '+')
            {
                return;
            }
            if (attempt + 1 >= MaxResends)
            {
                throw GdbException.Protocol($"'{Truncate(payload)}' was rejected {MaxResends} times");
            }
        }
    }

    /// <summary>Sends the interrupt byte (0x03), which stops a running target; the stop reply follows.</summary>
    public void Interrupt() => Write([0x03]);

    /// <summary>Waits for the next packet (for example the stop reply after <c>c</c>) until the deadline.</summary>
    public string ReceivePacket(DateTime deadline, string what)
    {
        while (true)
        {
            var b = ReadByte(deadline, "'" + Truncate(what) + "'");
            if (b == '$')
            {
                break;
            }
            // '+' (stray acks), '%' notifications are ignored; anything else before '$' is noise.
        }
        var body = new List<byte>(256);
        while (true)
        {
            var b = ReadByte(deadline, "'" + Truncate(what) + "'");
            if (b == '#')
            {
                break;
            }
            body.Add((byte)b);
            if (body.Count > 1 << 20)
            {
                throw GdbException.Protocol("a packet longer than 1 MiB");
            }
        }
        var c1 = ReadByte(deadline, "a checksum");
        var c2 = ReadByte(deadline, "a checksum");
        var raw = body.ToArray();
        var ok = byte.TryParse(string.Concat((char)c1, (char)c2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var sum)
            && sum == GdbPacket.Checksum(raw);
        if (!NoAckMode)
        {
            Write([ok ? (byte)'+' : (byte)'-']);
        }
        if (!ok)
        {
            // The stub resends after '-'.
            return ReceivePacket(deadline, what);
        }
        return Encoding.Latin1.GetString(GdbPacket.Decode(raw));
    }

    /// <summary>Whether a reply is an error reply <c>Exx</c> (or <c>E.text</c>).</summary>
    public static bool IsError(string reply) =>
        reply.Length >= 3 && reply[0] == 'E' && (reply[1] == '.' || (Uri.IsHexDigit(reply[1]) && Uri.IsHexDigit(reply[2])));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stream.Dispose();
        _owner?.Dispose();
    }

    private void Write(byte[] bytes)
    {
        try
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw GdbException.Connection("the connection to the GDB stub was lost while sending", ex);
        }
    }

    private int ReadByte(DateTime deadline, string what)
    {
        if (_bufferStart == _bufferEnd)
        {
            Fill(deadline, what);
        }
        return _buffer[_bufferStart++];
    }

    private void Fill(DateTime deadline, string what)
    {
        var remaining = Remaining(deadline);
        if (remaining <= TimeSpan.Zero)
        {
            throw GdbException.Timeout(what, Timeout);
        }
        if (_pendingRead is null && _stream is NetworkStream network)
        {
            // A socket is waited on with poll and read synchronously: no task per packet (lockstep exchanges two
            // packets per instruction). Nothing is left pending when the wait times out.
            FillFromSocket(network, remaining, what);
            return;
        }
        // One read is kept pending across a timeout, so a late reply is not lost and the stream stays usable.
        _pendingRead ??= _stream.ReadAsync(_buffer.AsMemory()).AsTask();
        bool completed;
        try
        {
            completed = _pendingRead.Wait(remaining);
        }
        catch (AggregateException ex) when (ex.InnerException is IOException or SocketException or ObjectDisposedException)
        {
            _pendingRead = null;
            throw GdbException.Connection("the connection to the GDB stub was lost while waiting for " + what, ex.InnerException);
        }
        if (!completed)
        {
            throw GdbException.Timeout(what, Timeout);
        }
        var read = _pendingRead.Result;
        _pendingRead = null;
        if (read == 0)
        {
            throw GdbException.Connection("the GDB stub closed the connection while we waited for " + what);
        }
        _bufferStart = 0;
        _bufferEnd = read;
    }

    private void FillFromSocket(NetworkStream network, TimeSpan remaining, string what)
    {
        int read;
        try
        {
            var microseconds = (int)Math.Min(Math.Ceiling(remaining.Ticks / 10.0), int.MaxValue);
#if NETFRAMEWORK
            // NetworkStream.Socket is not public on .NET Framework: the stream's own read timeout bounds the wait.
            network.ReadTimeout = Math.Max(1, microseconds / 1000);
            read = network.Read(_buffer, 0, _buffer.Length);
#else
            if (!network.Socket.Poll(microseconds, SelectMode.SelectRead))
            {
                throw GdbException.Timeout(what, Timeout);
            }
            read = network.Read(_buffer);
#endif
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut })
        {
            throw GdbException.Timeout(what, Timeout);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw GdbException.Connection("the connection to the GDB stub was lost while waiting for " + what, ex);
        }
        if (read == 0)
        {
            throw GdbException.Connection("the GDB stub closed the connection while we waited for " + what);
        }
        _bufferStart = 0;
        _bufferEnd = read;
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
