using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// WWDG1/WWDG2 (RM0399 WWDG): the 7-bit counter at PCLK / 4096 / 2^WDGTB (64 MHz without a clock model), the reset
/// when T6 clears, early wakeup, the window, the reset scope of RCC_GCR.WWxRSC and the DBGMCU freeze.
/// </summary>
public sealed class WwdgTests
{
    private const uint Cr = 0x0, Cfr = 0x4, Sr = 0x8;
    private const uint RccGcr = H7IoHarness.Rcc + 0xA0;
    private const uint SResetSt = 1u << 25;

    private static IEnumerable<ChipEvent> Resets(H7IoHarness h) => h.Chip.Trace.Events.Where(e => e.Kind == ChipEventKind.WatchdogReset);

    [Fact]
    public void Activated_it_resets_the_system_when_the_counter_passes_0x40()
    {
        var h = new H7IoHarness();
        var causes = new List<ResetCause>();
        h.Chip.ResetApplied += causes.Add;
        h.Write(RccGcr, 1);                                // WW1RSC: WWDG1 resets the system
        h.Write(H7IoHarness.Wwdg1 + Cr, 0xFF);             // WDGA, T = 0x7F
        var start = h.Clock.Nanoseconds;
        Assert.Contains("activated", Assert.Single(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogStarted).Message);

        h.Advance(TimeSpan.FromMicroseconds(2048));         // 32 periods of 4096 / 64 MHz = 64 µs
        Assert.Equal(0xFFu - 32, h.Read(H7IoHarness.Wwdg1 + Cr));
        h.Advance(TimeSpan.FromMicroseconds(2047));
        Assert.Empty(Resets(h));
        h.Advance(TimeSpan.FromMicroseconds(2));
        Assert.Equal(start + 64 * 64_000, Assert.Single(Resets(h)).TimeNs); // 0x7F - 0x3F = 64 periods
        Assert.Equal([ResetCause.WindowWatchdog], causes);
        Assert.Equal(0x7Fu, h.Read(H7IoHarness.Wwdg1 + Cr)); // WDGA cleared by the reset
    }

    [Fact]
    public void A_read_of_the_counter_puts_its_next_decrement_on_the_timeline_so_a_polling_core_is_not_run_past_it()
    {
        var h = new H7IoHarness();
        h.Write(RccGcr, 1);
        h.Write(H7IoHarness.Wwdg1 + Cfr, 0x7F);              // WDGTB /1: 64 µs per period
        h.Write(H7IoHarness.Wwdg1 + Cr, 0xFF);
        var start = h.Clock.Nanoseconds;
        h.Advance(TimeSpan.FromMicroseconds(5 * 64 + 10));
        Assert.Equal(0xFFu - 5, h.Read(H7IoHarness.Wwdg1 + Cr));
        // The sixth decrement, before the watchdog's own next look (its 1 ms freeze poll, the early wakeup at 0x40).
        Assert.Equal(start + 6 * 64_000, h.Chip.Scheduler.NextEventNs);
    }

    [Fact]
    public void The_early_wakeup_flag_and_interrupt_come_at_0x40_and_a_refresh_in_the_window_keeps_it_alive()
    {
        var h = new H7IoHarness();
        h.Write(RccGcr, 1);
        h.Write(H7IoHarness.Wwdg1 + Cfr, (1u << 9) | (3u << 11) | 0x7F); // EWI, WDGTB /8: 512 µs per period
        h.Write(H7IoHarness.Wwdg1 + Cr, 0xFF);
        h.Advance(TimeSpan.FromMicroseconds(63 * 512 - 1));
        Assert.Equal(0u, h.Read(H7IoHarness.Wwdg1 + Sr));
        h.Advance(TimeSpan.FromMicroseconds(2));
        Assert.Equal(1u, h.Read(H7IoHarness.Wwdg1 + Sr));
        Assert.True(h.Core(0).IsAsserted(0));                 // WWDG1, RM0399 NVIC position 0 of the Cortex-M7
        Assert.False(h.Core(1).IsAsserted(0));
        h.Write(H7IoHarness.Wwdg1 + Sr, 0);                   // rc_w0
        Assert.False(h.Core(0).IsAsserted(0));
        h.Write(H7IoHarness.Wwdg1 + Cr, 0xFF);                // refresh at 0x40, inside the window 0x7F
        h.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Empty(Resets(h));
    }

    [Fact]
    public void A_refresh_above_the_window_or_with_t6_clear_resets()
    {
        var h = new H7IoHarness();
        h.Write(RccGcr, 1);
        h.Write(H7IoHarness.Wwdg1 + Cfr, 0x50);
        h.Write(H7IoHarness.Wwdg1 + Cr, 0xFF);
        h.Write(H7IoHarness.Wwdg1 + Cr, 0xFF);                // counter 0x7F above W = 0x50
        Assert.Contains("outside the window", Assert.Single(Resets(h)).Message);

        h.Write(H7IoHarness.Wwdg1 + Cr, 0xBF);                // WDGA with T6 = 0: an immediate reset
        Assert.Equal(2, Resets(h).Count());
    }

    [Fact]
    public void With_ww1rsc_clear_only_the_cortex_m7_is_reset()
    {
        var h = new H7IoHarness();
        Assert.Equal(BusStatus.Ok, h.Ap0.Read(H7IoHarness.Dhcsr, AccessSize.Word, out _)); // clear the sticky reset bits
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(3)!.Read(H7IoHarness.Dhcsr, AccessSize.Word, out _));
        var resets = h.Counters.Resets;
        h.Write(H7IoHarness.Wwdg1 + Cr, 0xC1);                // T = 0x41: two periods
        h.Advance(TimeSpan.FromMicroseconds(200));

        Assert.Contains("reset of CM7", Assert.Single(Resets(h)).Message);
        Assert.Equal(resets, h.Counters.Resets);               // no system reset
        Assert.DoesNotContain(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.SystemReset);
        Assert.Equal(BusStatus.Ok, h.Ap0.Read(H7IoHarness.Dhcsr, AccessSize.Word, out var cm7));
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(3)!.Read(H7IoHarness.Dhcsr, AccessSize.Word, out var cm4));
        Assert.NotEqual(0u, cm7 & SResetSt);
        Assert.Equal(0u, cm4 & SResetSt);
    }

    [Fact]
    public void Frozen_by_dbgmcu_it_waits_while_the_core_is_halted()
    {
        var h = new H7IoHarness();
        h.Write(RccGcr, 1);
        h.Write(H7IoHarness.Dbgmcu + 0x34, 1u << 6);          // DBGMCU_APB3FZ1.WWDG1
        h.Write(H7IoHarness.Wwdg1 + Cr, 0xFF);
        h.Halt();
        h.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Empty(Resets(h));
        h.Resume();
        h.Advance(TimeSpan.FromMilliseconds(6));
        Assert.Single(Resets(h));
    }

    [Fact]
    public void Wwdg2_interrupts_the_cortex_m4()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.Wwdg2 + Cfr, (1u << 9) | 0x7F, 1);
        h.Write(H7IoHarness.Wwdg2 + Cr, 0x41, 1);             // without WDGA: counting for the early wakeup only
        h.Advance(TimeSpan.FromMicroseconds(100));
        Assert.True(h.Core(1).IsAsserted(0));                 // WWDG2, RM0399 NVIC position 0 of the Cortex-M4
        Assert.False(h.Core(0).IsAsserted(0));
        Assert.Empty(Resets(h));
    }
}
