using System.Diagnostics;
using Xunit;

namespace Stm32.Cli.Tests.Completion;

/// <summary>
/// The bash completion README documents: the function asks <c>stm32 [suggest:POSITION] "LINE"</c> (System.CommandLine's
/// suggest directive, what dotnet-suggest calls) and offers the answers. Run in a real bash with <c>stm32</c> on PATH.
/// </summary>
public sealed class TabCompletionTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("stm32-completion-").FullName;

    /// <summary>The function exactly as README shows it.</summary>
    private static string FunctionFromReadme()
    {
        var readme = File.ReadAllText(Stm32.Build.TestSupport.RepositoryPaths.Combine("README.md"));
        var start = readme.IndexOf("_stm32_complete()", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no _stm32_complete function");
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    public TabCompletionTests()
    {
        var shim = Path.Combine(_bin, "stm32");
        File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "stm32.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    private string[] Complete(string line)
    {
        var script = FunctionFromReadme() + $"\nCOMP_LINE='{line}'; COMP_POINT={line.Length}; _stm32_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"\n";
        var info = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var bash = Process.Start(info)!;
        var output = bash.StandardOutput.ReadToEnd();
        Assert.True(bash.WaitForExit(60_000));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Commands_options_and_values_complete()
    {
        Assert.Equal(["flash"], Complete("stm32 fla"));
        Assert.Equal(["--verbose", "--verify"], Complete("stm32 flash --ver").Order(StringComparer.Ordinal));
        Assert.Contains("under-reset", Complete("stm32 flash --connect u"));
    }
}
