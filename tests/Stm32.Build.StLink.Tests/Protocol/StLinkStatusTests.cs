namespace Stm32.Build.StLink.Tests.Protocol;

/// <summary>The status byte values as the public protocol users define them (OpenOCD stlink_usb.c, probe-rs constants.rs).</summary>
public sealed class StLinkStatusTests
{
    [Theory]
    [InlineData(0x80, StLinkStatus.DebugErrOk, "DEBUG_ERR_OK")]
    [InlineData(0x81, StLinkStatus.DebugErrFault, "DEBUG_ERR_FAULT")]
    [InlineData(0x10, StLinkStatus.SwdApWait, "SWD_AP_WAIT")]
    [InlineData(0x11, StLinkStatus.SwdApFault, "SWD_AP_FAULT")]
    [InlineData(0x12, StLinkStatus.SwdApError, "SWD_AP_ERROR")]
    [InlineData(0x13, StLinkStatus.SwdApParityError, "SWD_AP_PARITY_ERROR")]
    [InlineData(0x09, StLinkStatus.JtagGetIdcodeError, "JTAG_GET_IDCODE_ERROR")]
    [InlineData(0x14, StLinkStatus.SwdDpWait, "SWD_DP_WAIT")]
    [InlineData(0x15, StLinkStatus.SwdDpFault, "SWD_DP_FAULT")]
    [InlineData(0x16, StLinkStatus.SwdDpError, "SWD_DP_ERROR")]
    [InlineData(0x17, StLinkStatus.SwdDpParityError, "SWD_DP_PARITY_ERROR")]
    [InlineData(0x18, StLinkStatus.SwdApWdataError, "SWD_AP_WDATA_ERROR")]
    [InlineData(0x19, StLinkStatus.SwdApStickyError, "SWD_AP_STICKY_ERROR")]
    [InlineData(0x1A, StLinkStatus.SwdApStickyOrunError, "SWD_AP_STICKYORUN_ERROR")]
    [InlineData(0x1D, StLinkStatus.BadApError, "BAD_AP_ERROR")]
    [InlineData(0x42, StLinkStatus.JtagUnknownCmd, "JTAG_UNKNOWN_CMD")]
    [InlineData(0x05, StLinkStatus.JtagNoDeviceConnected, "JTAG_NO_DEVICE_CONNECTED")]
    public void Known_values_map_to_their_names(byte raw, StLinkStatus status, string name)
    {
        Assert.Equal(status, StLinkStatusExtensions.FromByte(raw));
        Assert.Equal(name, status.ProtocolName());
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x1B)]
    [InlineData(0x77)]
    [InlineData(0xFF)]
    public void Unknown_values_fall_back_to_Unknown(byte raw) =>
        Assert.Equal(StLinkStatus.Unknown, StLinkStatusExtensions.FromByte(raw));

    [Fact]
    public void Only_the_two_wait_statuses_are_wait()
    {
        var waits = Enum.GetValues<StLinkStatus>().Where(s => s.IsWait()).ToArray();
        Assert.Equal([StLinkStatus.SwdApWait, StLinkStatus.SwdDpWait], waits);
    }
}
