using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.Execution;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Addresses;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The RCC's per-core registers (RM0399 8.5.10 and 8.7): RCC_RSR reset flags per CPU, the enable registers seen by
/// each core through the generic addresses and at their RCC_C1_/RCC_C2_ copies, RCC_GCR BOOT_C2.
/// </summary>
public sealed class H7RccCoreRegisterTests
{
    // RCC_RSR: C1RSTF 17, C2RSTF 18, D1RSTF 19, D2RSTF 20, BORRSTF 21, PINRSTF 22, PORRSTF 23 (RM0399 RCC_RSR).
    private const uint PowerOnFlags = 0x00FE_0000, PinFlags = (1u << 22) | (1u << 17) | (1u << 18), Rmvf = 1u << 16;

    [Fact]
    public void After_power_on_each_cpu_reads_the_power_on_reset_flags_and_clears_only_its_own()
    {
        var b = new H7Bench();
        Assert.Equal(PowerOnFlags, Read(b.Ap(0), RccRsr)); // the CM7's view through its access port
        Assert.Equal(PowerOnFlags, Read(b.Cm4, RccRsr));   // the CM4's own copy
        Write(b.Cm7, RccRsr, Rmvf);
        Assert.Equal(0u, Read(b.Cm7, RccRsr));
        Assert.Equal(0u, Read(b.Cm4, RccC1Rsr));           // RCC_C1_RSR is the CM7's copy, at its own address too
        Assert.Equal(PowerOnFlags, Read(b.Cm4, RccRsr));
        Assert.Equal(PowerOnFlags, Read(b.Cm7, RccC2Rsr));
    }

    [Fact]
    public void A_pin_reset_adds_pinrstf_and_the_cpu_reset_flags_and_keeps_older_flags()
    {
        var b = new H7Bench();
        Write(b.Cm7, RccRsr, Rmvf);
        b.Chip.NrstLow = true;
        b.Chip.NrstLow = false;
        Assert.Equal(PinFlags, Read(b.Cm7, RccRsr));
        Assert.Equal(PowerOnFlags | PinFlags, Read(b.Cm4, RccRsr)); // never cleared by the CM4
        b.PowerCycle();
        Assert.Equal(PowerOnFlags, Read(b.Cm7, RccRsr));
    }

    [Fact]
    public void The_single_core_h743_has_one_reset_flag_register_without_the_second_cpu()
    {
        var b = new H7Bench(device: "STM32H743ZI");
        Assert.Equal(PowerOnFlags & ~(1u << 18), Read(b.Cm7, RccRsr));
        b.Chip.SystemReset(ResetCause.Software);
        Assert.Equal(PowerOnFlags & ~(1u << 18) | (1u << 24), Read(b.Cm7, RccRsr)); // SFTRSTF
    }

    [Fact]
    public void The_enable_registers_are_per_core_and_a_peripheral_is_clocked_when_either_core_enables_it()
    {
        var b = new H7Bench();
        Write(b.Cm7, RccAhb4Enr, 1u);            // GPIOAEN by the CM7
        Assert.Equal(1u, Read(b.Cm7, RccAhb4Enr));
        Assert.Equal(0u, Read(b.Cm4, RccAhb4Enr));
        Assert.Equal(1u, Read(b.Cm4, RccC1Ahb4Enr));
        Write(b.Cm4, RccAhb4Enr, 1u << 1);       // GPIOBEN by the CM4
        Assert.Equal(1u << 1, Read(b.Ap(0), RccC2Ahb4Enr));
        Assert.Equal(1u, Read(b.Ap(0), RccAhb4Enr)); // AP0 is the CM7's access port: its view
        Assert.True(b.Rcc.IsEnabled("GPIOA"));
        Assert.True(b.Rcc.IsEnabled("GPIOB"));
        Assert.False(b.Rcc.IsEnabled("GPIOC"));
        b.Chip.SystemReset();
        Assert.False(b.Rcc.IsEnabled("GPIOA")); // reset by a system reset
    }

    [Fact]
    public void Boot_c2_releases_a_cortex_m4_gated_by_its_option_byte()
    {
        var b = new H7Bench();
        b.ClearOptionBit(22); // BCM4 = 0
        b.Chip.SystemReset();
        Assert.True(b.Chip.IsCoreGated("CM4"));
        Assert.Equal(CoreRunState.InReset, b.Chip.Cores[1].State);
        Write(b.Cm7, RccGcr, Read(b.Cm7, RccGcr) | (1u << 3)); // BOOT_C2
        Assert.False(b.Chip.IsCoreGated("CM4"));
        Assert.NotEqual(CoreRunState.InReset, b.Chip.Cores[1].State);
        Write(b.Cm7, RccGcr, 0);
        Assert.NotEqual(0u, Read(b.Cm7, RccGcr) & (1u << 3)); // set-only until the next reset
        b.Chip.SystemReset();
        Assert.True(b.Chip.IsCoreGated("CM4"));
    }
}
