using System.Numerics;
using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>Data-processing instructions (A5.2.1–A5.2.3, A5.3.1, A5.3.3, A5.3.11, A5.3.12): results and flags.</summary>
[Trait("Requires", "gcc")]
public sealed class DataProcessingTests
{
    private const uint N = 1u << 31, Z = 1u << 30, C = 1u << 29, V = 1u << 28;

    private static uint Flags(IReadOnlyList<uint> r) => r[4] & 0xF0000000; // tests leave APSR in r4 via MRS

    [Theory]
    [InlineData(0x7FFFFFFFu, 1u)]
    [InlineData(0xFFFFFFFFu, 1u)]
    [InlineData(0u, 0u)]
    [InlineData(0x80000000u, 0x80000000u)]
    [InlineData(0x12345678u, 0x9ABCDEF0u)]
    public void AddsSetsFlagsLikeAddWithCarry(uint a, uint b)
    {
        var r = AsmProgram.RunToBreakpoint($"""
            ldr r0, =0x{a:X8}
            ldr r1, =0x{b:X8}
            adds r2, r0, r1
            mrs r4, apsr
            bkpt #0
            """);
        ulong wide = (ulong)a + b;
        var sum = (uint)wide;
        var expected = ((sum >> 31) != 0 ? N : 0) | (sum == 0 ? Z : 0) | ((wide >> 32) != 0 ? C : 0)
            | (((int)a >= 0 == (int)b >= 0) && ((int)sum >= 0) != ((int)a >= 0) ? V : 0);
        Assert.Equal(sum, r[2]);
        Assert.Equal(expected, Flags(r));
    }

    [Theory]
    [InlineData(5u, 7u)]
    [InlineData(7u, 5u)]
    [InlineData(0x80000000u, 1u)]
    [InlineData(3u, 3u)]
    public void SubsAndCmpSetCarryAsNotBorrow(uint a, uint b)
    {
        var r = AsmProgram.RunToBreakpoint($"""
            ldr r0, =0x{a:X8}
            ldr r1, =0x{b:X8}
            subs r2, r0, r1
            mrs r4, apsr
            cmp.w r0, r1
            mrs r5, apsr
            bkpt #0
            """);
        var diff = a - b;
        var expected = ((diff >> 31) != 0 ? N : 0) | (diff == 0 ? Z : 0) | (a >= b ? C : 0)
            | (((int)a < 0 != (int)b < 0) && ((int)diff < 0) != ((int)a < 0) ? V : 0);
        Assert.Equal(diff, r[2]);
        Assert.Equal(expected, Flags(r));
        Assert.Equal(expected, r[5] & 0xF0000000);
    }

