using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Stm32.Build.Emulator.Gdb;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Cli.Commands;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 sim run --bare</c>: a test program (from the emulator tests' sources, linked for code at 0x00000000 and data
/// at 0x20000000, which are ITCM and DTCM on the STM32H747's Cortex-M7) runs to its BKPT, and the registers it
/// prints are compared with QEMU's at the same point.
/// </summary>
[Trait("Requires", "gcc")]
[Trait("Requires", "qemu")]
public sealed class SimRunBareTests
{
    private static readonly object s_buildLock = new();

    private static string Sources => RepositoryPaths.Combine("tests", "Stm32.Build.Emulator.Tests", "Programs", "Sources");

    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test");
        var sim = new Command("sim", "sim");
        sim.Subcommands.Add(SimRunCommand.Create());
        root.Subcommands.Add(sim);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandRunner.Run(root, args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string BuildProgram(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "sim-run-programs");
        Directory.CreateDirectory(dir);
        var elf = Path.Combine(dir, name + "-m7-O2.elf");
        lock (s_buildLock)
        {
            if (File.Exists(elf))
            {
                return elf;
            }
            var info = new ProcessStartInfo("arm-none-eabi-gcc") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[]
            {
                "-mcpu=cortex-m7", "-mfpu=fpv5-d16", "-mfloat-abi=hard", "-mthumb", "-O2", "-g", "-ffreestanding",
                "-fno-math-errno", "-nostartfiles", "-specs=nano.specs", "-T", Path.Combine(Sources, "mps2.ld"), "-o", elf + ".tmp",
                Path.Combine(Sources, "startup.c"), Path.Combine(Sources, name + ".c"), "-lm",
            })
            {
                info.ArgumentList.Add(a);
            }
            using var gcc = Process.Start(info)!;
            var err = gcc.StandardError.ReadToEndAsync();
            gcc.StandardOutput.ReadToEnd();
            Assert.True(gcc.WaitForExit(60_000), "gcc timed out");
            Assert.True(gcc.ExitCode == 0, err.Result);
            File.Move(elf + ".tmp", elf, overwrite: true);
            return elf;
        }
    }

    private static Dictionary<string, uint> ParseRegisters(string text)
    {
        var map = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf("=0x", StringComparison.Ordinal);
            if (eq > 0 && !line.Contains(' ', StringComparison.Ordinal))
            {
                map[line[..eq]] = uint.Parse(line[(eq + 3)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }
        return map;
    }

    [Fact]
    public void RegistersAtTheBreakpointMatchQemu()
    {
        var elf = BuildProgram("crc32");
        var (code, output, error) = Run("sim", "run", "--bare", elf, "--core", "cm7");
        Assert.True(code == 0, error);
        Assert.Contains("stop: bkpt", output, StringComparison.Ordinal);
        Assert.Contains("boot: 0x00000000", output, StringComparison.Ordinal);
        var ours = ParseRegisters(output);
        Assert.Equal(17, ours.Count);

        var image = ImageReader.Read(elf);
        var end = image.FindSymbol("program_end")!.Address;
        using var qemu = QemuArmTarget.Start(QemuBoard.Mps2An500, elf);
        qemu.Client.InsertBreakpoint(end);
        Assert.False(qemu.Client.Continue(TimeSpan.FromSeconds(20)).TimedOut);
        var reference = qemu.ReadRegisters(withFp: false);
        for (var i = 0; i < 16; i++)
        {
            Assert.True(reference.R[i] == ours["R" + i], $"R{i}: sim run 0x{ours["R" + i]:X8}, QEMU 0x{reference.R[i]:X8}");
        }
        Assert.Equal(end, ours["R15"]);
        // EPSR.T and IPSR must agree; APSR flags too, since the program's last compare sets them all.
        Assert.Equal(reference.Xpsr, ours["xPSR"]);
    }

    [Fact]
    public void InstructionLimitStopsTheRun()
    {
        var elf = BuildProgram("sort");
        var (code, output, _) = Run("sim", "run", "--bare", elf, "--max-instructions", "25");
        Assert.Equal(0, code);
        Assert.Contains("stop: limit", output, StringComparison.Ordinal);
        Assert.Contains("instructions: 25", output, StringComparison.Ordinal);
    }
}
