using Stm32.Build.Execution;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.F4;

/// <summary>
/// The family program of tests/firmware/f4 on the virtual STM32F407 (README.md there says what each board shows):
/// clock start-up from the 8 MHz HSE through the PLL to 168 MHz with the HAL's bit-band and byte accesses, text on
/// USART2, the blink; without HSE, Error_Handler; the SWD-off variant silences the debug port.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class F4FirmwareTests
{
    [Fact]
    public void On_an_stm32f407g_disc1_the_program_prints_its_168_mhz_clock_and_blinks()
    {
        var b = new F4Bench();
        var image = b.Load(FirmwareBuilder.BuildFamily(FamilyPart.F407));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(600));

        var text = b.Family.Usarts.Single(u => u.Name == "USART2").Text;
        Assert.StartsWith("clock ok 168000000\r\nmain loop\r\nblink 1\r\nblink 2\r\n", text);
        Assert.Equal(text, b.Chip.ConsoleText); // USART2 is the board's virtual COM port
        // README: RCC_CFGR 0x0000940A (SWS = PLL, PPRE1 /4, PPRE2 /2), FLASH_ACR 0x00000705.
        Assert.Equal(0x0000_940Au, b.Read(F4Bench.Rcc + 0x08) & 0xFFFF);
        Assert.Equal(0x0000_0705u, b.Read(F4Bench.Flash));
        Assert.Equal(168_000_000, b.Family.CoreClockHz(0));
        Assert.Null(b.Chip.DebugPortSilentReason);
        var blink = image.FindSymbol("blink_count")!;
        Assert.InRange(b.Read(blink.Address), 2u, 3u); // 251 ms per blink
    }

    [Fact]
    public void Without_an_hse_the_program_stops_in_error_handler_with_the_debug_port_answering()
    {
        var b = new F4Bench(board: null);
        var image = b.Load(FirmwareBuilder.BuildFamily(FamilyPart.F407));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal("", b.Family.Usarts.Single(u => u.Name == "USART2").Text);
        var handler = image.FindSymbol("Error_Handler")!;
        var pc = b.Chip.Cores[0].CurrentInstructionAddress;
        Assert.InRange(pc, handler.Value & ~1u, (handler.Value & ~1u) + Math.Max(handler.Size, 2u));
        Assert.Null(b.Chip.DebugPortSilentReason);
    }

    [Fact]
    public void The_swd_off_variant_takes_pa13_and_pa14_and_the_debug_port_falls_silent_until_reset()
    {
        var b = new F4Bench();
        b.Load(FirmwareBuilder.BuildFamily(FamilyPart.F407, FamilyVariant.SwdOff));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Contains("PA13", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == Stm32.Build.VirtualBoard.Peripherals.ChipEventKind.DebugPinReassigned && e.Source == "GPIOA.MODER");
        // README: the firmware itself runs on (same text and blink); only the debugger is locked out.
        Assert.StartsWith("clock ok 168000000\r\nmain loop\r\n", b.Family.Usarts.Single(u => u.Name == "USART2").Text);
    }
}
