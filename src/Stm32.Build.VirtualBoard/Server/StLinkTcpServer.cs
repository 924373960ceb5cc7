using System.Net;
using System.Net.Sockets;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Server;

/// <summary>
/// An ST-LINK server on 127.0.0.1 speaking stlink-server's TCP protocol (<see cref="StLinkTcpProtocol"/>) for one
/// virtual probe, so that OpenOCD (<c>st-link backend tcp</c> / <c>hla_stlink_backend tcp</c>) and other clients
/// can use the virtual board. Clients are served concurrently, but only one may have the probe open; a client that
/// disconnects with the probe open has it closed for it (debug mode exited). Every read of a frame's remainder is
/// bounded by <see cref="StLinkTcpServerOptions.FrameTimeout"/>; a truncated or corrupted frame closes that
/// connection with the status a server gives, never the server. At most <see cref="StLinkTcpServerOptions.MaxClients"/>
/// connections are served at once (one thread each; a further one is closed at once), and a client silent for
/// <see cref="StLinkTcpServerOptions.IdleTimeout"/> is disconnected, which frees the probe it held.
/// </summary>
public sealed partial class StLinkTcpServer : IDisposable
{
    private readonly IVirtualUsbProbe _probe;
    private readonly object _gate;
    private readonly StLinkTcpServerOptions _options;
    private readonly List<TcpClient> _clients = [];
    private readonly List<Thread> _threads = [];
    private TcpListener? _listener;
    private Thread? _acceptThread;
    private volatile bool _stopping;
    private long _nextConnectId = 0x5A000001;
    private long _owner; // connect id of the session holding the probe open, 0 when free
    private int _clientsServed;
    private int _clientsRefused;
    private int _clientsTimedOut;

    /// <summary>The device id the server gives its one probe.</summary>
    public const uint DeviceId = 1;

    /// <summary>Creates the server for <paramref name="probe"/>; every probe access locks <paramref name="gate"/>.</summary>
    public StLinkTcpServer(IVirtualUsbProbe probe, object gate, StLinkTcpServerOptions? options = null)
    {
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _options = options ?? new StLinkTcpServerOptions();
    }

    /// <summary>The address the server listens on, once started.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Connections accepted so far.</summary>
    public int ClientsServed => Volatile.Read(ref _clientsServed);

    /// <summary>Connections closed at once because <see cref="StLinkTcpServerOptions.MaxClients"/> were connected.</summary>
    public int ClientsRefused => Volatile.Read(ref _clientsRefused);

    /// <summary>Connections closed because the client was silent for <see cref="StLinkTcpServerOptions.IdleTimeout"/>.</summary>
    public int ClientsTimedOut => Volatile.Read(ref _clientsTimedOut);

    /// <summary>Messages about clients (connect, disconnect, bad frames), for a log.</summary>
    public event Action<string>? Log;

    /// <summary>
    /// Starts listening on 127.0.0.1:<paramref name="port"/> (0 picks a free port) and returns the address.
    /// Connections are served on dedicated threads with blocking, time-bounded socket reads, so a busy thread pool
    /// never delays a reply (OpenOCD gives a reply one second).
    /// </summary>
    public IPEndPoint Start(int port = StLinkTcpProtocol.DefaultPort)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("the server is already started");
        }
        try
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
        }
        catch (SocketException ex)
        {
            _listener = null;
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.StLinkServerListenFailed, DiagnosticSeverity.Error,
                $"cannot listen on 127.0.0.1:{port}: {ex.Message}"), ex);
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "stlink-server accept" };
        _acceptThread.Start();
        return LocalEndPoint;
    }

    /// <summary>Stops listening, closes every connection and waits (bounded) for the sessions to end.</summary>
    public void Stop()
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        _listener?.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Close(); // unblocks the session's read
            }
        }
        _acceptThread?.Join(TimeSpan.FromSeconds(5));
        Thread[] sessions;
        lock (_threads)
        {
            sessions = [.. _threads];
        }
        foreach (var thread in sessions)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    private void AcceptLoop()
    {
        while (!_stopping)
        {
            TcpClient client;
            try
            {
                client = _listener!.AcceptTcpClient();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            lock (_clients)
            {
                if (_stopping)
                {
                    client.Dispose();
                    return;
                }
                if (_clients.Count >= _options.MaxClients)
                {
                    Log?.Invoke(new Diagnostic(DiagnosticCodes.StLinkServerBadFrame, DiagnosticSeverity.Warning,
                        $"{client.Client.RemoteEndPoint}: refused: {_options.MaxClients} clients are connected already (the limit)").ToCanonicalString());
                    Interlocked.Increment(ref _clientsRefused);
                    client.Dispose();
                    continue;
                }
                _clients.Add(client);
            }
            Interlocked.Increment(ref _clientsServed);
            var thread = new Thread(() => Serve(client)) { IsBackground = true, Name = "stlink-server client" };
            lock (_threads)
            {
                _threads.RemoveAll(t => !t.IsAlive);
                _threads.Add(thread);
            }
            thread.Start();
        }
    }
}

/// <summary>Settings of the ST-LINK server.</summary>
public sealed record StLinkTcpServerOptions
{
    /// <summary>How long the rest of a frame may take once its first byte has arrived.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many connections are served at once (one thread each); a further connection is closed at once.</summary>
    public int MaxClients { get; init; } = 8;

    /// <summary>
    /// How long a client may send nothing between frames before it is disconnected (and the probe it held freed);
    /// <see cref="TimeSpan.Zero"/> waits for ever. OpenOCD polls the target several times a second while it runs, so
    /// a minute of silence is a client that went away without closing its connection.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
