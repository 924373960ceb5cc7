using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.Execution;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Addresses;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// FLASH_ACR as firmware writes it, stored by the flash interface and checked against the clock at the voltage scale
/// in effect (RM0399 4.3.8 wait-state table; DS12930 maximum frequencies per VOS).
/// </summary>
public sealed class H7FlashLatencyCheckTests
{
    /// <summary>The 480 MHz clock tree as HAL sets it, with <paramref name="latency"/> wait states and VOS0 or only VOS1.</summary>
    private static void Run480(H7Bench b, uint latency, bool vos0)
    {
        var bus = b.Cm7;
        Write(bus, RccApb4Enr, Read(bus, RccApb4Enr) | (1u << 1));
        Write(bus, PwrD3Cr, 3u << 14);
        if (vos0)
        {
            Write(bus, SyscfgPwrCr, 1);
        }
        Write(bus, RccCr, Read(bus, RccCr) | HseOn);
        Write(bus, RccPllCkSelR, (Read(bus, RccPllCkSelR) & ~0x3F3u) | 2u | (5u << 4));
        Write(bus, RccPll1DivR, 191u | (1u << 9) | (1u << 16) | (1u << 24));
        Write(bus, RccPllCfgR, (Read(bus, RccPllCfgR) & ~0xFu) | (2u << 2) | (7u << 16));
        Write(bus, RccCr, Read(bus, RccCr) | Pll1On);
        b.Advance(TimeSpan.FromMilliseconds(3));
        Write(bus, FlashAcr, (Read(bus, FlashAcr) & ~0x3Fu) | latency | (2u << 4));
        Write(bus, RccD1Cfgr, 8u | (4u << 4));
        Write(bus, RccCfgr, 3u);
        Assert.Equal(480_000_000, b.Chip.Family.CoreClockHz(0));
    }

    [Fact]
    public void Four_wait_states_at_vos0_are_what_480_mhz_needs()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        Run480(b, latency: 4, vos0: true);
        Assert.Equal(0x24u, Read(b.Cm7, FlashAcr) & 0x3F); // stored and read back through the flash interface
        Assert.DoesNotContain(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.OutOfSpec);
    }

    [Fact]
    public void Too_few_wait_states_for_the_axi_clock_are_recorded()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        Run480(b, latency: 2, vos0: true);
        var e = Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.OutOfSpec);
        Assert.Contains("LATENCY = 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("VOS0", e.Message, StringComparison.Ordinal);
        Assert.Equal(0x22u, e.Value);
    }

    [Fact]
    public void Running_at_480_mhz_without_the_overdrive_exceeds_vos1()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        Run480(b, latency: 4, vos0: false);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.OutOfSpec && e.Message.Contains("VOS1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_reset_latency_of_seven_wait_states_is_stored_and_writes_read_back_on_either_bus()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        Assert.Equal(0x37u, Read(b.Ap(0), FlashAcr) & 0x3F); // LATENCY 7, WRHIGHFREQ 3 (RM0399 4.9.1)
        Write(b.Cm7, FlashAcr, 0x12);
        Assert.Equal(BusStatus.Ok, b.Ap(0).Read(FlashAcr, AccessSize.Word, out var acr));
        Assert.Equal(0x12u, acr & 0x3F);
        Assert.DoesNotContain(b.Chip.UnmodelledAccesses.Entries, e => e.Block == "FLASH" && e.Register == "ACR");
    }
}
