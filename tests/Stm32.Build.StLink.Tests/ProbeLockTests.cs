using System.Diagnostics;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink.Tests;

/// <summary>Cross-process exclusivity: one lock file per probe identity with an OS lock; waits are bounded and name the holder.</summary>
public sealed class ProbeLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("stm32-lock-");

    [Fact]
    public void A_second_holder_times_out_naming_the_first()
    {
        using var first = ProbeLock.Acquire("stlink-ABC", TimeSpan.Zero, _dir.FullName);
        var messages = new List<string>();
        var e = Assert.Throws<ProbeException>(() => ProbeLock.Acquire("stlink-ABC", TimeSpan.FromMilliseconds(200), _dir.FullName, messages.Add));
        Assert.Equal(DiagnosticCodes.ProbeBusy, e.Code);
        Assert.Contains($"process {Environment.ProcessId} (", e.Message, StringComparison.Ordinal);
        Assert.Single(messages);
    }

    [Fact]
    public void Different_probes_do_not_exclude_each_other()
    {
        using var a = ProbeLock.Acquire("stlink-A", TimeSpan.Zero, _dir.FullName);
        using var b = ProbeLock.Acquire("stlink-B", TimeSpan.Zero, _dir.FullName);
        Assert.NotEqual(a.Key, b.Key);
    }

    [Fact]
    public void A_released_lock_can_be_taken_again()
    {
        ProbeLock.Acquire("sim-/tmp/x y.state", TimeSpan.Zero, _dir.FullName).Dispose();
        using var again = ProbeLock.Acquire("sim-/tmp/x y.state", TimeSpan.Zero, _dir.FullName);
        Assert.Equal("sim-/tmp/x y.state", again.Key);
    }

    [Fact]
    public async Task A_waiter_gets_the_lock_when_the_holder_releases_it()
    {
        var first = ProbeLock.Acquire("stlink-W", TimeSpan.Zero, _dir.FullName);
        var waiting = new TaskCompletionSource();
        var second = Task.Run(() => ProbeLock.Acquire("stlink-W", TimeSpan.FromSeconds(10), _dir.FullName, _ => waiting.TrySetResult()));
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        first.Dispose();
        using var got = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("stlink-W", got.Key);
    }

    [Fact]
    public async Task Two_processes_never_hold_the_same_probe()
    {
        var assembly = typeof(ProbeLockTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", ["exec", assembly, "hold-lock", _dir.FullName, "stlink-XPROC", "20"])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var other = Process.Start(start)!;
        try
        {
            var line = await other.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("locked", line);

            var e = Assert.Throws<ProbeException>(() => ProbeLock.Acquire("stlink-XPROC", TimeSpan.FromMilliseconds(300), _dir.FullName));
            Assert.Equal(DiagnosticCodes.ProbeBusy, e.Code);
            Assert.Contains($"process {other.Id} (", e.Message, StringComparison.Ordinal);

            other.StandardInput.Close(); // the helper releases the lock and exits
            await other.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            using var mine = ProbeLock.Acquire("stlink-XPROC", TimeSpan.FromSeconds(5), _dir.FullName);
            Assert.Equal("stlink-XPROC", mine.Key);
        }
        finally
        {
            if (!other.HasExited)
            {
                other.Kill();
            }
        }
    }

    [Fact]
    public void An_unusable_lock_directory_is_a_coded_error()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc only exists on Linux
        }
        var e = Assert.Throws<ProbeException>(() => ProbeLock.Acquire("stlink-X", TimeSpan.Zero, "/proc/stm32-build-no-such-dir"));
        Assert.Equal(DiagnosticCodes.ProbeLockUnsafe, e.Code);
        Assert.Contains(ProbeLock.DirectoryVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_planted_symbolic_link_in_place_of_the_lock_file_is_refused_and_never_written_through()
    {
        var victim = Path.Combine(_dir.FullName, "victim.txt");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(ProbeLock.FileFor("stlink-PLANTED", _dir.FullName), victim);
        var e = Assert.Throws<ProbeException>(() => ProbeLock.Acquire("stlink-PLANTED", TimeSpan.Zero, _dir.FullName));
        Assert.Equal(DiagnosticCodes.ProbeLockUnsafe, e.Code);
        Assert.Contains("symbolic link", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(victim));
    }

    [Fact]
    public void A_planted_symbolic_link_is_not_followed_when_naming_the_holder_either()
    {
        var victim = Path.Combine(_dir.FullName, "secret.txt");
        File.WriteAllText(victim, "pid=31337\nprocess=not-a-lock\n");
        var link = Path.Combine(_dir.FullName, "link.lock");
        File.CreateSymbolicLink(link, victim);
        Assert.Equal("another process", ProbeLock.DescribeHolder(link));
    }

    [Fact]
    public void The_holder_is_named_from_the_lock_file_itself()
    {
        using var held = ProbeLock.Acquire("stlink-NAMED", TimeSpan.Zero, _dir.FullName);
        Assert.StartsWith($"process {Environment.ProcessId} (", ProbeLock.DescribeHolder(held.FilePath), StringComparison.Ordinal);
        Assert.Equal(_dir.FullName, Path.GetDirectoryName(held.FilePath));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
