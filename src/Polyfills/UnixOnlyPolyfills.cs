using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace System.IO
{
    /// <summary>
    /// .NET 6's <c>System.IO.RandomAccess</c>, for .NET Framework. The libraries call it only on Unix file handles
    /// (the probe locks' Unix path), and .NET Framework runs on Windows only, so here it only says so.
    /// </summary>
    internal static class RandomAccess
    {
        /// <summary>Not supported on .NET Framework.</summary>
        public static int Read(SafeFileHandle handle, Span<byte> buffer, long fileOffset) =>
            throw new PlatformNotSupportedException("positional reads of a Unix file handle are not supported on .NET Framework");

        /// <summary>Not supported on .NET Framework.</summary>
        public static void Write(SafeFileHandle handle, ReadOnlySpan<byte> buffer, long fileOffset) =>
            throw new PlatformNotSupportedException("positional writes of a Unix file handle are not supported on .NET Framework");
    }
}

namespace System
{
    /// <summary><c>Marshal.GetLastPInvokeError</c> and <c>FileSystemInfo.LinkTarget</c> (.NET 6), for .NET Framework.</summary>
    internal static class UnixOnlyPolyfills
    {
        extension(Marshal)
        {
            /// <summary>The error code of the last P/Invoke declared with SetLastError (GetLastWin32Error on .NET Framework).</summary>
            public static int GetLastPInvokeError() => Marshal.GetLastWin32Error();
        }

        extension(FileSystemInfo info)
        {
            /// <summary>
            /// Non-null when the entry is a link (a reparse point): its own path, since .NET Framework cannot read the
            /// target; null otherwise.
            /// </summary>
            public string? LinkTarget => (info.Attributes & FileAttributes.ReparsePoint) != 0 ? info.FullName : null;
        }
    }
}

namespace System
{
    /// <summary>UTF-8 strings from native memory, <c>MemoryMarshal.Write</c> by value (.NET 8) and <c>ResolveLinkTarget</c> (.NET 6), for .NET Framework.</summary>
    internal static class NativeMemoryPolyfills
    {
        extension(Marshal)
        {
            /// <summary>The NUL-terminated UTF-8 string at <paramref name="ptr"/>, or null for a null pointer.</summary>
            public static string? PtrToStringUTF8(IntPtr ptr)
            {
                if (ptr == IntPtr.Zero)
                {
                    return null;
                }
                var length = 0;
                while (Marshal.ReadByte(ptr, length) != 0)
                {
                    length++;
                }
                var bytes = new byte[length];
                Marshal.Copy(ptr, bytes, 0, length);
                return Text.Encoding.UTF8.GetString(bytes);
            }
        }

        extension(MemoryMarshal)
        {
            /// <summary>Writes <paramref name="value"/>'s bytes at the start of <paramref name="destination"/>.</summary>
            public static void Write<T>(Span<byte> destination, in T value) where T : struct
            {
                var copy = value;
                MemoryMarshal.Write(destination, ref copy);
            }
        }

        extension(FileSystemInfo info)
        {
            /// <summary>Null: .NET Framework cannot resolve link targets, so the path is used as it is.</summary>
            public FileSystemInfo? ResolveLinkTarget(bool returnFinalTarget) => null;
        }
    }
}
