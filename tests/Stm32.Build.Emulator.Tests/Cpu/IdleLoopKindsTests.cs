using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// Which loops are fixed points: a loop that stores to a peripheral or reads a changing timer never is; a loop
/// polling SysTick's COUNTFLAG is skipped only up to the wrap that sets it; an infinite branch-to-self is.
/// Each is run with fast-forward on and off, and the two runs must agree.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class IdleLoopKindsTests
{
    private static (SeamHost Skipping, SeamHost Executing) RunBoth(string code, long cycles)
    {
        var skipping = new SeamHost(code);
        var executing = new SeamHost(code);
        executing.Core.IdleFastForward = false;
        skipping.Run(cycles);
        executing.Run(cycles);
        Assert.Equal(executing.Core.Cycles, skipping.Core.Cycles);
        Assert.Equal(executing.Core.Pc, skipping.Core.Pc);
        Assert.Equal(executing.Core.Registers.R[..15], skipping.Core.Registers.R[..15]);
        Assert.Equal(executing.Accesses.Where(a => a.Write), skipping.Accesses.Where(a => a.Write));
        return (skipping, executing);
    }

    [Fact]
    public void ALoopStoringToAPeripheralIsNeverSkippedEvenWithTheSameValue()
    {
        var (skipping, _) = RunBoth("""
            ldr r0, =0x40000000
            movs r1, #1
            loop:
            str r1, [r0, #4]
            ldr r2, [r0]
            cmp r2, #0
            beq loop
            bkpt #0
            """, 200_000);
        Assert.Equal(0, skipping.Core.FastForwardedCycles);
    }

    [Fact]
    public void ALoopReadingTheSysTickCounterIsNeverSkipped()
    {
        var (skipping, _) = RunBoth("""
            ldr r0, =0xE000E010
            ldr r1, =0xFFFFFF
            str r1, [r0, #4]
            movs r1, #5
            str r1, [r0]
            loop:
            ldr r2, [r0, #8]
            cmp r2, #0
            bne loop
            bkpt #0
            """, 200_000);
        Assert.Equal(0, skipping.Core.FastForwardedCycles);
    }

    [Fact]
    public void ACountflagPollIsSkippedOnlyUpToTheWrapThatEndsIt()
    {
        var (skipping, _) = RunBoth("""
            ldr r0, =0xE000E010
            ldr r1, =99999
            str r1, [r0, #4]
            movs r1, #5
            str r1, [r0]
            movs r4, #0
            again:
            ldr r2, [r0]
            lsls r2, r2, #15
            bpl again
            adds r4, r4, #1
            cmp r4, #5
            bne again
            done:
            bkpt #0
            """, 1_000_000);
        Assert.Equal(skipping.Symbol("done"), skipping.Core.Pc); // five wraps of 100000 cycles, then the BKPT
        Assert.Equal(5u, skipping.Core.Registers.R[4]);
        Assert.True(skipping.Core.FastForwardedCycles > 450_000, $"{skipping.Core.FastForwardedCycles} cycles fast-forwarded");
    }

    [Fact]
    public void ABranchToSelfIsSkippedToTheEndOfTheBudget()
    {
        var (skipping, _) = RunBoth("""
            movs r0, #1
            1: b 1b
            """, 10_000_000);
        Assert.True(skipping.Core.FastForwardedCycles > 9_990_000, $"{skipping.Core.FastForwardedCycles} cycles fast-forwarded");
    }

    [Fact]
    public void BusyComputeCodeSpendsAlmostNothingInProbesAndIsNeverSkipped()
    {
        // A bitwise CRC-32 over 64 KiB, forever: loops with changing counters only.
        var machine = AsmProgram.Load("""
            again:
            ldr r0, =0x24000000
            ldr r1, =65536
            ldr r5, =0xEDB88320
            mvn r2, #0
            outer:
            ldrb r3, [r0], #1
            eors r2, r2, r3
            movs r4, #8
            inner:
            lsrs r2, r2, #1
            it cs
            eorcs r2, r2, r5
            subs r4, r4, #1
            bne inner
            subs r1, r1, #1
            bne outer
            mvns r2, r2
            b again
            """);
        machine.Run(20_000_000);
        Assert.Equal(0, machine.Core.FastForwardedCycles);
        Assert.True(machine.Core.Probes > 10, $"{machine.Core.Probes} probes");
        Assert.True(machine.Core.ProbeCycles < machine.Core.Cycles / 500, $"{machine.Core.ProbeCycles} of {machine.Core.Cycles} cycles in probes");
    }
}
