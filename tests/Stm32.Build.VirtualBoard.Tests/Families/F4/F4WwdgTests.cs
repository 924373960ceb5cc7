using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F4.F4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F4;

/// <summary>
/// The STM32F4 window watchdog (RM0090 "Window watchdog (WWDG)" and its registers) driven through its
/// registers: PCLK1 / 4096 / 2^WDGTB (CFR bits 8:7), the reset when T6 clears, a refresh above the window, EWIF, the
/// clock enable RCC_APB1ENR.WWDGEN (bit 11) and the freeze DBGMCU_APB1_FZ.DBG_WWDG_STOP (bit 11).
/// </summary>
public sealed class F4WwdgTests
{
    private const uint Wwdg = 0x4000_2C00, Cr = Wwdg, Cfr = Wwdg + 4, Sr = Wwdg + 8;
    private const uint RccApb1enr = Rcc + 0x40, WwdgEn = 1u << 11, RccCsr = Rcc + 0x74, WwdgRstf = 1u << 30;

    /// <summary>PCLK1 = HSI 16 MHz after reset: one count is 4096 / 16 MHz = 256 µs at WDGTB = 0.</summary>
    private const double CountMs = 0.256;

    private static F4Bench Clocked()
    {
        var b = new F4Bench();
        b.Write(RccApb1enr, b.Read(RccApb1enr, b.Core) | WwdgEn, b.Core);
        return b;
    }

    [Fact]
    public void An_activated_watchdog_resets_the_system_when_t6_clears_and_rcc_says_so()
    {
        var b = Clocked();
        b.Write(Cr, 0xFF, b.Core); // WDGA, T = 0x7F: 64 counts to 0x3F
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(64 * CountMs - 0.1));
        Assert.Equal(resets, b.Counters.Resets);
        Assert.InRange(b.Read(Cr, b.Core) & 0x7F, 0x40u, 0x41u);
        b.Advance(TimeSpan.FromMilliseconds(0.3));

        Assert.Equal(resets + 1, b.Counters.Resets);
        Assert.Equal(WwdgRstf, b.Read(RccCsr) & WwdgRstf);
        Assert.Equal(0u, b.Read(Cr, b.Core) & 0x80); // WDGA is cleared only by a reset
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogReset && e.Source == "WWDG");
    }

    [Fact]
    public void The_prescaler_in_cfr_bits_8_7_divides_the_count_by_up_to_8()
    {
        var b = Clocked();
        b.Write(Cfr, (3u << 7) | 0x7F, b.Core); // WDGTB = 3: 2.048 ms per count
        b.Write(Cr, 0xFF, b.Core);
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(64 * CountMs * 8 - 1));
        Assert.Equal(resets, b.Counters.Resets);
        b.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(resets + 1, b.Counters.Resets);
    }

    [Fact]
    public void A_refresh_while_the_counter_is_above_the_window_resets_at_once()
    {
        var b = Clocked();
        b.Write(Cfr, 0x50, b.Core); // W = 0x50
        b.Write(Cr, 0xFF, b.Core);
        var resets = b.Counters.Resets;
        b.Write(Cr, 0xFF, b.Core); // counter 0x7F > W: too early

        Assert.Equal(resets + 1, b.Counters.Resets);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogReset && e.Message.Contains("outside the window", StringComparison.Ordinal));
    }

    [Fact]
    public void Refreshing_inside_the_window_keeps_it_running_and_ewif_rises_at_0x40()
    {
        var b = Clocked();
        b.Write(Cfr, 0x7F | (1u << 9), b.Core); // W = 0x7F, EWI
        b.Write(Cr, 0xFF, b.Core);
        var resets = b.Counters.Resets;
        for (var i = 0; i < 10; i++)
        {
            b.Advance(TimeSpan.FromMilliseconds(10)); // 39 counts: down to 0x48
            b.Write(Cr, 0xFF, b.Core);
        }
        Assert.Equal(resets, b.Counters.Resets);
        Assert.Equal(0u, b.Read(Sr, b.Core) & 1);
        b.Advance(TimeSpan.FromMilliseconds(63 * CountMs + 0.1));
        Assert.Equal(1u, b.Read(Sr, b.Core) & 1); // EWIF at 0x40
        Assert.Equal(resets, b.Counters.Resets);
    }

    [Fact]
    public void Without_its_clock_enable_it_does_not_count()
    {
        var b = new F4Bench();
        b.Write(Cr, 0xFF, b.Core);
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(resets, b.Counters.Resets);
    }

    [Fact]
    public void With_dbg_wwdg_stop_it_does_not_count_while_the_core_is_halted()
    {
        var b = Clocked();
        b.Write(Dbgmcu + 8, 1u << 11); // DBGMCU_APB1_FZ.DBG_WWDG_STOP
        b.Write(0xE000_EDF0, 0xA05F_0003); // halt the core
        b.Write(Cr, 0xFF);
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(resets, b.Counters.Resets);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogStarted && e.Message.Contains("DBG_WWDG_STOP (bit 11) is set", StringComparison.Ordinal));

        b.Write(0xE000_EDF0, 0xA05F_0001); // resume: it counts again
        b.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(resets + 1, b.Counters.Resets);
    }
}
