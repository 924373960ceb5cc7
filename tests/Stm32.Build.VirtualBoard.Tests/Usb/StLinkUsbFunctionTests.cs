using System.Buffers.Binary;
using Stm32.Build.VirtualBoard.Tests.Debug;
using Stm32.Build.VirtualBoard.Tests.Probe;
using Stm32.Build.VirtualBoard.Usb;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Usb;

/// <summary>The probe's bulk endpoints: command framing, packets, short packets, waiting IN transfers, halts.</summary>
public sealed class StLinkUsbFunctionTests
{
    private static (StLinkUsbFunction Function, ProbeFixture Probe) Create(ProbeModel model = ProbeModel.V2_1)
    {
        var probe = new ProbeFixture(model);
        var descriptors = StLinkUsbDescriptors.For(probe.Probe.VendorId, probe.Probe.ProductId, probe.Probe.SerialNumber)!;
        return (new StLinkUsbFunction(probe.Probe, descriptors), probe);
    }

    private static byte[] Block(params byte[] bytes)
    {
        var block = new byte[16];
        bytes.CopyTo(block, 0);
        return block;
    }

    private static (BulkOutcome Outcome, int Received) In(StLinkUsbFunction function, byte[] buffer, int received = 0)
    {
        var outcome = function.In(0x81, buffer, ref received);
        return (outcome, received);
    }

    [Fact]
    public void A_reply_shorter_than_the_transfer_ends_it_with_a_short_packet()
    {
        var (function, _) = Create();
        Assert.Equal(BulkOutcome.Completed, function.Out(Block(0xF1)));
        var buffer = new byte[64];
        Assert.Equal((BulkOutcome.Completed, 6), In(function, buffer));
        Assert.Equal(0x0483, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(2)));
        Assert.Equal((BulkOutcome.Pending, 0), In(function, buffer)); // nothing more: the next IN waits
    }

    [Fact]
    public void A_write_runs_only_once_its_data_phase_has_arrived_in_as_many_transfers_as_the_host_likes()
    {
        var (function, probe) = Create();
        function.Out(Block(0xF2, 0x30, 0xA3));
        In(function, new byte[2]);
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var write = ProbeFixture.MemCommand(0x08, FakeDebugTarget.RamStart, data.Length);
        Assert.Equal(BulkOutcome.Completed, function.Out(write));
        Assert.Equal(BulkOutcome.Completed, function.Out(data.AsSpan(0, 100)));
        Assert.NotEqual(data, probe.Target.Ram[..256]); // not yet: 156 bytes missing
        Assert.Equal(BulkOutcome.Completed, function.Out(data.AsSpan(100)));
        Assert.Equal(data, probe.Target.Ram[..256]);
    }

    [Fact]
    public void A_reply_ending_on_a_packet_boundary_short_of_the_transfer_leaves_it_waiting_with_its_data()
    {
        var (function, _) = Create(ProbeModel.V3);
        function.Out(Block(0xF2, 0x30, 0xA3));
        In(function, new byte[2]);
        function.Out(ProbeFixture.MemCommand(0x07, FakeDebugTarget.RamStart, 512));
        var buffer = new byte[1024];
        Assert.Equal((BulkOutcome.Pending, 512), In(function, buffer)); // one full 512-byte packet, then no ZLP
        function.Out(ProbeFixture.MemCommand(0x07, FakeDebugTarget.RamStart, 4));
        Assert.Equal((BulkOutcome.Completed, 516), In(function, buffer, 512)); // the next reply continues the transfer
    }

    [Fact]
    public void A_data_phase_the_probe_cannot_take_halts_the_OUT_endpoint_until_the_host_clears_it()
    {
        var (function, _) = Create();
        var tooLong = ProbeFixture.MemCommand(0x08, FakeDebugTarget.RamStart, 8000);
        Assert.Equal(BulkOutcome.Stalled, function.Out(tooLong));
        Assert.True(function.OutHalted);
        Assert.Equal(BulkOutcome.Stalled, function.Out(Block(0xF1)));
        function.ClearHalt(0x01);
        Assert.Equal(BulkOutcome.Completed, function.Out(Block(0xF1)));
        Assert.Equal((BulkOutcome.Completed, 6), In(function, new byte[64]));

        function.ClearHalt(0x01);
        var withData = new byte[20];
        withData[0] = 0xF1;
        Assert.Equal(BulkOutcome.Stalled, function.Out(withData)); // a command block followed by data GET_VERSION does not take
    }

    [Fact]
    public void The_trace_endpoint_never_has_data_and_a_new_command_drops_an_unread_reply()
    {
        var (function, _) = Create();
        function.Out(Block(0xF1));
        var received = 0;
        Assert.Equal(BulkOutcome.Pending, function.In(0x82, new byte[64], ref received));
        Assert.Equal(6, function.ReplyPending);
        function.Out(Block(0xF5)); // GET_CURRENT_MODE: 2 bytes
        Assert.Equal((BulkOutcome.Completed, 2), In(function, new byte[64]));
    }

    [Fact]
    public void A_probe_leaving_the_bus_during_a_command_is_reported_as_a_disconnect()
    {
        var probe = new ProbeFixture(ProbeModel.V2_1, BoardFault.Parse("unplug-after=1"));
        var function = new StLinkUsbFunction(probe.Probe, StLinkUsbDescriptors.For(0x0483, 0x374B, "S")!);
        Assert.Equal(BulkOutcome.Completed, function.Out(Block(0xF1)));
        Assert.Equal(BulkOutcome.Disconnected, function.Out(Block(0xF1)));
    }
}
