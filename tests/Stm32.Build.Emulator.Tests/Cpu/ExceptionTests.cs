using Stm32.Build.Emulator.Machine;
using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>The exception model (B1.5): entry and return, SVC, PendSV, SysTick, NVIC, escalation, lockup.</summary>
[Trait("Requires", "gcc")]
public sealed class ExceptionTests
{
    [Fact]
    public void SvcStacksAFrameAndReturnsThroughExcReturn()
    {
        var handlers = new Dictionary<int, string>
        {
            [11] = """
                mov r8, lr
                mrs r9, ipsr
                ldr r10, [sp, #24]
                adds r0, r0, #1
                str r0, [sp]
                bx lr
                """,
        };
        var r = AsmProgram.RunToBreakpoint("""
            movs r0, #41
            svc #3
            after:
            mrs r11, ipsr
            bkpt #0
            """, handlers);
        Assert.Equal(42u, r[0]); // the handler changed the stacked R0; return unstacked it
        Assert.Equal(0xFFFFFFF9u, r[8]); // EXC_RETURN: thread mode, MSP, no FP frame
        Assert.Equal(11u, r[9]);
        Assert.Equal(0u, r[11]);
        Assert.Equal(AsmProgram.InitialSp, r[13]);
        var (binary, _) = AsmProgram.Build("movs r0, #41\nsvc #3\nafter:\nmrs r11, ipsr\nbkpt #0", handlers);
        // The stacked return address is the instruction after SVC (an MRS: 0xF3EF).
        var offset = (int)(r[10] - AsmProgram.FlashBase);
        Assert.Equal(0xF3EF, binary[offset] | (binary[offset + 1] << 8));
    }

