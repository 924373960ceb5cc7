using System.Reflection;
using System.Runtime.InteropServices;

namespace Stm32.Build.StLink.Transport.Usb;

/// <summary>
/// The thin P/Invoke layer over libusb-1.0 (function signatures from libusb.h, libusb 1.0.26 documentation).
/// The library name is resolved by <see cref="LibUsbLibrary"/> (libusb-1.0.so.0, libusb-1.0.dll, libusb-1.0.dylib).
/// </summary>
internal static unsafe partial class LibUsbNative
{
    /// <summary>The logical library name every import uses; <see cref="LibUsbLibrary"/> maps it to a file.</summary>
    public const string Library = "libusb-1.0";

    static LibUsbNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibUsbNative).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Library && LibUsbLibrary.TryGetHandle(out var handle) ? handle : IntPtr.Zero;

    /// <summary>Makes sure the resolver is installed (touching the type runs the static constructor).</summary>
    public static void EnsureResolver()
    {
    }

    // libusb_error (libusb.h).
    public const int Success = 0;
    public const int ErrorIo = -1;
    public const int ErrorInvalidParam = -2;
    public const int ErrorAccess = -3;
    public const int ErrorNoDevice = -4;
    public const int ErrorNotFound = -5;
    public const int ErrorBusy = -6;
    public const int ErrorTimeout = -7;
    public const int ErrorOverflow = -8;
    public const int ErrorPipe = -9;
    public const int ErrorInterrupted = -10;
    public const int ErrorNoMem = -11;
    public const int ErrorNotSupported = -12;
    public const int ErrorOther = -99;

    /// <summary>Size of struct libusb_device_descriptor (USB 2.0 9.6.1: 18 bytes, no padding).</summary>
    public const int DeviceDescriptorSize = 18;

    [LibraryImport(Library)]
    public static partial int libusb_init(out IntPtr context);

    [LibraryImport(Library)]
    public static partial void libusb_exit(IntPtr context);

    [LibraryImport(Library)]
    public static partial nint libusb_get_device_list(IntPtr context, out IntPtr list);

    [LibraryImport(Library)]
    public static partial void libusb_free_device_list(IntPtr list, int unrefDevices);

    [LibraryImport(Library)]
    public static partial int libusb_get_device_descriptor(IntPtr device, byte* descriptor);

    [LibraryImport(Library)]
    public static partial byte libusb_get_bus_number(IntPtr device);

    [LibraryImport(Library)]
    public static partial byte libusb_get_device_address(IntPtr device);

    [LibraryImport(Library)]
    public static partial int libusb_open(IntPtr device, out IntPtr handle);

    [LibraryImport(Library)]
    public static partial void libusb_close(IntPtr handle);

    [LibraryImport(Library)]
    public static partial int libusb_set_auto_detach_kernel_driver(IntPtr handle, int enable);

    [LibraryImport(Library)]
    public static partial int libusb_claim_interface(IntPtr handle, int interfaceNumber);

    [LibraryImport(Library)]
    public static partial int libusb_release_interface(IntPtr handle, int interfaceNumber);

    [LibraryImport(Library)]
    public static partial int libusb_clear_halt(IntPtr handle, byte endpoint);

    [LibraryImport(Library)]
    public static partial int libusb_bulk_transfer(IntPtr handle, byte endpoint, byte* data, int length, out int transferred, uint timeoutMs);

    [LibraryImport(Library)]
    public static partial int libusb_control_transfer(IntPtr handle, byte requestType, byte request, ushort value, ushort index, byte* data, ushort length, uint timeoutMs);

    [LibraryImport(Library)]
    public static partial IntPtr libusb_error_name(int code);

    /// <summary>libusb_error_name as a managed string.</summary>
    public static string ErrorName(int code)
    {
        var p = libusb_error_name(code);
        return p == IntPtr.Zero ? "LIBUSB_ERROR " + code : Marshal.PtrToStringAnsi(p) ?? "LIBUSB_ERROR " + code;
    }
}
