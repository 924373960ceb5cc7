using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Locking;

namespace Stm32.Build.StLink;

/// <summary>
/// Cross-process exclusivity for one probe: a lock file per probe identity holding an OS lock (<c>flock</c> on
/// Linux and macOS, a share-mode lock on Windows), so two processes never interleave commands on one probe. The
/// file lives in a private per-user directory (<see cref="DefaultDirectory"/>), is opened without following
/// symbolic links (<c>O_NOFOLLOW</c>: a planted link is refused, never written through), and holds who has it
/// (pid, process name, since when) so a waiting process can name the holder. Waiting is bounded.
/// </summary>
public sealed class ProbeLock : IDisposable
{
    /// <summary>The environment variable that overrides the lock directory.</summary>
    public const string DirectoryVariable = "STM32_BUILD_LOCK_DIR";

    private const int MaxOwnerBytes = 1024;
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);
    private readonly SafeFileHandle? _handle;
    private readonly FileStream? _stream;
    private bool _disposed;

    private ProbeLock(string key, string path, SafeFileHandle? handle, FileStream? stream)
    {
        Key = key;
        FilePath = path;
        _handle = handle;
        _stream = stream;
    }

    /// <summary>The probe identity locked.</summary>
    public string Key { get; }

    /// <summary>The lock file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// The lock directory: <c>$STM32_BUILD_LOCK_DIR</c>, else <c>$XDG_RUNTIME_DIR/stm32-build/locks</c>, else
    /// <c>stm32-build-UID</c> in the temp directory (created 0700 and checked to be this user's own, not a link).
    /// </summary>
    public static string DefaultDirectory => ProbeLockDirectory.Resolve(Environment.GetEnvironmentVariable).Path;

    /// <summary>The lock file <see cref="Acquire"/> uses for <paramref name="key"/> in <paramref name="directory"/>.</summary>
    public static string FileFor(string key, string? directory = null) =>
        Path.Combine(directory ?? DefaultDirectory, FileName(key) + ".lock");

    /// <summary>
    /// Takes the lock for <paramref name="key"/>, waiting up to <paramref name="timeout"/> while another process holds it
    /// (<paramref name="waiting"/> is told once, with the holder). Throws STM3012 naming the holder when it times out,
    /// STM3031 when the directory or the lock file is unsafe (a symbolic link, another user's).
    /// </summary>
    public static ProbeLock Acquire(string key, TimeSpan timeout, string? directory = null, Action<string>? waiting = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var (dir, trusted) = directory is null ? ProbeLockDirectory.Resolve(Environment.GetEnvironmentVariable) : (Path.GetFullPath(directory), true);
        ProbeLockDirectory.Prepare(dir, trusted);
        var path = Path.Combine(dir, FileName(key) + ".lock");
        var deadline = Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var held = TryTake(key, path);
            if (held is not null)
            {
                held.WriteOwner();
                return held;
            }
            if (deadline.Elapsed >= timeout)
            {
                throw new ProbeException(new Diagnostic(DiagnosticCodes.ProbeBusy, DiagnosticSeverity.Error,
                    $"probe {key} is in use by {DescribeHolder(path)} and was not released within {timeout.TotalSeconds:0.#} s; wait for it to finish or stop it"));
            }
            if (!told)
            {
                told = true;
                waiting?.Invoke($"probe {key} is in use by {DescribeHolder(path)}; waiting up to {timeout.TotalSeconds:0.#} s");
            }
            Thread.Sleep(s_poll);
        }
    }

    /// <summary>The lock, or null when another open file holds it.</summary>
    private static ProbeLock? TryTake(string key, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                // Sharing read access only: a second locker (read-write) is refused, a waiting process may read the holder.
                return new ProbeLock(key, path, null, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None));
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException ex)
            {
                throw ProbeLockDirectory.Unsafe(path, $"cannot open the probe lock file {path} ({ex.Message})", ex);
            }
        }
        var handle = UnixFiles.OpenNoFollow(path, create: true, out var errno);
        if (handle is null)
        {
            throw ProbeLockDirectory.Unsafe(path, errno == UnixFiles.ErrorLoop
                ? $"the probe lock file {path} is a symbolic link; it is not followed: remove it"
                : string.Create(CultureInfo.InvariantCulture, $"cannot open the probe lock file {path} (errno {errno})"));
        }
        if (UnixFiles.Status(null, handle) is { } status && (status.Kind != FileKind.Regular || status.Owner != UnixFiles.EffectiveUserId))
        {
            handle.Dispose();
            throw ProbeLockDirectory.Unsafe(path, $"the probe lock file {path} is not a regular file of this user; remove it");
        }
        if (!UnixFiles.TryLockExclusive(handle, out errno))
        {
            handle.Dispose();
            if (errno == UnixFiles.ErrorWouldBlock)
            {
                return null;
            }
            throw ProbeLockDirectory.Unsafe(path, string.Create(CultureInfo.InvariantCulture, $"cannot lock the probe lock file {path} (errno {errno})"));
        }
        return new ProbeLock(key, path, handle, null);
    }

    /// <summary>Describes the holder from what it wrote into the lock file: <c>process 1234 (stm32) since 2026-01-01 10:00:00Z</c>.</summary>
    public static string DescribeHolder(string lockFile)
    {
        var text = ReadOwner(lockFile);
        if (text is null)
        {
            return "another process";
        }
        var lines = text.Split('\n');
        string Get(string k) => lines.FirstOrDefault(l => l.StartsWith(k + "=", StringComparison.Ordinal))?[(k.Length + 1)..] ?? "?";
        return $"process {Get("pid")} ({Get("process")}) since {Get("since")}";
    }

    /// <summary>At most <see cref="MaxOwnerBytes"/> of the lock file, read without following a link; null when unreadable.</summary>
    private static string? ReadOwner(string lockFile)
    {
        var buffer = new byte[MaxOwnerBytes];
        int read;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var stream = new FileStream(lockFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                read = stream.Read(buffer);
            }
            else
            {
                using var handle = UnixFiles.OpenNoFollow(lockFile, create: false, out _);
                if (handle is null)
                {
                    return null;
                }
                read = RandomAccess.Read(handle, buffer, 0);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return read <= 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private void WriteOwner()
    {
        using var self = Process.GetCurrentProcess();
        var bytes = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"pid={Environment.ProcessId}\nprocess={self.ProcessName}\nsince={DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z\n"));
        try
        {
            if (_handle is not null)
            {
                UnixFiles.Truncate(_handle, 0);
                RandomAccess.Write(_handle, bytes, 0);
            }
            else if (_stream is not null)
            {
                _stream.SetLength(0);
                _stream.Write(bytes);
                _stream.Flush();
            }
        }
        catch (IOException)
        {
            // The owner note is informational; the OS lock is what excludes.
        }
    }

    private static string FileName(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }
        var name = sb.ToString();
        if (name.Length > 80)
        {
            var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key));
            name = name[..40] + "-" + Convert.ToHexString(hash, 0, 8);
        }
        return name;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _handle?.Dispose();
        _stream?.Dispose();
    }
}
