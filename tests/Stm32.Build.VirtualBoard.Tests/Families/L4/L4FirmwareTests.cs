using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.L4;

/// <summary>
/// The family programs of tests/firmware/l4 and tests/firmware/g4 on the virtual STM32L476/L432/G431/G474 (README.md
/// there says what each board shows): the clock start-up through the PLL (L4: MSI 4 MHz → 80 MHz; G4: HSI16 →
/// 170 MHz), text on the console U(S)ART, the blink; the SWD-off variant silences the debug port.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class L4FirmwareTests
{
    [Theory]
    [InlineData("STM32L476RG", "NUCLEO-L476RG", FamilyPart.L476, "USART2", 80_000_000)]
    [InlineData("STM32L432KC", "NUCLEO-L432KC", FamilyPart.L432, "USART2", 80_000_000)]
    [InlineData("STM32G431RB", "NUCLEO-G431RB", FamilyPart.G431, "LPUART1", 170_000_000)]
    [InlineData("STM32G474RE", "NUCLEO-G474RE", FamilyPart.G474, "LPUART1", 170_000_000)]
    public void The_program_prints_its_pll_clock_and_blinks(string device, string board, FamilyPart part, string console, int hz)
    {
        var b = new L4Bench(device, board);
        var image = b.Load(FirmwareBuilder.BuildFamily(part));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(600));

        var text = b.Chip.ConsoleText;
        Assert.StartsWith($"clock ok {hz}\r\nmain loop\r\nblink 1\r\nblink 2\r\n", text);
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(b.Chip.UartOutput(console)));
        // README: RCC_CFGR reads SWS = SW = PLL (0x0F in the low byte), FLASH_ACR.LATENCY = 4.
        Assert.Equal(0x0Fu, b.Read(L4Bench.Rcc + 0x08) & 0xFF);
        Assert.Equal(4u, b.Read(L4Bench.Acr) & 0xF);
        Assert.Equal(hz, b.Family.CoreClockHz(0));
        Assert.Null(b.Chip.DebugPortSilentReason);
        Assert.InRange(b.Read(image.FindSymbol("blink_count")!.Address), 2u, 3u); // 251 ms per blink
    }

    [Theory]
    [InlineData("STM32L476RG", "NUCLEO-L476RG", FamilyPart.L476)]
    [InlineData("STM32G474RE", "NUCLEO-G474RE", FamilyPart.G474)]
    public void The_swd_off_variant_takes_pa13_and_pa14_and_the_debug_port_falls_silent(string device, string board, FamilyPart part)
    {
        var b = new L4Bench(device, board);
        b.Load(FirmwareBuilder.BuildFamily(part, FamilyVariant.SwdOff));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Contains("PA13", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == Stm32.Build.VirtualBoard.Peripherals.ChipEventKind.DebugPinReassigned && e.Source == "GPIOA.MODER");
        Assert.StartsWith("clock ok ", b.Chip.ConsoleText);
    }
}
