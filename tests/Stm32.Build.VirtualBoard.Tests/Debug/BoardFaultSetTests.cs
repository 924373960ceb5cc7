using Xunit;
namespace Stm32.Build.VirtualBoard.Tests.Debug;

public sealed class BoardFaultSetTests
{
    [Fact]
    public void Debug_lost_after_run_silences_the_port_once_the_firmware_ran_long_enough_until_NRST()
    {
        var f = new DebugPortFixture(BoardFault.Parse("debug-lost-after-run=50"));
        f.Connect();
        f.Target.UserFirmwareRunTime = TimeSpan.FromMilliseconds(49);
        Assert.Equal(SwdAck.Ok, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        f.Target.UserFirmwareRunTime = TimeSpan.FromMilliseconds(50);
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        f.Target.UserFirmwareRunTime = TimeSpan.Zero; // even a reset by other means does not bring it back
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        f.Port.NrstDrivenLow = true;                  // connect under reset
        f.Connect();
        f.Port.ReadDp(DebugPortFixture.DpIdr, out var dpidr);
        Assert.Equal(0x6BA02477u, dpidr);
    }

    [Fact]
    public void Supply_lockup_needs_a_power_cycle_with_BOOT0_high()
    {
        var f = new DebugPortFixture(BoardFault.Parse("supply-lockup"));
        f.Connect();
        f.Target.UserFirmwareRunTime = TimeSpan.FromMicroseconds(1);
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        f.Port.NrstDrivenLow = true;
        f.Port.LineReset();
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        f.Port.NrstDrivenLow = false;
        f.Port.PowerCycled(boot0High: false);
        f.Port.LineReset();
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        f.Target.UserFirmwareRunTime = TimeSpan.Zero; // BOOT0 high: the bootloader runs, not the firmware
        f.Port.PowerCycled(boot0High: true);
        f.Connect();
        Assert.False(f.Faults.LockedUp);
    }

    [Fact]
    public void No_target_power_reads_zero_volts_when_the_chip_is_off_and_never_answers()
    {
        var f = new DebugPortFixture(BoardFault.Parse("no-target-power"));
        f.Target.Powered = false;
        Assert.Equal(0.0, f.Port.TargetVoltage);
        f.Port.LineReset();
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
    }

    [Fact]
    public void Faults_are_looked_up_by_kind_with_their_values()
    {
        var faults = new Stm32.Build.VirtualBoard.Debug.BoardFaultSet([BoardFault.Parse("unplug-after=7"), BoardFault.Parse("nrst-unwired")]);
        Assert.Equal(7, faults.ValueOf(BoardFaultKind.UnplugAfter));
        Assert.True(faults.Has(BoardFaultKind.NrstUnwired));
        Assert.Null(faults.ValueOf(BoardFaultKind.DebugLostAfterRun));
    }
}
