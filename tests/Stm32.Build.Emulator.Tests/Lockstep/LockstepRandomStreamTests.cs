using Stm32.Build.Emulator.Tests.Programs;
using Xunit;
using Xunit.Abstractions;
using Cls = Stm32.Build.Emulator.Tests.Lockstep.RandomInstructionStreams.InstructionClass;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>
/// Randomly generated instruction streams (seeded, per class of the core's profile) run in lockstep against QEMU.
/// One class per core, so the cores run in parallel.
/// </summary>
public abstract class LockstepRandomStreamTests(TestCore core, ITestOutputHelper output)
{
    /// <summary>Two seeds per class, a mixed stream, and three more seeds of FP streams on cores with an FPU.</summary>
    public static TheoryData<string, int> CasesFor(TestCore core)
    {
        var data = new TheoryData<string, int>();
        var classes = RandomInstructionStreams.ClassesFor(core);
        foreach (var cls in classes)
        {
            data.Add(cls.ToString(), 1);
            data.Add(cls.ToString(), 2);
        }
        data.Add("Mixed", 3);
        if (classes.Contains(Cls.FloatingPoint))
        {
            data.Add(nameof(Cls.FloatingPoint), 4);
            data.Add(nameof(Cls.FloatingPoint), 5);
        }
        return data;
    }

    /// <summary>Runs one stream.</summary>
    protected void Run(string instructionClass, int seed)
    {
        ToolCheck.RequireQemuAndCompiler();
        var classes = instructionClass == "Mixed" ? RandomInstructionStreams.ClassesFor(core) : [Enum.Parse<Cls>(instructionClass)];
        var generator = new RandomInstructionStreams(seed * 7919 + (int)core * 104729 + instructionClass.Length, core);
        var source = generator.Generate(classes, 150);
        var program = TestPrograms.BuildAssembly($"random-{instructionClass}-{core}-{seed}", source, core);
        var result = LockstepRunner.Run(program, maxSteps: 5000);
        CoverageReport.Record(result);
        output.WriteLine($"{program.Name}: {result.Steps} steps, {program.ElfPath}");
        Assert.True(result.Mismatch is null, result.Mismatch?.ToString());
        Assert.True(result.ReachedEnd);
    }
}

/// <summary>Cortex-M7 streams.</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepRandomStreamM7Tests(ITestOutputHelper output) : LockstepRandomStreamTests(TestCore.M7, output)
{
    public static TheoryData<string, int> Cases() => CasesFor(TestCore.M7);

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomStreamRunsIdentically(string instructionClass, int seed) => Run(instructionClass, seed);
}

/// <summary>Cortex-M4 streams (mps2-an386).</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepRandomStreamM4Tests(ITestOutputHelper output) : LockstepRandomStreamTests(TestCore.M4, output)
{
    public static TheoryData<string, int> Cases() => CasesFor(TestCore.M4);

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomStreamRunsIdentically(string instructionClass, int seed) => Run(instructionClass, seed);
}

/// <summary>Cortex-M4 streams on the STM32F405 (netduinoplus2).</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepRandomStreamF405Tests(ITestOutputHelper output) : LockstepRandomStreamTests(TestCore.M4F405, output)
{
    public static TheoryData<string, int> Cases() => CasesFor(TestCore.M4F405);

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomStreamRunsIdentically(string instructionClass, int seed) => Run(instructionClass, seed);
}

/// <summary>Cortex-M3 streams (no DSP, no FP).</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepRandomStreamM3Tests(ITestOutputHelper output) : LockstepRandomStreamTests(TestCore.M3, output)
{
    public static TheoryData<string, int> Cases() => CasesFor(TestCore.M3);

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomStreamRunsIdentically(string instructionClass, int seed) => Run(instructionClass, seed);
}

/// <summary>Cortex-M0 Thumb-1 streams.</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepRandomStreamM0Tests(ITestOutputHelper output) : LockstepRandomStreamTests(TestCore.M0, output)
{
    public static TheoryData<string, int> Cases() => CasesFor(TestCore.M0);

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomStreamRunsIdentically(string instructionClass, int seed) => Run(instructionClass, seed);
}
