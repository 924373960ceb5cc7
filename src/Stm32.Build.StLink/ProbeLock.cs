using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink;

/// <summary>
/// Cross-process exclusivity for one probe: a lock file per probe identity held open with
/// <see cref="FileShare.None"/> (an OS lock: <c>flock</c> on Linux and macOS, a share-mode lock on Windows), so two
/// processes flashing through the same probe never interleave. The holder writes who it is (pid, process name,
/// since when) to a side file, so a waiting process can name it. Waiting is bounded.
/// </summary>
public sealed class ProbeLock : IDisposable
{
    /// <summary>The environment variable that overrides the lock directory.</summary>
    public const string DirectoryVariable = "STM32_BUILD_LOCK_DIR";

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;
    private readonly string _ownerFile;
    private bool _disposed;

    private ProbeLock(FileStream stream, string ownerFile, string key)
    {
        _stream = stream;
        _ownerFile = ownerFile;
        Key = key;
    }

    /// <summary>The probe identity locked.</summary>
    public string Key { get; }

    /// <summary>
    /// The lock directory: <c>$STM32_BUILD_LOCK_DIR</c>, else <c>stm32-build-locks-USER</c> in the temp directory
    /// (per user, so a directory made by one user never blocks another; across users the USB interface claim excludes).
    /// </summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "stm32-build-locks-" + FileName(Environment.UserName));

    /// <summary>
    /// Takes the lock for <paramref name="key"/>, waiting up to <paramref name="timeout"/> while another process holds it
    /// (<paramref name="waiting"/> is told once, with the holder). Throws STM3012 naming the holder when it times out.
    /// </summary>
    public static ProbeLock Acquire(string key, TimeSpan timeout, string? directory = null, Action<string>? waiting = null, CancellationToken cancellationToken = default)
    {
        var dir = directory ?? DefaultDirectory;
        var name = FileName(key);
        var lockFile = Path.Combine(dir, name + ".lock");
        var ownerFile = Path.Combine(dir, name + ".owner");
        CreateDirectory(dir, lockFile);
        var deadline = Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                var held = new ProbeLock(stream, ownerFile, key);
                held.WriteOwner();
                return held;
            }
            catch (IOException) when (deadline.Elapsed < timeout)
            {
                if (!told)
                {
                    told = true;
                    waiting?.Invoke($"probe {key} is in use by {DescribeHolder(ownerFile)}; waiting up to {timeout.TotalSeconds:0.#} s");
                }
                Thread.Sleep(s_poll);
            }
            catch (IOException ex)
            {
                throw new ProbeException(new Diagnostic(DiagnosticCodes.ProbeBusy, DiagnosticSeverity.Error,
                    $"probe {key} is in use by {DescribeHolder(ownerFile)} and was not released within {timeout.TotalSeconds:0.#} s; wait for it to finish or stop it"), ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new ProbeException(new Diagnostic(DiagnosticCodes.ProbeBusy, DiagnosticSeverity.Error,
                    $"cannot create the probe lock file {lockFile} ({ex.Message}); set {DirectoryVariable} to a writable directory", File: lockFile), ex);
            }
        }
    }

    private static void CreateDirectory(string dir, string lockFile)
    {
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProbeException(new Diagnostic(DiagnosticCodes.ProbeBusy, DiagnosticSeverity.Error,
                $"cannot create the probe lock directory {dir} ({ex.Message}); set {DirectoryVariable} to a writable directory", File: lockFile), ex);
        }
    }

    /// <summary>Describes the holder from its side file: <c>process 1234 (stm32) since 2026-01-01 10:00:00Z</c>.</summary>
    public static string DescribeHolder(string ownerFile)
    {
        try
        {
            var lines = File.ReadAllLines(ownerFile);
            string Get(string k) => lines.FirstOrDefault(l => l.StartsWith(k + "=", StringComparison.Ordinal))?[(k.Length + 1)..] ?? "?";
            return $"process {Get("pid")} ({Get("process")}) since {Get("since")}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    private void WriteOwner()
    {
        using var self = Process.GetCurrentProcess();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"pid={Environment.ProcessId}\nprocess={self.ProcessName}\nsince={DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z\n");
        try
        {
            File.WriteAllText(_ownerFile, text, Encoding.UTF8);
            // The lock file holds the same text, for people looking at the directory.
            _stream.SetLength(0);
            _stream.Write(Encoding.UTF8.GetBytes(text));
            _stream.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
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
        try
        {
            File.Delete(_ownerFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort; the next holder overwrites it.
        }
        _stream.Dispose();
    }
}
