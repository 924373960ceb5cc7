using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// Encodings outside a core's profile are UNDEFINED as on silicon: a HardFault on ARMv6-M (DDI0419 B1.5.4: no
/// configurable faults), a UsageFault on ARMv7-M (UNDEFINSTR; NOCP for coprocessor space without an FPU, DDI0403E
/// B1.5.14 and the Cortex-M3/M4 TRMs' UFSR). The encodings come from the assembler (<c>.cpu</c> switched around them).
/// </summary>
[Trait("Requires", "gcc")]
public sealed class ProfileUndefinedTests
{
    private const uint UndefInstr = 1u << 16;
    private const uint NoCp = 1u << 19;

    // The handler leaves the stacked PC in R1, the fault status in R2 (CFSR, ARMv7-M only) and IPSR in R3, and halts.
    private static readonly Dictionary<int, string> ReportingHandlers = new()
    {
        [3] = "mrs r0, msp\nldr r1, [r0, #24]\nmrs r3, ipsr\nbkpt #3",
        [6] = "mrs r0, msp\nldr r1, [r0, #24]\nldr r0, =0xE000ED28\nldr r2, [r0]\nmrs r3, ipsr\nbkpt #6",
    };

    private static SeamHost RunOne(TestDevices.Part part, string cpuForEncoding, string instruction, bool usageFaultEnabled = true)
    {
        var enable = usageFaultEnabled && !part.GccCpu.StartsWith("cortex-m0", StringComparison.Ordinal)
            ? "ldr r0, =0xE000ED24\nldr r1, =0x40000\nstr r1, [r0]\n"
            : string.Empty;
        var fpu = cpuForEncoding == "cortex-m7" ? ".fpu fpv5-d16" : ".fpu fpv4-sp-d16";
        var host = new SeamHost($"""
            {enable}movs r1, #0
            movs r2, #0
            .cpu {cpuForEncoding}
            {fpu}
            undef:
            {instruction}
            .cpu {part.GccCpu}
            movs r7, #1
            bkpt #0
            """, ReportingHandlers, part);
        host.Run(1000);
        Assert.Equal(CoreRunState.Halted, host.Core.State);
        return host;
    }

    [Theory]
    [InlineData("movw r0, #1")]
    [InlineData("ldr.w r0, [r1, #4]")]
    [InlineData("sdiv r0, r1, r2")]
    [InlineData("mul.w r0, r1, r2")]
    [InlineData("cbz r0, undef + 8")]
    [InlineData("cbnz r2, undef + 8")]
    [InlineData("it eq\nmoveq r0, r1")]
    [InlineData("b.w undef + 4")]
    [InlineData("nop.w")]
    [InlineData("clrex")]
    [InlineData("ldrex r0, [sp]")]
    [InlineData("tbb [r1, r2]")]
    [InlineData("vadd.f32 s0, s1, s2")]
    [InlineData("udf.w #0")]
    public void ArmV7EncodingsAreAHardFaultOnTheCortexM0Plus(string instruction)
    {
        var host = RunOne(TestDevices.M0Plus, "cortex-m4", instruction);
        var r = host.Core.Registers.R;
        Assert.Equal(3u, r[3]); // HardFault: ARMv6-M has no UsageFault
        Assert.Equal(host.Symbol("undef"), r[1]); // the stacked PC is the undefined instruction
        Assert.NotEqual(1u, r[7]);
    }

    [Theory]
    [InlineData("sadd16 r0, r1, r2")]
    [InlineData("uqsub8 r0, r1, r2")]
    [InlineData("smlabb r0, r1, r2, r3")]
    [InlineData("smulwt r0, r1, r2")]
    [InlineData("smmul r0, r1, r2")]
    [InlineData("smlald r0, r1, r2, r3")]
    [InlineData("umaal r0, r1, r2, r3")]
    [InlineData("qadd r0, r1, r2")]
    [InlineData("sel r0, r1, r2")]
    [InlineData("pkhbt r0, r1, r2, lsl #8")]
    [InlineData("uxtb16 r0, r1")]
    [InlineData("sxtab r0, r1, r2")]
    [InlineData("uxtah r0, r1, r2")]
    [InlineData("ssat16 r0, #8, r1")]
    [InlineData("usad8 r0, r1, r2")]
    public void DspEncodingsAreUndefinedInstructionsOnTheCortexM3(string instruction)
    {
        var host = RunOne(TestDevices.M3, "cortex-m4", instruction);
        var r = host.Core.Registers.R;
        Assert.Equal(6u, r[3]);
        Assert.Equal(UndefInstr, r[2]);
        Assert.Equal(host.Symbol("undef"), r[1]);
    }

    [Theory]
    [InlineData("vadd.f32 s0, s1, s2")]
    [InlineData("vmov s0, r0")]
    [InlineData("vldr s0, [sp]")]
    [InlineData("vmrs r0, fpscr")]
    public void FpEncodingsAreNoCoprocessorFaultsWithoutAnFpu(string instruction)
    {
        foreach (var part in new[] { TestDevices.M3, TestDevices.M4NoFpu })
        {
            var host = RunOne(part, "cortex-m4", instruction);
            var r = host.Core.Registers.R;
            Assert.Equal(6u, r[3]);
            Assert.Equal(NoCp, r[2]);
            Assert.Equal(host.Symbol("undef"), r[1]);
        }
    }

    [Fact]
    public void WithTheUsageFaultDisabledAnUndefinedDspEncodingEscalatesToHardFault()
    {
        var host = RunOne(TestDevices.M3, "cortex-m4", "sadd16 r0, r1, r2", usageFaultEnabled: false);
        Assert.Equal(3u, host.Core.Registers.R[3]);
        Assert.Equal(host.Symbol("undef"), host.Core.Registers.R[1]);
    }

    [Theory]
    [InlineData("vadd.f64 d0, d1, d2", false)]
    [InlineData("vcvt.f64.f32 d0, s2", false)]
    [InlineData("vrinta.f64 d0, d1", false)]
    [InlineData("vadd.f32 s0, s1, s2", true)]
    [InlineData("vrinta.f32 s0, s1", true)]
    [InlineData("vseleq.f32 s0, s1, s2", true)]
    [InlineData("vmaxnm.f32 s0, s1, s2", true)]
    public void TheSinglePrecisionCortexM7HasFpv5ButNoDoubles(string instruction, bool defined)
    {
        // The FPU is enabled first (CPACR CP10/CP11 full access) so only the encoding decides.
        var host = new SeamHost($"""
            ldr r0, =0xE000ED24
            ldr r1, =0x40000
            str r1, [r0]
            ldr r0, =0xE000ED88
            ldr r1, =0xF00000
            str r1, [r0]
            dsb
            isb
            movs r1, #0
            movs r2, #0
            .fpu fpv5-d16
            undef:
            {instruction}
            movs r7, #1
            bkpt #0
            """, ReportingHandlers, TestDevices.M7SinglePrecision);
        host.Run(1000);
        var r = host.Core.Registers.R;
        if (defined)
        {
            Assert.Equal(1u, r[7]);
        }
        else
        {
            Assert.Equal((6u, UndefInstr, host.Symbol("undef")), (r[3], r[2], r[1]));
        }
    }
}
