using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>The serial-wire/JTAG pins PA13/PA14 (SWD) and PA15/PB3/PB4 (JTAG, SWO) on the chip (register level).</summary>
public sealed class DebugPinMonitorTests
{
    private const uint Moder = 0x00, Afrh = 0x24;

    [Fact]
    public void Pa13_as_an_output_silences_the_debug_access_ports_until_a_system_reset()
    {
        var h = new H7IoHarness();
        Assert.Null(h.Chip.DebugBlockReason);
        h.Write(H7IoHarness.GpioA + Moder, 0xA7FF_FFFF); // PA13 = 01 (output)

        var reason = h.Chip.DebugBlockReason;
        Assert.NotNull(reason);
        Assert.Contains("SWDIO (PA13)", reason);
        Assert.Contains("general-purpose output", reason);
        Assert.False(h.Chip.IsAccessPortAvailable(0));
        Assert.Equal(reason, h.Chip.DebugPortSilentReason);  // the whole SW-DP, not only its access ports
        var e = Assert.Single(h.Chip.Trace.Events, x => x.Kind == ChipEventKind.DebugPinReassigned);
        Assert.Equal("GPIOA.MODER", e.Source);
        Assert.Equal(H7IoHarness.GpioA, e.Address);

        h.SystemReset();
        Assert.Null(h.Chip.DebugBlockReason);
        Assert.True(h.Chip.IsAccessPortAvailable(0));
        Assert.Equal(0xABFF_FFFFu, h.Read(H7IoHarness.GpioA + Moder));
    }

    [Fact]
    public void Another_alternate_function_on_PA14_is_enough_to_lose_SWCLK()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.GpioA + Afrh, 0x0100_0000); // PA14: AF1 instead of AF0, still alternate-function mode
        Assert.Contains("SWCLK (PA14) is now alternate function 1", h.Chip.DebugBlockReason);
        h.Write(H7IoHarness.GpioA + Afrh, 0);
        Assert.Null(h.Chip.DebugBlockReason); // back in AF0: the probe can resynchronise
    }

    [Fact]
    public void Jtag_pins_taken_are_recorded_but_do_not_stop_swd()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.GpioA + Moder, 0x6BFF_FFFF); // PA15 output
        h.Write(H7IoHarness.GpioB + Moder, 0xFFFF_FE7F); // PB3 output, PB4 still AF
        Assert.Null(h.Chip.DebugBlockReason);
        var events = h.Chip.Trace.Events.Where(x => x.Kind == ChipEventKind.DebugPinReassigned).ToList();
        Assert.Equal(2, events.Count);
        Assert.Contains("JTDI (PA15)", events[0].Message);
        Assert.Contains("JTDO/TRACESWO (PB3)", events[1].Message);
    }

    [Fact]
    public void Nrst_held_low_restores_the_pins_so_a_debugger_can_connect_under_reset()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.GpioA + Moder, 0x97FF_FFFF); // PA13, PA14 outputs
        Assert.NotNull(h.Chip.DebugBlockReason);
        h.Chip.NrstLow = true;
        Assert.Null(h.Chip.DebugBlockReason);
        Assert.True(h.Chip.IsAccessPortAvailable(2)); // the debug APB answers under reset
    }
}
