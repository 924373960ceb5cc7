using System.Globalization;
using System.Text;
using Stm32.Build.Emulator.Gdb;
using Stm32.Build.Emulator.Tests.Programs;
using Stm32.Build.Images;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>The first divergence between the emulator and QEMU.</summary>
/// <param name="Step">How many steps had completed before the diverging one (0-based index of the step).</param>
/// <param name="Pc">The PC of the instruction whose execution diverged.</param>
/// <param name="Instruction">Its encoding (hw1:hw2, or a 16-bit halfword).</param>
/// <param name="Differences">Each differing register as <c>name: emulator vs qemu</c>, or differing memory.</param>
/// <param name="Trace">The PCs of the last steps before the divergence.</param>
public sealed record LockstepMismatch(long Step, uint Pc, uint Instruction, IReadOnlyList<string> Differences, IReadOnlyList<uint> Trace)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"mismatch at step {Step}, PC 0x{Pc:X8}, instruction 0x{Instruction:X}:");
        foreach (var d in Differences)
        {
            sb.Append("\n  ").Append(d);
        }
        sb.Append("\n  trace: ").Append(string.Join(" ", Trace.Select(p => p.ToString("X8", CultureInfo.InvariantCulture))));
        return sb.ToString();
    }
}

/// <summary>The outcome of one lockstep run.</summary>
/// <param name="Program">The program.</param>
/// <param name="Steps">Steps executed in both models.</param>
/// <param name="ReachedEnd">Whether both reached <c>program_end</c>.</param>
/// <param name="Mismatch">The first divergence, or null.</param>
/// <param name="ExecutedAddresses">Each instruction address the emulator executed, with how often.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record LockstepResult(TestProgram Program, long Steps, bool ReachedEnd, LockstepMismatch? Mismatch,
    IReadOnlyDictionary<uint, long> ExecutedAddresses, TimeSpan Elapsed);

/// <summary>
/// Runs a program in QEMU and in the emulator one instruction at a time from reset and compares R0–R15 and xPSR
/// after every step, the FP registers and FPSCR (cores with an FPU) after every FP instruction and at the end, and
/// the program's RAM (<see cref="TestTarget.RamCompared"/> bytes from <see cref="TestTarget.RamStart"/>) at the end.
/// </summary>
public static class LockstepRunner
{
    /// <summary>Runs the comparison until both models reach <c>program_end</c>, diverge or pass <paramref name="maxSteps"/>.</summary>
    public static LockstepResult Run(TestProgram program, long maxSteps = 200_000)
    {
        var started = DateTime.UtcNow;
        var image = ImageReader.Read(program.ElfPath);
        var end = image.FindSymbol("program_end")?.Address ?? throw new InvalidOperationException("no program_end symbol");
        var fault = image.FindSymbol("fault_loop")?.Address;
        var executed = new Dictionary<uint, long>();
        var trace = new Queue<uint>();
        using var emulator = new EmulatorModel(program);
        using var qemu = new QemuModel(program);
        long step = 0;
        var withFp = program.Target.HasFpu;
        // TakeReset leaves APSR UNKNOWN (ARMv7-M B1.5.5); QEMU resets it with Z set. Both are architectural, so the
        // emulator starts from QEMU's flags and flag-dependent code compares from the first instruction.
        emulator.Machine.Core.Registers.Apsr = qemu.ReadRegisters(false).Xpsr & 0xF80F0000;
        var first = Compare(emulator, qemu, withFp);
        if (first.Count > 0)
        {
            return new LockstepResult(program, 0, false, new LockstepMismatch(0, emulator.ReadRegisters(false).Pc, 0, ["at reset: " + string.Join("; ", first)], []), executed, DateTime.UtcNow - started);
        }
        while (step < maxSteps)
        {
            var pc = emulator.Machine.Core.Pc;
            if (pc == end)
            {
                var memory = CompareMemory(emulator, qemu, program.Target);
                var final = Compare(emulator, qemu, withFp).Concat(memory).ToList();
                var mismatch = final.Count > 0 ? new LockstepMismatch(step, pc, 0, final, trace.ToArray()) : null;
                return new LockstepResult(program, step, true, mismatch, executed, DateTime.UtcNow - started);
            }
            if (fault is uint f && pc == f)
            {
                return new LockstepResult(program, step, false, new LockstepMismatch(step, pc, 0, ["both models reached fault_loop (an unexpected exception)"], trace.ToArray()), executed, DateTime.UtcNow - started);
            }
            var (word, length) = emulator.InstructionAtPc();
            executed[pc] = executed.GetValueOrDefault(pc) + 1;
            trace.Enqueue(pc);
            if (trace.Count > 16)
            {
                trace.Dequeue();
            }
            emulator.Step();
            qemu.Step();
            step++;
            var differences = Compare(emulator, qemu, withFp && IsFpInstruction(word, length));
            if (differences.Count > 0)
            {
                return new LockstepResult(program, step, false, new LockstepMismatch(step - 1, pc, word, differences, trace.ToArray()), executed, DateTime.UtcNow - started);
            }
        }
        return new LockstepResult(program, step, false, new LockstepMismatch(step, emulator.Machine.Core.Pc, 0, [$"program_end not reached within {maxSteps} steps"], trace.ToArray()), executed, DateTime.UtcNow - started);
    }

    /// <summary>Whether an instruction is in the coprocessor 10/11 (FP) space.</summary>
    public static bool IsFpInstruction(uint word, int length) =>
        length == 4 && ((word >> 25) & 0x7) is 0x6 or 0x7 && ((word >> 9) & 0x7) == 0x5 && (word >> 29) == 0x7;

    private static List<string> Compare(EmulatorModel emulator, QemuModel qemu, bool withFp)
    {
        var a = emulator.ReadRegisters(withFp);
        var b = qemu.ReadRegisters(withFp && qemu.Target.HasFpu);
        return a.Differences(b, withFp && qemu.Target.HasFpu).ToList();
    }

    private static List<string> CompareMemory(EmulatorModel emulator, QemuModel qemu, TestTarget target)
    {
        var a = emulator.ReadMemory(target.RamStart, target.RamCompared);
        var b = qemu.ReadMemory(target.RamStart, target.RamCompared);
        var list = new List<string>();
        for (var i = 0; i < a.Length && list.Count < 16; i++)
        {
            if (a[i] != b[i])
            {
                list.Add(string.Create(CultureInfo.InvariantCulture, $"memory 0x{target.RamStart + (uint)i:X8}: 0x{a[i]:X2} vs 0x{b[i]:X2}"));
            }
        }
        return list;
    }
}
