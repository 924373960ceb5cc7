using Xunit;
using Stm32.Build.VirtualBoard.Debug;

namespace Stm32.Build.VirtualBoard.Tests.Debug;

public sealed class SwDebugPortTests
{
    private const byte Csw = 0x00, Tar = 0x04, Drw = 0x0C, Idr = 0xFC;

    [Fact]
    public void Nothing_answers_before_the_line_reset_and_only_a_DPIDR_read_right_after_it()
    {
        var f = new DebugPortFixture();
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        f.Port.LineReset();
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out _));
        f.Port.LineReset();
        Assert.Equal(SwdAck.Ok, f.Port.ReadDp(DebugPortFixture.DpIdr, out var dpidr));
        Assert.Equal(0x6BA02477u, dpidr); // RM0399 60.4: the H7's SW-DP IDCODE
        Assert.Equal(SwdAck.Ok, f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out _));
    }

    [Fact]
    public void Power_up_requests_are_acknowledged_and_a_power_down_clears_the_acks()
    {
        var f = new DebugPortFixture();
        f.Connect();
        f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out var ctrlStat);
        Assert.Equal(0xF0000000u, ctrlStat & 0xF0000000u);
        f.Port.WriteDp(DebugPortFixture.DpCtrlStat, 0);
        f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out ctrlStat);
        Assert.Equal(0u, ctrlStat & 0xF0000000u);
    }

    [Fact]
    public void AP_reads_are_posted_the_result_comes_with_the_next_read_or_RDBUFF()
    {
        var f = new DebugPortFixture();
        f.Connect();
        BitConverter.GetBytes(0x11111111u).CopyTo(f.Target.Ram, 0);
        BitConverter.GetBytes(0x22222222u).CopyTo(f.Target.Ram, 4);
        f.WriteAp(0, Csw, 0x03000012); // word, single increment
        f.WriteAp(0, Tar, FakeDebugTarget.RamStart);
        f.Select(0, Drw);
        Assert.Equal(SwdAck.Ok, f.Port.ReadAp(Drw, out var first));
        Assert.Equal(SwdAck.Ok, f.Port.ReadAp(Drw, out var second));
        Assert.Equal(SwdAck.Ok, f.Port.ReadDp(DebugPortFixture.DpRdbuff, out var third));
        Assert.Equal(0u, first);               // nothing was read before
        Assert.Equal(0x11111111u, second);
        Assert.Equal(0x22222222u, third);
        Assert.Equal(SwdAck.Ok, f.Port.ReadDp(DebugPortFixture.DpResend, out var resent));
        Assert.Equal(third, resent);
    }

    [Fact]
    public void A_bus_fault_sets_STICKYERR_later_transfers_FAULT_until_ABORT_clears_it()
    {
        var f = new DebugPortFixture();
        f.Connect();
        f.WriteAp(0, Csw, 0x03000002);
        f.WriteAp(0, Tar, 0x60000000); // nothing mapped in the fake
        f.Select(0, Drw);
        Assert.Equal(SwdAck.Ok, f.Port.ReadAp(Drw, out _)); // posted: the ACK precedes the bus transaction
        Assert.Equal(SwdAck.Fault, f.Port.ReadAp(Drw, out _));
        Assert.Equal(SwdAck.Fault, f.Port.WriteDp(DebugPortFixture.DpSelect, 0));
        Assert.Equal(SwdAck.Ok, f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out var ctrlStat));
        Assert.NotEqual(0u, ctrlStat & (uint)DpCtrlStat.StickyErr);
        Assert.Equal(SwdAck.Ok, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        Assert.Equal(SwdAck.Ok, f.Port.WriteDp(DebugPortFixture.DpAbort, (uint)DpAbort.StkErrClr));
        Assert.Equal(SwdAck.Ok, f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out ctrlStat));
        Assert.Equal(0u, ctrlStat & (uint)DpCtrlStat.StickyErr);
        Assert.Equal(0x84770001u, f.ReadAp(0, Idr));
    }

    [Fact]
    public void Banked_DP_registers_give_TARGETID_and_DLPIDR()
    {
        var f = new DebugPortFixture();
        f.Connect();
        f.Port.WriteDp(DebugPortFixture.DpSelect, 2);
        f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out var targetId);
        f.Port.WriteDp(DebugPortFixture.DpSelect, 3);
        f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out var dlpidr);
        Assert.Equal(1u, targetId & 1);                 // ADIv5.2 B2.2.11: bit 0 is RAO
        Assert.Equal(0x020u, (targetId >> 1) & 0x7FF);  // ST's JEP106 code
        Assert.Equal(0x450u, (targetId >> 12) & 0xFFFF);
        Assert.Equal(1u, dlpidr & 0xF);                 // SWD protocol version 2
    }

    [Fact]
    public void An_AP_that_does_not_exist_reads_zero_and_AP_access_without_debug_power_fails()
    {
        var f = new DebugPortFixture();
        f.Connect();
        Assert.Equal(0u, f.ReadAp(7, Idr));
        f.Port.WriteDp(DebugPortFixture.DpCtrlStat, 0); // power down
        f.Select(0, Csw);
        f.Port.WriteAp(Csw, 0x03000002);
        Assert.Equal(SwdAck.Fault, f.Port.ReadAp(Csw, out _));
    }

    [Fact]
    public void Each_transfer_catches_the_chip_up_with_the_clock()
    {
        var f = new DebugPortFixture();
        f.Connect();
        f.Clock.Advance(12345);
        f.Port.ReadDp(DebugPortFixture.DpIdr, out _);
        Assert.Equal(f.Clock.Nanoseconds, f.Target.AdvancedTo);
    }

    [Fact]
    public void The_probe_NRST_line_reaches_the_chip_unless_unwired()
    {
        var wired = new DebugPortFixture();
        wired.Port.NrstDrivenLow = true;
        Assert.True(wired.Target.NrstLow);
        wired.Port.NrstDrivenLow = false;
        Assert.False(wired.Target.NrstLow);

        var unwired = new DebugPortFixture(new BoardFault(BoardFaultKind.NrstUnwired));
        unwired.Port.NrstDrivenLow = true;
        Assert.False(unwired.Target.NrstLow);
        Assert.True(unwired.Port.NrstDrivenLow);
    }

    [Fact]
    public void A_power_cycle_requires_SWD_to_be_selected_again()
    {
        var f = new DebugPortFixture();
        f.Connect();
        f.Port.PowerCycled(boot0High: false);
        Assert.Equal(SwdAck.NoResponse, f.Port.ReadDp(DebugPortFixture.DpIdr, out _));
        f.Connect();
        f.Port.ReadDp(DebugPortFixture.DpCtrlStat, out var ctrlStat);
        Assert.Equal(0xF0000000u, ctrlStat & 0xF0000000u);
    }
}
