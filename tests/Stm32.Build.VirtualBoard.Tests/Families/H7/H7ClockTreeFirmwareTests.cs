using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The clock tree as firmware running on the emulated Cortex-M7 meets it: the HAL-style start-up from the board's
/// HSE through PLL1 to 480 MHz at VOS0 with 4 wait states, its SysTick measured in virtual time, and the HSE timeout
/// path on a board that has no HSE.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class H7ClockTreeFirmwareTests
{
    [Fact]
    public void The_hal_style_start_up_reaches_480_mhz_and_its_systick_ticks_once_per_virtual_millisecond()
    {
        // VOS0 needs the LDO to supply VCORE: a board wired for the LDO with a 25 MHz crystal, as the DISCO's.
        var b = new H7Bench("custom-h747-ldo");
        var image = b.Load(H7TestFirmware.Clock480(H7TestFirmware.LdoSupply));
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(10));

        Assert.Equal(5u, b.Variable(image, "stage"));
        Assert.Equal(480_000_000, b.Chip.Family.CoreClockHz(0));
        Assert.Equal(240_000_000, b.Chip.Family.CoreClockHz(1));
        // SysTick was reprogrammed for 1 kHz at 480 MHz (480000 core cycles): it must tick once per virtual ms.
        var before = b.Variable(image, "ticks");
        b.Advance(TimeSpan.FromMilliseconds(20));
        var after = b.Variable(image, "ticks");
        Assert.InRange(after - before, 19u, 21u);
        Assert.DoesNotContain(b.Chip.Trace.Events, e => e.Kind is ChipEventKind.OutOfSpec or ChipEventKind.SupplyLost);
        var supply = Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.SupplyConfigured);
        Assert.Equal(0x02u, supply.Value);
        Assert.Equal(0, supply.Core);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.ClockChanged && e.Core == 0 && e.Message.Contains("CM7 480 MHz", StringComparison.Ordinal));
        Assert.True(new SwdDebugger(b.Board.DebugPort).TryReadWord(0, image.FindSymbol("stage")!.Address, out var stage));
        Assert.Equal(5u, stage);
    }

    [Fact]
    public void On_a_board_without_hse_the_start_up_takes_hals_timeout_path_after_100_virtual_ms()
    {
        var b = new H7Bench(); // bare board: LDO, no HSE
        var image = b.Load(H7TestFirmware.Clock480(H7TestFirmware.LdoSupply));
        b.PowerCycle();
        var reachedAt = -1L;
        for (var step = 0; step < 400 && reachedAt < 0; step++)
        {
            b.AdvanceNs(500_000);
            if (b.Variable(image, "stage") == 0xE3)
            {
                reachedAt = b.Chip.TimeSincePowerOnNs;
            }
            else
            {
                Assert.Equal(2u, b.Variable(image, "stage")); // VOS0 reached, waiting for HSERDY
            }
        }
        Assert.InRange(reachedAt, 100_500_000, 103_000_000);       // HSE_STARTUP_TIMEOUT = 100 ticks of 1 ms
        Assert.InRange(b.Variable(image, "error_tick"), 101u, 102u);
        Assert.Equal(0u, H7Bench.Read(b.Ap(0), H7Addresses.RccCr) & H7Addresses.HseRdy);
        Assert.Equal(64_000_000, b.Chip.Family.CoreClockHz(0));
    }

    [Fact]
    public void An_external_clock_on_osc_in_needs_hsebyp_and_feeds_the_pll_at_the_boards_frequency()
    {
        var crystalMode = new H7Bench("NUCLEO-H745ZI-Q"); // 8 MHz from the ST-LINK's MCO
        var image = crystalMode.Load(H7TestFirmware.Clock480(H7TestFirmware.DirectSmpsSupply));
        crystalMode.PowerCycle();
        crystalMode.Advance(TimeSpan.FromMilliseconds(110));
        Assert.Equal(0xE3u, crystalMode.Variable(image, "stage"));

        var bypass = new H7Bench("NUCLEO-H745ZI-Q");
        image = bypass.Load(H7TestFirmware.Clock480(H7TestFirmware.DirectSmpsSupply, hseBypass: true));
        bypass.PowerCycle();
        bypass.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(5u, bypass.Variable(image, "stage"));
        // The program's PLL factors are for a 25 MHz crystal: 8 MHz / 5 × 192 / 2 = 153.6 MHz.
        Assert.Equal(153_600_000, bypass.Chip.Family.CoreClockHz(0));
    }
}
