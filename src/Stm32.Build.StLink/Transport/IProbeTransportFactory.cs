namespace Stm32.Build.StLink.Transport;

/// <summary>
/// Opens transports for one kind of probe selection (<see cref="ProbeSelectionKind"/>): USB, the ST-LINK server
/// over TCP, the virtual board. Factories are registered with <see cref="ProbeTransports.Register"/>; USB and TCP
/// are built in, the virtual board registers itself from its own assembly, so the driver never depends on it.
/// </summary>
public interface IProbeTransportFactory
{
    /// <summary>The selection kinds this factory opens (<see cref="ProbeSelectionKind.Auto"/> is USB's).</summary>
    IReadOnlyList<ProbeSelectionKind> Kinds { get; }

    /// <summary>
    /// Finds the probe named by <paramref name="selection"/>, takes its cross-process lock through
    /// <see cref="ProbeOpenContext.Lock"/> once its identity is known and before anything exclusive happens (claiming
    /// the USB interface, opening the device on a server, loading a board's state), then opens the transport.
    /// Failures are coded <see cref="ProbeException"/>s; the context releases a lock taken before a failure.
    /// </summary>
    IStLinkTransport Open(ProbeSelection selection, ProbeOpenContext context);
}

/// <summary>
/// What a factory gets while opening: the caller's options (including the opaque <see cref="ProbeOpenOptions.Simulator"/>
/// properties) and the cross-process lock, taken at most once.
/// </summary>
public sealed class ProbeOpenContext : IDisposable
{
    private ProbeLock? _lock;
    private bool _handedOver;

    /// <summary>Creates the context for <paramref name="options"/>.</summary>
    public ProbeOpenContext(ProbeOpenOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The caller's options.</summary>
    public ProbeOpenOptions Options { get; }

    /// <summary>The lock taken so far (null before <see cref="Lock"/> or with <see cref="ProbeOpenOptions.NoLock"/>).</summary>
    public ProbeLock? Held => _lock;

    /// <summary>Whether <see cref="Lock"/> was called (a factory that locked need not be locked again by the caller).</summary>
    public bool Locked { get; private set; }

    /// <summary>
    /// Takes the cross-process lock for <paramref name="key"/> (the probe as its transport identifies it), waiting
    /// as <see cref="ProbeOpenOptions.LockTimeout"/> allows and telling <see cref="ProbeOpenOptions.Waiting"/>;
    /// nothing with <see cref="ProbeOpenOptions.NoLock"/>. Called at most once per open.
    /// </summary>
    public void Lock(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (Locked)
        {
            throw new InvalidOperationException("the probe lock was already taken for this open");
        }
        Locked = true;
        if (!Options.NoLock)
        {
            _lock = ProbeLock.Acquire(key, Options.LockTimeout, Options.LockDirectory, Options.Waiting);
        }
    }

    /// <summary>Hands the lock over to the opened probe (it is no longer released by <see cref="Dispose"/>).</summary>
    internal ProbeLock? HandOver()
    {
        _handedOver = true;
        return _lock;
    }

    /// <summary>Releases the lock unless it was handed over.</summary>
    public void Dispose()
    {
        if (!_handedOver)
        {
            _lock?.Dispose();
        }
    }
}
