namespace Stm32.Build.StLink;

/// <summary>
/// The status byte that starts most ST-LINK replies, named as the protocol names them (OpenOCD stlink_usb.c
/// STLINK_DEBUG_ERR_* / STLINK_SWD_* / STLINK_JTAG_*, probe-rs constants.rs <c>Status</c>). A value the driver
/// does not know maps to <see cref="Unknown"/>; the raw byte is kept in <see cref="StLinkCommandException.RawStatus"/>.
/// </summary>
public enum StLinkStatus : byte
{
    /// <summary>A status byte the driver does not know (fallback; not sent by probes as such).</summary>
    Unknown = 0x00,
    /// <summary>JTAG_UNKNOWN_ERROR (0x01).</summary>
    JtagUnknownError = 0x01,
    /// <summary>JTAG_SPI_ERROR (0x02).</summary>
    JtagSpiError = 0x02,
    /// <summary>JTAG_DMA_ERROR (0x03).</summary>
    JtagDmaError = 0x03,
    /// <summary>JTAG_UNKNOWN_JTAG_CHAIN (0x04).</summary>
    JtagUnknownJtagChain = 0x04,
    /// <summary>JTAG_NO_DEVICE_CONNECTED (0x05): nothing answered on the wire.</summary>
    JtagNoDeviceConnected = 0x05,
    /// <summary>JTAG_INTERNAL_ERROR (0x06).</summary>
    JtagInternalError = 0x06,
    /// <summary>JTAG_CMD_WAIT (0x07).</summary>
    JtagCmdWait = 0x07,
    /// <summary>JTAG_CMD_ERROR (0x08).</summary>
    JtagCmdError = 0x08,
    /// <summary>JTAG_GET_IDCODE_ERROR (0x09): the DP IDCODE could not be read.</summary>
    JtagGetIdcodeError = 0x09,
    /// <summary>JTAG_ALIGNMENT_ERROR (0x0A).</summary>
    JtagAlignmentError = 0x0A,
    /// <summary>JTAG_DBG_POWER_ERROR (0x0B): debug power-up was not acknowledged.</summary>
    JtagDbgPowerError = 0x0B,
    /// <summary>JTAG_WRITE_ERROR (0x0C).</summary>
    JtagWriteError = 0x0C,
    /// <summary>JTAG_WRITE_VERIF_ERROR (0x0D); OpenOCD ignores it.</summary>
    JtagWriteVerifError = 0x0D,
    /// <summary>JTAG_ALREADY_OPENED_IN_OTHER_MODE (0x0E).</summary>
    JtagAlreadyOpenedInOtherMode = 0x0E,
    /// <summary>SWD_AP_WAIT (0x10): the AP answered WAIT; retried.</summary>
    SwdApWait = 0x10,
    /// <summary>SWD_AP_FAULT (0x11): the AP answered FAULT.</summary>
    SwdApFault = 0x11,
    /// <summary>SWD_AP_ERROR (0x12).</summary>
    SwdApError = 0x12,
    /// <summary>SWD_AP_PARITY_ERROR (0x13).</summary>
    SwdApParityError = 0x13,
    /// <summary>SWD_DP_WAIT (0x14): the DP answered WAIT; retried.</summary>
    SwdDpWait = 0x14,
    /// <summary>SWD_DP_FAULT (0x15).</summary>
    SwdDpFault = 0x15,
    /// <summary>SWD_DP_ERROR (0x16): no valid acknowledge from the DP.</summary>
    SwdDpError = 0x16,
    /// <summary>SWD_DP_PARITY_ERROR (0x17).</summary>
    SwdDpParityError = 0x17,
    /// <summary>SWD_AP_WDATA_ERROR (0x18).</summary>
    SwdApWdataError = 0x18,
    /// <summary>SWD_AP_STICKY_ERROR (0x19): a sticky error flag is set in CTRL/STAT.</summary>
    SwdApStickyError = 0x19,
    /// <summary>SWD_AP_STICKYORUN_ERROR (0x1A): sticky overrun.</summary>
    SwdApStickyOrunError = 0x1A,
    /// <summary>BAD_AP_ERROR (0x1D): the AP does not exist or is not open.</summary>
    BadApError = 0x1D,
    /// <summary>SWO_NOT_AVAILABLE (0x20).</summary>
    SwoNotAvailable = 0x20,
    /// <summary>JTAG_FREQ_NOT_SUPPORTED (0x41).</summary>
    JtagFreqNotSupported = 0x41,
    /// <summary>JTAG_UNKNOWN_CMD (0x42): the firmware does not know the command.</summary>
    JtagUnknownCmd = 0x42,
    /// <summary>DEBUG_ERR_OK (0x80): success.</summary>
    DebugErrOk = 0x80,
    /// <summary>DEBUG_ERR_FAULT (0x81).</summary>
    DebugErrFault = 0x81,
}

