using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The I/O blocks follow the chip's clock tree (the RCC model): a port whose RCC enable bit is clear ignores writes
/// and reads 0 (RM0399 RCC: a peripheral is accessed only with its clock on), and a USART's frame time follows the
/// kernel clock RCC_D2CCIP2R selects for it.
/// </summary>
public sealed class PeripheralClockTests
{
    private const uint RccCr = H7IoHarness.Rcc + 0x000, RccD2ccip2r = H7IoHarness.Rcc + 0x054, RccAhb4enr = H7IoHarness.Rcc + 0x0E0;

    [Fact]
    public void A_port_without_its_clock_ignores_writes_and_reads_zero()
    {
        var h = new H7IoHarness(clocksOn: false);
        h.Write(H7IoHarness.GpioC + 0x14, 0x0000_00FF);
        Assert.Equal(0u, h.Read(H7IoHarness.GpioC + 0x14));
        Assert.Contains(h.Chip.UnmodelledAccesses.Entries, e => e.Block == "GPIOC" && e.Note.Contains("clock is off"));

        h.Write(RccAhb4enr, 1u << 2);                         // GPIOCEN
        Assert.Equal(0xFFFF_FFFFu, h.Read(H7IoHarness.GpioC)); // MODER's reset value: the earlier write had no effect
        h.Write(H7IoHarness.GpioC + 0x14, 0x0000_00FF);
        Assert.Equal(0x0000_00FFu, h.Read(H7IoHarness.GpioC + 0x14));
    }

    [Fact]
    public void The_usart_frame_time_follows_the_kernel_clock_rcc_selects()
    {
        var h = new H7IoHarness();
        h.Write(RccCr, h.Read(RccCr) | (1u << 7));            // CSION
        for (var i = 0; i < 100 && (h.Read(RccCr) & (1u << 8)) == 0; i++)
        {
            h.AdvanceNs(10_000);                              // CSIRDY
        }
        h.Write(RccD2ccip2r, 4u << 3);                        // USART16SEL = 100: csi_ker_ck, 4 MHz (RM0399 RCC)
        h.Write(H7IoHarness.Usart1 + 0x0C, 35);               // BRR 35 at 4 MHz: 114286 baud
        h.Write(H7IoHarness.Usart1 + 0x00, (1u << 3) | 1);
        var enabled = h.Clock.Nanoseconds;
        h.Write(H7IoHarness.Usart1 + 0x28, 'c');
        h.AdvanceNs(1_000_000);
        // 10 bits × 35 / 4 MHz = 87.5 µs per frame; the idle frame first.
        Assert.Equal(enabled + 2 * 87_500, h.Chip.UartCharacters("USART1")[0].TimeNs);
    }
}
