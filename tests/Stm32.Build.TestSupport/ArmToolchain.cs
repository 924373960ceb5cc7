using System.Diagnostics;
using System.Text;

namespace Stm32.Build.TestSupport;

/// <summary>The output of a tool run.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything the tool wrote to stdout.</param>
/// <param name="StandardError">Everything the tool wrote to stderr.</param>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>The GNU Arm toolchain is not installed, or one of its tools failed.</summary>
public sealed class ToolchainException(string message) : Exception(message);

/// <summary>
/// Finds and runs the GNU Arm Embedded toolchain (<c>arm-none-eabi-gcc</c>, <c>-objcopy</c>, <c>-objdump</c>).
/// Tools are looked up in <c>$STM32_ARM_TOOLCHAIN</c> (a bin folder) and then on <c>PATH</c>. When a tool is
/// missing, <see cref="Require"/> throws a <see cref="ToolchainException"/> naming the Debian packages, so tests
/// that need firmware FAIL (never silently pass) on a machine without the toolchain; CI installs it (<c>.ci/run</c>).
/// </summary>
public static class ArmToolchain
{
    /// <summary>The environment variable naming a folder holding the toolchain's executables.</summary>
    public const string EnvironmentVariable = "STM32_ARM_TOOLCHAIN";

    /// <summary>The longest a single tool run may take before it is killed.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string?> s_gcc = new(() => Find("arm-none-eabi-gcc"));
    private static readonly Lazy<string?> s_objcopy = new(() => Find("arm-none-eabi-objcopy"));
    private static readonly Lazy<string?> s_objdump = new(() => Find("arm-none-eabi-objdump"));
    private static readonly Lazy<string?> s_nm = new(() => Find("arm-none-eabi-nm"));
    private static readonly Lazy<string?> s_addr2line = new(() => Find("arm-none-eabi-addr2line"));
    private static readonly Lazy<string> s_version = new(() => Run(Gcc, ["--version"]).StandardOutput.Split('\n')[0].Trim());

    /// <summary>True when both gcc and objcopy are found.</summary>
    public static bool IsAvailable => s_gcc.Value is not null && s_objcopy.Value is not null;

    /// <summary>The path of <c>arm-none-eabi-gcc</c>; throws <see cref="ToolchainException"/> when missing.</summary>
    public static string Gcc => s_gcc.Value ?? throw Missing("arm-none-eabi-gcc");

    /// <summary>The path of <c>arm-none-eabi-objcopy</c>; throws <see cref="ToolchainException"/> when missing.</summary>
    public static string Objcopy => s_objcopy.Value ?? throw Missing("arm-none-eabi-objcopy");

    /// <summary>The path of <c>arm-none-eabi-objdump</c>; throws <see cref="ToolchainException"/> when missing.</summary>
    public static string Objdump => s_objdump.Value ?? throw Missing("arm-none-eabi-objdump");

    /// <summary>The path of <c>arm-none-eabi-nm</c>; throws <see cref="ToolchainException"/> when missing.</summary>
    public static string Nm => s_nm.Value ?? throw Missing("arm-none-eabi-nm");

    /// <summary>The path of <c>arm-none-eabi-addr2line</c>; throws <see cref="ToolchainException"/> when missing.</summary>
    public static string Addr2line => s_addr2line.Value ?? throw Missing("arm-none-eabi-addr2line");

    /// <summary>The first line of <c>arm-none-eabi-gcc --version</c> (part of the firmware cache key).</summary>
    public static string GccVersion => s_version.Value;

    /// <summary>Throws a <see cref="ToolchainException"/> with install instructions unless the toolchain is present.</summary>
    public static void Require()
    {
        _ = Gcc;
        _ = Objcopy;
    }

    /// <summary>Finds an executable in <c>$STM32_ARM_TOOLCHAIN</c> or on <c>PATH</c>; null when absent.</summary>
    public static string? Find(string tool)
    {
        var names = OperatingSystem.IsWindows() ? new[] { tool + ".exe", tool } : new[] { tool };
        var dirs = new List<string>();
        var custom = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(custom))
        {
            dirs.Add(custom);
        }
        dirs.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        foreach (var dir in dirs)
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>Runs <c>arm-none-eabi-objcopy</c> with <paramref name="arguments"/>; throws when it fails.</summary>
    public static ToolResult RunObjcopy(IEnumerable<string> arguments, string? workingDirectory = null) =>
        RunChecked(Objcopy, arguments, workingDirectory);

    /// <summary>Runs a tool and throws a <see cref="ToolchainException"/> with its output when it exits non-zero.</summary>
    public static ToolResult RunChecked(string tool, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var args = arguments.ToList();
        var result = Run(tool, args, workingDirectory, timeout);
        if (result.ExitCode != 0)
        {
            throw new ToolchainException(
                $"{Path.GetFileName(tool)} {string.Join(' ', args)} failed with exit code {result.ExitCode}:\n{result.StandardError}{result.StandardOutput}");
        }
        return result;
    }

    /// <summary>Runs a tool, waiting at most <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>), and returns its output.</summary>
    public static ToolResult Run(string tool, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["LC_ALL"] = "C";
        using var process = Process.Start(psi) ?? throw new ToolchainException($"cannot start {tool}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it ended meanwhile
            }
            throw new ToolchainException($"{Path.GetFileName(tool)} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds} s");
        }
        process.WaitForExit(); // flush the asynchronous readers
        return new ToolResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static ToolchainException Missing(string tool) => new(
        $"{tool} was not found in ${EnvironmentVariable} or on PATH. The firmware tests need the GNU Arm toolchain: " +
        "on Debian/Ubuntu `sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi` " +
        "(bash .ci/run installs it), or point STM32_ARM_TOOLCHAIN at its bin folder.");
}
