using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// A core in CStop has its clock stopped (RM0399 7.6), so SysTick cannot wake it — unless DBGMCU_CR.DBGSTOP_D1 keeps
/// the clocks running for the debugger (RM0399 60.5.8). Firmware that enters Stop without suspending SysTick
/// therefore wakes every tick under a debugger that set the bits and sleeps for good without them.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class H7StopClockTests
{
    private static string Run(HalVariant variant)
    {
        var h = new H7IoHarness(board: BoardCatalog.Resolve("custom-h747-ldo"), recording: false);
        H7IoFirmware.Load(h.Chip, FirmwareBuilder.BuildH747Hal(variant));
        h.Chip.SystemReset();
        h.Advance(TimeSpan.FromMilliseconds(60));
        return h.Chip.ConsoleText;
    }

    [Fact]
    public void Without_the_debug_bits_SysTick_stops_with_the_core_clock_and_the_core_sleeps_for_good()
    {
        var text = Run(HalVariant.StopKeepTickNoDbg);
        Assert.Contains("stop\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wake", text, StringComparison.Ordinal);
    }

    [Fact]
    public void With_dbgstop_the_clocks_keep_running_and_SysTick_wakes_the_core_every_tick()
    {
        var text = Run(HalVariant.StopKeepTickDbg);
        var wakes = text.Split("wake\r\n").Length - 1;
        Assert.True(wakes >= 3, text);
    }
}
