using Stm32.Build.VirtualBoard.Tests.Probe;
using Stm32.Build.VirtualBoard.Usb;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Usb;

/// <summary>Standard requests on the default pipe (USB 2.0 9.4): answered, or a STALL (-1) for anything else.</summary>
public sealed class UsbControlRequestsTests
{
    private static readonly StLinkUsbDescriptors s_descriptors = StLinkUsbDescriptors.For(0x0483, 0x374B, "CTRL1")!;

    private static int Answer(StLinkUsbFunction function, byte requestType, byte request, ushort value, ushort index, byte[] data) =>
        UsbControlRequests.Answer(s_descriptors, function, [requestType, request, (byte)value, (byte)(value >> 8), (byte)index, (byte)(index >> 8), (byte)data.Length, (byte)(data.Length >> 8)], data);

    [Fact]
    public void Descriptors_configuration_and_status_are_answered_up_to_the_requested_length()
    {
        var function = new StLinkUsbFunction(new ProbeFixture(ProbeModel.V2_1).Probe, s_descriptors);
        var device = new byte[8];
        Assert.Equal(8, Answer(function, 0x80, 6, 0x0100, 0, device));          // GET_DESCRIPTOR(DEVICE), first 8 bytes
        Assert.Equal(s_descriptors.Device[..8], device);
        var config = new byte[255];
        Assert.Equal(s_descriptors.Configuration.Length, Answer(function, 0x80, 6, 0x0200, 0, config));
        var one = new byte[1];
        Assert.Equal(1, Answer(function, 0x80, 8, 0, 0, one));                    // GET_CONFIGURATION
        Assert.Equal(1, one[0]);
        Assert.Equal(2, Answer(function, 0x80, 0, 0, 0, new byte[2]));           // GET_STATUS
        Assert.Equal(0, Answer(function, 0x00, 9, 1, 0, []));                    // SET_CONFIGURATION(1)
    }

    [Fact]
    public void Clear_feature_endpoint_halt_clears_a_halted_endpoint()
    {
        var function = new StLinkUsbFunction(new ProbeFixture(ProbeModel.V2_1).Probe, s_descriptors);
        var tooLong = ProbeFixture.MemCommand(0x08, 0x20000000, 8000);
        Assert.Equal(BulkOutcome.Stalled, function.Out(tooLong));
        Assert.Equal(0, Answer(function, 0x02, 1, 0, 0x01, []));                 // CLEAR_FEATURE(ENDPOINT_HALT) on EP1 OUT
        Assert.False(function.OutHalted);
    }

    [Theory]
    [InlineData(0xC0, 0x01, 0, 0)]   // a vendor request: the debug interface has none
    [InlineData(0x80, 6, 0x0600, 0)] // the device qualifier of a full-speed-only device
    [InlineData(0x80, 6, 0x0F00, 0)] // BOS
    [InlineData(0x00, 9, 2, 0)]      // SET_CONFIGURATION to a configuration that does not exist
    [InlineData(0x00, 3, 1, 0)]      // SET_FEATURE(DEVICE_REMOTE_WAKEUP)
    public void Other_requests_stall(byte requestType, byte request, ushort value, ushort index)
    {
        var function = new StLinkUsbFunction(new ProbeFixture(ProbeModel.V2_1).Probe, s_descriptors);
        Assert.Equal(-1, Answer(function, requestType, request, value, index, (requestType & 0x80) != 0 ? new byte[64] : []));
    }
}
