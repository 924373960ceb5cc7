using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Stm32.Build.Emulator.Gdb;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Emulator.Tests.Programs;

/// <summary>A compiled test program: its ELF and the names the harness needs.</summary>
/// <param name="Name">Program and variant, e.g. <c>crc32-m7-O2</c>.</param>
/// <param name="ElfPath">The linked ELF.</param>
/// <param name="Core">The core it was compiled for.</param>
public sealed record TestProgram(string Name, string ElfPath, TestCore Core)
{
    /// <summary>The board, compiler flags and emulated core of the program's core.</summary>
    public TestTarget Target => TestTarget.For(Core);

    /// <summary>The QEMU board that runs this program.</summary>
    public QemuBoard Board => Target.Board;
}

/// <summary>
/// Compiles the programs in <c>Programs/Sources</c> with arm-none-eabi-gcc (cached by a hash of sources and
/// flags under the test output directory) for the memory map of the core's QEMU board (<see cref="TestTarget.LinkerScript"/>).
/// </summary>
public static class TestPrograms
{
    /// <summary>The C programs (each has its own <c>main</c>).</summary>
    public static readonly string[] Names = ["integer", "crc32", "sort", "strings", "math64", "fpu_single", "fpu_double", "exceptions"];

    /// <summary>
    /// The programs for a core: <see cref="Names"/>, plus <c>undefined</c> (encodings outside the profile) on the
    /// cores whose profile leaves some out (Cortex-M0: ARMv7-M; Cortex-M3: DSP and FP).
    /// </summary>
    public static IReadOnlyList<string> NamesFor(TestCore core) =>
        core is TestCore.M0 or TestCore.M3 ? [.. Names, "undefined"] : Names;

    /// <summary>The optimisation levels each program is built at.</summary>
    public static readonly string[] Optimisations = ["-O0", "-O2", "-Os"];

    private static readonly object s_lock = new();

    /// <summary>The folder holding the sources and the linker script.</summary>
    public static string SourceDirectory => RepositoryPaths.Combine("tests", "Stm32.Build.Emulator.Tests", "Programs", "Sources");

    /// <summary>Whether the cross compiler is installed.</summary>
    public static bool CompilerAvailable => FindOnPath("arm-none-eabi-gcc") is not null;

    /// <summary>The gcc flags for a core (hard-float ABI with the core's FPU, soft-float without one).</summary>
    public static string[] CoreFlags(TestCore core) => TestTarget.For(core).CompilerFlags;

    /// <summary>Builds one of the C programs at one optimisation level.</summary>
    public static TestProgram Build(string name, TestCore core, string optimisation)
    {
        var sources = new[] { Path.Combine(SourceDirectory, "startup.c"), Path.Combine(SourceDirectory, name + ".c") };
        var flags = CoreFlags(core).Concat([optimisation, "-g", "-ffreestanding", "-fno-math-errno", "-nostartfiles", "-specs=nano.specs", "-Wall", "-Werror", "-lm"]).ToArray();
        var elf = Compile(sources, flags, $"{name}-{core.ToString().ToLowerInvariant()}{optimisation}", TestTarget.For(core).LinkerScript);
        return new TestProgram($"{name}-{core.ToString().ToLowerInvariant()}{optimisation}", elf, core);
    }

    /// <summary>Assembles a generated assembly source (random streams) with the start-up code.</summary>
    public static TestProgram BuildAssembly(string name, string assembly, TestCore core)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "programs", "generated");
        Directory.CreateDirectory(dir);
        var asmPath = Path.Combine(dir, name + "-" + Hash([assembly]) + ".S");
        File.WriteAllText(asmPath, assembly);
        var sources = new[] { Path.Combine(SourceDirectory, "startup.c"), asmPath };
        var flags = CoreFlags(core).Concat(["-O1", "-g", "-ffreestanding", "-nostartfiles", "-nostdlib", "-lgcc"]).ToArray();
        var elf = Compile(sources, flags, name, TestTarget.For(core).LinkerScript);
        return new TestProgram(name, elf, core);
    }

    /// <summary>Compiles and links <paramref name="sources"/> with a linker script of <c>Programs/Sources</c>; returns the ELF path.</summary>
    public static string Compile(IReadOnlyList<string> sources, IReadOnlyList<string> flags, string name, string linkerScript = "mps2.ld")
    {
        var linker = Path.Combine(SourceDirectory, linkerScript);
        var key = Hash(sources.Select(File.ReadAllText).Concat(flags).Append(File.ReadAllText(linker)));
        var dir = Path.Combine(AppContext.BaseDirectory, "programs");
        Directory.CreateDirectory(dir);
        var elf = Path.Combine(dir, $"{name}-{key}.elf");
        lock (s_lock)
        {
            if (File.Exists(elf))
            {
                return elf;
            }
            var temp = elf + "." + Environment.ProcessId + ".tmp";
            // Libraries (-l...) go after the sources so the linker resolves the sources' references from them.
            var args = new List<string>(flags.Where(f => !f.StartsWith("-l", StringComparison.Ordinal))) { "-T", linker, "-o", temp };
            args.AddRange(sources);
            args.AddRange(flags.Where(f => f.StartsWith("-l", StringComparison.Ordinal)));
            var (code, output) = RunTool("arm-none-eabi-gcc", args, TimeSpan.FromSeconds(60));
            if (code != 0)
            {
                throw new InvalidOperationException($"arm-none-eabi-gcc failed for {name} ({code}):\n{output}");
            }
            File.Move(temp, elf, overwrite: true);
            return elf;
        }
    }

    /// <summary>Runs a native tool with a time limit; the process is killed when it runs over.</summary>
    public static (int ExitCode, string Output) RunTool(string tool, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + tool);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Hash(IEnumerable<string> parts)
    {
        var text = string.Join("\u0001", parts);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, tool))
            .FirstOrDefault(File.Exists);
}
