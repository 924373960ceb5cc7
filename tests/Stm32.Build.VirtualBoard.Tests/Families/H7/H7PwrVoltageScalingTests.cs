using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Addresses;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>Voltage scaling: PWR_D3CR VOS and VOSRDY, PWR_CSR1 ACTVOS, VOS0 through SYSCFG_PWRCR.ODEN (RM0399 7.6.2).</summary>
public sealed class H7PwrVoltageScalingTests
{
    [Fact]
    public void A_vos_change_drops_vosrdy_until_the_regulator_has_reached_the_level()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        Assert.Equal(3, b.Pwr.ActiveScale);                     // VOS3 after reset
        Assert.NotEqual(0u, Read(b.Cm7, PwrD3Cr) & VosRdy);
        Write(b.Cm7, PwrD3Cr, 3u << 14);                        // scale 1
        Assert.Equal(0u, Read(b.Cm7, PwrD3Cr) & VosRdy);
        Assert.Equal(1u, (Read(b.Cm7, PwrCsr1) >> 14) & 3);     // ACTVOS: still scale 3
        b.AdvanceNs(20_000);
        Assert.NotEqual(0u, Read(b.Cm7, PwrD3Cr) & VosRdy);
        Assert.Equal(3u, (Read(b.Cm7, PwrCsr1) >> 14) & 3);
        Assert.Equal(1, b.Pwr.ActiveScale);
    }

    [Fact]
    public void Vos0_is_scale_1_with_the_overdrive_which_needs_the_syscfg_clock()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        Write(b.Cm7, PwrD3Cr, 3u << 14);
        Write(b.Cm7, SyscfgPwrCr, 1);                           // ODEN with the SYSCFG clock off: ignored
        Assert.Equal(0u, Read(b.Cm7, SyscfgPwrCr));
        Assert.Contains(b.Chip.UnmodelledAccesses.Entries, e => e.Block == "SYSCFG" && e.Note.Contains("SYSCFGEN", StringComparison.Ordinal));
        b.AdvanceNs(20_000);
        Assert.Equal(1, b.Pwr.ActiveScale);

        Write(b.Cm7, RccApb4Enr, Read(b.Cm7, RccApb4Enr) | (1u << 1)); // SYSCFGEN
        Write(b.Cm7, SyscfgPwrCr, 1);
        Assert.Equal(0u, Read(b.Cm7, PwrD3Cr) & VosRdy);
        b.AdvanceNs(20_000);
        Assert.NotEqual(0u, Read(b.Cm7, PwrD3Cr) & VosRdy);
        Assert.Equal(0, b.Pwr.ActiveScale);

        b.Chip.SystemReset();                                   // SYSCFG and D3CR return to reset: VOS3
        Assert.Equal(3, b.Pwr.ActiveScale);
    }

    [Theory]
    [InlineData("STM32H747I-DISCO", 0x04u, true)]  // direct SMPS: VCORE from the SMPS, no VOS0
    [InlineData("custom-h747-ldo", 0x02u, false)]  // LDO: VOS0 is fine
    public void Vos0_is_out_of_spec_when_the_smps_supplies_vcore_directly(string board, uint supply, bool outOfSpec)
    {
        var b = new H7Bench(board);
        Write(b.Cm7, PwrCr3, supply);
        Write(b.Cm7, RccApb4Enr, 1u << 1);
        Write(b.Cm7, PwrD3Cr, 3u << 14);
        Write(b.Cm7, SyscfgPwrCr, 1);
        b.AdvanceNs(200_000);
        Assert.Equal(0, b.Pwr.ActiveScale);
        Assert.Equal(outOfSpec, b.Chip.Trace.Events.Any(e => e.Kind == ChipEventKind.OutOfSpec && e.Message.Contains("VOS0", StringComparison.Ordinal)));
    }
}
