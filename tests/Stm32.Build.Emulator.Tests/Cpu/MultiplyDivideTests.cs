using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>Multiply, long multiply and divide (A5.3.15, A5.3.16).</summary>
[Trait("Requires", "gcc")]
public sealed class MultiplyDivideTests
{
    [Theory]
    [InlineData(0xFFFFFFFEu, 0x7FFFFFFFu, 0x12345678u)]
    [InlineData(3u, 5u, 7u)]
    [InlineData(0x80000000u, 0x80000000u, 0xFFFFFFFFu)]
    public void ThirtyTwoAndSixtyFourBitMultiplies(uint a, uint b, uint acc)
    {
        var r = AsmProgram.RunToBreakpoint($"""
            ldr r0, =0x{a:X8}
            ldr r1, =0x{b:X8}
            ldr r2, =0x{acc:X8}
            mul r3, r0, r1
            mla r4, r0, r1, r2
            mls r5, r0, r1, r2
            umull r6, r7, r0, r1
            smull r8, r9, r0, r1
            mov r10, r2
            mov r11, r2
            umlal r10, r11, r0, r1
            bkpt #0
            """);
        Assert.Equal(unchecked(a * b), r[3]);
        Assert.Equal(unchecked(a * b + acc), r[4]);
        Assert.Equal(unchecked(acc - a * b), r[5]);
        ulong u = (ulong)a * b;
        Assert.Equal((uint)u, r[6]);
        Assert.Equal((uint)(u >> 32), r[7]);
        long s = (long)(int)a * (int)b;
        Assert.Equal((uint)s, r[8]);
        Assert.Equal((uint)((ulong)s >> 32), r[9]);
        ulong ua = u + (((ulong)acc << 32) | acc);
        Assert.Equal((uint)ua, r[10]);
        Assert.Equal((uint)(ua >> 32), r[11]);
    }

    [Fact]
    public void SignedMultiplyAccumulateLongAndUmaal()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0xFFFFFFFF
            ldr r1, =0x00000002
            ldr r2, =0x00000005
            ldr r3, =0x00000000
            smlal r2, r3, r0, r1
            ldr r4, =0xFFFFFFFF
            ldr r5, =0xFFFFFFFF
            umaal r4, r5, r0, r0
            bkpt #0
            """);
        Assert.Equal(3u, r[2]); // 5 + (-1 * 2)
        Assert.Equal(0u, r[3]);
        ulong expected = 0xFFFFFFFFUL * 0xFFFFFFFFUL + 0xFFFFFFFFUL + 0xFFFFFFFFUL;
        Assert.Equal((uint)expected, r[4]);
        Assert.Equal((uint)(expected >> 32), r[5]);
    }

    [Theory]
    [InlineData(100, 7)]
    [InlineData(-100, 7)]
    [InlineData(100, -7)]
    [InlineData(int.MinValue, -1)]
    [InlineData(5, 0)]
    public void SignedAndUnsignedDivide(int a, int b)
    {
        var r = AsmProgram.RunToBreakpoint($"""
            ldr r0, =0x{(uint)a:X8}
            ldr r1, =0x{(uint)b:X8}
            sdiv r2, r0, r1
            udiv r3, r0, r1
            bkpt #0
            """);
        var expectedSigned = b == 0 ? 0 : (a == int.MinValue && b == -1) ? int.MinValue : a / b;
        Assert.Equal((uint)expectedSigned, r[2]);
        Assert.Equal(b == 0 ? 0u : (uint)a / (uint)b, r[3]);
    }

    [Fact]
    public void DivideByZeroTrapsWhenDiv0TrpIsSet()
    {
        // CCR.DIV_0_TRP (bit 4) with UsageFault enabled (SHCSR.USGFAULTENA): the divide raises DIVBYZERO.
        var handlers = new Dictionary<int, string>
        {
            [6] = """
                ldr r0, =0xE000ED28
                ldr r5, [r0]
                bkpt #1
                """,
        };
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0xE000ED14
            ldr r1, [r0]
            orr r1, r1, #0x10
            str r1, [r0]
            ldr r0, =0xE000ED24
            mov r1, #0x40000
            str r1, [r0]
            movs r2, #9
            movs r3, #0
            udiv r4, r2, r3
            bkpt #0
            """, handlers);
        Assert.Equal(1u << 25, r[5]); // UFSR.DIVBYZERO
    }
}
