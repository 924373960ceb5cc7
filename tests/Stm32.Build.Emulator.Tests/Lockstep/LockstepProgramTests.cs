using Stm32.Build.Emulator.Gdb;
using Stm32.Build.Emulator.Tests.Programs;
using Xunit;
using Xunit.Abstractions;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>
/// The test programs, each at -O0, -O2 and -Os, for the Cortex-M7 and the Cortex-M4, run in lockstep against
/// QEMU (skipped where qemu-system-arm or arm-none-eabi-gcc is missing).
/// </summary>
public sealed class LockstepProgramTests(ITestOutputHelper output)
{
    public static TheoryData<string, TestCore, string> Cases()
    {
        var data = new TheoryData<string, TestCore, string>();
        foreach (var name in TestPrograms.Names)
        {
            foreach (var core in new[] { TestCore.M7, TestCore.M4 })
            {
                foreach (var opt in TestPrograms.Optimisations)
                {
                    data.Add(name, core, opt);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProgramRunsIdenticallyInQemuAndTheEmulator(string name, TestCore core, string optimisation)
    {
        if (!QemuArmTarget.IsAvailable() || !TestPrograms.CompilerAvailable)
        {
            return;
        }
        var program = TestPrograms.Build(name, core, optimisation);
        var result = LockstepRunner.Run(program);
        CoverageReport.Record(result);
        output.WriteLine($"{program.Name}: {result.Steps} steps in {result.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(result.Mismatch is null, result.Mismatch?.ToString());
        Assert.True(result.ReachedEnd);
    }
}
