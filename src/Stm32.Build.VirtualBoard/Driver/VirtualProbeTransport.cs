using System.Globalization;
using System.Runtime.CompilerServices;
using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.VirtualBoard.Driver;

/// <summary>
/// The in-process transport to a virtual board's ST-LINK (<see cref="IVirtualUsbProbe"/>): the same command
/// blocks and data phases as on USB, without a bus. An unplugged virtual probe is reported as a disconnected
/// transport, exactly like a real one. Built over a whole board it also reports the board's clock and counters
/// (<see cref="IProbeDiagnostics"/>), which the flashing pipeline reads generically for its report.
/// Its lock key names this board only: its state file when it has one, else the board (or probe) instance, so
/// separate boards never wait for each other.
/// </summary>
public sealed class VirtualProbeTransport : IStLinkTransport, IProbeDiagnostics
{
    private static readonly ConditionalWeakTable<object, string> s_instanceKeys = new();
    private static long s_nextInstance;
    private readonly IVirtualUsbProbe _probe;
    private readonly Board? _board;
    private readonly IDisposable? _owner;
    private bool _disposed;

    /// <summary>Creates the transport to <paramref name="probe"/>; <paramref name="owner"/> is disposed with it.</summary>
    public VirtualProbeTransport(IVirtualUsbProbe probe, string location, IDisposable? owner = null)
        : this(probe, null, location, owner)
    {
    }

    /// <summary>Creates the transport to <paramref name="board"/>'s probe, with its clock and counters; the board is disposed (its state saved) with the transport when <paramref name="ownsBoard"/>.</summary>
    public VirtualProbeTransport(Board board, bool ownsBoard = false)
        : this((board ?? throw new ArgumentNullException(nameof(board))).Probe, board, board.Options.StateFile ?? "in-process", ownsBoard ? board : null)
    {
    }

    private VirtualProbeTransport(IVirtualUsbProbe probe, Board? board, string location, IDisposable? owner)
    {
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _board = board;
        _owner = owner;
        var model = StLinkModels.Name(probe.ProductId);
        Probe = new ProbeDescriptor(ProbeTransportKind.Simulator, probe.SerialNumber, probe.VendorId, probe.ProductId, model, location)
        {
            LockKey = board?.Options.StateFile is { } state ? SimulatorState.LockKey(state) : InstanceKey((object?)board ?? probe),
        };
    }

    /// <inheritdoc />
    public ProbeDescriptor Probe { get; }

    /// <summary>0: the probe's own limit applies.</summary>
    public int MaxPacket => 0;

    /// <summary>The virtual board behind the probe, when the transport was built over one.</summary>
    public Board? Board => _board;

    /// <inheritdoc />
    public TimeSpan? TargetTime => _board?.Clock.Now;

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, object>> SnapshotCounters() =>
        _board is null ? [] : BoardCounterReport.Of(_board.Counters.Snapshot());

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

    private static string InstanceKey(object instance) =>
        s_instanceKeys.GetValue(instance, _ => string.Create(CultureInfo.InvariantCulture,
            $"sim-process{Environment.ProcessId}-board{Interlocked.Increment(ref s_nextInstance)}"));
}

/// <summary>The generation names the driver shows for the virtual probe's product IDs.</summary>
internal static class StLinkModels
{
    public static string Name(ushort productId) => productId switch
    {
        0x3748 => "V2",
        0x374B => "V2-1",
        0x374F => "V3",
        _ => "unknown",
    };
}
