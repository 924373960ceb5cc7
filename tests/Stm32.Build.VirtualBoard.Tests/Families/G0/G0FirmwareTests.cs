using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Families.G0;
using Stm32.Build.VirtualBoard.Tests.Families.L4;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.G0;

/// <summary>
/// The family program of tests/firmware/g0 on the virtual STM32G071 and STM32G0B1 (README.md there says what the board shows): the
/// clock start-up HSI16 → PLL 64 MHz, text on USART2, the blink; the option-byte variant's OPTSTRT and OBL_LAUNCH; the
/// SWD-off variant silences the debug port; the IWDG variant's watchdog resets a halted core unless DBG_IWDG_STOP is set.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class G0FirmwareTests
{
    [Theory]
    [InlineData(FamilyPart.G071, "STM32G071RB", "NUCLEO-G071RB")]
    [InlineData(FamilyPart.G0B1, "STM32G0B1RE", "NUCLEO-G0B1RE")]
    public void The_program_prints_its_pll_clock_and_blinks(FamilyPart part, string device, string board)
    {
        var b = new L4Bench(device, board);
        var image = b.Load(FirmwareBuilder.BuildFamily(part));
        b.Chip.PowerOff();
        b.Chip.PowerOn();
        b.Advance(TimeSpan.FromMilliseconds(600));

        var text = b.Chip.ConsoleText;
        Assert.StartsWith("clock ok 64000000\r\nmain loop\r\nblink 1\r\nblink 2\r\n", text);
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(b.Chip.UartOutput("USART2")));
        // README: RCC_CFGR reads SW = SWS = PLL (0x12), FLASH_ACR.LATENCY = 2.
        Assert.Equal(0x12u, b.Read(0x4002_1008) & 0x3F);
        Assert.Equal(2u, b.Read(L4Bench.Acr) & 7);
        Assert.Equal(64_000_000, ((G0Family)b.Chip.Family).CoreClockHz(0));
        Assert.Null(b.Chip.DebugPortSilentReason);
        Assert.InRange(b.Read(image.FindSymbol("blink_count")!.Address), 2u, 3u);
    }

    [Fact]
    public void The_option_byte_variant_clears_nboot_sel_and_sets_nrst_gpio_through_obl_launch()
    {
        var b = new L4Bench("STM32G071RB", "NUCLEO-G071RB");
        b.Load(FirmwareBuilder.BuildFamily(FamilyPart.G071, FamilyVariant.OptionBytes));
        b.Chip.PowerOff();
        b.Chip.PowerOn();
        b.Advance(TimeSpan.FromMilliseconds(400));

        var text = b.Chip.ConsoleText;
        Assert.True(text.Contains("ob written, launching\r\n", StringComparison.Ordinal), text);
        // The option byte loading reset the device; the second start finds the values and goes on.
        Assert.True(text.Contains("ob nrst gpio, boot0 from pin\r\nmain loop\r\n", StringComparison.Ordinal), text);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == Stm32.Build.VirtualBoard.Peripherals.ChipEventKind.SystemReset && e.Source == "FLASH");
        var optr = b.FlashInterface.Optr;
        Assert.Equal(0u, optr & (1u << 24)); // nBOOT_SEL = 0
        Assert.Equal(2u, (optr >> 27) & 3); // NRST_MODE = GPIO
        Assert.Equal(0xAAu, optr & 0xFF);
        Assert.Equal(0x0800_0000u, b.Chip.BootAddress("CM0+")); // PA14-BOOT0 low
        b.Chip.Boot0High = true;
        Assert.Equal(0x1FFF_0000u, b.Chip.BootAddress("CM0+"));
    }

    [Fact]
    public void The_swd_off_variant_takes_pa13_and_pa14_and_the_debug_port_falls_silent()
    {
        var b = new L4Bench("STM32G071RB", "NUCLEO-G071RB");
        b.Load(FirmwareBuilder.BuildFamily(FamilyPart.G071, FamilyVariant.SwdOff));
        b.Chip.PowerOff();
        b.Chip.PowerOn();
        b.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Contains("PA13", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);
        Assert.StartsWith("clock ok ", b.Chip.ConsoleText);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_iwdg_variant_runs_refreshed_and_resets_the_chip_once_a_debugger_halts_the_core_unless_frozen(bool frozen)
    {
        var b = new L4Bench("STM32G071RB", "NUCLEO-G071RB");
        b.Load(FirmwareBuilder.BuildFamily(FamilyPart.G071, FamilyVariant.IwdgUnfrozen));
        b.Chip.PowerOff();
        b.Chip.PowerOn();
        b.Advance(TimeSpan.FromMilliseconds(1500)); // past the 1 s timeout: the blinks refresh it

        var family = (G0Family)b.Chip.Family;
        var resets = b.Counters.Resets;
        Assert.StartsWith("clock ok 64000000\r\niwdg started, 1000 ms\r\nmain loop\r\n", b.Chip.ConsoleText);
        Assert.True(family.Iwdg!.Running);
        Assert.Equal(0u, b.Read(0x4002_1060) & (1u << 29)); // RCC_CSR.IWDGRSTF: no watchdog reset so far

        if (frozen)
        {
            b.Write(0x4001_5808, 1u << 12); // DBG_APB_FZ1.DBG_IWDG_STOP (RM0444 40.9.3)
        }
        b.Write(0xE000_EDF0, 0xA05F_0003); // the debugger halts the core (DHCSR C_HALT)
        b.Advance(TimeSpan.FromMilliseconds(1100));

        if (frozen)
        {
            Assert.Equal(resets, b.Counters.Resets);
            Assert.True(b.Chip.IsCoreHalted(0));
        }
        else
        {
            // RM0444 IWDG: the counter reached 0 while the core was halted: a system reset, RCC_CSR.IWDGRSTF.
            Assert.Equal(resets + 1, b.Counters.Resets);
            Assert.Equal(1u << 29, b.Read(0x4002_1060) & (1u << 29));
            Assert.Contains(b.Chip.Trace.Events, e => e.Kind == Stm32.Build.VirtualBoard.Peripherals.ChipEventKind.WatchdogReset && e.Source == "IWDG");
        }
    }
}
