using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Stm32.Build.Emulator.Machine;

namespace Stm32.Build.Emulator.Tests.Support;

/// <summary>
/// Builds small bare-metal programs from assembly text with the real GNU assembler and linker
/// (arm-none-eabi-as -mcpu=cortex-m7 -mthumb, ld -Ttext=0x08000000, objcopy -O binary), so every encoding in the
/// tests comes from the assembler. The program gets a vector table at 0x08000000 (SP 0x20020000, the end of
/// the H747's DTCM); vectors not given point to a handler that executes <c>bkpt #0xEE</c>.
/// </summary>
internal static class AsmProgram
{
    /// <summary>The flash address programs are linked at.</summary>
    public const uint FlashBase = 0x08000000;

    /// <summary>The initial stack pointer in the vector table.</summary>
    public const uint InitialSp = 0x20020000;

    /// <summary>The BKPT immediate the default handler uses.</summary>
    public const uint DefaultHandlerBkpt = 0xEE;

    private static readonly Dictionary<string, (byte[] Binary, string Elf)> s_cache = new(StringComparer.Ordinal);
    private static readonly object s_lock = new();

    /// <summary>
    /// Assembles <paramref name="code"/> (it starts at the reset handler) with exception handlers: each key is an
    /// exception number (3 HardFault, 11 SVCall, 15 SysTick, 16+ IRQs) and each value the handler's code.
    /// </summary>
    public static (byte[] Binary, string ElfPath) Build(string code, IReadOnlyDictionary<int, string>? handlers = null, bool cortexM4 = false) =>
        Build(code, handlers, cortexM4 ? "cortex-m4" : "cortex-m7");

    /// <summary>
    /// As <see cref="Build(string, IReadOnlyDictionary{int, string}?, bool)"/> for any gcc <c>-mcpu</c> name
    /// (<c>cortex-m0plus</c>, <c>cortex-m3</c>, <c>cortex-m4</c>, <c>cortex-m7</c>); the M4 and M7 get their FPU.
    /// </summary>
    public static (byte[] Binary, string ElfPath) Build(string code, IReadOnlyDictionary<int, string>? handlers, string cpu)
    {
        var sb = new StringBuilder();
        sb.AppendLine(".syntax unified");
        sb.AppendLine($".cpu {cpu}");
        sb.AppendLine(cpu switch { "cortex-m4" => ".fpu fpv4-sp-d16", "cortex-m7" => ".fpu fpv5-d16", _ => string.Empty });
        sb.AppendLine(".thumb");
        sb.AppendLine(".text");
        sb.AppendLine(".global _start");
        sb.AppendLine("_start:");
        sb.AppendLine($".word 0x{InitialSp:X8}");
        sb.AppendLine(".word reset_handler");
        for (var n = 2; n < 48; n++)
        {
            sb.AppendLine(handlers is not null && handlers.ContainsKey(n) ? $".word handler_{n}" : ".word default_handler");
        }
        sb.AppendLine(".thumb_func");
        sb.AppendLine("default_handler:");
        sb.AppendLine($"    bkpt #0x{DefaultHandlerBkpt:X2}");
        sb.AppendLine("    b default_handler");
        if (handlers is not null)
        {
            foreach (var (n, body) in handlers)
            {
                sb.AppendLine(".thumb_func");
                sb.AppendLine($"handler_{n}:");
                sb.AppendLine(body);
                sb.AppendLine(".ltorg");
            }
        }
        sb.AppendLine(".balign 4");
        sb.AppendLine(".thumb_func");
        sb.AppendLine("reset_handler:");
        sb.AppendLine(code);
        sb.AppendLine(".ltorg");
        return Assemble(sb.ToString(), cpu);
    }

    private static (byte[] Binary, string Elf) Assemble(string source, string cpu)
    {
        lock (s_lock)
        {
            if (s_cache.TryGetValue(source, out var cached))
            {
                return cached;
            }
            var dir = Path.Combine(Path.GetTempPath(), "stm32-emu-asm-" + Environment.ProcessId);
            Directory.CreateDirectory(dir);
            var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16];
            var asm = Path.Combine(dir, name + ".s");
            var obj = Path.Combine(dir, name + ".o");
            var elf = Path.Combine(dir, name + ".elf");
            var bin = Path.Combine(dir, name + ".bin");
            File.WriteAllText(asm, source);
            Run("arm-none-eabi-as", "-mcpu=" + cpu, "-mthumb", asm, "-o", obj);
            Run("arm-none-eabi-ld", $"-Ttext=0x{FlashBase:X8}", "-e", "_start", obj, "-o", elf);
            Run("arm-none-eabi-objcopy", "-O", "binary", elf, bin);
            var result = (File.ReadAllBytes(bin), elf);
            s_cache[source] = result;
            return result;
        }
    }

    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + tool);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(tool + " did not finish within 60 s");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed:\n{stdout.Result}{stderr.Result}");
        }
    }

    /// <summary>Creates a machine for a core of the test devices (<see cref="TestDevices"/>) with the program loaded and reset.</summary>
    public static EmulatorMachine Load(string code, IReadOnlyDictionary<int, string>? handlers, TestDevices.Part part)
    {
        var (binary, _) = Build(code, handlers, part.GccCpu);
        var machine = EmulatorMachine.Create(TestDevices.Get(part), "CPU");
        machine.BootAddress = FlashBase;
        machine.Load(FlashBase, binary);
        machine.Reset();
        return machine;
    }

    /// <summary>Creates a machine with the program loaded and reset (halting debug enabled, so BKPT stops it).</summary>
    public static EmulatorMachine Load(string code, IReadOnlyDictionary<int, string>? handlers = null, bool cortexM4 = false)
    {
        var (binary, _) = Build(code, handlers, cortexM4);
        var machine = EmulatorMachine.Create("STM32H747XI", cortexM4 ? "CM4" : "CM7");
        machine.BootAddress = FlashBase;
        machine.Load(FlashBase, binary);
        machine.Reset();
        return machine;
    }

    /// <summary>Builds, loads and runs a program until it stops; returns the machine and the result.</summary>
    public static (EmulatorMachine Machine, RunResult Result) Run(string code, IReadOnlyDictionary<int, string>? handlers = null, long maxInstructions = 100_000, bool cortexM4 = false)
    {
        var machine = Load(code, handlers, cortexM4);
        var result = machine.Run(maxInstructions);
        return (machine, result);
    }

    /// <summary>Runs a program that must end at a <c>bkpt #0</c>, and returns R0–R15.</summary>
    public static IReadOnlyList<uint> RunToBreakpoint(string code, IReadOnlyDictionary<int, string>? handlers = null, bool cortexM4 = false)
    {
        var (machine, result) = Run(code, handlers, cortexM4: cortexM4);
        if (result.Reason != StopReason.Breakpoint)
        {
            throw new Xunit.Sdk.XunitException("program did not stop at a breakpoint:\n" + result.Format());
        }
        machine.Core.TryReadMemory(result.Pc, Execution.AccessSize.HalfWord, out var instruction);
        if (instruction == (0xBE00 | DefaultHandlerBkpt))
        {
            throw new Xunit.Sdk.XunitException("program took an unexpected exception:\n" + result.Format());
        }
        return result.Registers;
    }
}
