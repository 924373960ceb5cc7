using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>Special registers (MRS/MSR, CPS) and SCB registers as software sees them (B3.2, B5.2).</summary>
[Trait("Requires", "gcc")]
public sealed class SystemRegisterTests
{
    [Fact]
    public void SpecialRegistersReadBackAndBasepriMaxOnlyRaises()
    {
        var r = AsmProgram.RunToBreakpoint("""
            cpsid i
            mrs r0, primask
            cpsie i
            mrs r1, primask
            movs r2, #0x80
            msr basepri, r2
            movs r2, #0xC0
            msr basepri_max, r2
            mrs r3, basepri
            movs r2, #0x40
            msr basepri_max, r2
            mrs r4, basepri
            cpsid f
            mrs r5, faultmask
            cpsie f
            movs r2, #0x13
            msr basepri, r2
            mrs r6, basepri
            mrs r7, ipsr
            bkpt #0
            """);
        Assert.Equal(1u, r[0]);
        Assert.Equal(0u, r[1]);
        Assert.Equal(0x80u, r[3]); // 0xC0 is a lower priority: BASEPRI_MAX ignored it
        Assert.Equal(0x40u, r[4]);
        Assert.Equal(1u, r[5]);
        Assert.Equal(0x10u, r[6]); // four implemented priority bits
        Assert.Equal(0u, r[7]);
    }

    [Fact]
    public void UnprivilegedThreadCannotChangeMasksOrControl()
    {
        var handlers = new Dictionary<int, string> { [11] = "mrs r0, control\nbic r0, r0, #1\nmsr control, r0\nbx lr" };
        var r = AsmProgram.RunToBreakpoint("""
            movs r0, #1
            msr control, r0
            isb
            cpsid i
            mrs r4, primask
            movs r0, #0
            msr control, r0
            mrs r5, control
            svc #0
            mrs r6, control
            bkpt #0
            """, handlers);
        Assert.Equal(0u, r[4]);
        Assert.Equal(1u, r[5] & 1); // still unprivileged
        Assert.Equal(0u, r[6] & 1); // the SVC handler dropped nPRIV
    }

    [Fact]
    public void VtorRelocatesTheVectorTable()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0x24000000
            ldr r1, =0x20020000
            str r1, [r0]
            ldr r1, =handler
            str r1, [r0, #(11 * 4)]
            ldr r2, =0xE000ED08
            str r0, [r2]
            dsb
            svc #0
            bkpt #0
            .thumb_func
            handler:
            movs r7, #77
            bx lr
            """);
        Assert.Equal(77u, r[7]);
    }

    [Fact]
    public void IdentificationRegistersDifferBetweenCores()
    {
        const string Program = """
            ldr r0, =0xE000ED60
            ldr r1, [r0]
            ldr r0, =0xE000EF40
            ldr r2, [r0]
            ldr r0, =0xE000E004
            ldr r3, [r0]
            ldr r0, =0xE000ED90
            ldr r4, [r0]
            bkpt #0
            """;
        var m7 = AsmProgram.RunToBreakpoint(Program);
        var m4 = AsmProgram.RunToBreakpoint(Program, cortexM4: true);
        Assert.NotEqual(m7[1], m4[1]); // ID_ISAR0
        Assert.Equal(2u, (m7[2] >> 8) & 0xF); // MVFR0 double precision: supported on the M7
        Assert.Equal(0u, (m4[2] >> 8) & 0xF); // single precision only on the M4
        Assert.Equal(4u, m7[3] & 0xF); // ICTR: up to 160 interrupt lines (150 used on the H747)
        Assert.Equal(16u, (m7[4] >> 8) & 0xFF); // MPU_TYPE.DREGION
    }

    [Fact]
    public void FaultStatusRegistersAreWriteOneToClear()
    {
        var handlers = new Dictionary<int, string> { [3] = "ldr r0, =0xE000ED28\nldr r5, [r0]\nstr r5, [r0]\nldr r6, [r0]\nldr r0, =0xE000ED2C\nldr r1, [r0]\nstr r1, [r0]\nldr r7, [r0]\nbkpt #1" };
        var r = AsmProgram.RunToBreakpoint("udf #0\nbkpt #0", handlers);
        Assert.NotEqual(0u, r[5]);
        Assert.Equal(0u, r[6]);
        Assert.Equal(0u, r[7]);
    }

    [Fact]
    public void OnlyTheDevicesInterruptLinesAreImplemented()
    {
        var r = AsmProgram.RunToBreakpoint("""
            ldr r0, =0xE000E110
            mvn r1, #0
            str r1, [r0]
            ldr r2, [r0]
            ldr r0, =0xE000E180
            str r1, [r0]
            ldr r0, =0xE000E110
            ldr r3, [r0]
            bkpt #0
            """);
        Assert.Equal((1u << (150 - 128)) - 1, r[2]); // ISER4: lines 128-149 exist, 150-159 read as zero
        Assert.Equal((1u << (150 - 128)) - 1, r[3]); // ICER0 did not touch ISER4
    }
}
