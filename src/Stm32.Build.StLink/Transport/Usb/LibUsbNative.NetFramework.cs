// .NET Framework has no LibraryImport source generator: these implement the partial methods declared with
// [LibraryImport] in LibUsbNative.cs as classic P/Invokes (all parameters are blittable). The compiler rejects an
// implementation whose signature differs from its declaration, so LibUsbNative.cs stays the one place the
// signatures are written.
#if !NET7_0_OR_GREATER
using System.Runtime.InteropServices;

namespace Stm32.Build.StLink.Transport.Usb;

internal static unsafe partial class LibUsbNative
{
    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_init(out IntPtr context);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial void libusb_exit(IntPtr context);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial nint libusb_get_device_list(IntPtr context, out IntPtr list);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial void libusb_free_device_list(IntPtr list, int unrefDevices);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_get_device_descriptor(IntPtr device, byte* descriptor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial byte libusb_get_bus_number(IntPtr device);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial byte libusb_get_device_address(IntPtr device);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_open(IntPtr device, out IntPtr handle);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial void libusb_close(IntPtr handle);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_set_auto_detach_kernel_driver(IntPtr handle, int enable);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_claim_interface(IntPtr handle, int interfaceNumber);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_release_interface(IntPtr handle, int interfaceNumber);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_clear_halt(IntPtr handle, byte endpoint);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_bulk_transfer(IntPtr handle, byte endpoint, byte* data, int length, out int transferred, uint timeoutMs);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial int libusb_control_transfer(IntPtr handle, byte requestType, byte request, ushort value, ushort index, byte* data, ushort length, uint timeoutMs);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern partial IntPtr libusb_error_name(int code);
}
#endif
