using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// Firmware on the emulated Cortex-M7 that starts IWDG1 (100 ms) and refreshes it (tests/firmware/h7io/iwdg_main.c):
/// a debugger halting the core resets the chip unless the firmware set the DBGMCU freeze bit.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class IwdgFirmwareTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_halt_resets_the_chip_unless_the_watchdog_is_frozen_in_debug(bool frozen)
    {
        var h = new H7IoHarness(recording: false);
        var image = H7IoFirmware.Load(h.Chip, H7IoFirmware.Iwdg(frozen));
        h.Chip.SystemReset();
        h.Advance(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogReset); // refreshed while running
        Assert.True(h.Variable(image, "refresh_count") > 100);
        var started = Assert.Single(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogStarted);
        Assert.Equal(0, started.Core);
        Assert.Contains(frozen ? "frozen while CM7 is halted" : "not frozen under debug", started.Message);

        h.Halt();
        var halted = h.Clock.Nanoseconds;
        h.Advance(TimeSpan.FromMilliseconds(500));

        var resets = h.Chip.Trace.Events.Where(e => e.Kind == ChipEventKind.WatchdogReset).ToList();
        if (frozen)
        {
            Assert.Empty(resets);
        }
        else
        {
            // 200 periods of 16 / 32 kHz after the last refresh, which came a little before the halt.
            Assert.InRange(Assert.Single(resets).TimeNs, halted + 90_000_000, halted + 100_000_000);
            Assert.Contains(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.SystemReset && e.Message.Contains("IndependentWatchdog"));
        }
    }
}
