using Stm32.Build.Emulator.Gdb;
using Stm32.Build.Emulator.Tests.Programs;
using Xunit;
using Xunit.Abstractions;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>
/// The test programs, each at -O0, -O2 and -Os, run in lockstep against QEMU on one reference core. One class per
/// core, so the cores run in parallel. A missing qemu-system-arm or arm-none-eabi-gcc fails the tests.
/// </summary>
public abstract class LockstepProgramTests(TestCore core, ITestOutputHelper output)
{
    /// <summary>Every program of the core at every optimisation level.</summary>
    public static TheoryData<string, string> CasesFor(TestCore core)
    {
        var data = new TheoryData<string, string>();
        foreach (var name in TestPrograms.NamesFor(core))
        {
            foreach (var opt in TestPrograms.Optimisations)
            {
                data.Add(name, opt);
            }
        }
        return data;
    }

    /// <summary>Runs one program.</summary>
    protected void Run(string name, string optimisation)
    {
        ToolCheck.RequireQemuAndCompiler();
        var program = TestPrograms.Build(name, core, optimisation);
        var result = LockstepRunner.Run(program);
        CoverageReport.Record(result);
        output.WriteLine($"{program.Name}: {result.Steps} steps in {result.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(result.Mismatch is null, result.Mismatch?.ToString());
        Assert.True(result.ReachedEnd);
    }
}

/// <summary>Cortex-M7 (FPv5-D16): QEMU mps2-an500 against the STM32H747's CM7.</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepProgramM7Tests(ITestOutputHelper output) : LockstepProgramTests(TestCore.M7, output)
{
    public static TheoryData<string, string> Cases() => CasesFor(TestCore.M7);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProgramRunsIdenticallyInQemuAndTheEmulator(string name, string optimisation) => Run(name, optimisation);
}

/// <summary>Cortex-M4 (FPv4-SP-D16): QEMU mps2-an386 against the STM32H747's CM4.</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepProgramM4Tests(ITestOutputHelper output) : LockstepProgramTests(TestCore.M4, output)
{
    public static TheoryData<string, string> Cases() => CasesFor(TestCore.M4);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProgramRunsIdenticallyInQemuAndTheEmulator(string name, string optimisation) => Run(name, optimisation);
}

/// <summary>Cortex-M4 (FPv4-SP-D16) of an STM32F405: QEMU netduinoplus2, flash at 0x08000000 aliased at 0.</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepProgramF405Tests(ITestOutputHelper output) : LockstepProgramTests(TestCore.M4F405, output)
{
    public static TheoryData<string, string> Cases() => CasesFor(TestCore.M4F405);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProgramRunsIdenticallyInQemuAndTheEmulator(string name, string optimisation) => Run(name, optimisation);
}

/// <summary>Cortex-M3 (ARMv7-M, no DSP, no FPU; FP code compiled to soft-float): QEMU mps2-an385.</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepProgramM3Tests(ITestOutputHelper output) : LockstepProgramTests(TestCore.M3, output)
{
    public static TheoryData<string, string> Cases() => CasesFor(TestCore.M3);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProgramRunsIdenticallyInQemuAndTheEmulator(string name, string optimisation) => Run(name, optimisation);
}

/// <summary>Cortex-M0 (ARMv6-M; soft-float): QEMU microbit.</summary>
[Trait("Requires", "qemu")]
[Trait("Requires", "gcc")]
public sealed class LockstepProgramM0Tests(ITestOutputHelper output) : LockstepProgramTests(TestCore.M0, output)
{
    public static TheoryData<string, string> Cases() => CasesFor(TestCore.M0);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProgramRunsIdenticallyInQemuAndTheEmulator(string name, string optimisation) => Run(name, optimisation);
}
