using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>Loads and stores: every addressing mode and size, multiples, dual, exclusive, literal and table branches.</summary>
[Trait("Requires", "gcc")]
public sealed class LoadStoreTests
{
    private const string Data = "0x24000000"; // AXI SRAM

    [Fact]
    public void ImmediatePreAndPostIndexedAddressing()
    {
        var r = AsmProgram.RunToBreakpoint($$"""
            ldr r0, ={{Data}}
            ldr r1, =0x11223344
            str r1, [r0]
            str r1, [r0, #8]!
            mov r2, r0
            str r1, [r0], #-4
            mov r3, r0
            ldr r4, [r0, #-4]
            ldrb r5, [r2, #-8]
            ldrh r6, [r2, #-7]
            ldrsb r7, [r2, #3]
            ldr r8, =0x8000
            strh r8, [r2, #12]
            ldrsh r9, [r2, #12]
            ldr r10, =0x00FF00FF
            strb r10, [r2, #14]
            ldr r11, [r2, #12]
            bkpt #0
            """);
        Assert.Equal(0x24000008u, r[2]);
        Assert.Equal(0x24000004u, r[3]);
        Assert.Equal(0x11223344u, r[4]); // [0x24000000]
        Assert.Equal(0x44u, r[5]);
        Assert.Equal(0x2233u, r[6]);
        Assert.Equal(0x11u, r[7]);
        Assert.Equal(0xFFFF8000u, r[9]);
        Assert.Equal(0x00FF8000u, r[11]);
    }

    [Fact]
    public void RegisterOffsetAndUnalignedWordAccess()
    {
        var r = AsmProgram.RunToBreakpoint($$"""
            ldr r0, ={{Data}}
            ldr r1, =0x03020100
            ldr r2, =0x07060504
            strd r1, r2, [r0]
            movs r3, #1
            ldr r4, [r0, r3, lsl #2]
            ldr r5, [r0, r3]
            ldrh r6, [r0, r3]
            ldr r7, [r0, #1]
            bkpt #0
            """);
        Assert.Equal(0x07060504u, r[4]);
        Assert.Equal(0x04030201u, r[5]); // unaligned LDR is allowed with CCR.UNALIGN_TRP clear
        Assert.Equal(0x0201u, r[6]);
        Assert.Equal(0x04030201u, r[7]);
    }

    [Fact]
    public void LoadStoreDualAndMultiple()
    {
        var r = AsmProgram.RunToBreakpoint($$"""
            ldr r0, ={{Data}}
            ldr r1, =0xA1
            ldr r2, =0xA2
            ldr r3, =0xA3
            ldr r4, =0xA4
            stmia r0!, {r1-r4}
            mov r5, r0
            ldmdb r0!, {r6-r9}
            mov r10, r0
            ldrd r11, r12, [r10, #8]
            push {r1, r2, lr}
            pop {r3, r4}
            add sp, #4
            movs r1, #0
            movs r2, #0
            bkpt #0
            """);
        Assert.Equal(0x24000010u, r[5]);
        Assert.Equal(0xA1u, r[6]);
        Assert.Equal(0xA4u, r[9]);
        Assert.Equal(0x24000000u, r[10]);
        Assert.Equal(0xA3u, r[11]);
        Assert.Equal(0xA4u, r[12]);
        Assert.Equal(0xA1u, r[3]);
        Assert.Equal(0xA2u, r[4]);
        Assert.Equal(AsmProgram.InitialSp, r[13]);
    }

    [Fact]
    public void PopIntoPcReturnsFromCall()
    {
        var r = AsmProgram.RunToBreakpoint("""
            movs r0, #1
            bl func
            adds r0, r0, #100
            bkpt #0
            .thumb_func
            func:
            push {r4, lr}
            movs r4, #5
            adds r0, r0, r4
            pop {r4, pc}
            """);
        Assert.Equal(106u, r[0]);
    }

    [Fact]
    public void ExclusiveStoreSucceedsOnlyAfterMatchingLoad()
    {
        var r = AsmProgram.RunToBreakpoint($$"""
            ldr r0, ={{Data}}
            movs r1, #42
            str r1, [r0]
            ldrex r2, [r0]
            adds r2, r2, #1
            strex r3, r2, [r0]
            strex r4, r2, [r0]
            ldrex r5, [r0]
            clrex
            strex r6, r2, [r0]
            ldrexb r7, [r0]
            strexb r8, r1, [r0]
            ldr r9, [r0]
            bkpt #0
            """);
        Assert.Equal(0u, r[3]);
        Assert.Equal(1u, r[4]); // monitor already cleared by the first STREX
        Assert.Equal(43u, r[5]);
        Assert.Equal(1u, r[6]); // CLREX
        Assert.Equal(0u, r[8]);
        Assert.Equal(42u, r[9]);
    }

    [Fact]
    public void LiteralLoadsAndTableBranches()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, value
            ldrd r1, r2, pair
            movs r3, #2
            tbb [pc, r3]
            table:
            .byte (case0 - table) / 2
            .byte (case1 - table) / 2
            .byte (case2 - table) / 2
            .byte 0
            case0:
            movs r4, #10
            b next
            case1:
            movs r4, #11
            b next
            case2:
            movs r4, #12
            next:
            movs r5, #1
            tbh [pc, r5, lsl #1]
            htable:
            .hword (hcase0 - htable) / 2
            .hword (hcase1 - htable) / 2
            hcase0:
            movs r6, #20
            bkpt #0
            hcase1:
            movs r6, #21
            bkpt #0
            .balign 4
            value: .word 0xCAFEF00D
            pair: .word 0x1111, 0x2222
            """);
        Assert.Equal(0xCAFEF00Du, r[0]);
        Assert.Equal(0x1111u, r[1]);
        Assert.Equal(0x2222u, r[2]);
        Assert.Equal(12u, r[4]);
        Assert.Equal(21u, r[6]);
    }

    [Fact]
    public void UnalignedLoadMultipleIsAUsageFault()
    {
        var handlers = new Dictionary<int, string> { [3] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nldr r0, =0xE000ED2C\nldr r6, [r0]\nbkpt #1" };
        var r = AsmProgram.RunToBreakpoint($$"""
            ldr r0, ={{Data}}
            adds r0, r0, #2
            ldm r0, {r1, r2}
            bkpt #0
            """, handlers);
        Assert.Equal(1u << 24, r[5]); // UFSR.UNALIGNED
        Assert.Equal(1u << 30, r[6]); // HFSR.FORCED: UsageFault was disabled, so it escalated
    }

    [Fact]
    public void UnalignTrpMakesUnalignedWordLoadFault()
    {
        var handlers = new Dictionary<int, string> { [3] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nbkpt #1" };
        var r = AsmProgram.RunToBreakpoint($$"""
            ldr r0, =0xE000ED14
            ldr r1, [r0]
            orr r1, r1, #8
            str r1, [r0]
            ldr r0, ={{Data}}
            ldr r1, [r0, #1]
            bkpt #0
            """, handlers);
        Assert.Equal(1u << 24, r[5]);
    }
}
