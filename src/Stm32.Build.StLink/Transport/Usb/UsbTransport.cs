using Stm32.Build.StLink.Protocol;

namespace Stm32.Build.StLink.Transport.Usb;

/// <summary>
/// An ST-LINK over USB bulk endpoints: commands and OUT data to the OUT endpoint (0x02 on V2, 0x01 on V2-1/V3),
/// replies from 0x81 (OpenOCD stlink_usb.c STLINK_TX_EP/STLINK_V2_1_TX_EP/STLINK_RX_EP). Interface 0 is claimed
/// while the transport is open. Every transfer is bounded by its timeout.
/// </summary>
public sealed unsafe class UsbTransport : IStLinkTransport
{
    private readonly byte _endpointOut;
    private IntPtr _handle;

    internal UsbTransport(IntPtr handle, ProbeDescriptor probe, byte endpointOut)
    {
        _handle = handle;
        Probe = probe;
        _endpointOut = endpointOut;
        _ = LibUsbNative.libusb_set_auto_detach_kernel_driver(handle, 1); // not supported everywhere; harmless then
        var rc = LibUsbNative.libusb_claim_interface(handle, 0);
        if (rc != LibUsbNative.Success)
        {
            LibUsbNative.libusb_close(handle);
            _handle = IntPtr.Zero;
            throw Error(rc, "claiming interface 0");
        }
    }

    /// <inheritdoc />
    public ProbeDescriptor Probe { get; }

    /// <summary>0: the probe's own limit applies.</summary>
    public int MaxPacket => 0;

    /// <summary>Something disposed after the device is closed (the libusb context of <see cref="Open"/>).</summary>
    internal IDisposable? Owner { get; set; }

    /// <summary>Opens the ST-LINK with <paramref name="serial"/> in a libusb context the transport owns.</summary>
    public static UsbTransport Open(string serial)
    {
        var context = new LibUsbContext();
        try
        {
            var transport = context.Open(serial);
            transport.Owner = context;
            return transport;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>The bulk OUT endpoint in use.</summary>
    public byte EndpointOut => _endpointOut;

    /// <inheritdoc />
    public int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
        if (command.Length > StLinkLimits.CommandSize)
        {
            throw ProbeErrors.Invalid($"ST-LINK command block of {command.Length} bytes (at most {StLinkLimits.CommandSize})");
        }
        var ms = (uint)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        Span<byte> block = stackalloc byte[StLinkLimits.CommandSize];
        command.CopyTo(block);
        Bulk(_endpointOut, block, ms, "command");
        if (!dataOut.IsEmpty)
        {
            fixed (byte* p = dataOut)
            {
                BulkRaw(_endpointOut, p, dataOut.Length, ms, "data out", out _);
            }
        }
        if (dataIn.IsEmpty)
        {
            return 0;
        }
        fixed (byte* p = dataIn)
        {
            BulkRaw(StLinkUsbIds.EndpointIn, p, dataIn.Length, ms, "data in", out var got);
            return got;
        }
    }

    private void Bulk(byte endpoint, Span<byte> data, uint ms, string phase)
    {
        fixed (byte* p = data)
        {
            BulkRaw(endpoint, p, data.Length, ms, phase, out var n);
            if (n != data.Length)
            {
                throw TransportException.Create(TransportErrorKind.Io, Probe.DisplayName, $"{phase}: {n} of {data.Length} bytes sent");
            }
        }
    }

    private void BulkRaw(byte endpoint, byte* data, int length, uint ms, string phase, out int transferred)
    {
        var rc = LibUsbNative.libusb_bulk_transfer(_handle, endpoint, data, length, out transferred, ms);
        if (rc == LibUsbNative.Success)
        {
            return;
        }
        if (rc == LibUsbNative.ErrorPipe)
        {
            _ = LibUsbNative.libusb_clear_halt(_handle, endpoint);
        }
        throw Error(rc, $"{phase} on endpoint 0x{endpoint:X2}");
    }

    private TransportException Error(int rc, string what) =>
        TransportException.Create(KindOf(rc), Probe.DisplayName, $"{what}: {LibUsbNative.ErrorName(rc)}");

    /// <summary>The transport error kind of a libusb error code (libusb.h enum libusb_error).</summary>
    internal static TransportErrorKind KindOf(int rc) => rc switch
    {
        LibUsbNative.ErrorTimeout => TransportErrorKind.Timeout,
        LibUsbNative.ErrorNoDevice => TransportErrorKind.Disconnected,
        LibUsbNative.ErrorAccess => TransportErrorKind.AccessDenied,
        LibUsbNative.ErrorPipe => TransportErrorKind.Pipe,
        LibUsbNative.ErrorBusy => TransportErrorKind.Busy,
        _ => TransportErrorKind.Io,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_handle == IntPtr.Zero)
        {
            return;
        }
        _ = LibUsbNative.libusb_release_interface(_handle, 0);
        LibUsbNative.libusb_close(_handle);
        _handle = IntPtr.Zero;
        Owner?.Dispose();
    }
}