/// <summary>Helpers over <see cref="StLinkStatus"/>.</summary>
public static class StLinkStatusExtensions
{
    /// <summary>Maps a raw status byte to the enum, with <see cref="StLinkStatus.Unknown"/> for anything not named.</summary>
    public static StLinkStatus FromByte(byte value) =>
        value != 0 && Enum.IsDefined(typeof(StLinkStatus), value) ? (StLinkStatus)value : StLinkStatus.Unknown;

    /// <summary>Whether the status means "busy, try again" (SWD_AP_WAIT, SWD_DP_WAIT).</summary>
    public static bool IsWait(this StLinkStatus status) => status is StLinkStatus.SwdApWait or StLinkStatus.SwdDpWait;

    /// <summary>The protocol's name of the status, e.g. <c>SWD_AP_FAULT</c>.</summary>
    public static string ProtocolName(this StLinkStatus status) => status switch
    {
        StLinkStatus.DebugErrOk => "DEBUG_ERR_OK",
        StLinkStatus.DebugErrFault => "DEBUG_ERR_FAULT",
        StLinkStatus.SwdApWait => "SWD_AP_WAIT",
        StLinkStatus.SwdApFault => "SWD_AP_FAULT",
        StLinkStatus.SwdApError => "SWD_AP_ERROR",
        StLinkStatus.SwdApParityError => "SWD_AP_PARITY_ERROR",
        StLinkStatus.SwdDpWait => "SWD_DP_WAIT",
        StLinkStatus.SwdDpFault => "SWD_DP_FAULT",
        StLinkStatus.SwdDpError => "SWD_DP_ERROR",
        StLinkStatus.SwdDpParityError => "SWD_DP_PARITY_ERROR",
        StLinkStatus.SwdApWdataError => "SWD_AP_WDATA_ERROR",
        StLinkStatus.SwdApStickyError => "SWD_AP_STICKY_ERROR",
        StLinkStatus.SwdApStickyOrunError => "SWD_AP_STICKYORUN_ERROR",
        StLinkStatus.BadApError => "BAD_AP_ERROR",
        StLinkStatus.JtagGetIdcodeError => "JTAG_GET_IDCODE_ERROR",
        StLinkStatus.JtagNoDeviceConnected => "JTAG_NO_DEVICE_CONNECTED",
        StLinkStatus.JtagUnknownCmd => "JTAG_UNKNOWN_CMD",
        StLinkStatus.JtagWriteError => "JTAG_WRITE_ERROR",
        StLinkStatus.JtagWriteVerifError => "JTAG_WRITE_VERIF_ERROR",
        StLinkStatus.JtagDbgPowerError => "JTAG_DBG_POWER_ERROR",
        StLinkStatus.JtagFreqNotSupported => "JTAG_FREQ_NOT_SUPPORTED",
        StLinkStatus.SwoNotAvailable => "SWO_NOT_AVAILABLE",
        StLinkStatus.Unknown => "unknown status",
        _ => "JTAG_" + status.ToString().Replace("Jtag", "", StringComparison.Ordinal).ToUpperInvariant(),
    };
}
