using System.Diagnostics;
using System.Text;

namespace Stm32.Build.Package.Tests;

/// <summary>The exit code and the merged output of a finished process.</summary>
internal sealed record ProcessResult(int ExitCode, string Output);

/// <summary>
/// Runs tools as subprocesses with a bounded wait (the process tree is killed on timeout) and an environment free
/// of the MSBuild variables Microsoft.Build.Locator set in this process, so a child `dotnet` finds its own SDK.
/// </summary>
internal static class ProcessRunner
{
    private static readonly string[] s_inheritedMSBuildVariables =
        ["MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE"];

    /// <summary>A start info for <paramref name="fileName"/> with the clean environment and <paramref name="environment"/> added.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var name in s_inheritedMSBuildVariables)
        {
            info.Environment.Remove(name);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return info;
    }

    /// <summary>Runs to completion or kills the tree after <paramref name="timeout"/> (then the test fails with the output so far).</summary>
    public static ProcessResult Run(ProcessStartInfo info, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            lock (output)
            {
                Assert.Fail($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds} s:\n{output}");
            }
        }
        process.WaitForExit(); // drains the asynchronous readers
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }

    /// <summary>Runs `dotnet` with <paramref name="arguments"/>.</summary>
    public static ProcessResult Dotnet(string workingDirectory, IDictionary<string, string>? environment, TimeSpan timeout, params string[] arguments) =>
        Run(StartInfo("dotnet", arguments, workingDirectory, environment), timeout);
}
