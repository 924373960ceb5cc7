namespace System.IO
{
    /// <summary>Unix file permissions (.NET 7's <c>System.IO.UnixFileMode</c>, same values), for .NET Framework.</summary>
    [Flags]
    internal enum UnixFileMode
    {
        /// <summary>No permission.</summary>
        None = 0,
        /// <summary>Others may execute.</summary>
        OtherExecute = 1,
        /// <summary>Others may write.</summary>
        OtherWrite = 2,
        /// <summary>Others may read.</summary>
        OtherRead = 4,
        /// <summary>The group may execute.</summary>
        GroupExecute = 8,
        /// <summary>The group may write.</summary>
        GroupWrite = 16,
        /// <summary>The group may read.</summary>
        GroupRead = 32,
        /// <summary>The owner may execute.</summary>
        UserExecute = 64,
        /// <summary>The owner may write.</summary>
        UserWrite = 128,
        /// <summary>The owner may read.</summary>
        UserRead = 256,
        /// <summary>Sticky bit.</summary>
        StickyBit = 512,
        /// <summary>Set group ID.</summary>
        SetGroup = 1024,
        /// <summary>Set user ID.</summary>
        SetUser = 2048,
    }
}

namespace System
{
    /// <summary>
    /// The Unix-mode overloads of <c>Directory.CreateDirectory</c> and <c>File.SetUnixFileMode</c> (.NET 7), for .NET
    /// Framework, which runs on Windows only: like .NET on Windows they throw <see cref="PlatformNotSupportedException"/>.
    /// </summary>
    internal static class UnixFileModePolyfills
    {
        extension(Directory)
        {
            /// <summary>Not supported on Windows.</summary>
            public static DirectoryInfo CreateDirectory(string path, UnixFileMode unixCreateMode) =>
                throw new PlatformNotSupportedException("Unix file modes are not supported on this platform (" + path + ").");
        }

        extension(File)
        {
            /// <summary>Not supported on Windows.</summary>
            public static void SetUnixFileMode(string path, UnixFileMode mode) =>
                throw new PlatformNotSupportedException("Unix file modes are not supported on this platform (" + path + ").");
        }
    }
}
