using System.Diagnostics;
using System.Text;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>The result of one <c>dotnet build</c> run.</summary>
internal sealed record BuildRun(int ExitCode, string Output);

/// <summary>
/// A copy of a sample firmware project in a temporary folder, built with <c>dotnet build</c> through the
/// repository's build/ targets and the task assembly beside the tests. Optionally with a fake toolchain:
/// wrappers around the real arm-none-eabi tools that log every invocation (to prove what ran).
/// </summary>
internal sealed class SampleCopy : IDisposable
{
    private readonly TempDirectory _dir = new();

    private SampleCopy(string sample)
    {
        Root = _dir.Path;
        ProjectDirectory = _dir.Combine(sample);
        CopyTree(RepositoryPaths.Combine("samples", sample), ProjectDirectory);
        var samples = RepositoryPaths.Combine("samples");
        _dir.Write("Directory.Build.props", $"<Project><Import Project=\"{Path.Combine(samples, "Directory.Build.props")}\" /></Project>\n");
        _dir.Write("Directory.Build.targets", $"<Project><Import Project=\"{Path.Combine(samples, "Directory.Build.targets")}\" /></Project>\n");
    }

    public static SampleCopy Of(string sample) => new(sample);

    public string Root { get; }

    public string ProjectDirectory { get; }

    /// <summary>The fake toolchain's bin folder, once <see cref="UseLoggingToolchain"/> was called.</summary>
    public string? ToolchainDirectory { get; private set; }

    public string ToolLog => _dir.Combine("tools.log");

    public string File(params string[] parts) => Path.Combine([ProjectDirectory, .. parts]);

    /// <summary>Creates wrappers for gcc, g++, objcopy and objdump that log "name args" then run the real tool.</summary>
    public void UseLoggingToolchain()
    {
        ToolchainDirectory = _dir.Combine("fake-toolchain", "bin");
        Directory.CreateDirectory(ToolchainDirectory);
        foreach (var tool in new[] { "gcc", "g++", "objcopy", "objdump" })
        {
            var real = FindOnPath("arm-none-eabi-" + tool) ?? throw new InvalidOperationException("arm-none-eabi-" + tool + " is not installed");
            var script = Path.Combine(ToolchainDirectory, "arm-none-eabi-" + tool);
            System.IO.File.WriteAllText(script, $"#!/bin/sh\necho \"{tool} $*\" >> \"{ToolLog}\"\nexec \"{real}\" \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                System.IO.File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        System.IO.File.WriteAllText(ToolLog, string.Empty);
    }

    public IReadOnlyList<string> ReadToolLog() => System.IO.File.Exists(ToolLog) ? System.IO.File.ReadAllLines(ToolLog) : [];

    public void ClearToolLog() => System.IO.File.WriteAllText(ToolLog, string.Empty);

    /// <summary>Runs dotnet build (or another dotnet command) on the project file with extra arguments.</summary>
    public BuildRun Build(string projectFile, params string[] extra)
    {
        var args = new List<string> { "build", File(projectFile), "-nr:false", "-v:n", "-p:Stm32TasksAssembly=" + Path.Combine(AppContext.BaseDirectory, "Stm32.Build.Tasks.dll") };
        if (ToolchainDirectory is not null)
        {
            args.Add("-p:Stm32ToolchainPath=" + ToolchainDirectory);
        }
        args.AddRange(extra);
        return Dotnet(args);
    }

    public static BuildRun Dotnet(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // The test host runs inside MSBuild's environment; the child build must not inherit it.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_HOST", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(180_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + string.Join(" ", psi.ArgumentList) + " did not finish in 180 s");
        }
        p.WaitForExit();
        lock (output)
        {
            return new BuildRun(p.ExitCode, output.ToString());
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(System.IO.File.Exists);

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            System.IO.File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var dir in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj" or "build")
            {
                continue;
            }
            CopyTree(dir, Path.Combine(to, name));
        }
    }

    public void Dispose() => _dir.Dispose();
}
