using System.Diagnostics;
using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Locking;

namespace Stm32.Build.StLink.Tests.Locking;

/// <summary>
/// Where the default lock directory is and that it is private: each case runs this assembly as a second process
/// (<c>lock-default</c>, Support/Program.cs) with its own environment, so no test changes this process's environment.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProbeLockDirectoryTests : IDisposable
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("stm32-lockdir-");

    private static string Uid => UnixFiles.EffectiveUserId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs <c>lock-default KEY</c> with XDG_RUNTIME_DIR and TMPDIR as given (null removes the variable).</summary>
    private static string LockDefault(string? runtimeDir, string tmpDir)
    {
        var assembly = typeof(ProbeLockDirectoryTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", ["exec", assembly, "lock-default", "stlink-DEFAULTDIR"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove(ProbeLock.DirectoryVariable);
        start.Environment.Remove("XDG_RUNTIME_DIR");
        if (runtimeDir is not null)
        {
            start.Environment["XDG_RUNTIME_DIR"] = runtimeDir;
        }
        start.Environment["TMPDIR"] = tmpDir;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), "the helper process did not finish");
        return output.Result.Trim();
    }

    [Fact]
    public void Locks_go_into_the_users_runtime_directory_when_there_is_one()
    {
        var runtime = Directory.CreateDirectory(Path.Combine(_root.FullName, "run"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var line = LockDefault(runtime.FullName, Path.Combine(_root.FullName, "tmp"));
        Assert.Equal("locked " + Path.Combine(runtime.FullName, "stm32-build", "locks", "stlink-DEFAULTDIR.lock"), line);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(runtime.FullName, "stm32-build", "locks")) & GroupOrOther);
    }

    [Fact]
    public void Without_a_runtime_directory_locks_go_into_a_private_directory_of_the_user_in_temp()
    {
        var tmp = Directory.CreateDirectory(Path.Combine(_root.FullName, "tmp")).FullName;
        var line = LockDefault(null, tmp);
        var expected = Path.Combine(tmp, "stm32-build-" + Uid);
        Assert.Equal("locked " + Path.Combine(expected, "stlink-DEFAULTDIR.lock"), line);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(expected));
    }

    [Fact]
    public void A_symbolic_link_planted_at_the_temp_lock_directory_is_refused()
    {
        var tmp = Directory.CreateDirectory(Path.Combine(_root.FullName, "tmp")).FullName;
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root.FullName, "elsewhere")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(tmp, "stm32-build-" + Uid), elsewhere);
        var line = LockDefault(null, tmp);
        Assert.StartsWith("error " + DiagnosticCodes.ProbeLockUnsafe, line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [Fact]
    public void A_temp_lock_directory_left_open_to_others_is_made_private_again()
    {
        var tmp = Directory.CreateDirectory(Path.Combine(_root.FullName, "tmp")).FullName;
        var open = Directory.CreateDirectory(Path.Combine(tmp, "stm32-build-" + Uid)).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // 0777
        Assert.StartsWith("locked ", LockDefault(null, tmp), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(open) & GroupOrOther);
    }

    [Fact]
    public void A_temp_lock_directory_of_another_user_is_refused()
    {
        // Only root can give a directory to another user (CI runs the tests as root); for anyone else there is no such directory to test with.
        if (UnixFiles.EffectiveUserId != 0)
        {
            return;
        }
        var tmp = Directory.CreateDirectory(Path.Combine(_root.FullName, "tmp")).FullName;
        var theirs = Directory.CreateDirectory(Path.Combine(tmp, "stm32-build-" + Uid), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        Chown(theirs, 65534);
        var line = LockDefault(null, tmp);
        Assert.StartsWith("error " + DiagnosticCodes.ProbeLockUnsafe, line, StringComparison.Ordinal);
        Assert.Contains("belongs to user 65534", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(theirs));
    }

    private static void Chown(string path, int uid)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", [uid.ToString(CultureInfo.InvariantCulture), path]) { UseShellExecute = false })!;
        chown.WaitForExit(10_000);
        Assert.Equal(0, chown.ExitCode);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
