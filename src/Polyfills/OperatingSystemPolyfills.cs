using System.Runtime.InteropServices;

namespace System;

/// <summary><c>OperatingSystem.IsWindows()</c> and friends (.NET 5), for .NET Framework.</summary>
internal static class OperatingSystemPolyfills
{
    extension(OperatingSystem)
    {
        /// <summary>Whether the process runs on Windows.</summary>
        public static bool IsWindows() => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Whether the process runs on Linux.</summary>
        public static bool IsLinux() => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        /// <summary>Whether the process runs on macOS.</summary>
        public static bool IsMacOS() => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
    }
}
