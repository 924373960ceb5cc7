using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>FP context handling of the exception model (B1.5.6–B1.5.8): CPACR/NOCP, CONTROL.FPCA, extended frames, lazy stacking.</summary>
[Trait("Requires", "gcc")]
public sealed class FpContextTests
{
    private const string EnableFpu = """
        ldr r0, =0xE000ED88
        ldr r1, [r0]
        orr r1, r1, #(0xF << 20)
        str r1, [r0]
        dsb
        isb
        """;

    [Fact]
    public void FpInstructionWithCpacrDisabledIsNocp()
    {
        var handlers = new Dictionary<int, string> { [3] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nbkpt #1" };
        var r = AsmProgram.RunToBreakpoint("vmov.f32 s0, #1.0\nbkpt #0", handlers);
        Assert.Equal(1u << 19, r[5]); // UFSR.NOCP
    }

    [Fact]
    public void FpInstructionSetsFpcaAndExceptionUsesExtendedFrame()
    {
        var handlers = new Dictionary<int, string>
        {
            [11] = """
                mov r8, lr
                mov r9, sp
                mrs r10, control
                vmov.f32 s0, #2.0
                bx lr
                """,
        };
        var r = AsmProgram.RunToBreakpoint(EnableFpu + """

            vmov.f32 s0, #1.0
            mrs r7, control
            svc #0
            vmov r6, s0
            mrs r11, control
            bkpt #0
            """, handlers);
        Assert.Equal(4u, r[7] & 4); // CONTROL.FPCA after the first FP instruction
        Assert.Equal(0xFFFFFFE9u, r[8]); // EXC_RETURN with bit 4 clear: extended frame
        Assert.Equal(AsmProgram.InitialSp - 0x68, r[9]); // 26-word frame (S0-S15, FPSCR, reserved)
        Assert.Equal(0u, r[10] & 4); // FPCA cleared in the handler until it uses the FPU
        Assert.Equal(BitConverter.SingleToUInt32Bits(1.0f), r[6]); // S0 restored from the frame
        Assert.Equal(4u, r[11] & 4);
        Assert.Equal(AsmProgram.InitialSp, r[13]);
    }

    [Fact]
    public void LazyStackingReservesSpaceAndSavesOnlyWhenTheHandlerUsesTheFpu()
    {
        var handlers = new Dictionary<int, string>
        {
            [11] = """
                ldr r0, =0xE000EF34
                ldr r8, [r0]
                ldr r0, =0xE000EF38
                ldr r9, [r0]
                ldr r10, [r9]
                vmov.f32 s1, #3.0
                ldr r0, =0xE000EF34
                ldr r11, [r0]
                ldr r4, [r9]
                bx lr
                """,
        };
        var r = AsmProgram.RunToBreakpoint(EnableFpu + """

            ldr r0, =0x24000000
            movs r1, #0
            str r1, [r0]
            vmov.f32 s0, #1.0
            svc #0
            vmov r6, s0
            bkpt #0
            """, handlers);
        Assert.Equal(1u, r[8] & 1); // FPCCR.LSPACT set on entry
        Assert.Equal(AsmProgram.InitialSp - 0x68 + 0x20, r[9]); // FPCAR points at the S0 slot
        Assert.Equal(0u, r[11] & 1); // cleared once the handler's FP instruction preserved the state
        Assert.Equal(BitConverter.SingleToUInt32Bits(1.0f), r[4]); // S0 written to the reserved space
        Assert.Equal(BitConverter.SingleToUInt32Bits(1.0f), r[6]);
    }
}
