using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// The system side of the profiles: the ARMv6-M System Control Space and debug subset (DDI0419 B3, C1), 2-bit
/// priorities, no BASEPRI/FAULTMASK, unaligned accesses always faulting, the BPU; FP registers without an FPU.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class ProfileSystemTests
{
    private static uint Read(SeamHost host, uint address)
    {
        Assert.Equal(BusStatus.Ok, host.Core.ReadPrivate(address, AccessSize.Word, out var value));
        return value;
    }

    private static void Write(SeamHost host, uint address, uint value) =>
        Assert.Equal(BusStatus.Ok, host.Core.WritePrivate(address, AccessSize.Word, value));

    [Fact]
    public void TheArmV6MSystemControlSpaceHasOnlyItsOwnRegisters()
    {
        var host = new SeamHost("b .", part: TestDevices.M0Plus);
        Assert.Equal(0x410CC601u, Read(host, 0xE000ED00)); // CPUID
        Assert.Equal((1u << 9) | (1u << 3), Read(host, 0xE000ED14)); // CCR: STKALIGN and UNALIGN_TRP, read-only
        Write(host, 0xE000ED14, 0);
        Assert.Equal((1u << 9) | (1u << 3), Read(host, 0xE000ED14));
        Write(host, 0xE000E400, 0xFFFFFFFF); // IPR0: two priority bits per interrupt
        Assert.Equal(0xC0C0C0C0u, Read(host, 0xE000E400));
        Write(host, 0xE000ED0C, 0x05FA0700); // AIRCR: no PRIGROUP
        Assert.Equal(0xFA050000u, Read(host, 0xE000ED0C));
        Write(host, 0xE000ED08, 0x08001000); // VTOR exists on the Cortex-M0+
        Assert.Equal(0x08001000u, Read(host, 0xE000ED08));
        foreach (var absent in new uint[] { 0xE000E004, 0xE000ED18, 0xE000ED28, 0xE000ED2C, 0xE000ED40, 0xE000ED88, 0xE000EF34 })
        {
            Write(host, absent, 0xFFFFFFFF); // ICTR, SHPR1, CFSR, HFSR, ID_PFR0, CPACR, FPCCR: reserved, RAZ/WI
            Assert.Equal(0u, Read(host, absent));
        }
        Write(host, 0xE000EDFC, 0xFFFFFFFF); // DEMCR: DWTENA, VC_HARDERR, VC_CORERESET only
        Assert.Equal(0x01000401u, Read(host, 0xE000EDFC));
        Assert.Equal(4u << 4, Read(host, 0xE0002000) & 0xF0); // BP_CTRL.NUM_CODE: four comparators
        Assert.Equal(2u << 28, Read(host, 0xE0001000)); // DWT_CTRL: two comparators, no cycle counter
        Write(host, 0xE0001004, 123);
        Assert.Equal(0u, Read(host, 0xE0001004));
        Assert.False(host.Core.TryReadCoreRegister(33, out _)); // no FPSCR
    }

    [Fact]
    public void TheCortexM0HasNoVtor()
    {
        var host = new SeamHost("b .", part: TestDevices.M0);
        Write(host, 0xE000ED08, 0x08001000);
        Assert.Equal(0u, Read(host, 0xE000ED08));
    }

    [Fact]
    public void OnArmV6MAnUnalignedWordLoadIsAHardFault()
    {
        var host = new SeamHost("""
            ldr r0, =0x20000001
            bad:
            ldr r1, [r0]
            bkpt #0
            """, new Dictionary<int, string> { [3] = "mrs r0, msp\nldr r1, [r0, #24]\nmrs r3, ipsr\nbkpt #3" }, TestDevices.M0Plus);
        host.Run(100);
        Assert.Equal((3u, host.Symbol("bad")), (host.Core.Registers.R[3], host.Core.Registers.R[1]));
    }

    [Fact]
    public void OnArmV6MBasepriAndFaultmaskDoNotExist()
    {
        var host = new SeamHost("""
            movs r0, #0x40
            .cpu cortex-m3
            msr basepri, r0
            mrs r1, basepri
            movs r0, #1
            msr faultmask, r0
            mrs r2, faultmask
            .cpu cortex-m0plus
            ldr r0, =0xE000ED04
            ldr r3, =0x10000000
            str r3, [r0]
            movs r7, #1
            bkpt #0
            """, new Dictionary<int, string> { [14] = "movs r5, #5\nbx lr" }, TestDevices.M0Plus);
        host.Run(1000);
        var r = host.Core.Registers.R;
        Assert.Equal((0u, 0u, 5u, 1u), (r[1], r[2], r[5], r[7])); // nothing masked PendSV
    }

    [Fact]
    public void WithoutAnFpuTheFpRegistersAreAbsentAndCpacrIgnoresWrites()
    {
        var host = new SeamHost("b .", part: TestDevices.M3);
        Write(host, 0xE000ED88, 0x00F00000);
        Assert.Equal(0u, Read(host, 0xE000ED88));
        Assert.Equal(0u, Read(host, 0xE000EF40)); // MVFR0
        Assert.Equal(2u, (Read(host, 0xE0002000) >> 8) & 0xF); // FPB: two literal comparators on the M3
        Assert.Equal(6u, (Read(host, 0xE0002000) >> 4) & 0xF); // and six instruction comparators
        Assert.Equal(1u, Read(host, 0xE000E004)); // ICTR: 60 lines in two groups of 32
        Write(host, 0xE000EDF4, 33); // DCRSR FPSCR: refused
        Assert.False(host.Core.TryReadCoreRegister(64, out _));
    }
}
