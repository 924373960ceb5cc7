using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The HAL-style STM32H747 firmware (tests/firmware/h747hal, variant clean: LDO supply, 25 MHz HSE, PLL1 to
/// 480 MHz, USART1 at 115200 from the 120 MHz APB2 clock with BRR 0x412) on a board wired for the LDO: its console
/// lines reach the board's virtual COM port at the baud rate the clock tree gives.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class HalFirmwareConsoleTests
{
    [Fact]
    public void The_clean_start_up_prints_its_clock_and_main_loop_at_115200_baud()
    {
        var h = new H7IoHarness(board: BoardCatalog.Resolve("custom-h747-ldo"), recording: false);
        H7IoFirmware.Load(h.Chip, FirmwareBuilder.BuildH747Hal(HalVariant.Clean));
        h.Chip.SystemReset();
        h.Advance(TimeSpan.FromMilliseconds(30));

        Assert.StartsWith("clock ok 480000000\r\nmain loop\r\nblink 1\r\n", h.Chip.ConsoleText);
        var sent = h.Chip.UartCharacters("USART1");
        // 10 bits × 1042 / 120 MHz = 86.8333 µs: back to back inside one HAL_UART_Transmit ("clock ok "), which
        // polls TXE; between two calls it waits for TC first.
        for (var i = 1; i < 9; i++)
        {
            Assert.Equal(86_834, sent[i].TimeNs - sent[i - 1].TimeNs, 1.0);
        }
    }

    [Fact]
    public void The_dual_core_build_prints_from_both_cores_after_the_hsem_handshake()
    {
        var h = new H7IoHarness(board: BoardCatalog.Resolve("custom-h747-ldo"), recording: false);
        var images = FirmwareBuilder.BuildH747HalDualCore(DualCoreVariant.Clean);
        H7IoFirmware.Load(h.Chip, images.Cm7Elf);
        H7IoFirmware.Load(h.Chip, images.Cm4Elf);
        h.Chip.SystemReset();
        h.Advance(TimeSpan.FromMilliseconds(60));

        // tests/firmware/h747hal/README.md, dual core: the Cortex-M4 waits in D2 Stop (WFE) until the Cortex-M7
        // releases HSEM 0; then both print, the Cortex-M4's lines prefixed "CM4 ".
        Assert.StartsWith("clock ok 480000000\r\nmain loop\r\n", h.Chip.ConsoleText);
        Assert.Contains("CM4 main loop\r\n", h.Chip.ConsoleText);
    }
}
