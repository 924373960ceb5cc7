using System.Runtime.InteropServices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Usb.Native;

/// <summary>
/// The parts of libumockdev.so.0 (umockdev 0.17, GObject API) and GLib/GObject the usbfs front end calls, by
/// their C signatures from umockdev's <c>src/umockdev.vala</c> and <c>src/umockdev-ioctl.vala</c> (the generated
/// C API: <c>umockdev_testbed_*</c>, <c>umockdev_ioctl_*</c>) and GLib's <c>gsignal.h</c>, <c>gobject.h</c>.
/// <see cref="EnsureLoaded"/> turns a missing library into STM5600 with the install line.
/// </summary>
internal static unsafe partial class Umockdev
{
    public const string Library = "libumockdev.so.0";
    public const string PreloadLibrary = "libumockdev-preload.so.0";
    private const string GObject = "libgobject-2.0.so.0";
    private const string GLib = "libglib-2.0.so.0";

    private static readonly Lazy<bool> s_loaded = new(() => NativeLibrary.TryLoad(Library, out _) && NativeLibrary.TryLoad(GObject, out _));

    /// <summary>Loads libumockdev; STM5600 when it (or Linux) is missing.</summary>
    public static void EnsureLoaded()
    {
        if (!OperatingSystem.IsLinux() || !s_loaded.Value)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.UsbEmulationUnavailable, DiagnosticSeverity.Error,
                OperatingSystem.IsLinux()
                    ? $"the USB emulation needs umockdev ({Library}, {PreloadLibrary}): sudo apt-get install umockdev libumockdev0"
                    : "the USB emulation (Linux usbfs through umockdev) only runs on Linux"));
        }
    }

    // UMockdevTestbed
    [LibraryImport(Library)] public static partial IntPtr umockdev_testbed_new();
    [LibraryImport(Library)] public static partial IntPtr umockdev_testbed_get_root_dir(IntPtr testbed);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int umockdev_testbed_add_from_string(IntPtr testbed, string data, IntPtr* error);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int umockdev_testbed_attach_ioctl(IntPtr testbed, string dev, IntPtr handler, IntPtr* error);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int umockdev_testbed_detach_ioctl(IntPtr testbed, string dev, IntPtr* error);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial void umockdev_testbed_remove_device(IntPtr testbed, string syspath);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial void umockdev_testbed_uevent(IntPtr testbed, string devpath, string action);

    // UMockdevIoctlBase / UMockdevIoctlClient / UMockdevIoctlData
    [LibraryImport(Library)] public static partial IntPtr umockdev_ioctl_base_new();
    [LibraryImport(Library)] public static partial nuint umockdev_ioctl_client_get_request(IntPtr client);
    [LibraryImport(Library)] public static partial IntPtr umockdev_ioctl_client_get_arg(IntPtr client);
    [LibraryImport(Library)] public static partial IntPtr umockdev_ioctl_client_get_devnode(IntPtr client);
    [LibraryImport(Library)] public static partial int umockdev_ioctl_client_get_connected(IntPtr client);
    [LibraryImport(Library)] public static partial void umockdev_ioctl_client_complete(IntPtr client, nint result, int errno);
    [LibraryImport(Library)] public static partial IntPtr umockdev_ioctl_data_resolve(IntPtr data, nuint offset, nuint length, IntPtr* error);
    [LibraryImport(Library)] public static partial int umockdev_ioctl_data_set_ptr(IntPtr data, nuint offset, IntPtr child);

    // GObject / GLib
    [LibraryImport(GObject)] public static partial IntPtr g_object_ref(IntPtr instance);
    [LibraryImport(GObject)] public static partial void g_object_unref(IntPtr instance);
    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nuint g_signal_connect_data(IntPtr instance, string signal, IntPtr handler, IntPtr data, IntPtr destroy, int flags);
    [LibraryImport(GLib)] public static partial void g_free(IntPtr memory);
    [LibraryImport(GLib)] public static partial void g_error_free(IntPtr error);

    /// <summary>A GLib-owned string as managed text, freeing it.</summary>
    public static string TakeString(IntPtr text)
    {
        try
        {
            return Marshal.PtrToStringUTF8(text) ?? "";
        }
        finally
        {
            g_free(text);
        }
    }

    /// <summary>The message of a GError (struct GError: domain u32, code i32, message char* at 8), freeing it.</summary>
    public static string TakeError(IntPtr error)
    {
        if (error == IntPtr.Zero)
        {
            return "unknown error";
        }
        var message = Marshal.PtrToStringUTF8(*(IntPtr*)((byte*)error + 8)) ?? "unknown error";
        g_error_free(error);
        return message;
    }
}

/// <summary>
/// A UMockdevIoctlData seen from C: a GObject whose public fields follow the 24 bytes of GObject on 64-bit Linux
/// (umockdev-ioctl.vala <c>IoctlData</c>: <c>uint8[] data</c> with its length, then <c>ulong client_addr</c>; the
/// private-data pointer comes after them in umockdev 0.17). <see cref="Checked"/> verifies the layout against a resolved length, so a
/// different umockdev build is an error, never a wrong read.
/// </summary>
internal readonly unsafe struct IoctlData
{
    private const int DataOffset = 24, LengthOffset = 32, ClientAddressOffset = 40;

    public IoctlData(IntPtr handle) => Handle = handle;

    public IntPtr Handle { get; }

    public bool IsNull => Handle == IntPtr.Zero;

    /// <summary>The local copy of the client's memory.</summary>
    public Span<byte> Bytes => new(*(byte**)((byte*)Handle + DataOffset), *(int*)((byte*)Handle + LengthOffset));

    /// <summary>The address of this memory in the client process.</summary>
    public ulong ClientAddress => *(ulong*)((byte*)Handle + ClientAddressOffset);

    /// <summary>Resolves <paramref name="length"/> bytes the pointer at <paramref name="offset"/> points to (a new reference; null pointers give a null result).</summary>
    public IoctlData Resolve(int offset, int length)
    {
        IntPtr error = IntPtr.Zero;
        var child = new IoctlData(Umockdev.umockdev_ioctl_data_resolve(Handle, (nuint)offset, (nuint)length, &error));
        if (error != IntPtr.Zero)
        {
            if (!child.IsNull)
            {
                Umockdev.g_object_unref(child.Handle);
            }
            throw new IOException("umockdev could not read the client's memory: " + Umockdev.TakeError(error));
        }
        return child.IsNull ? child : child.Checked(length);
    }

    private IoctlData Checked(int length)
    {
        if (Bytes.Length != length)
        {
            Umockdev.g_object_unref(Handle);
            throw new IOException($"libumockdev's IoctlData layout is not the one this build knows (resolved {length} bytes, read a length of {Bytes.Length})");
        }
        return this;
    }

    public void Unref()
    {
        if (!IsNull)
        {
            Umockdev.g_object_unref(Handle);
        }
    }
}
