using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>Saturating arithmetic and the DSP extension's SIMD and multiply instructions (A5.3.13–A5.3.15).</summary>
[Trait("Requires", "gcc")]
public sealed class SaturatingSimdTests
{
    private const uint Q = 1u << 27;

    private static short Lo(uint x) => (short)x;

    private static short Hi(uint x) => (short)(x >> 16);

    [Fact]
    public void SaturateInstructionsClampAndSetQ()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =1000
            ssat r1, #8, r0
            mrs r8, apsr
            ldr r2, =0xFFFFF000
            usat r3, #8, r2
            ldr r4, =100
            ssat r5, #8, r4
            ldr r6, =0x7FFF8000
            ssat16 r7, #8, r6
            bkpt #0
            """);
        Assert.Equal(127u, r[1]);
        Assert.NotEqual(0u, r[8] & Q);
        Assert.Equal(0u, r[3]);
        Assert.Equal(100u, r[5]);
        Assert.Equal(0x007FFF80u, r[7]);
    }

    [Theory]
    [InlineData(0x7FFFFFF0u, 0x00000100u)]
    [InlineData(0x80000000u, 0x00000001u)]
    [InlineData(5u, 7u)]
    public void QaddQsubSaturate(uint a, uint b)
    {
        var r = AsmProgram.RunToBreakpoint($"""
            ldr r0, =0x{a:X8}
            ldr r1, =0x{b:X8}
            qadd r2, r0, r1
            qsub r3, r0, r1
            qdadd r5, r0, r1
            bkpt #0
            """);
        static uint Sat(long v) => (uint)(int)Math.Clamp(v, int.MinValue, int.MaxValue);
        Assert.Equal(Sat((long)(int)a + (int)b), r[2]);
        Assert.Equal(Sat((long)(int)a - (int)b), r[3]);
        Assert.Equal(Sat((long)(int)a + (long)(int)Sat(2L * (int)b)), r[5]);
    }

    [Fact]
    public void ParallelAddSetsGeAndSelPicksBytes()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x7FFF0001
            ldr r1, =0x00018000
            sadd16 r2, r0, r1
            uadd16 r3, r0, r1
            mrs r4, apsr
            ldr r5, =0x11223344
            ldr r6, =0xAABBCCDD
            sel r7, r5, r6
            ldr r8, =0xFF017F80
            ldr r9, =0x01FF0180
            uadd8 r10, r8, r9
            mrs r11, apsr
            bkpt #0
            """);
        Assert.Equal(((uint)(ushort)(0x7FFF + 0x0001) << 16) | (ushort)(0x0001 + 0x8000), r[2]);
        Assert.Equal(0x80008001u, r[3]);
        Assert.Equal(0u, (r[4] >> 16) & 0xF); // no unsigned 16-bit lane overflowed
        Assert.Equal(0xAABBCCDDu, r[7]); // GE all clear: every byte from the second operand
        // UADD8 lanes: FF+01 carry, 01+FF carry, 7F+01 no, 80+80 carry -> GE = 1101b.
        Assert.Equal(0x0000_0000u | (0x00u << 24) | (0x00u << 16) | (0x80u << 8) | 0x00u, r[10]);
        Assert.Equal(0b1101u, (r[11] >> 16) & 0xF);
    }

    [Fact]
    public void ExchangeSubtractAddAndHalvingAndSaturatingForms()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x00640032
            ldr r1, =0x000A0014
            sasx r2, r0, r1
            ssax r3, r0, r1
            shadd16 r4, r0, r1
            ldr r5, =0x7FFF7FFF
            qadd16 r6, r5, r5
            uqsub8 r7, r1, r0
            ssub8 r8, r1, r0
            bkpt #0
            """);
        uint a = 0x00640032, b = 0x000A0014;
        Assert.Equal(((uint)(ushort)(Hi(a) + Lo(b)) << 16) | (ushort)(Lo(a) - Hi(b)), r[2]);
        Assert.Equal(((uint)(ushort)(Hi(a) - Lo(b)) << 16) | (ushort)(Lo(a) + Hi(b)), r[3]);
        Assert.Equal(((uint)(ushort)((Hi(a) + Hi(b)) >> 1) << 16) | (ushort)((Lo(a) + Lo(b)) >> 1), r[4]);
        Assert.Equal(0x7FFF7FFFu, r[6]);
        Assert.Equal(0u, r[7]);
        uint expected = 0;
        for (var i = 0; i < 4; i++)
        {
            expected |= (uint)(byte)((sbyte)(b >> (8 * i)) - (sbyte)(a >> (8 * i))) << (8 * i);
        }
        Assert.Equal(expected, r[8]);
    }

    [Fact]
    public void DualAndHalfwordMultiplies()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x0003FFFE
            ldr r1, =0x00050007
            smuad r2, r0, r1
            smusd r3, r0, r1
            smuadx r4, r0, r1
            movs r5, #10
            smlad r6, r0, r1, r5
            smulbb r7, r0, r1
            smultb r8, r0, r1
            smlabt r9, r0, r1, r5
            smulwb r10, r0, r1
            ldr r11, =0x40000000
            smmul r12, r11, r11
            bkpt #0
            """);
        uint a = 0x0003FFFE, b = 0x00050007;
        Assert.Equal((uint)(Lo(a) * Lo(b) + Hi(a) * Hi(b)), r[2]);
        Assert.Equal((uint)(Lo(a) * Lo(b) - Hi(a) * Hi(b)), r[3]);
        Assert.Equal((uint)(Lo(a) * Hi(b) + Hi(a) * Lo(b)), r[4]);
        Assert.Equal((uint)(Lo(a) * Lo(b) + Hi(a) * Hi(b) + 10), r[6]);
        Assert.Equal((uint)(Lo(a) * Lo(b)), r[7]);
        Assert.Equal((uint)(Hi(a) * Lo(b)), r[8]);
        Assert.Equal((uint)(Lo(a) * Hi(b) + 10), r[9]);
        Assert.Equal((uint)(((long)(int)a * Lo(b)) >> 16), r[10]);
        Assert.Equal((uint)((0x40000000L * 0x40000000L) >> 32), r[12]);
    }

    [Fact]
    public void LongDspMultipliesAndPackAndAbsoluteDifference()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x00020003
            ldr r1, =0x00040005
            movs r2, #1
            movs r3, #0
            smlald r2, r3, r0, r1
            movs r4, #0
            movs r5, #0
            smlaltb r4, r5, r0, r1
            ldr r6, =0x12345678
            ldr r7, =0x9ABCDEF0
            pkhbt r8, r6, r7, lsl #16
            pkhtb r9, r6, r7, asr #16
            ldr r10, =0x0A14281E
            ldr r11, =0x140A1E28
            usad8 r12, r10, r11
            bkpt #0
            """);
        Assert.Equal(1u + 3 * 5 + 2 * 4, r[2]);
        Assert.Equal(0u, r[3]);
        Assert.Equal(2u * 5, r[4]);
        Assert.Equal(0xDEF05678u, r[8]);
        Assert.Equal(0x12349ABCu, r[9]);
        Assert.Equal(10u + 10 + 10 + 10, r[12]);
    }
}
