using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Boards;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The board's virtual COM port: bytes of the routed UART arrive only while its TX pin is in the right alternate
/// function (USART1 TX on PA9 is AF7: DS12930 alternate functions of port A), and bad routes are coded errors.
/// </summary>
public sealed class VirtualComPortTests
{
    private const uint Moder = 0x00, Afrh = 0x24;
    private const uint Cr1 = 0x00, Brr = 0x0C, Tdr = 0x28;

    private static H7IoHarness Disco() => new(board: BoardCatalog.Resolve("STM32H747I-DISCO"));

    private static void Send(H7IoHarness h, string text)
    {
        h.Write(H7IoHarness.Usart1 + Brr, 556);
        h.Write(H7IoHarness.Usart1 + Cr1, (1u << 3) | 1);
        foreach (var c in text)
        {
            h.Write(H7IoHarness.Usart1 + Tdr, c);
            h.AdvanceNs(200_000);
        }
    }

    [Fact]
    public void Usart1_on_pa9_in_af7_reaches_the_discovery_kits_console()
    {
        var h = Disco();
        var streamed = new List<byte>();
        h.Chip.Console!.Received += b => streamed.Add(b.Value);
        h.Write(H7IoHarness.GpioA + Moder, 0xABFB_FFFF);   // PA9 alternate function
        h.Write(H7IoHarness.GpioA + Afrh, 0x0000_0070);    // PA9 AF7
        Send(h, "main loop\r\n");
        Assert.Equal("main loop\r\n", h.Chip.ConsoleText);
        Assert.Equal("main loop\r\n"u8.ToArray(), streamed.ToArray());
    }

    [Fact]
    public void A_tx_pin_left_in_another_function_sends_nothing_to_the_console()
    {
        var h = Disco();
        Send(h, "lost");                                    // PA9 still analog (reset)
        h.Write(H7IoHarness.GpioA + Moder, 0xABFB_FFFF);   // alternate function, but AF0
        Send(h, "also");
        Assert.Equal("", h.Chip.ConsoleText);
        Assert.Equal("lostalso"u8.ToArray(), h.Chip.UartOutput("USART1")); // the USART itself did send
        Assert.Equal(8, h.Chip.Console!.Lost);
        Assert.Contains("not alternate function 7", h.Chip.Console.LossReason);
    }

    [Fact]
    public void The_console_keeps_its_text_across_a_reset()
    {
        var h = Disco();
        h.Write(H7IoHarness.GpioA + Moder, 0xABFB_FFFF);
        h.Write(H7IoHarness.GpioA + Afrh, 0x0000_0070);
        Send(h, "a");
        h.Chip.SystemReset();
        Assert.Equal("a", h.Chip.ConsoleText);
    }

    [Theory]
    [InlineData("USART9", "PA9", "has no USART9")]
    [InlineData("USART1", "PZ9", "'PZ9' is not a pin")]
    [InlineData("USART1", "PA16", "'PA16' is not a pin")]
    public void A_route_the_chip_cannot_carry_is_a_coded_error(string peripheral, string tx, string expected)
    {
        var board = BoardDescription.Bare("STM32H747XI") with { Name = "custom", Uarts = [new UartRoute(peripheral, tx, "PA10")], Source = "custom.json" };
        var e = Assert.Throws<Stm32Exception>(() => new H7IoHarness(board: board));
        Assert.Equal(DiagnosticCodes.BoardUartRouteInvalid, e.Diagnostic.Code);
        Assert.Contains(expected, e.Diagnostic.Message);
        Assert.Equal("custom.json", e.Diagnostic.File);
    }
}
