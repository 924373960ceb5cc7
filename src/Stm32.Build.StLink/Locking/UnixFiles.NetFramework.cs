// .NET Framework has no LibraryImport source generator: these implement the partial methods declared with
// [LibraryImport] in UnixFiles.cs as classic P/Invokes (UTF-8 paths as LPUTF8Str). The compiler rejects an
// implementation whose signature differs from its declaration. .NET Framework runs on Windows, where none of these
// is called (the locks use the Windows path there).
#if !NET7_0_OR_GREATER
using System.Runtime.InteropServices;

namespace Stm32.Build.StLink.Locking;

internal static partial class UnixFiles
{
    [DllImport(Libc, EntryPoint = "open", SetLastError = true)]
    private static extern partial int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport(Libc, EntryPoint = "flock", SetLastError = true)]
    private static extern partial int FlockNative(int fd, int operation);

    [DllImport(Libc, EntryPoint = "ftruncate", SetLastError = true)]
    private static extern partial int FtruncateNative(int fd, long length);

    [DllImport(Libc, EntryPoint = "geteuid")]
    private static extern partial uint GetEuidNative();

    [DllImport(Libc, EntryPoint = "statx", SetLastError = true)]
    private static unsafe extern partial int StatxNative(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);
}
#endif
