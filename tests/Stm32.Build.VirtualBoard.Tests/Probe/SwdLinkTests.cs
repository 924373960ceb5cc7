using Stm32.Build.VirtualBoard.Probe;
using Stm32.Build.VirtualBoard.Tests.Debug;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Probe;

public sealed class SwdLinkTests
{
    /// <summary>A wire that answers WAIT a given number of times before passing transfers to a real debug port.</summary>
    private sealed class WaitingWire(ISwdTarget inner, int waits) : ISwdTarget
    {
        private int _waits = waits;
        public bool NrstDrivenLow { get => inner.NrstDrivenLow; set => inner.NrstDrivenLow = value; }
        public double TargetVoltage => inner.TargetVoltage;
        public void LineReset() => inner.LineReset();
        public SwdAck ReadDp(byte address, out uint value) { value = 0; return Wait() ?? inner.ReadDp(address, out value); }
        public SwdAck WriteDp(byte address, uint value) => Wait() ?? inner.WriteDp(address, value);
        public SwdAck ReadAp(byte address, out uint value) { value = 0; return Wait() ?? inner.ReadAp(address, out value); }
        public SwdAck WriteAp(byte address, uint value) => Wait() ?? inner.WriteAp(address, value);
        private SwdAck? Wait() => _waits-- > 0 ? SwdAck.Wait : null;
    }

    [Fact]
    public void SWD_time_is_charged_per_transfer_at_the_set_frequency()
    {
        var clock = new VirtualClock();
        var counters = new BoardCounters();
        var link = new SwdLink(new DebugPortFixture().Port, clock, counters) { FrequencyKhz = 1000 };
        link.ReadDp(0, out _);
        Assert.Equal(SwdLink.ClocksPerTransfer * 1000L, clock.Nanoseconds); // 48 clocks at 1 MHz = 48 µs
        Assert.Equal(1, counters.SwdTransfers);
    }

    [Fact]
    public void WAIT_is_retried_and_counted_then_the_transfer_completes()
    {
        var fixture = new DebugPortFixture();
        var counters = new BoardCounters();
        var link = new SwdLink(new WaitingWire(fixture.Port, waits: 3), new VirtualClock(), counters);
        link.LineReset();
        Assert.Equal(SwdAck.Ok, link.ReadDp(0, out var dpidr));
        Assert.Equal(0x6BA02477u, dpidr);
        Assert.Equal(3, counters.SwdWaits);
        Assert.Equal(4, counters.SwdTransfers);
    }

    [Fact]
    public void Endless_WAIT_gives_up_with_the_WAIT_status()
    {
        var counters = new BoardCounters();
        var link = new SwdLink(new WaitingWire(new DebugPortFixture().Port, waits: int.MaxValue), new VirtualClock(), counters);
        var ack = link.WriteAp(0, 0x04, 0);
        Assert.Equal(SwdAck.Wait, ack);
        Assert.Equal(StLinkStatus.SwdDpWait, SwdLink.DpStatus(ack));
        Assert.Equal(StLinkStatus.SwdApWait, SwdLink.ApStatus(ack));
        Assert.Equal(SwdLink.MaxWaitRetries + 1, counters.SwdWaits); // the SELECT write before the AP write gave up
    }

    [Fact]
    public void SELECT_is_written_only_when_it_changes()
    {
        var counters = new BoardCounters();
        var fixture = new DebugPortFixture();
        var link = new SwdLink(fixture.Port, new VirtualClock(), counters);
        link.LineReset();
        link.ReadDp(0, out _);
        link.WriteDp(0x4, DebugPortFixture.PowerUpRequest);
        var before = counters.SwdTransfers;
        link.WriteAp(0, 0x04, 0x20000000); // SELECT + TAR
        link.WriteAp(0, 0x00, 0x03000002); // CSW, same bank
        link.ReadAp(0, 0xFC, out var idr); // SELECT (bank 0xF) + read + RDBUFF
        Assert.Equal(0x84770001u, idr);
        Assert.Equal(before + 6, counters.SwdTransfers);
    }
}
