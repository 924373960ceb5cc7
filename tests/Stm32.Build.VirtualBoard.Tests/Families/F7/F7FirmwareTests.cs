using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.F7;

/// <summary>
/// The family program of tests/firmware/f7 on the virtual STM32F746 and STM32F767 (README.md there says what each
/// board shows): VOS scale 1, the 8 MHz HSE bypass from the ST-LINK MCO, the PLL to 216 MHz, over-drive, 7 wait
/// states, text on USART3 (the ISR/TDR USART), the blink; without HSE, Error_Handler; the SWD-off variant silences
/// the debug port.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class F7FirmwareTests
{
    [Theory]
    [InlineData("STM32F746ZG", "NUCLEO-F746ZG", FamilyPart.F746)]
    [InlineData("STM32F767ZI", "NUCLEO-F767ZI", FamilyPart.F767)]
    public void On_a_nucleo_144_the_program_prints_its_216_mhz_clock_and_blinks(string device, string board, FamilyPart part)
    {
        var b = new F7Bench(device, board);
        var image = b.Load(FirmwareBuilder.BuildFamily(part));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(600));

        var text = b.Chip.ConsoleText;
        Assert.StartsWith("clock ok 216000000\r\nmain loop\r\nblink 1\r\nblink 2\r\n", text);
        Assert.Equal(text, b.Family.ConsoleText);
        // README: RCC_CFGR 0x0000940A (SWS = PLL, PPRE1 /4, PPRE2 /2), FLASH_ACR 0x00000307 (ARTEN, PRFTEN, 7 WS).
        Assert.Equal(0x0000_940Au, b.Read(F7Bench.Rcc + 0x08) & 0xFFFF);
        Assert.Equal(0x0000_0307u, b.Read(F7Bench.Flash));
        Assert.Equal(216_000_000, b.Family.CoreClockHz(0));
        Assert.True(b.Family.Pwr!.OverDrive, "the program switched to over-drive (PWR_CSR1.ODSWRDY)");
        Assert.Null(b.Chip.DebugPortSilentReason);
        var blink = image.FindSymbol("blink_count")!;
        Assert.InRange(b.Read(blink.Address), 2u, 3u); // 251 ms per blink
    }

    [Fact]
    public void Without_an_hse_the_program_stops_in_error_handler_with_the_debug_port_answering()
    {
        var b = new F7Bench(board: null);
        var image = b.Load(FirmwareBuilder.BuildFamily(FamilyPart.F746));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Empty(b.Family.Usarts.Single(u => u.Name == "USART3").TransmittedBytes());
        var handler = image.FindSymbol("Error_Handler")!;
        var pc = b.Chip.Cores[0].CurrentInstructionAddress;
        Assert.InRange(pc, handler.Value & ~1u, (handler.Value & ~1u) + Math.Max(handler.Size, 2u));
        Assert.Null(b.Chip.DebugPortSilentReason);
    }

    [Fact]
    public void The_swd_off_variant_takes_pa13_and_pa14_and_the_debug_port_falls_silent_until_reset()
    {
        var b = new F7Bench();
        b.Load(FirmwareBuilder.BuildFamily(FamilyPart.F746, FamilyVariant.SwdOff));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Contains("PA13", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == Stm32.Build.VirtualBoard.Peripherals.ChipEventKind.DebugPinReassigned && e.Source == "GPIOA.MODER");
        Assert.StartsWith("clock ok 216000000\r\nmain loop\r\n", b.Chip.ConsoleText);
    }
}
