using System.Runtime.InteropServices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink.Transport.Usb;

/// <summary>
/// Finds and loads the libusb-1.0 shared library. The file names tried are the platform's usual ones, or the one
/// in the <c>STM32_BUILD_LIBUSB</c> environment variable. When none loads, a coded error (STM3005) says how to
/// install it.
/// </summary>
public static class LibUsbLibrary
{
    /// <summary>The environment variable that names the library file to load instead of the defaults.</summary>
    public const string EnvironmentVariable = "STM32_BUILD_LIBUSB";

    private static readonly object s_gate = new();
    private static IntPtr s_handle;
    private static ProbeException? s_error;

    /// <summary>The file names tried on this platform, in order.</summary>
    public static IReadOnlyList<string> DefaultCandidates
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return ["libusb-1.0.dll"];
            }
            if (OperatingSystem.IsMacOS())
            {
                return ["libusb-1.0.0.dylib", "libusb-1.0.dylib", "/opt/homebrew/lib/libusb-1.0.0.dylib", "/usr/local/lib/libusb-1.0.0.dylib"];
            }
            return ["libusb-1.0.so.0", "libusb-1.0.so"];
        }
    }

    /// <summary>The candidates in effect: the environment variable's value when set, else <see cref="DefaultCandidates"/>.</summary>
    public static IReadOnlyList<string> Candidates =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? [path] : DefaultCandidates;

    /// <summary>
    /// Loads the first of <paramref name="candidates"/> that loads and returns its handle; throws a
    /// <see cref="ProbeException"/> with code STM3005 and the install command when none does.
    /// </summary>
    public static IntPtr Load(IEnumerable<string> candidates)
    {
        var tried = new List<string>();
        foreach (var name in candidates)
        {
            tried.Add(name);
            if (NativeLibrary.TryLoad(name, typeof(LibUsbLibrary).Assembly, DllImportSearchPath.SafeDirectories | DllImportSearchPath.System32, out var handle)
                || NativeLibrary.TryLoad(name, out handle))
            {
                return handle;
            }
        }
        throw ProbeErrors.Create(DiagnosticCodes.LibUsbMissing,
            $"the USB library libusb-1.0 could not be loaded (tried {string.Join(", ", tried)}); {InstallHint}");
    }

    /// <summary>How to install libusb-1.0 on this platform.</summary>
    public static string InstallHint =>
        OperatingSystem.IsWindows() ? "put libusb-1.0.dll (from libusb.info) next to the tool or on PATH"
        : OperatingSystem.IsMacOS() ? "install it with `brew install libusb`"
        : "install it with `sudo apt-get install libusb-1.0-0` on Debian/Ubuntu (`dnf install libusb1` on Fedora), or set " + EnvironmentVariable + " to the library file";

    /// <summary>Loads the library (once per process) or throws the coded error.</summary>
    public static void EnsureLoaded()
    {
        lock (s_gate)
        {
            if (s_handle != IntPtr.Zero)
            {
                return;
            }
            if (s_error is not null)
            {
                throw s_error;
            }
            try
            {
                s_handle = Load(Candidates);
            }
            catch (ProbeException ex)
            {
                s_error = ex;
                throw;
            }
        }
        LibUsbNative.EnsureResolver();
    }

    /// <summary>Whether libusb-1.0 can be loaded.</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                EnsureLoaded();
                return true;
            }
            catch (ProbeException)
            {
                return false;
            }
        }
    }

    internal static bool TryGetHandle(out IntPtr handle)
    {
        lock (s_gate)
        {
            handle = s_handle;
            return handle != IntPtr.Zero;
        }
    }
}
