using Stm32.Build.Execution;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.F1;

/// <summary>
/// The family program of tests/firmware/f1 on the virtual STM32F103RB (README.md there says what each board shows):
/// clock start-up from the HSI through the PLL to 64 MHz with the HAL's bit-band PLLON, text on USART2, the blink;
/// the SWD-off variant switches the SW-DP off through AFIO_MAPR.SWJ_CFG and the debug port falls silent until reset.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class F1FirmwareTests
{
    [Fact]
    public void On_a_nucleo_f103rb_the_program_prints_its_64_mhz_clock_and_blinks()
    {
        var b = new F1Bench();
        var image = b.Load(FirmwareBuilder.BuildFamily(FamilyPart.F103));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(600));

        var text = b.Family.Usarts.Single(u => u.Name == "USART2").Text;
        Assert.StartsWith("clock ok 64000000\r\nmain loop\r\nblink 1\r\nblink 2\r\n", text);
        Assert.Equal(text, b.Chip.ConsoleText); // USART2 is the NUCLEO's virtual COM port
        // README: RCC_CFGR 0x0038040A (PLL x16 from HSI/2, PPRE1 /2, SWS = PLL), FLASH_ACR LATENCY 2 with PRFTBE, USART2_BRR 0x116.
        Assert.Equal(0x0038_040Au, b.Read(F1Bench.Rcc + 0x04));
        Assert.Equal(0x12u, b.Read(F1Bench.Flash) & 0x17);
        Assert.Equal(0x116u, b.Read(0x4000_4408));
        Assert.Equal(64_000_000, b.Family.CoreClockHz(0));
        Assert.Null(b.Chip.DebugPortSilentReason);
        Assert.Equal(0b010u, b.Family.Afio!.SwjConfiguration); // CubeMX's SYS > Debug = Serial Wire
        var blink = image.FindSymbol("blink_count")!;
        var blinks = b.Read(blink.Address);
        Assert.InRange(blinks, 2u, 3u); // 251 ms per blink
        Assert.Equal(blinks % 2, (b.Family.Ports[0].OutputLevels >> 5) & 1); // LD2 (PA5) starts off and toggles before each blink
        Assert.Equal(blinks % 2, (b.Read(F1Bench.GpioA + 0x08, b.Core) >> 5) & 1); // IDR: a push-pull output reads its level
    }

    [Fact]
    public void The_swd_off_variant_switches_the_sw_dp_off_and_the_debug_port_falls_silent_until_reset()
    {
        var b = new F1Bench();
        b.Load(FirmwareBuilder.BuildFamily(FamilyPart.F103, FamilyVariant.SwdOff));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Contains("SWJ_CFG = 100", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.DebugPinReassigned && e.Source == "AFIO.MAPR" && e.Message.StartsWith("SWDIO", StringComparison.Ordinal));
        // README: the firmware itself runs on (same text and blink); only the debugger is locked out.
        Assert.StartsWith("clock ok 64000000\r\nmain loop\r\n", b.Family.Usarts.Single(u => u.Name == "USART2").Text);

        b.Chip.SystemReset(); // SWJ_CFG back to 000 until the firmware runs again
        Assert.Null(b.Chip.DebugPortSilentReason);
    }
}
