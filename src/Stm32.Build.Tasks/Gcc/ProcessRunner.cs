using System.ComponentModel;
using System.Diagnostics;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Tasks.Gcc;

/// <summary>The result of one tool run: its exit code and output lines (stderr and stdout, in arrival order).</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">The lines it printed.</param>
public sealed record ProcessResult(int ExitCode, IReadOnlyList<string> Output);

/// <summary>Runs a toolchain program with an argument list, bounded in time and cancellable.</summary>
public static class ProcessRunner
{
    /// <summary>The longest a single tool run may take before it is stopped (a compile of a huge file fits easily).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs <paramref name="exe"/> and waits for it.</summary>
    /// <exception cref="Stm32Exception">STM6005 when it cannot start, STM6006 when cancelled, STM6007 on time-out.</exception>
    public static async Task<ProcessResult> RunAsync(string exe, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellation, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        // Plain, untranslated, uncoloured messages so they parse the same everywhere.
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["GCC_COLORS"] = string.Empty;
        var output = new List<string>();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Add(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Add(e.Data); } } };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or FileNotFoundException)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.ToolStartFailed, DiagnosticSeverity.Error,
                $"'{exe}' could not be started: {ex.Message}", exe), ex);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeoutSource = new CancellationTokenSource(timeout ?? DefaultTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }
            var timedOut = timeoutSource.IsCancellationRequested && !cancellation.IsCancellationRequested;
            throw new Stm32Exception(new Diagnostic(
                timedOut ? DiagnosticCodes.ToolTimedOut : DiagnosticCodes.BuildCancelled, DiagnosticSeverity.Error,
                timedOut ? $"'{Path.GetFileName(exe)}' ran longer than {(timeout ?? DefaultTimeout).TotalSeconds:0} s and was stopped." : "The build was cancelled.",
                exe));
        }
        // WaitForExitAsync returns after the redirected streams reached their end.
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToList());
        }
    }
}
