using Stm32.Build.VirtualBoard.Probe;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Probe;

public sealed class UsbTimingTests
{
    [Fact]
    public void A_full_speed_round_trip_is_a_frame_plus_its_packets()
    {
        var fs = UsbTiming.FullSpeed;
        // 1 ms frame + command packet + one 64-byte IN packet, each 1/19 ms (USB 2.0 table 5-9).
        Assert.Equal(1_000_000 + 2 * (1_000_000 / 19), fs.RoundTripNanoseconds(16, 0, 64));
        Assert.Equal(1_000_000 + 3 * (1_000_000 / 19), fs.RoundTripNanoseconds(16, 0, 65));
    }

    [Fact]
    public void High_speed_is_faster_per_command_and_per_byte()
    {
        var hs = UsbTiming.HighSpeed;
        Assert.Equal(125_000 + 2 * (125_000 / 13), hs.RoundTripNanoseconds(16, 512, 0));
        Assert.True(hs.RoundTripNanoseconds(16, 0, 6144) < UsbTiming.FullSpeed.RoundTripNanoseconds(16, 0, 6144) / 5);
        Assert.Same(hs, UsbTiming.For(ProbeModel.V3));
        Assert.Same(UsbTiming.FullSpeed, UsbTiming.For(ProbeModel.V2_1));
    }
}
