using System.Diagnostics;
using System.Reflection;
using System.Text;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Usb.Tests.Support;

/// <summary>The exit code and output of one process run.</summary>
internal sealed record ProcessResult(int ExitCode, string Out, string Err, bool TimedOut)
{
    public string All => Out + Err;

    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>
/// Runs the <c>stm32</c> CLI (this repository's build, <c>src/Stm32.Cli/bin/CONFIG/net8.0/stm32.dll</c>) as a
/// process, with a private lock and sim-state directory per test, every run bounded by a timeout.
/// </summary>
internal sealed class Stm32Process : IDisposable
{
    private static readonly string s_configuration =
        typeof(Stm32Process).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!;

    private readonly DirectoryInfo _home = System.IO.Directory.CreateTempSubdirectory("stm32-usbtest-");

    /// <summary>The CLI assembly.</summary>
    public static string Cli => RepositoryPaths.Combine("src", "Stm32.Cli", "bin", s_configuration, "net8.0", "stm32.dll");

    /// <summary>A scratch directory of this test, deleted at the end.</summary>
    public string Directory => _home.FullName;

    /// <summary>A path in the scratch directory.</summary>
    public string PathOf(string name) => Path.Combine(_home.FullName, name);

    /// <summary>The command line that runs the CLI with <paramref name="args"/> (for use after <c>sim usb --</c>).</summary>
    public static string[] Command(params string[] args) => ["dotnet", Cli, .. args];

    /// <summary>Runs <c>stm32 ARGS</c>.</summary>
    public ProcessResult Run(TimeSpan timeout, params string[] args) => Start("dotnet", [Cli, .. args], timeout);

    /// <summary>
    /// Runs <c>stm32 sim usb SIMARGS -- COMMAND</c>. Unless <paramref name="rerun"/>, it starts already under
    /// umockdev's preload, as <c>umockdev-wrapper</c> would start it, which spares it running itself again.
    /// </summary>
    public ProcessResult SimUsb(IEnumerable<string> simArgs, IEnumerable<string> command, TimeSpan timeout, bool rerun = false) =>
        Start("dotnet", [Cli, "sim", "usb", .. simArgs, "--", .. command], timeout, preloaded: !rerun);

    /// <summary>Runs a program with this test's environment.</summary>
    public ProcessResult Start(string program, IEnumerable<string> args, TimeSpan timeout, bool preloaded = false)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["STM32_BUILD_LOCK_DIR"] = PathOf("locks");
        start.Environment["STM32_BUILD_SIM_DIR"] = PathOf("sim");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (preloaded)
        {
            start.Environment["LD_PRELOAD"] = "libumockdev-preload.so.0";
            start.Environment["DOTNET_EnableDiagnostics"] = "0";
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit((int)timeout.TotalMilliseconds);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        return new ProcessResult(exited ? process.ExitCode : -1, stdout.Result, stderr.Result, !exited);
    }

    /// <summary>Writes a POSIX shell script into the scratch directory and returns the command that runs it.</summary>
    public string[] Script(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal), new UTF8Encoding(false));
        return ["sh", path];
    }

    public void Dispose()
    {
        try
        {
            _home.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its test may still hold a file; the temp folder is cleaned eventually.
        }
    }
}
