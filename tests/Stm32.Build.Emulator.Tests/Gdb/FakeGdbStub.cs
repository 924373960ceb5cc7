using System.Net;
using System.Net.Sockets;
using System.Text;
using Stm32.Build.Emulator.Gdb;

namespace Stm32.Build.Emulator.Tests.Gdb;

/// <summary>
/// A scripted GDB stub on a loopback socket: it acknowledges and verifies each packet and answers through a
/// handler (null = stay silent). It can corrupt its first reply's checksum or reject the first request.
/// </summary>
internal sealed class FakeGdbStub : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _handler;
    private readonly Thread _thread;
    private readonly List<string> _received = [];
    private TcpClient? _client;

    public FakeGdbStub(Func<string, string?> handler)
    {
        _handler = handler;
        _listener.Start();
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool CorruptFirstReply { get; init; }

    public bool RejectFirstRequest { get; init; }

    public bool CloseAfterFirstRequest { get; init; }

    public int NaksReceived { get; private set; }

    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public GdbRemoteClient Connect() => GdbRemoteClient.Connect("127.0.0.1", Port, TimeSpan.FromSeconds(5));

    private void Serve()
    {
        try
        {
            _client = _listener.AcceptTcpClient();
            var stream = _client.GetStream();
            var corrupt = CorruptFirstReply;
            var reject = RejectFirstRequest;
            while (true)
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    return;
                }
                if (b == '-')
                {
                    NaksReceived++;
                    continue;
                }
                if (b == 0x03)
                {
                    // An interrupt stops the "running" target: SIGINT stop reply.
                    stream.Write(GdbPacket.Frame("T02"));
                    stream.ReadByte();
                    continue;
                }
                if (b != '$')
                {
                    continue;
                }
                var body = new StringBuilder();
                while ((b = stream.ReadByte()) != '#')
                {
                    body.Append((char)b);
                }
                var checksum = new string([(char)stream.ReadByte(), (char)stream.ReadByte()]);
                var expected = GdbPacket.Checksum(Encoding.Latin1.GetBytes(body.ToString())).ToString("x2");
                if (reject || checksum != expected)
                {
                    reject = false;
                    stream.WriteByte((byte)'-');
                    continue;
                }
                stream.WriteByte((byte)'+');
                var payload = Encoding.Latin1.GetString(GdbPacket.Decode(Encoding.Latin1.GetBytes(body.ToString())));
                lock (_received)
                {
                    _received.Add(payload);
                }
                if (CloseAfterFirstRequest)
                {
                    _client.Close();
                    return;
                }
                var reply = _handler(payload);
                if (reply is null)
                {
                    continue;
                }
                var framed = GdbPacket.Frame(reply);
                if (corrupt)
                {
                    corrupt = false;
                    var bad = (byte[])framed.Clone();
                    bad[^1] = bad[^1] == (byte)'0' ? (byte)'1' : (byte)'0';
                    stream.Write(bad);
                    // The client must answer '-'; then the stub resends the good packet.
                    while (stream.ReadByte() is var ack and not '-' and >= 0)
                    {
                    }
                    NaksReceived++;
                }
                stream.Write(framed);
                stream.ReadByte(); // the client's '+'
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The test ended the connection.
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _listener.Stop();
        _thread.Join(2000);
    }
}
