using Stm32.Build.Emulator.Gdb;
using Stm32.Build.Emulator.Tests.Programs;
using Xunit;
using Xunit.Abstractions;
using Cls = Stm32.Build.Emulator.Tests.Lockstep.RandomInstructionStreams.InstructionClass;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>Randomly generated instruction streams (seeded, per class) run in lockstep against QEMU.</summary>
public sealed class LockstepRandomStreamTests(ITestOutputHelper output)
{
    public static TheoryData<string, TestCore, int> Cases()
    {
        var data = new TheoryData<string, TestCore, int>();
        foreach (var core in new[] { TestCore.M7, TestCore.M4 })
        {
            foreach (var cls in Enum.GetNames<Cls>())
            {
                data.Add(cls, core, 1);
                data.Add(cls, core, 2);
            }
            data.Add("Mixed", core, 3);
            data.Add(nameof(Cls.FloatingPoint), core, 4);
            data.Add(nameof(Cls.FloatingPoint), core, 5);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomStreamRunsIdentically(string instructionClass, TestCore core, int seed)
    {
        if (!QemuArmTarget.IsAvailable() || !TestPrograms.CompilerAvailable)
        {
            return;
        }
        IReadOnlyList<Cls> classes = instructionClass == "Mixed" ? Enum.GetValues<Cls>() : [Enum.Parse<Cls>(instructionClass)];
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
