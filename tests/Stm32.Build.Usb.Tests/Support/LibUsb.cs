using System.Runtime.InteropServices;

namespace Stm32.Build.Usb.Tests.Support;

/// <summary>A minimal libusb-1.0 binding for the test's own USB client (signatures from libusb.h, 1.0.26).</summary>
internal static unsafe partial class LibUsb
{
    private const string Library = "libusb-1.0.so.0";

    public const int Success = 0, ErrorNoDevice = -4, ErrorBusy = -6, ErrorTimeout = -7, ErrorPipe = -9;

    [LibraryImport(Library)] public static partial int libusb_init(out IntPtr context);
    [LibraryImport(Library)] public static partial void libusb_exit(IntPtr context);
    [LibraryImport(Library)] public static partial nint libusb_get_device_list(IntPtr context, out IntPtr list);
    [LibraryImport(Library)] public static partial void libusb_free_device_list(IntPtr list, int unref);
    [LibraryImport(Library)] public static partial int libusb_get_device_descriptor(IntPtr device, byte* descriptor);
    [LibraryImport(Library)] public static partial int libusb_get_device_speed(IntPtr device);
    [LibraryImport(Library)] public static partial byte libusb_get_bus_number(IntPtr device);
    [LibraryImport(Library)] public static partial byte libusb_get_device_address(IntPtr device);
    [LibraryImport(Library)] public static partial int libusb_open(IntPtr device, out IntPtr handle);
    [LibraryImport(Library)] public static partial void libusb_close(IntPtr handle);
    [LibraryImport(Library)] public static partial int libusb_claim_interface(IntPtr handle, int number);
    [LibraryImport(Library)] public static partial int libusb_release_interface(IntPtr handle, int number);
    [LibraryImport(Library)] public static partial int libusb_clear_halt(IntPtr handle, byte endpoint);
    [LibraryImport(Library)] public static partial int libusb_bulk_transfer(IntPtr handle, byte endpoint, byte* data, int length, out int transferred, uint timeout);
    [LibraryImport(Library)] public static partial int libusb_control_transfer(IntPtr handle, byte requestType, byte request, ushort value, ushort index, byte* data, ushort length, uint timeout);

    /// <summary>A bulk transfer of <paramref name="data"/>: the libusb result and the bytes moved.</summary>
    public static (int Rc, int Transferred) Bulk(IntPtr handle, byte endpoint, Span<byte> data, uint timeoutMs)
    {
        fixed (byte* p = data)
        {
            var rc = libusb_bulk_transfer(handle, endpoint, p, data.Length, out var n, timeoutMs);
            return (rc, n);
        }
    }

    /// <summary>A device-to-host standard request: the libusb result (bytes, or an error) and the data.</summary>
    public static (int Rc, byte[] Data) ControlIn(IntPtr handle, byte request, ushort value, ushort index, int length)
    {
        var buffer = new byte[length];
        fixed (byte* p = buffer)
        {
            var rc = libusb_control_transfer(handle, 0x80, request, value, index, p, (ushort)length, 1000);
            return (rc, rc > 0 ? buffer[..rc] : []);
        }
    }
}
