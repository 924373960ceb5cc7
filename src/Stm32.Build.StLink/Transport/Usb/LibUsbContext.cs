using System.Buffers.Binary;
using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;

namespace Stm32.Build.StLink.Transport.Usb;

/// <summary>
/// A libusb-1.0 session: enumerates ST-LINK probes (every known VID:PID, with serial numbers) and opens one.
/// Creating it loads libusb (coded error STM3005 when missing).
/// </summary>
public sealed unsafe class LibUsbContext : IDisposable
{
    private const uint DescriptorTimeoutMs = 1000;
    private IntPtr _context;

    /// <summary>Loads libusb and initialises a context.</summary>
    public LibUsbContext()
    {
        LibUsbLibrary.EnsureLoaded();
        var rc = LibUsbNative.libusb_init(out _context);
        if (rc != LibUsbNative.Success)
        {
            throw ProbeErrors.Create(DiagnosticCodes.TransportError, "libusb_init failed: " + LibUsbNative.ErrorName(rc));
        }
    }

    /// <summary>The VID:PID pairs searched, as <c>0483:3748</c> ...</summary>
    public static IReadOnlyList<string> SearchedIds =>
        StLinkUsbIds.Models.Select(m => $"{StLinkUsbIds.VendorId:x4}:{m.ProductId:x4} ({m.Name})").ToList();

    /// <summary>Every attached ST-LINK. A probe this user may not open is listed with a serial of "?" and a location saying so.</summary>
    public IReadOnlyList<ProbeDescriptor> Enumerate()
    {
        var result = new List<ProbeDescriptor>();
        ForEachStLink((device, model, bus, address) =>
        {
            var location = string.Create(CultureInfo.InvariantCulture, $"usb bus {bus} address {address}");
            string serial;
            var rc = LibUsbNative.libusb_open(device, out var handle);
            if (rc == LibUsbNative.Success)
            {
                try
                {
                    serial = ReadSerial(handle, device) ?? "?";
                }
                finally
                {
                    LibUsbNative.libusb_close(handle);
                }
            }
            else
            {
                serial = "?";
                location += rc == LibUsbNative.ErrorAccess ? " (access denied: install the udev rules)" : " (" + LibUsbNative.ErrorName(rc) + ")";
            }
            result.Add(new ProbeDescriptor(ProbeTransportKind.Usb, serial, StLinkUsbIds.VendorId, model.ProductId, model.Name, location, model.Supported));
            return false;
        });
        return result;
    }

    /// <summary>Opens the ST-LINK with <paramref name="serial"/> and claims its interface.</summary>
    public UsbTransport Open(string serial)
    {
        UsbTransport? opened = null;
        ProbeException? failure = null;
        ForEachStLink((device, model, bus, address) =>
        {
            var rc = LibUsbNative.libusb_open(device, out var handle);
            if (rc != LibUsbNative.Success)
            {
                if (rc == LibUsbNative.ErrorAccess)
                {
                    failure ??= TransportException.Create(TransportErrorKind.AccessDenied, $"ST-LINK/{model.Name} on usb bus {bus} address {address}", "libusb_open: " + LibUsbNative.ErrorName(rc));
                }
                return false;
            }
            var found = ReadSerial(handle, device);
            if (!string.Equals(found, serial, StringComparison.OrdinalIgnoreCase))
            {
                LibUsbNative.libusb_close(handle);
                return false;
            }
            var descriptor = new ProbeDescriptor(ProbeTransportKind.Usb, found!, StLinkUsbIds.VendorId, model.ProductId, model.Name,
                string.Create(CultureInfo.InvariantCulture, $"usb bus {bus} address {address}"), model.Supported);
            if (!model.Supported)
            {
                LibUsbNative.libusb_close(handle);
                failure = ProbeErrors.Create(DiagnosticCodes.UnsupportedProbe, $"{descriptor.DisplayName} is an ST-LINK/V1, which this driver does not support; use an ST-LINK/V2 or newer");
                return true;
            }
            try
            {
                opened = new UsbTransport(handle, descriptor, model.EndpointOut);
            }
            catch (ProbeException ex)
            {
                failure = ex;
            }
            return true;
        });
        if (opened is not null)
        {
            return opened;
        }
        throw failure ?? ProbeErrors.Create(DiagnosticCodes.ProbeNotFound, $"no ST-LINK with serial {serial} is attached");
    }

    private void ForEachStLink(Func<IntPtr, StLinkUsbModel, byte, byte, bool> visit)
    {
        ObjectDisposedException.ThrowIf(_context == IntPtr.Zero, this);
        var count = LibUsbNative.libusb_get_device_list(_context, out var list);
        if (count < 0)
        {
            throw ProbeErrors.Create(DiagnosticCodes.TransportError, "libusb_get_device_list failed: " + LibUsbNative.ErrorName((int)count));
        }
        try
        {
            var descriptor = stackalloc byte[LibUsbNative.DeviceDescriptorSize];
            for (nint i = 0; i < count; i++)
            {
                var device = ((IntPtr*)list)[i];
                if (LibUsbNative.libusb_get_device_descriptor(device, descriptor) != LibUsbNative.Success)
                {
                    continue;
                }
                var span = new ReadOnlySpan<byte>(descriptor, LibUsbNative.DeviceDescriptorSize);
                // struct libusb_device_descriptor: idVendor at 8, idProduct at 10 (little-endian, host order on all supported hosts).
                var vid = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
                var pid = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]);
                if (StLinkUsbIds.Find(vid, pid) is not { } model)
                {
                    continue;
                }
                if (visit(device, model, LibUsbNative.libusb_get_bus_number(device), LibUsbNative.libusb_get_device_address(device)))
                {
                    return;
                }
            }
        }
        finally
        {
            LibUsbNative.libusb_free_device_list(list, 1);
        }
    }

    /// <summary>Reads the serial string descriptor raw (GET_DESCRIPTOR control requests) so the V2 binary quirk can be fixed.</summary>
    private static string? ReadSerial(IntPtr handle, IntPtr device)
    {
        var descriptor = stackalloc byte[LibUsbNative.DeviceDescriptorSize];
        if (LibUsbNative.libusb_get_device_descriptor(device, descriptor) != LibUsbNative.Success)
        {
            return null;
        }
        var index = descriptor[16]; // iSerialNumber
        if (index == 0)
        {
            return null;
        }
        var buffer = stackalloc byte[(UsbSerialNumber.Length + 1) * 2 + 2];
        var length = (ushort)((UsbSerialNumber.Length + 1) * 2 + 2);
        // USB 2.0 9.4.3: GET_DESCRIPTOR (0x06), bmRequestType 0x80, wValue = (STRING = 3) << 8 | index, wIndex = LANGID.
        var rc = LibUsbNative.libusb_control_transfer(handle, 0x80, 0x06, 0x0300, 0, buffer, length, DescriptorTimeoutMs);
        if (rc < 4)
        {
            return null;
        }
        var langId = (ushort)(buffer[2] | (buffer[3] << 8));
        rc = LibUsbNative.libusb_control_transfer(handle, 0x80, 0x06, (ushort)(0x0300 | index), langId, buffer, length, DescriptorTimeoutMs);
        return rc < 2 ? null : UsbSerialNumber.Decode(new ReadOnlySpan<byte>(buffer, rc));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_context != IntPtr.Zero)
        {
            LibUsbNative.libusb_exit(_context);
            _context = IntPtr.Zero;
        }
    }
}