    [Fact]
    public void ThreadModeOnProcessStackReturnsWithPspExcReturn()
    {
        var handlers = new Dictionary<int, string> { [11] = "mov r8, lr\nmrs r9, psp\nmrs r10, msp\nbx lr" };
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x24010000
            msr psp, r0
            movs r0, #2
            msr control, r0
            isb
            svc #0
            mov r11, sp
            bkpt #0
            """, handlers);
        Assert.Equal(0xFFFFFFFDu, r[8]);
        Assert.Equal(0x24010000u - 32, r[9]);
        Assert.Equal(AsmProgram.InitialSp, r[10]);
        Assert.Equal(0x24010000u, r[11]);
    }

    [Fact]
    public void StackIsRealignedToEightBytesAndRestored()
    {
        var handlers = new Dictionary<int, string> { [11] = "mov r8, sp\nldr r9, [sp, #28]\nbx lr" };
        var r = AsmProgram.RunToBreakpoint("""
            sub sp, #4
            svc #0
            mov r10, sp
            bkpt #0
            """, handlers);
        Assert.Equal(0u, r[8] & 7);
        Assert.NotEqual(0u, r[9] & (1u << 9)); // stacked xPSR bit 9 records the realignment
        Assert.Equal(AsmProgram.InitialSp - 4, r[10]);
    }

    [Fact]
    public void PendSvIsTakenWhenSetAndPriorityAllows()
    {
        var handlers = new Dictionary<int, string> { [14] = "adds r5, r5, #1\nmrs r6, ipsr\nbx lr" };
        var r = AsmProgram.RunToBreakpoint("""
            movs r5, #0
            cpsid i
            ldr r0, =0xE000ED04
            ldr r1, =0x10000000
            str r1, [r0]
            mov r7, r5
            cpsie i
            isb
            mov r8, r5
            bkpt #0
            """, handlers);
        Assert.Equal(0u, r[7]); // PRIMASK held it pending
        Assert.Equal(1u, r[8]);
        Assert.Equal(14u, r[6]);
    }

    [Fact]
    public void SysTickInterruptFiresAfterReloadPlusOneCycles()
    {
        var handlers = new Dictionary<int, string> { [15] = "adds r5, r5, #1\nbx lr" };
        var r = AsmProgram.RunToBreakpoint("""
            movs r5, #0
            ldr r0, =0xE000E010
            ldr r1, =99
            str r1, [r0, #4]
            movs r1, #0
            str r1, [r0, #8]
            movs r1, #7
            str r1, [r0]
            loop:
            cmp r5, #3
            blo loop
            ldr r0, =0xE000E010
            ldr r6, [r0]
            bkpt #0
            """, handlers);
        Assert.Equal(3u, r[5]);
        Assert.NotEqual(0u, r[6] & (1u << 16)); // COUNTFLAG
    }

    [Fact]
    public void NvicInterruptThroughStirAndBasepriMasking()
    {
        var handlers = new Dictionary<int, string> { [16 + 5] = "adds r5, r5, #1\nmrs r6, ipsr\nbx lr" };
        var r = AsmProgram.RunToBreakpoint("""
            movs r5, #0
            ldr r0, =0xE000E100
            movs r1, #(1 << 5)
            str r1, [r0]
            ldr r0, =0xE000E405
            movs r1, #0x80
            strb r1, [r0]
            movs r1, #0x40
            msr basepri, r1
            ldr r0, =0xE000EF00
            movs r1, #5
            str r1, [r0]
            isb
            mov r7, r5
            ldr r0, =0xE000E200
            ldr r8, [r0]
            movs r1, #0
            msr basepri, r1
            isb
            mov r9, r5
            bkpt #0
            """, handlers);
        Assert.Equal(0u, r[7]); // priority 0x80 is masked by BASEPRI 0x40
        Assert.Equal(1u << 5, r[8]); // ISPR shows it pending
        Assert.Equal(1u, r[9]);
        Assert.Equal(21u, r[6]);
    }

    [Fact]
    public void HigherPriorityInterruptPreemptsAndLowerWaits()
    {
        var handlers = new Dictionary<int, string>
        {
            // IRQ0 (priority 0x80) pends IRQ1 (priority 0x40: preempts) and IRQ2 (priority 0xC0: waits).
            [16] = """
                push {lr}
                ldr r0, =0xE000E200
                movs r1, #6
                str r1, [r0]
                isb
                lsls r4, r4, #4
                adds r4, r4, #1
                pop {pc}
                """,
            [17] = "lsls r4, r4, #4\nadds r4, r4, #2\nbx lr",
            [18] = "lsls r4, r4, #4\nadds r4, r4, #3\nbx lr",
        };
        var r = AsmProgram.RunToBreakpoint("""
            movs r4, #0
            ldr r0, =0xE000E400
            ldr r1, =0x00C04080
            str r1, [r0]
            ldr r0, =0xE000E100
            movs r1, #7
            str r1, [r0]
            ldr r0, =0xE000E200
            movs r1, #1
            str r1, [r0]
            isb
            nop
            nop
            bkpt #0
            """, handlers);
        Assert.Equal(0x213u, r[4]); // IRQ1 ran inside IRQ0, then IRQ0 finished, then IRQ2
    }

    [Fact]
    public void EnabledBusFaultReportsPreciseAddress()
    {
        var handlers = new Dictionary<int, string>
        {
            [5] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nldr r0, =0xE000ED38\nldr r6, [r0]\nmrs r7, ipsr\nbkpt #1",
        };
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0xE000ED24
            mov r1, #0x20000
            str r1, [r0]
            ldr r2, =0x70000000
            ldr r3, [r2, #4]
            bkpt #0
            """, handlers);
        Assert.Equal((1u << 9) | (1u << 15), r[5] & 0xFF00); // PRECISERR | BFARVALID
        Assert.Equal(0x70000004u, r[6]);
        Assert.Equal(5u, r[7]);
    }

    [Fact]
    public void ExecutingFromUnmappedMemoryIsAPrefetchBusFault()
    {
        var handlers = new Dictionary<int, string> { [3] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nldr r6, [sp, #24]\nbkpt #1" };
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x70000001
            bx r0
            """, handlers);
        Assert.Equal(1u << 8, r[5] & 0xFF00); // IBUSERR
        Assert.Equal(0x70000000u, r[6]);
    }

    [Fact]
    public void FaultInHardFaultHandlerLocksUp()
    {
        var handlers = new Dictionary<int, string> { [3] = "udf #0" };
        var (machine, result) = AsmProgram.Run("udf #1", handlers);
        Assert.Equal(StopReason.Lockup, result.Reason);
        Assert.Equal(CoreRunState.LockedUp, machine.Core.State);
        Assert.Equal(0xEFFFFFFEu, result.Pc);
        machine.Core.ReadPrivate(0xE000EDF0, AccessSize.Word, out var dhcsr);
        Assert.NotEqual(0u, dhcsr & (1u << 19)); // S_LOCKUP
    }

    [Fact]
    public void InvalidExcReturnIsAnInvpcUsageFault()
    {
        var handlers = new Dictionary<int, string>
        {
            [11] = "ldr r0, =0xFFFFFFF5\nbx r0",
            [3] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nbkpt #1",
        };
        var r = AsmProgram.RunToBreakpoint("svc #0\nbkpt #0", handlers);
        Assert.Equal(1u << 18, r[5]); // UFSR.INVPC
    }

    [Fact]
    public void AircrSysResetReqAsksTheHostForAReset()
    {
        var (machine, result) = AsmProgram.Run("""
            ldr r0, =0x24000000
            ldr r1, [r0]
            adds r1, r1, #1
            str r1, [r0]
            cmp r1, #3
            beq done
            ldr r0, =0xE000ED0C
            ldr r1, =0x05FA0004
            str r1, [r0]
            1: b 1b
            done:
            bkpt #0
            """);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(2, machine.SystemResets);
    }

    [Fact]
    public void AircrWithoutVectKeyIsIgnored()
    {
        var (machine, result) = AsmProgram.Run("""
            ldr r0, =0xE000ED0C
            ldr r1, =0x00000004
            str r1, [r0]
            ldr r2, [r0]
            bkpt #0
            """);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(0, machine.SystemResets);
        Assert.Equal(0xFA05u, result.Registers[2] >> 16); // VECTKEYSTAT
    }
}
