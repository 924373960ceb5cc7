using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Stm32.Build.StLink.Locking;

/// <summary>
/// The few POSIX calls the probe lock needs and .NET does not offer: <c>open</c> with <c>O_NOFOLLOW</c> (a symbolic
/// link is refused by the kernel, not checked beforehand), <c>flock</c>, <c>ftruncate</c>, <c>geteuid</c> and, on
/// Linux, <c>statx</c> for owner and mode without following links. Flag and errno values are per platform
/// (Linux asm-generic and x86 <c>fcntl.h</c>, macOS <c>sys/fcntl.h</c>, <c>errno.h</c>); <c>struct statx</c> has one
/// layout on every Linux architecture (<c>include/uapi/linux/stat.h</c>).
/// </summary>
internal static partial class UnixFiles
{
    private const string Libc = "libc";

    private const int ORdOnly = 0, ORdWr = 2;
    private const int LockExclusive = 2, LockNonBlocking = 4; // LOCK_EX, LOCK_NB (sys/file.h, Linux and macOS)
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000; // Linux fcntl.h
    private const uint StatxBasicStats = 0x7FF;
    private const int StatxSize = 256;
    // struct statx offsets (linux/stat.h).
    private const int StatxUidOffset = 20, StatxModeOffset = 28, StatxInoOffset = 32, StatxDevMajorOffset = 136, StatxDevMinorOffset = 140;
    private const int FileTypeMask = 0xF000, FileTypeDirectory = 0x4000, FileTypeRegular = 0x8000, FileTypeSymlink = 0xA000;

    private static bool IsArm => RuntimeInformation.OSArchitecture is Architecture.Arm or Architecture.Arm64;

    private static int OCreat => OperatingSystem.IsMacOS() ? 0x200 : 0x40;

    private static int ONoFollow => OperatingSystem.IsMacOS() ? 0x100 : IsArm ? 0x8000 : 0x20000;

    private static int OCloExec => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    /// <summary>ELOOP: what <c>open</c> answers for a symbolic link under <c>O_NOFOLLOW</c>.</summary>
    public static int ErrorLoop => OperatingSystem.IsMacOS() ? 62 : 40;

    /// <summary>EWOULDBLOCK: the lock is held elsewhere.</summary>
    public static int ErrorWouldBlock => OperatingSystem.IsMacOS() ? 35 : 11;

    /// <summary>ENOENT.</summary>
    public const int ErrorNoEntry = 2;

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    [LibraryImport(Libc, EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int FtruncateNative(int fd, long length);

    [LibraryImport(Libc, EntryPoint = "geteuid")]
    private static partial uint GetEuidNative();

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxNative(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The effective user ID.</summary>
    public static uint EffectiveUserId => GetEuidNative();

    /// <summary>Opens (creating with mode 0600) <paramref name="path"/> read-write without following a symbolic link; errno on failure.</summary>
    public static SafeFileHandle? OpenNoFollow(string path, bool create, out int errno)
    {
        var flags = (create ? ORdWr | OCreat : ORdOnly) | ONoFollow | OCloExec;
        var fd = OpenNative(path, flags, 0x180); // 0600
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new SafeFileHandle((IntPtr)fd, ownsHandle: true);
    }

    /// <summary>Takes an exclusive <c>flock</c> without waiting: false when another open file holds it.</summary>
    public static bool TryLockExclusive(SafeFileHandle handle, out int errno)
    {
        var rc = FlockNative((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking);
        errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        return rc == 0;
    }

    /// <summary>Truncates the open file to <paramref name="length"/> bytes.</summary>
    public static void Truncate(SafeFileHandle handle, long length) => _ = FtruncateNative((int)handle.DangerousGetHandle(), length);

    /// <summary>Owner, type and mode of a path (not following a final symbolic link) or of an open file; null where statx is unavailable (not Linux) or fails.</summary>
    public static unsafe FileStatus? Status(string? path, SafeFileHandle? handle = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var buffer = stackalloc byte[StatxSize];
        var rc = handle is null
            ? StatxNative(AtFdCwd, path!, AtSymlinkNoFollow, StatxBasicStats, buffer)
            : StatxNative((int)handle.DangerousGetHandle(), "", AtEmptyPath | AtSymlinkNoFollow, StatxBasicStats, buffer);
        if (rc != 0)
        {
            return null;
        }
        var span = new ReadOnlySpan<byte>(buffer, StatxSize);
        var mode = MemoryMarshal.Read<ushort>(span[StatxModeOffset..]);
        return new FileStatus(
            MemoryMarshal.Read<uint>(span[StatxUidOffset..]),
            (mode & FileTypeMask) switch { FileTypeDirectory => FileKind.Directory, FileTypeRegular => FileKind.Regular, FileTypeSymlink => FileKind.SymbolicLink, _ => FileKind.Other },
            mode & 0xFFF,
            MemoryMarshal.Read<ulong>(span[StatxInoOffset..]),
            ((ulong)MemoryMarshal.Read<uint>(span[StatxDevMajorOffset..]) << 32) | MemoryMarshal.Read<uint>(span[StatxDevMinorOffset..]));
    }
}

/// <summary>What kind of file a path is.</summary>
internal enum FileKind
{
    Regular,
    Directory,
    SymbolicLink,
    Other,
}

/// <summary>The parts of <c>struct statx</c> the lock checks.</summary>
/// <param name="Owner">stx_uid.</param>
/// <param name="Kind">The file type from stx_mode.</param>
/// <param name="Permissions">The permission bits of stx_mode (0777 plus set-id and sticky bits).</param>
/// <param name="Inode">stx_ino.</param>
/// <param name="Device">stx_dev_major and stx_dev_minor.</param>
internal sealed record FileStatus(uint Owner, FileKind Kind, int Permissions, ulong Inode, ulong Device);
