using Stm32.Build.StLink.Protocol;
using Stm32.Build.VirtualBoard;

namespace Stm32.Build.StLink.Transport.Virtual;

/// <summary>
/// The in-process transport to a virtual board's ST-LINK (<see cref="IVirtualUsbProbe"/>): the same command
/// blocks and data phases as on USB, without a bus. An unplugged virtual probe is reported as a disconnected
/// transport, exactly like a real one.
/// </summary>
public sealed class VirtualProbeTransport : IStLinkTransport
{
    private readonly IVirtualUsbProbe _probe;
    private readonly IDisposable? _owner;
    private bool _disposed;

    /// <summary>Creates the transport; <paramref name="owner"/> (the board, when the transport created it) is disposed with it.</summary>
    public VirtualProbeTransport(IVirtualUsbProbe probe, string location, IDisposable? owner = null)
    {
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _owner = owner;
        var model = StLinkUsbIds.Find(probe.VendorId, probe.ProductId);
        Probe = new ProbeDescriptor(ProbeTransportKind.Simulator, probe.SerialNumber, probe.VendorId, probe.ProductId,
            model?.Name ?? "unknown", location, model?.Supported ?? false);
    }

    /// <inheritdoc />
    public ProbeDescriptor Probe { get; }

    /// <summary>0: the probe's own limit applies.</summary>
    public int MaxPacket => 0;

    /// <summary>The virtual board behind the probe when the transport owns it (the <c>sim</c> probe), else null.</summary>
    public Stm32.Build.VirtualBoard.VirtualBoard? Board => _owner as Stm32.Build.VirtualBoard.VirtualBoard;

    /// <inheritdoc />
    public int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_probe.IsConnected)
        {
            throw TransportException.Create(TransportErrorKind.Disconnected, Probe.DisplayName, "the virtual probe is unplugged");
        }
        try
        {
            return _probe.Transfer(command, dataOut, dataIn);
        }
        catch (VirtualProbeDisconnectedException ex)
        {
            throw TransportException.Create(TransportErrorKind.Disconnected, Probe.DisplayName, "the virtual probe was unplugged during the transfer", ex);
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
        _owner?.Dispose();
    }
}
