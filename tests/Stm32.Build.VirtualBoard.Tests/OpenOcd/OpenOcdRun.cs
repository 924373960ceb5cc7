using System.Diagnostics;
using System.Text;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// Runs Debian's <c>openocd</c> (0.12) as a subprocess with a bounded timeout and splits its log into steps:
/// before each command the script echoes a <c>STEP name</c> marker, so each command's output can be checked.
/// </summary>
internal sealed class OpenOcdRun
{
    private OpenOcdRun(string log, int exitCode, bool timedOut)
    {
        Log = log;
        ExitCode = exitCode;
        TimedOut = timedOut;
    }

    public string Log { get; }
    public int ExitCode { get; }
    public bool TimedOut { get; }

    public static string? Executable => new[] { "/usr/bin/openocd", "/usr/local/bin/openocd" }.FirstOrDefault(File.Exists);

    /// <summary>Runs openocd with the interface/backend arguments, then each (step, command) with a marker before it.</summary>
    public static OpenOcdRun Execute(IEnumerable<string> setup, IEnumerable<(string Step, string Command)> steps, TimeSpan timeout)
    {
        var exe = Executable ?? throw new InvalidOperationException("openocd is not installed (Debian package 'openocd')");
        var logFile = Path.Combine(Path.GetTempPath(), $"openocd-{Guid.NewGuid():N}.log");
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-l");
        info.ArgumentList.Add(logFile);
        // No GDB, telnet or Tcl server: another OpenOCD on the machine (or a parallel test) cannot collide with this one.
        foreach (var arg in new[] { "-c", "gdb_port disabled", "-c", "telnet_port disabled", "-c", "tcl_port disabled" })
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var arg in setup)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (step, command) in steps)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"echo \"STEP {step}\"");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(command);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit((int)timeout.TotalMilliseconds);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var text = new StringBuilder();
        if (File.Exists(logFile))
        {
            text.Append(File.ReadAllText(logFile));
            File.Delete(logFile);
        }
        text.Append(stdout.Result).Append(stderr.Result);
        return new OpenOcdRun(text.ToString(), exited ? process.ExitCode : -1, !exited);
    }

    /// <summary>The log between the marker of <paramref name="step"/> and the next marker (null when the step never started).</summary>
    public string? Section(string step)
    {
        var marker = $"STEP {step}";
        var start = Log.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += marker.Length;
        var next = Log.IndexOf("STEP ", start, StringComparison.Ordinal);
        return next < 0 ? Log[start..] : Log[start..next];
    }
}
