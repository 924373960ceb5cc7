using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stm32.Cli.Tests;

/// <summary>
/// The built <c>stm32</c> command as a real process (<c>dotnet stm32.dll ARGS</c>), with its standard error read
/// line by line so a test can wait for a progress line, then signal it. The process is started through
/// <c>perl -e 'exec'</c> with SIGINT and SIGQUIT reset to their default, because a process started in the background
/// by a non-interactive shell (as CI may run the tests) inherits them ignored, and an ignored signal cannot be caught.
/// </summary>
internal sealed class Stm32Process : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _errLines = [];
    private readonly ConcurrentQueue<string> _err = new();
    private readonly Task<string> _out;
    private readonly ErrPipe? _pipe;

    private Stm32Process(Process process, bool pollErr)
    {
        _process = process;
        if (pollErr)
        {
            _pipe = new ErrPipe(process.StandardError.BaseStream, AddErrLine);
        }
        else
        {
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    _errLines.CompleteAdding();
                    return;
                }
                AddErrLine(e.Data);
            };
            _process.BeginErrorReadLine();
        }
        _out = _process.StandardOutput.ReadToEndAsync();
    }

    private void AddErrLine(string line)
    {
        _err.Enqueue(line);
        _errLines.Add(line);
    }

    /// <summary>Starts <c>stm32 ARGS</c>.</summary>
    public static Stm32Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts <c>stm32 ARGS</c> with <paramref name="environment"/> added to this process's environment.</summary>
    public static Stm32Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) => Start(environment, false, args);

    /// <summary>
    /// Starts <c>stm32 ARGS</c> with its standard error read through <see cref="ReadErrNow"/>: a line the process
    /// wrote before it sent something (the CLI's error writer flushes each line) is seen by a caller of
    /// <see cref="ReadErrNow"/> that received that something, whatever the thread scheduling.
    /// </summary>
    public static Stm32Process StartWithPolledErr(params string[] args) => Start(new Dictionary<string, string>(), true, args);

    private static Stm32Process Start(IReadOnlyDictionary<string, string> environment, bool pollErr, string[] args)
    {
        var info = new ProcessStartInfo("perl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        foreach (var a in new[] { "-e", "$SIG{INT} = 'DEFAULT'; $SIG{QUIT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die $!", "dotnet", Path.Combine(AppContext.BaseDirectory, "stm32.dll") }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }
        return new Stm32Process(Process.Start(info)!, pollErr);
    }

    /// <summary>
    /// The standard error lines written so far and not yet returned by this method, read now (without blocking);
    /// only for a process started by <see cref="StartWithPolledErr"/>.
    /// </summary>
    public IReadOnlyList<string> ReadErrNow() =>
        (_pipe ?? throw new InvalidOperationException("standard error is read in the background; start with StartWithPolledErr")).ReadNow();

    /// <summary>The process id (the dotnet host, perl having exec'd it).</summary>
    public int Id => _process.Id;

    /// <summary>Every standard error line so far.</summary>
    public string Err => string.Join('\n', _err);

    /// <summary>Waits for a standard error line starting with <paramref name="prefix"/>.</summary>
    public string WaitForErrLine(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_errLines.TryTake(out var line, deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
            else if (_errLines.IsCompleted)
            {
                break;
            }
        }
        throw new TimeoutException($"no standard error line starting with '{prefix}' within {timeout}; so far:\n{Err}");
    }

    /// <summary>Sends <paramref name="signal"/> (a POSIX number).</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the exit (bounded) and returns the exit code, standard output and standard error.</summary>
    public (int Code, string Out, string Err) WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"stm32 did not exit within {timeout}; standard error:\n{Err}");
        }
        _process.WaitForExit(); // drains the asynchronous readers
        _pipe?.Finish();
        return (_process.ExitCode, _out.GetAwaiter().GetResult(), Err);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _pipe?.Dispose();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
