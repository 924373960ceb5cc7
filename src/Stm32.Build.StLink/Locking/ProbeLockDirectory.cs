using System.Globalization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink.Locking;

/// <summary>
/// Where probe locks live, per user and private: <c>$STM32_BUILD_LOCK_DIR</c> when set (used as given, created
/// 0700 when missing), else <c>$XDG_RUNTIME_DIR/stm32-build/locks</c> (the user's runtime directory, 0700 by the
/// XDG Base Directory specification), else <c>stm32-build-UID</c> in the temp directory. A default directory is
/// created with mode 0700 and then checked with <c>lstat</c> semantics: a directory (not a symbolic link), owned
/// by this user, not open to group or others — anything else is STM3031 and nothing is written there. On Windows
/// the locks are under the user's local application data.
/// </summary>
internal static class ProbeLockDirectory
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int GroupOtherBits = 0x3F; // 0077

    /// <summary>The default directory for the environment <paramref name="environment"/> (a variable lookup).</summary>
    public static (string Path, bool Explicit) Resolve(Func<string, string?> environment)
    {
        if (environment(ProbeLock.DirectoryVariable) is { Length: > 0 } dir)
        {
            return (Path.GetFullPath(dir), true);
        }
        if (OperatingSystem.IsWindows())
        {
            return (Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "stm32-build", "locks"), false);
        }
        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && Path.IsPathRooted(runtime))
        {
            return (Path.Combine(runtime, "stm32-build", "locks"), false);
        }
        return (Path.Combine(Path.GetTempPath(), "stm32-build-" + UnixFiles.EffectiveUserId.ToString(CultureInfo.InvariantCulture)), false);
    }

    /// <summary>Creates <paramref name="directory"/> when missing and, unless <paramref name="trusted"/>, checks that it is private to this user.</summary>
    public static void Prepare(string directory, bool trusted)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
                return;
            }
            Directory.CreateDirectory(directory, Private);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unsafe(directory, $"cannot create the probe lock directory {directory} ({ex.Message})", ex);
        }
        if (!trusted && !OperatingSystem.IsWindows())
        {
            Check(directory);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Check(string directory)
    {
        if (UnixFiles.Status(directory) is { } status)
        {
            if (status.Kind != FileKind.Directory)
            {
                throw Unsafe(directory, $"the probe lock directory {directory} is {(status.Kind == FileKind.SymbolicLink ? "a symbolic link" : "not a directory")}; remove it");
            }
            if (status.Owner != UnixFiles.EffectiveUserId)
            {
                throw Unsafe(directory, string.Create(CultureInfo.InvariantCulture,
                    $"the probe lock directory {directory} belongs to user {status.Owner}, not to this user ({UnixFiles.EffectiveUserId}); remove it"));
            }
            if ((status.Permissions & GroupOtherBits) != 0)
            {
                File.SetUnixFileMode(directory, Private); // ours: make it private again
            }
            return;
        }
        // Without statx (not Linux): the link check and the mode .NET reads; chmod only succeeds for the owner.
        if (new DirectoryInfo(directory).LinkTarget is not null)
        {
            throw Unsafe(directory, $"the probe lock directory {directory} is a symbolic link; remove it");
        }
        try
        {
            File.SetUnixFileMode(directory, Private);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw Unsafe(directory, $"the probe lock directory {directory} does not belong to this user; remove it", ex);
        }
    }

    public static ProbeException Unsafe(string path, string message, Exception? inner = null) =>
        new(new Diagnostic(DiagnosticCodes.ProbeLockUnsafe, DiagnosticSeverity.Error,
            $"{message}; or set {ProbeLock.DirectoryVariable} to a directory of your own", File: path), inner);
}
