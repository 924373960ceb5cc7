using Stm32.Build.Execution;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;

namespace Stm32.Build.Flashing.Tests.Pipeline;

/// <summary>
/// Connect under reset on a dual-core STM32H747: both cores are armed (DEMCR.VC_CORERESET and a halt request
/// through their own access ports, RM0399 61.2/61.4) before NRST is released, so neither runs an instruction of
/// its firmware — a Cortex-M4 whose firmware silences the debug port at once can still be regained.
/// </summary>
public sealed class TargetConnectorDualCoreTests
{
    [Theory]
    [InlineData(ProbeModel.V3)]
    [InlineData(ProbeModel.V2_1)]
    public async Task Under_reset_regains_a_board_whose_cm4_firmware_silences_the_debug_port_within_a_millisecond(ProbeModel probe)
    {
        // The Cortex-M4 image is swd_off.c, which turns PA13/PA14 into outputs as soon as it runs: once user
        // firmware has run, the debug port is silent until NRST.
        using var rig = new BoardRig(new VirtualBoardOptions { Probe = probe });
        var cm7 = new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky), "CM7");
        var cm4 = new ImageInput(BoardRig.Elf(FirmwareVariant.Cm4SwdOff), "CM4");
        var first = await rig.Pipeline().FlashAsync(BoardRig.Request(cm7, cm4) with { DelayGuard = TimeSpan.Zero, Run = false });
        Assert.True(first.Succeeded, first.Error?.ToString());
        // A power cycle clears the cores' debug logic: both start their firmware from reset and the port goes silent.
        rig.Board.PowerCycle();
        rig.Board.Clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.False(rig.Board.DebugPort.IsResponding, "the firmware should have silenced the debug port");
        Assert.Equal(CoreRunState.Running, rig.Board.Chip.Cores[1].State);
        rig.Reopen();

        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(cm7, cm4) with { Connect = ConnectMode.UnderReset, DelayGuard = TimeSpan.Zero, Run = false });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Equal("under-reset", report.Connection!.Mode);
        Assert.Equal(TimeSpan.Zero, rig.Board.Chip.UserFirmwareRunTime);
        Assert.All(rig.Board.Chip.Cores, core => Assert.Equal(CoreRunState.Halted, core.State));
        Assert.Equal(2, report.Boot.Count);
        Assert.All(report.Boot, b => Assert.True(b.Confirmed));
    }
}