    [Fact]
    public void SixtyFourBitAddAndSubtractChainThroughCarry()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0xFFFFFFF0
            ldr r1, =0x00000001
            ldr r2, =0x00000020
            movs r3, #2
            adds r0, r0, r2
            adc r1, r1, r3
            ldr r5, =0x00000000
            ldr r6, =0x00000005
            subs r5, r5, #1
            sbc r6, r6, #0
            bkpt #0
            """);
        ulong sum = 0x00000001FFFFFFF0UL + 0x0000000200000020UL;
        Assert.Equal((uint)sum, r[0]);
        Assert.Equal((uint)(sum >> 32), r[1]);
        ulong diff = 0x0000000500000000UL - 1;
        Assert.Equal((uint)diff, r[5]);
        Assert.Equal((uint)(diff >> 32), r[6]);
    }

    [Fact]
    public void ModifiedImmediatesExpandAsThumbExpandImm()
    {
        var r = AsmProgram.RunToBreakpoint("""
            mov r0, #0x00AB00AB
            mov r1, #0xAB00AB00
            mov r2, #0xABABABAB
            mov r3, #0x3FC00
            mvn r4, #0xFF
            orr r5, r0, #0x100
            bic r6, r2, #0xFF000000
            eor r7, r2, #0x0F0F0F0F
            rsb r8, r0, #0
            bkpt #0
            """);
        Assert.Equal(0x00AB00ABu, r[0]);
        Assert.Equal(0xAB00AB00u, r[1]);
        Assert.Equal(0xABABABABu, r[2]);
        Assert.Equal(0x3FC00u, r[3]);
        Assert.Equal(~0xFFu, r[4]);
        Assert.Equal(0x00AB00ABu | 0x100, r[5]);
        Assert.Equal(0xABABABABu & 0x00FFFFFF, r[6]);
        Assert.Equal(0xABABABABu ^ 0x0F0F0F0F, r[7]);
        Assert.Equal(unchecked(0u - 0x00AB00ABu), r[8]);
    }

    [Theory]
    [InlineData(0x80000001u, 1)]
    [InlineData(0x80000001u, 31)]
    [InlineData(0xF0F0F0F0u, 4)]
    [InlineData(0x00000001u, 17)]
    public void ImmediateShiftsProduceResultAndCarry(uint value, int amount)
    {
        var r = AsmProgram.RunToBreakpoint($"""
            ldr r0, =0x{value:X8}
            lsls r1, r0, #{amount}
            mrs r8, apsr
            lsrs r2, r0, #{amount}
            mrs r9, apsr
            asrs r3, r0, #{amount}
            mrs r10, apsr
            rors r5, r0, #{amount}
            mrs r11, apsr
            bkpt #0
            """);
        Assert.Equal(value << amount, r[1]);
        Assert.Equal(((value >> (32 - amount)) & 1) != 0, (r[8] & C) != 0);
        Assert.Equal(value >> amount, r[2]);
        Assert.Equal(((value >> (amount - 1)) & 1) != 0, (r[9] & C) != 0);
        Assert.Equal((uint)((int)value >> amount), r[3]);
        Assert.Equal(((value >> (amount - 1)) & 1) != 0, (r[10] & C) != 0);
        var rotated = BitOperations.RotateRight(value, amount);
        Assert.Equal(rotated, r[5]);
        Assert.Equal((rotated >> 31) != 0, (r[11] & C) != 0);
    }

    [Theory]
    [InlineData(0x80000001u, 0)]
    [InlineData(0x80000001u, 32)]
    [InlineData(0x80000001u, 33)]
    [InlineData(0x40000000u, 255)]
    public void RegisterShiftsFollowShiftCForLargeAmounts(uint value, int amount)
    {
        var r = AsmProgram.RunToBreakpoint($"""
            ldr r0, =0x{value:X8}
            ldr r6, ={amount}
            msr apsr_nzcvq, r6
            lsl r1, r0, r6
            lsrs r2, r0, r6
            mrs r8, apsr
            asr r3, r0, r6
            bkpt #0
            """);
        Assert.Equal(amount >= 32 ? 0u : value << amount, r[1]);
        Assert.Equal(amount >= 32 ? 0u : value >> amount, r[2]);
        var expectedCarry = amount switch
        {
            0 => false, // unchanged: APSR was cleared by the MSR of a small value
            32 => (value >> 31) != 0,
            > 32 => false,
            _ => ((value >> (amount - 1)) & 1) != 0,
        };
        Assert.Equal(expectedCarry, (r[8] & C) != 0);
        Assert.Equal(amount >= 32 ? (uint)((int)value >> 31) : (uint)((int)value >> amount), r[3]);
    }

    [Fact]
    public void RrxShiftsCarryIn()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x00000003
            ldr r1, =0x20000000
            msr apsr_nzcvq, r1
            rrxs r2, r0
            mrs r4, apsr
            bkpt #0
            """);
        Assert.Equal(0x80000001u, r[2]);
        Assert.Equal(N | C, Flags(r));
    }

    [Fact]
    public void MovwMovtAndWideAddsBuildConstants()
    {
        var r = AsmProgram.RunToBreakpoint("""
            movw r0, #0xBEEF
            movt r0, #0xDEAD
            addw r1, r0, #0xFFF
            subw r2, r0, #0x123
            adr r3, here
            here:
            bkpt #0
            """);
        Assert.Equal(0xDEADBEEFu, r[0]);
        Assert.Equal(0xDEADBEEFu + 0xFFF, r[1]);
        Assert.Equal(0xDEADBEEFu - 0x123, r[2]);
        Assert.Equal(r[15], r[3]); // ADR points at the BKPT, where the core stopped
    }

    [Fact]
    public void BitfieldInstructions()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x12345678
            ldr r1, =0xFFFFFFFF
            bfi r1, r0, #8, #12
            ldr r2, =0xFFFFFFFF
            bfc r2, #4, #8
            ubfx r3, r0, #4, #12
            ldr r4, =0x00000F00
            sbfx r5, r4, #8, #4
            sbfx r6, r0, #28, #4
            bkpt #0
            """);
        Assert.Equal((0xFFFFFFFFu & ~0x000FFF00u) | ((0x12345678u & 0xFFF) << 8), r[1]);
        Assert.Equal(0xFFFFFFFFu & ~0x00000FF0u, r[2]);
        Assert.Equal((0x12345678u >> 4) & 0xFFF, r[3]);
        Assert.Equal(0xFFFFFFFFu, r[5]);
        Assert.Equal(1u, r[6]);
    }

    [Fact]
    public void CountLeadingZerosReverseAndByteSwaps()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x00012345
            clz r1, r0
            rbit r2, r0
            rev r3, r0
            rev16 r4, r0
            ldr r7, =0x000080FF
            revsh r5, r7
            movs r6, #0
            clz r6, r6
            bkpt #0
            """);
        const uint x = 0x00012345;
        Assert.Equal((uint)BitOperations.LeadingZeroCount(x), r[1]);
        uint reversed = 0;
        for (var i = 0; i < 32; i++)
        {
            reversed |= ((x >> i) & 1) << (31 - i);
        }
        Assert.Equal(reversed, r[2]);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x), r[3]);
        Assert.Equal(0x01004523u, r[4]);
        Assert.Equal(unchecked((uint)(short)0xFF80), r[5]);
        Assert.Equal(32u, r[6]);
    }

    [Fact]
    public void ExtendsAndExtendAdds()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x80F0817F
            sxtb r1, r0
            uxtb r2, r0
            sxth r3, r0
            uxth r4, r0
            sxtb r5, r0, ror #8
            movs r6, #100
            uxtah r7, r6, r0
            sxtb16 r8, r0
            uxtb16 r9, r0, ror #8
            bkpt #0
            """);
        const uint x = 0x80F0817F;
        Assert.Equal(0x7Fu, r[1]);
        Assert.Equal(0x7Fu, r[2]);
        Assert.Equal(unchecked((uint)(short)0x817F), r[3]);
        Assert.Equal(0x817Fu, r[4]);
        Assert.Equal(unchecked((uint)(sbyte)0x81), r[5]);
        Assert.Equal(100u + (x & 0xFFFF), r[7]);
        Assert.Equal(0xFFF0007Fu, r[8]); // sign-extended bytes 0 (0x7F) and 2 (0xF0)
        Assert.Equal(0x00800081u, r[9]); // bytes 1 (0x81) and 3 (0x80) after ROR #8
    }

    [Fact]
    public void SixteenBitDataProcessingInsideItBlockLeavesFlags()
    {
        var r = AsmProgram.RunToBreakpoint("""
            movs r0, #0
            cmp r0, #0
            it eq
            addeq r1, r0, #0
            mrs r4, apsr
            movs r2, #1
            negs r3, r2
            mrs r5, apsr
            bkpt #0
            """);
        Assert.Equal(Z | C, Flags(r)); // the ADD in the IT block did not touch the flags CMP set
        Assert.Equal(0xFFFFFFFFu, r[3]);
        Assert.Equal(N, r[5] & 0xF0000000);
    }

    [Fact]
    public void TestAndTeqAndCmnOnlySetFlags()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0xF0
            ldr r1, =0x0F
            tst r0, r1
            mrs r4, apsr
            teq r0, r0
            mrs r5, apsr
            ldr r2, =0xFFFFFFFF
            cmn r2, #1
            mrs r6, apsr
            bkpt #0
            """);
        Assert.Equal(Z, Flags(r));
        Assert.Equal(Z, r[5] & 0xF0000000);
        Assert.Equal(Z | C, r[6] & 0xF0000000);
        Assert.Equal(0xF0u, r[0]);
    }

    [Fact]
    public void HighRegisterMovesAndAdds()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =1000
            mov r9, r0
            add r9, r9
            mov r1, r9
            mov r10, sp
            add sp, #16
            sub sp, #8
            mov r2, sp
            mov sp, r10
            bkpt #0
            """);
        Assert.Equal(2000u, r[1]);
        Assert.Equal(AsmProgram.InitialSp + 8, r[2]);
        Assert.Equal(AsmProgram.InitialSp, r[13]);
    }
}
