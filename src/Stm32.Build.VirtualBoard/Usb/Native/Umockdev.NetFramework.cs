// .NET Framework has no LibraryImport source generator: these implement the partial methods declared with
// [LibraryImport] in Umockdev.cs as classic P/Invokes (UTF-8 strings as LPUTF8Str). The compiler rejects an
// implementation whose signature differs from its declaration. umockdev is Linux-only: .NET Framework (Windows)
// never calls these.
#if !NET7_0_OR_GREATER
using System.Runtime.InteropServices;

namespace Stm32.Build.VirtualBoard.Usb.Native;

internal static unsafe partial class Umockdev
{
    [DllImport(Library)]
    public static extern partial IntPtr umockdev_testbed_new();

    [DllImport(Library)]
    public static extern partial IntPtr umockdev_testbed_get_root_dir(IntPtr testbed);

    [DllImport(Library)]
    public static extern partial int umockdev_testbed_add_from_string(IntPtr testbed, [MarshalAs(UnmanagedType.LPUTF8Str)] string data, IntPtr* error);

    [DllImport(Library)]
    public static extern partial int umockdev_testbed_attach_ioctl(IntPtr testbed, [MarshalAs(UnmanagedType.LPUTF8Str)] string dev, IntPtr handler, IntPtr* error);

    [DllImport(Library)]
    public static extern partial int umockdev_testbed_detach_ioctl(IntPtr testbed, [MarshalAs(UnmanagedType.LPUTF8Str)] string dev, IntPtr* error);

    [DllImport(Library)]
    public static extern partial void umockdev_testbed_remove_device(IntPtr testbed, [MarshalAs(UnmanagedType.LPUTF8Str)] string syspath);

    [DllImport(Library)]
    public static extern partial void umockdev_testbed_uevent(IntPtr testbed, [MarshalAs(UnmanagedType.LPUTF8Str)] string devpath, [MarshalAs(UnmanagedType.LPUTF8Str)] string action);

    [DllImport(Library)]
    public static extern partial IntPtr umockdev_ioctl_base_new();

    [DllImport(Library)]
    public static extern partial nuint umockdev_ioctl_client_get_request(IntPtr client);

    [DllImport(Library)]
    public static extern partial IntPtr umockdev_ioctl_client_get_arg(IntPtr client);

    [DllImport(Library)]
    public static extern partial IntPtr umockdev_ioctl_client_get_devnode(IntPtr client);

    [DllImport(Library)]
    public static extern partial int umockdev_ioctl_client_get_connected(IntPtr client);

    [DllImport(Library)]
    public static extern partial void umockdev_ioctl_client_complete(IntPtr client, nint result, int errno);

    [DllImport(Library)]
    public static extern partial IntPtr umockdev_ioctl_data_resolve(IntPtr data, nuint offset, nuint length, IntPtr* error);

    [DllImport(Library)]
    public static extern partial int umockdev_ioctl_data_set_ptr(IntPtr data, nuint offset, IntPtr child);

    [DllImport(GObject)]
    public static extern partial IntPtr g_object_ref(IntPtr instance);

    [DllImport(GObject)]
    public static extern partial void g_object_unref(IntPtr instance);

    [DllImport(GObject)]
    public static extern partial nuint g_signal_connect_data(IntPtr instance, [MarshalAs(UnmanagedType.LPUTF8Str)] string signal, IntPtr handler, IntPtr data, IntPtr destroy, int flags);

    [DllImport(GLib)]
    public static extern partial void g_free(IntPtr memory);

    [DllImport(GLib)]
    public static extern partial void g_error_free(IntPtr error);
}
#endif
