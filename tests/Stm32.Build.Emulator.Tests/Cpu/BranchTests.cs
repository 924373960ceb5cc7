using Stm32.Build.Emulator.Machine;
using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>Branches, IT blocks, compare-and-branch and interworking (A7.3, A7.7.12–A7.7.21, A2.3.1).</summary>
[Trait("Requires", "gcc")]
public sealed class BranchTests
{
    [Theory]
    [InlineData(5, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 4)]
    [InlineData(-1, 1)]
    public void ConditionalBranchesFollowSignedAndUnsignedComparisons(int a, int b)
    {
        var r = AsmProgram.RunToBreakpoint($"""
            ldr r0, =0x{(uint)a:X8}
            ldr r1, =0x{(uint)b:X8}
            movs r2, #0
            movs r3, #0
            movs r4, #0
            cmp r0, r1
            bgt 1f
            b 2f
            1: movs r2, #1
            2: cmp r0, r1
            bhi.w 3f
            b 4f
            3: movs r3, #1
            4: cmp r0, r1
            bne 5f
            movs r4, #1
            5: bkpt #0
            """);
        Assert.Equal(a > b ? 1u : 0u, r[2]);
        Assert.Equal((uint)a > (uint)b ? 1u : 0u, r[3]);
        Assert.Equal(a == b ? 1u : 0u, r[4]);
    }

    [Fact]
    public void ItBlockExecutesThenAndElseArms()
    {
        var r = AsmProgram.RunToBreakpoint("""
            movs r0, #7
            cmp r0, #7
            ittee eq
            moveq r1, #1
            addeq r2, r0, #1
            movne r3, #1
            movne r4, #1
            cmp r0, #8
            itet lt
            movlt r5, #5
            movge r6, #6
            addlt.w r7, r0, #100
            bkpt #0
            """);
        Assert.Equal(1u, r[1]);
        Assert.Equal(8u, r[2]);
        Assert.Equal(0u, r[3]);
        Assert.Equal(0u, r[4]);
        Assert.Equal(5u, r[5]);
        Assert.Equal(0u, r[6]);
        Assert.Equal(107u, r[7]);
    }

    [Fact]
    public void CompareAndBranchOnZero()
    {
        var r = AsmProgram.RunToBreakpoint("""
            movs r0, #0
            movs r1, #3
            movs r2, #0
            cbz r0, 1f
            movs r2, #99
            1: cbnz r1, 2f
            movs r2, #98
            2: adds r2, r2, #1
            bkpt #0
            """);
        Assert.Equal(1u, r[2]);
    }

    [Fact]
    public void BlxRegisterAndBxReturn()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r3, =func
            movs r0, #1
            blx r3
            adds r0, r0, #10
            bkpt #0
            .thumb_func
            func:
            lsls r0, r0, #4
            bx lr
            """);
        Assert.Equal(26u, r[0]);
    }

    [Fact]
    public void BranchToEvenAddressIsAnInvstateUsageFault()
    {
        var handlers = new Dictionary<int, string> { [3] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nldr r6, [sp, #24]\nldr r7, [sp, #28]\nbkpt #1" };
        var r = AsmProgram.RunToBreakpoint("""
            ldr r3, =target
            bic r3, r3, #1
            bx r3
            .thumb_func
            target:
            bkpt #0
            """, handlers);
        Assert.Equal(1u << 17, r[5]); // UFSR.INVSTATE
        Assert.Equal(0u, r[7] & (1u << 24)); // stacked xPSR has T clear
        Assert.Equal(r[6] & ~1u, r[6]); // stacked PC is the even target
    }

    [Fact]
    public void UdfIsAnUndefinedInstructionFault()
    {
        var handlers = new Dictionary<int, string> { [3] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nldr r6, [sp, #24]\nbkpt #1" };
        var r = AsmProgram.RunToBreakpoint("""
            nop
            faulting:
            udf #7
            bkpt #0
            """, handlers);
        Assert.Equal(1u << 16, r[5]); // UFSR.UNDEFINSTR
        var (binary, _) = AsmProgram.Build("nop\nfaulting:\nudf #7\nbkpt #0", handlers);
        // The stacked PC is the UDF itself: the halfword there is the UDF encoding (0xDExx).
        var offset = (int)(r[6] - AsmProgram.FlashBase);
        Assert.Equal(0xDE, binary[offset + 1]);
    }

    [Fact]
    public void RunawayLoopStopsAtTheInstructionLimit()
    {
        var (_, result) = AsmProgram.Run("1: b 1b", maxInstructions: 5000);
        Assert.Equal(StopReason.InstructionLimit, result.Reason);
        Assert.Equal(5000, result.Instructions);
    }
}
