using Stm32.Build.VirtualBoard.Families.Common;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The EXTI (RM0399 EXTI): configurable lines from GPIO through SYSCFG_EXTICR and from SWIER, per-CPU masks and
/// pending bits, the NVIC outputs per CPU (EXTI3 at 9, EXTI15_10 at 40) and the CPU events.
/// </summary>
public sealed class ExtiTests
{
    // RM0399 EXTI register map (dual-core names) and SYSCFG_EXTICR4.
    private const uint Rtsr1 = 0x00, Ftsr1 = 0x04, Swier1 = 0x08;
    private const uint C1Imr1 = 0x80, C1Emr1 = 0x84, C1Pr1 = 0x88, C2Imr1 = 0xC0, C2Emr1 = 0xC4, C2Pr1 = 0xC8;
    private const uint Exticr4 = 0x14;

    private static uint E(uint offset) => H7IoHarness.Exti + offset;

    [Fact]
    public void A_software_trigger_pends_the_line_for_the_cpus_that_unmask_it()
    {
        var h = new H7IoHarness();
        Assert.Equal(0xFFC0_0000u, h.Read(E(C1Imr1))); // reset: direct lines 22-31 unmasked, configurable ones masked
        h.Write(E(C1Imr1), 0xFFC0_0008);
        h.Write(E(Swier1), 1u << 3);
        Assert.Equal(0u, h.Read(E(Swier1)));
        Assert.Equal(1u << 3, h.Read(E(C1Pr1)));
        Assert.Equal(0u, h.Read(E(C2Pr1)));
        Assert.True(h.Core(0).IsAsserted(9));           // EXTI3, RM0399 NVIC position 9
        Assert.False(h.Core(1).IsAsserted(9));

        h.Write(E(C1Pr1), 1u << 3);                     // rc_w1
        Assert.Equal(0u, h.Read(E(C1Pr1)));
        Assert.False(h.Core(0).IsAsserted(9));
    }

    [Fact]
    public void A_gpio_edge_reaches_the_line_syscfg_selects_for_it()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.Syscfg + Exticr4, 2u << 4); // EXTI13 from port C
        h.Write(E(Rtsr1), 1u << 13);
        h.Write(E(C1Imr1), 0xFFC0_0000 | 1u << 13);
        h.Write(E(C2Imr1), 1u << 13);
        h.Write(H7IoHarness.GpioC, 0xF3FF_FFFF);        // PC13 input
        var portC = h.Chip.FindAll<GpioPort>().Single(p => p.Letter == 'C');
        var portA = h.Chip.FindAll<GpioPort>().Single(p => p.Letter == 'A');

        portA.Drive(13, false);                          // another port's pin 13: not selected
        portC.Drive(13, true);                           // rising edge (a button on PC13)
        Assert.Equal(1u << 13, h.Read(E(C1Pr1)));
        Assert.Equal(1u << 13, h.Read(E(C2Pr1), 1));
        Assert.True(h.Core(0).IsAsserted(40));           // EXTI15_10
        Assert.True(h.Core(1).IsAsserted(40));

        h.Write(E(C1Pr1), 1u << 13);
        h.Write(E(C2Pr1), 1u << 13, 1);
        portC.Drive(13, false);                          // falling edge: FTSR not set
        Assert.Equal(0u, h.Read(E(C1Pr1)));
        h.Write(E(Ftsr1), 1u << 13);
        portC.Drive(13, true);
        portC.Drive(13, false);
        Assert.Equal(1u << 13, h.Read(E(C1Pr1)));
        Assert.Equal(1, h.Core(0).Edges[40] - 1);        // asserted again after the clear: two interrupts in all
    }

    [Fact]
    public void An_event_mask_sends_rxev_without_a_pending_bit()
    {
        var h = new H7IoHarness();
        h.Write(E(Rtsr1), 1u << 0);
        h.Write(E(C2Emr1), 1u << 0);
        h.Write(E(C1Emr1), 0);
        h.Write(H7IoHarness.GpioA, 0xABFF_FFFC);        // PA0 input (EXTICR1 resets to port A)
        h.Chip.FindAll<GpioPort>().Single(p => p.Letter == 'A').Drive(0, true);
        Assert.Equal(1, h.Core(1).Events);
        Assert.Equal(0, h.Core(0).Events);
        Assert.Equal(0u, h.Read(E(C2Pr1)));
        Assert.False(h.Core(1).IsAsserted(6));          // EXTI0
    }
}
