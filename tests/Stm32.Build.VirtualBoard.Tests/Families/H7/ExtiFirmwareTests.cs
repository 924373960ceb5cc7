using Stm32.Build.VirtualBoard.Families.Common;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// Firmware on the emulated Cortex-M7 with a PC13 button on EXTI line 13 (tests/firmware/h7io/exti_main.c): a rising
/// edge on the pin runs the EXTI15_10 handler through the NVIC.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class ExtiFirmwareTests
{
    [Fact]
    public void A_button_press_runs_the_exti_handler_once_per_rising_edge()
    {
        var h = new H7IoHarness(recording: false);
        var image = H7IoFirmware.Load(h.Chip, H7IoFirmware.Exti());
        h.Chip.SystemReset();
        h.Advance(TimeSpan.FromMilliseconds(1));
        var button = h.Chip.FindAll<GpioPort>().Single(p => p.Letter == 'C');

        button.Drive(13, true);
        h.Advance(TimeSpan.FromMilliseconds(1));
        button.Drive(13, false);                              // falling edge: not a trigger
        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1u, h.Variable(image, "button_presses"));
        button.Drive(13, true);
        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2u, h.Variable(image, "button_presses"));
        Assert.Equal(0u, h.Read(H7IoHarness.Exti + 0x88));     // the handler cleared EXTI_C1PR1
        Assert.True(h.Variable(image, "loop_count") > 0);
    }
}
