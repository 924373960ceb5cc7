using Stm32.Build.VirtualBoard.Boards;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// Firmware on the emulated Cortex-M7 printing on USART1 (tests/firmware/h7io/uart_main.c, 115200 baud from the
/// 64 MHz reset clock, BRR 556): the console text of the discovery kit and its timing.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class UartFirmwareTests
{
    private const long FrameNs = 86_875; // 10 bits × 556 / 64 MHz

    [Fact]
    public void The_console_shows_the_lines_at_the_baud_rate()
    {
        var h = new H7IoHarness(board: BoardCatalog.Resolve("STM32H747I-DISCO"), recording: false);
        H7IoFirmware.Load(h.Chip, H7IoFirmware.Uart());
        h.Chip.SystemReset();
        var reset = h.Clock.Nanoseconds;
        h.Advance(TimeSpan.FromMilliseconds(10));

        Assert.Equal("clock ok 64000000\r\nmain loop\r\n", h.Chip.ConsoleText);
        var sent = h.Chip.UartCharacters("USART1");
        Assert.Equal(30, sent.Count);
        // The first character leaves after the idle frame TE sends and its own frame, microseconds after reset.
        Assert.InRange(sent[0].TimeNs - reset, 2 * FrameNs, 2 * FrameNs + 200_000);
        for (var i = 1; i < sent.Count; i++)
        {
            var gap = sent[i].TimeNs - sent[i - 1].TimeNs;
            if (i == 19)
            {
                Assert.InRange(gap, FrameNs, FrameNs + 5_000); // the TC wait between the lines, then the next write
            }
            else
            {
                Assert.Equal(FrameNs, gap);                     // TXE polled: the characters follow back to back
            }
        }
    }

    [Fact]
    public void With_pa9_in_the_wrong_alternate_function_the_usart_sends_but_the_console_stays_empty()
    {
        var h = new H7IoHarness(board: BoardCatalog.Resolve("STM32H747I-DISCO"), recording: false);
        H7IoFirmware.Load(h.Chip, H7IoFirmware.Uart(af: 8));
        h.Chip.SystemReset();
        h.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("", h.Chip.ConsoleText);
        Assert.Equal("clock ok 64000000\r\nmain loop\r\n"u8.ToArray(), h.Chip.UartOutput("USART1"));
        Assert.Contains("PA9", h.Chip.Console!.LossReason);
    }
}
