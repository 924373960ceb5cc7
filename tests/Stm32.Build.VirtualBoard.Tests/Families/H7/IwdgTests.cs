using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.H7;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// IWDG1/IWDG2 (RM0399 IWDG): key register, write access, update flags, countdown at LSI / prescaler (32 kHz LSI
/// without a clock model), window, hardware watchdog option and the DBGMCU freeze under a halted debugger.
/// </summary>
public sealed class IwdgTests
{
    private const uint Kr = 0x00, Pr = 0x04, Rlr = 0x08, Sr = 0x0C, Winr = 0x10;
    private const uint Apb4Fz1 = 0x54, DbgIwdg1 = 1u << 18; // DBGMCU_APB4FZ1.DBG_WDGLSD1 (IWDG1)

    /// <summary>IWDG1 started with PR /64 and RLR 999: 1000 periods of 2 ms at 32 kHz, a 2 s timeout (HAL-style init).</summary>
    private static long StartTwoSeconds(H7IoHarness h, uint iwdg = H7IoHarness.Iwdg1)
    {
        h.Write(iwdg + Kr, 0xCCCC);
        h.Write(iwdg + Kr, 0x5555);
        h.Write(iwdg + Pr, 4);
        h.Write(iwdg + Rlr, 999);
        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0u, h.Read(iwdg + Sr));
        h.Write(iwdg + Kr, 0xAAAA);
        return h.Clock.Nanoseconds;
    }

    private static IEnumerable<ChipEvent> Resets(H7IoHarness h) => h.Chip.Trace.Events.Where(e => e.Kind == ChipEventKind.WatchdogReset);

    [Fact]
    public void The_watchdog_resets_the_system_after_reload_plus_one_prescaled_lsi_periods()
    {
        var h = new H7IoHarness();
        var causes = new List<ResetCause>();
        h.Chip.ResetApplied += causes.Add;
        var reloaded = StartTwoSeconds(h);

        h.AdvanceNs(reloaded + 1_999_999_000 - h.Clock.Nanoseconds);
        Assert.Empty(Resets(h));
        h.Advance(TimeSpan.FromMilliseconds(1));

        var reset = Assert.Single(Resets(h));
        Assert.Equal(reloaded + 2_000_000_000, reset.TimeNs);
        Assert.Equal([ResetCause.IndependentWatchdog], causes);
        Assert.NotEqual(0u, h.Read(H7IoHarness.Rcc + 0xD0) & (1u << 26)); // RCC_RSR.IWDG1RSTF (RM0399 RCC_RSR)
        Assert.Equal(0u, h.Read(H7IoHarness.Rcc + 0xD0) & (1u << 27));    // not IWDG2RSTF
        Assert.False(h.Chip.FindAll<H7Iwdg>().First().Running); // a software watchdog stops with the reset
    }

    [Fact]
    public void Iwdg2_counts_and_resets_on_its_own()
    {
        var h = new H7IoHarness();
        var reloaded = StartTwoSeconds(h, H7IoHarness.Iwdg2);
        h.Advance(TimeSpan.FromMilliseconds(2100));
        var reset = Assert.Single(Resets(h));
        Assert.StartsWith("IWDG2 ", reset.Message);
        Assert.Equal(reloaded + 2_000_000_000, reset.TimeNs);
        Assert.False(h.Chip.FindAll<H7Iwdg>().First().Running); // IWDG1 never started
    }

    [Fact]
    public void A_reload_restarts_the_count_and_writes_need_the_access_key()
    {
        var h = new H7IoHarness();
        var reloaded = StartTwoSeconds(h);
        h.Advance(TimeSpan.FromMilliseconds(1500));
        h.Write(H7IoHarness.Iwdg1 + Kr, 0xAAAA);
        h.Write(H7IoHarness.Iwdg1 + Pr, 0);            // access closed by the reload key: ignored
        Assert.Equal(4u, h.Read(H7IoHarness.Iwdg1 + Pr));
        h.Advance(TimeSpan.FromMilliseconds(1900));
        Assert.Empty(Resets(h));
        h.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(reloaded + 1_500_000_000 + 2_000_000_000, Assert.Single(Resets(h)).TimeNs);
    }

    [Fact]
    public void Prescaler_and_reload_updates_keep_their_flags_for_five_lsi_periods()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.Iwdg1 + Kr, 0x5555);
        h.Write(H7IoHarness.Iwdg1 + Pr, 3);
        h.Write(H7IoHarness.Iwdg1 + Rlr, 100);
        Assert.Equal(0b011u, h.Read(H7IoHarness.Iwdg1 + Sr)); // PVU, RVU
        h.Advance(TimeSpan.FromMicroseconds(150));           // 5 / 32 kHz = 156.25 µs
        Assert.Equal(0b011u, h.Read(H7IoHarness.Iwdg1 + Sr));
        h.Advance(TimeSpan.FromMicroseconds(10));
        Assert.Equal(0u, h.Read(H7IoHarness.Iwdg1 + Sr));
        Assert.Equal(100u, h.Read(H7IoHarness.Iwdg1 + Rlr));
    }

    [Fact]
    public void The_end_of_an_update_is_on_the_timeline_so_a_polling_core_is_not_run_past_it()
    {
        var h = new H7IoHarness();
        var written = h.Clock.Nanoseconds;
        h.Write(H7IoHarness.Iwdg1 + Kr, 0x5555);
        h.Write(H7IoHarness.Iwdg1 + Pr, 3);
        h.Advance(TimeSpan.FromMicroseconds(150));                     // whatever else was pending has run
        Assert.Equal(written + 156_250, h.Chip.Scheduler.NextEventNs); // 5 LSI periods at 32 kHz
    }

    [Fact]
    public void A_reload_while_the_counter_is_above_the_window_resets_the_system()
    {
        var h = new H7IoHarness();
        StartTwoSeconds(h);
        h.Write(H7IoHarness.Iwdg1 + Kr, 0x5555);
        h.Write(H7IoHarness.Iwdg1 + Winr, 500);        // writing WINR reloads the counter (999)
        h.Advance(TimeSpan.FromMilliseconds(1100));    // counter 999 - 550 = 449: inside the window
        h.Write(H7IoHarness.Iwdg1 + Kr, 0xAAAA);
        Assert.Empty(Resets(h));
        h.Advance(TimeSpan.FromMilliseconds(100));     // counter about 949: too early
        h.Write(H7IoHarness.Iwdg1 + Kr, 0xAAAA);
        Assert.Contains("window", Assert.Single(Resets(h)).Message);
    }

    [Fact]
    public void Unfrozen_it_resets_the_chip_under_a_halted_core()
    {
        var h = new H7IoHarness();
        var reloaded = StartTwoSeconds(h);
        h.Halt();
        h.Advance(TimeSpan.FromMilliseconds(2100));
        Assert.Equal(reloaded + 2_000_000_000, Assert.Single(Resets(h)).TimeNs);
        var started = Assert.Single(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogStarted);
        Assert.Contains("not frozen under debug", started.Message);
    }

    [Fact]
    public void Frozen_by_dbgmcu_it_stops_while_the_core_is_halted_and_counts_on_after_resume()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.Dbgmcu + Apb4Fz1, DbgIwdg1);
        StartTwoSeconds(h);
        Assert.Contains("frozen while CM7 is halted", Assert.Single(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogStarted).Message);
        h.Advance(TimeSpan.FromMilliseconds(500));
        h.Halt();
        h.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(Resets(h));
        var resumed = h.Clock.Nanoseconds;
        h.Resume();
        h.Advance(TimeSpan.FromMilliseconds(1400));
        Assert.Empty(Resets(h));
        h.Advance(TimeSpan.FromMilliseconds(200));
        var reset = Assert.Single(Resets(h));
        // 1.5 s of counting were left at the halt; the halt and the resume are seen within 1 ms each.
        Assert.InRange(reset.TimeNs, resumed + 1_500_000_000 - 1_000_000, resumed + 1_500_000_000 + 1_000_000);
    }

    [Fact]
    public void The_hardware_watchdog_option_starts_it_at_every_reset()
    {
        var h = new H7IoHarness();
        const uint optkeyr = 0x5200_2008, optcr = 0x5200_2018, optsrPrg = 0x5200_2020;
        h.Write(optkeyr, 0x0819_2A3B);                 // RM0399 FLASH_OPTKEYR keys
        h.Write(optkeyr, 0x4C5D_6E7F);
        h.Write(optsrPrg, h.Read(optsrPrg) & ~(1u << 4)); // IWDG1_SW = 0: hardware watchdog
        h.Write(optcr, 1u << 1);                       // OPTSTART
        h.Advance(FlashTimings.OptionByteChange + TimeSpan.FromMilliseconds(1));
        h.Chip.SystemReset();
        var iwdg1 = h.Chip.FindAll<H7Iwdg>().First();
        Assert.True(iwdg1.Running);
        var start = h.Clock.Nanoseconds;
        h.Advance(TimeSpan.FromMilliseconds(600));      // reset values: /4, RLR 0xFFF: 4096 × 4 / 32 kHz = 512 ms
        Assert.Equal(start + 512_000_000, Assert.Single(Resets(h)).TimeNs);
        Assert.True(iwdg1.Running);                     // and it starts again with the reset
    }
}
