namespace Stm32.Build.StLink.Transport;

/// <summary>
/// The small interface the ST-LINK protocol layer is generic over: one command round trip. USB (libusb-1.0),
/// the ST-LINK server over TCP and (from its own assembly) the virtual board implement it; a transport may also
/// implement <see cref="IProbeDiagnostics"/>. Implementations report failures as
/// <see cref="TransportException"/> carrying the probe's identity; they never interpret ST-LINK status bytes.
/// </summary>
public interface IStLinkTransport : IDisposable
{
    /// <summary>Who the transport talks to.</summary>
    ProbeDescriptor Probe { get; }

    /// <summary>
    /// Sends one command block (at most 16 bytes; padded with zeros to 16 on the wire), then
    /// <paramref name="dataOut"/> when not empty, then reads <paramref name="dataIn"/>.Length bytes when not empty.
    /// Returns the number of bytes read. Every call is bounded by <paramref name="timeout"/>.
    /// </summary>
    int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn, TimeSpan timeout);

    /// <summary>The largest memory transfer the transport carries in one command, or 0 for "the probe's limit".</summary>
    int MaxPacket { get; }
}

/// <summary>How a probe is reached.</summary>
public enum ProbeTransportKind
{
    /// <summary>Directly over USB with libusb-1.0.</summary>
    Usb,
    /// <summary>Through ST's ST-LINK server (stlink-server) over TCP.</summary>
    Tcp,
    /// <summary>A virtual board (its transport is registered by the virtual board's assembly).</summary>
    Simulator,
}

/// <summary>One probe as listed or opened: how it is reached, its serial number, USB IDs and generation name.</summary>
/// <param name="Transport">How it is reached.</param>
/// <param name="SerialNumber">The serial number (hex-encoded for old V2 firmware that reports it in binary).</param>
/// <param name="VendorId">The USB vendor ID.</param>
/// <param name="ProductId">The USB product ID.</param>
/// <param name="Model">The generation name from the product ID, e.g. <c>V2-1</c>, <c>V3</c>.</param>
/// <param name="Location">Where it is: USB bus/address, <c>host:port</c>, or the simulator's state file.</param>
/// <param name="Supported">Whether the driver can use it (ST-LINK/V1 is listed but not supported).</param>
public sealed record ProbeDescriptor(
    ProbeTransportKind Transport,
    string SerialNumber,
    ushort VendorId,
    ushort ProductId,
    string Model,
    string Location,
    bool Supported = true)
{
    /// <summary>The selection string that opens exactly this probe (<c>usb:SERIAL</c>, <c>tcp://host:port/SERIAL</c>, <c>sim</c>).</summary>
    public string Selection => Transport switch
    {
        ProbeTransportKind.Usb => "usb:" + SerialNumber,
        ProbeTransportKind.Tcp => $"tcp://{Location}/{SerialNumber}",
        _ => "sim",
    };

    /// <summary>The USB IDs as <c>0483:374b</c>.</summary>
    public string UsbId => $"{VendorId:x4}:{ProductId:x4}";

    /// <summary>A short name for messages: transport and serial.</summary>
    public string DisplayName => Transport switch
    {
        ProbeTransportKind.Usb => $"ST-LINK/{Model} {SerialNumber}",
        ProbeTransportKind.Tcp => $"ST-LINK/{Model} {SerialNumber} via stlink-server {Location}",
        _ => $"virtual ST-LINK/{Model} {SerialNumber}",
    };

    private readonly string? _lockKey;

    /// <summary>
    /// The key naming the probe in the cross-process lock: by default the serial number as USB reports it
    /// (<see cref="UsbLockKey"/>); a server's probe is keyed by the server's address and the serial it reports
    /// (<see cref="ServerLockKey"/>), a virtual board by its state file or instance, as its transport sets it.
    /// </summary>
    public string LockKey
    {
        get => _lockKey ?? UsbLockKey(SerialNumber);
        init => _lockKey = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The lock key of the USB probe with <paramref name="serial"/> (case-insensitive, as USB selection matches serials).</summary>
    public static string UsbLockKey(string serial) => "stlink-" + serial.ToUpperInvariant();

    /// <summary>The lock key of the probe <paramref name="serial"/> of the ST-LINK server at <paramref name="remoteEndpoint"/> (address:port as connected).</summary>
    public static string ServerLockKey(string remoteEndpoint, string serial) => $"stlink-server-{remoteEndpoint}-{serial.ToUpperInvariant()}";
}
