using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// <see cref="IExecutableCore.Cycles"/> and <see cref="IExecutableCore.CurrentInstructionAddress"/>: exact inside a bus
/// access, sleep included, monotonic across resets; the timers the program reads are exact between two accesses.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class CycleCounterTests
{
    [Fact]
    public void InsideABusAccessCyclesIsTheCycleTheInstructionStartsInAndThePcIsThatInstruction()
    {
        var host = new SeamHost("""
            ldr r0, =0x40000000
            movs r1, #1
            first:
            str r1, [r0]
            nop
            nop
            nop
            nop
            nop
            second:
            ldr r2, [r0, #4]
            bkpt #0
            """);
        host.Run(1000);
        Assert.Equal(CoreRunState.Halted, host.Core.State);
        Assert.Equal(2, host.Accesses.Count);
        // Two instructions before the store, then the store and five NOPs before the load.
        Assert.Equal(new SeamHost.Access(2, host.Symbol("first"), 0x40000000, 1, Write: true), host.Accesses[0]);
        Assert.Equal(new SeamHost.Access(2 + 1 + 5, host.Symbol("second"), 0x40000004, 0, Write: false), host.Accesses[1]);
        Assert.Equal(10, host.Core.Cycles); // nine instructions and the BKPT's slot (it halts without retiring)
        Assert.Equal(9, host.Core.InstructionsRetired);
    }

    [Fact]
    public void CyclesAdvanceWhileAsleepAndNeverGoBackAcrossResets()
    {
        var host = new SeamHost("""
            ldr r0, =0xE000E010
            ldr r1, =999
            str r1, [r0, #4]
            movs r1, #7
            str r1, [r0]
            1: wfi
            b 1b
            """, new Dictionary<int, string> { [15] = "bx lr" });
        host.Run(100_000);
        Assert.Equal(100_000, host.Core.Cycles);
        var retired = host.Core.InstructionsRetired;
        Assert.InRange(retired, 100, 1000); // about one WFI, one branch and the handler per SysTick period of 1000 cycles
        Assert.True(host.Core.SleptCycles > 90_000, $"{host.Core.SleptCycles} cycles asleep");

        host.Core.Reset(CoreResetKind.System, 0x08000000);
        Assert.Equal(100_000, host.Core.Cycles);
        Assert.Equal(retired, host.Core.InstructionsRetired); // a system reset keeps the count
        host.Core.Reset(CoreResetKind.PowerOn, 0x08000000);
        Assert.Equal(100_000, host.Core.Cycles);
        Assert.Equal(0, host.Core.InstructionsRetired);
        host.Run(50);
        Assert.Equal(100_050, host.Core.Cycles);
    }

    [Fact]
    public void TheDwtCycleCounterAndSysTickAreExactBetweenTwoReadsOfTheSameRun()
    {
        var host = new SeamHost("""
            ldr r0, =0xE000EDFC
            ldr r1, =0x01000000
            str r1, [r0]
            ldr r0, =0xE0001000
            movs r1, #1
            str r1, [r0]
            ldr r4, =0xE000E010
            ldr r1, =0xFFFFFF
            str r1, [r4, #4]
            movs r1, #5
            str r1, [r4]
            ldr r2, [r0, #4]
            ldr r5, [r4, #8]
            nop
            nop
            nop
            nop
            nop
            ldr r3, [r0, #4]
            ldr r6, [r4, #8]
            bkpt #0
            """);
        host.Run(10_000);
        var r = host.Core.Registers.R;
        Assert.Equal(7u, r[3] - r[2]); // CYCCNT: the load of r5, five NOPs, the load of r3
        Assert.Equal(7u, r[5] - r[6]); // SysTick on the core clock counted down the same seven cycles
    }

    [Fact]
    public void DuringExceptionStackingTheAddressIsTheReturnAddressAndDuringUnstackingTheReturningInstruction()
    {
        // The stack is in the register block, so stacking and unstacking are visible bus accesses.
        var host = new SeamHost("""
            ldr r0, =0x40000100
            mov sp, r0
            svc #0
            after:
            bkpt #0
            """, new Dictionary<int, string> { [11] = "handler_return: bx lr" });
        host.Run(1000);
        Assert.Equal(CoreRunState.Halted, host.Core.State);
        var stacking = host.Accesses.Where(a => a.Write).ToList();
        var unstacking = host.Accesses.Where(a => !a.Write).ToList();
        Assert.Equal(8, stacking.Count);
        Assert.All(stacking, a => Assert.Equal(host.Symbol("after"), a.Pc));
        Assert.Equal(8, unstacking.Count);
        Assert.All(unstacking, a => Assert.Equal(host.Symbol("handler_return"), a.Pc));
    }
}
