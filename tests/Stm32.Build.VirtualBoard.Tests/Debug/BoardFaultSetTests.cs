using Xunit;
namespace Stm32.Build.VirtualBoard.Tests.Debug;

public sealed class BoardFaultSetTests
{
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
        Assert.Null(faults.ValueOf(BoardFaultKind.FlashError));
    }
}
