namespace Stm32.Build.VirtualBoard.Server;

/// <summary>
/// ST's stlink-server TCP protocol as OpenOCD 0.12 speaks it from the client side (<c>stlink_usb.c</c>:
/// <c>stlink_tcp_open</c>, <c>stlink_tcp_send_cmd</c>, <c>stlink_tcp_xfer_noerrcheck</c>, <c>stlink_tcp_close</c>).
/// Requests start with a command byte and have a fixed size per command, except SEND_USB_CMD, whose 32-byte header
/// carries the size of the OUT data that follows. Replies mostly start with a 4-byte little-endian status.
/// All multi-byte fields are little-endian.
/// </summary>
public static class StLinkTcpProtocol
{
    /// <summary>The port ST's stlink-server listens on by default.</summary>
    public const int DefaultPort = 7184;

    /// <summary>REFRESH_DEVICE_LIST: 2-byte request (command, clear flag); reply: status.</summary>
    public const byte RefreshDeviceList = 0x00;
    /// <summary>GET_NB_DEV: 1-byte request; reply: the device count (4 bytes, no status).</summary>
    public const byte GetDeviceCount = 0x01;
    /// <summary>GET_DEV_INFO: 8-byte request (command, index, 2 reserved, info size 41); reply: status + TDeviceInfo2 (41 bytes).</summary>
    public const byte GetDeviceInfo = 0x02;
    /// <summary>OPEN_DEV: 8-byte request (command, 3 reserved, device id); reply: status, connect id.</summary>
    public const byte OpenDevice = 0x03;
    /// <summary>CLOSE_DEV: 8-byte request (command, 3 reserved, connect id); reply: status.</summary>
    public const byte CloseDevice = 0x04;
    /// <summary>SEND_USB_CMD: 32-byte header (command, 3 reserved, connect id, 16-byte ST-LINK command, direction, 3 reserved, size), then the OUT data; reply: status, then the IN data.</summary>
    public const byte SendUsbCommand = 0x05;
    /// <summary>GET_SERVER_VERSION: 4-byte request (command, client API version, 2 reserved); reply: API, major, minor, build (16 bytes, no status).</summary>
    public const byte GetServerVersion = 0x06;
    /// <summary>GET_NB_OF_DEV_CLIENTS: 8-byte request (command, 3 reserved, device id); reply: status, client count (this layout is the model's: OpenOCD never sends it).</summary>
    public const byte GetDeviceClientCount = 0x07;

    /// <summary>Direction byte of SEND_USB_CMD: OUT data follows the header.</summary>
    public const byte DirectionWrite = 0;
    /// <summary>Direction byte: IN data is expected in the reply.</summary>
    public const byte DirectionRead = 1;
    /// <summary>Direction byte: SWO trace read.</summary>
    public const byte DirectionReadSwo = 3;

    /// <summary>Size of the SEND_USB_CMD header.</summary>
    public const int UsbCommandHeaderSize = 32;
    /// <summary>Size of TDeviceInfo2 in GET_DEV_INFO.</summary>
    public const int DeviceInfoSize = 41;
    /// <summary>Size of the serial number field in TDeviceInfo2.</summary>
    public const int SerialSize = 32;
    /// <summary>OpenOCD's send buffer: the largest request (header plus data).</summary>
    public const int MaxRequestSize = 10240;
    /// <summary>OpenOCD's receive buffer: the largest reply.</summary>
    public const int MaxReplySize = 10240;

    /// <summary>The server's protocol API version (2: OpenOCD then uses its default packet sizes and no RW_MISC batching).</summary>
    public const uint ServerApiVersion = 2;
    /// <summary>The version the server reports (stlink-server 2.1.1 numbering).</summary>
    public static readonly (uint Major, uint Minor, uint Build) ServerVersion = (2, 1, 1);
}

/// <summary>The status word of stlink-server replies (OpenOCD 0.12 <c>STLINK_TCP_SS_*</c>).</summary>
public enum StLinkTcpStatus : uint
{
    /// <summary>Success.</summary>
    Ok = 0x00000001,
    /// <summary>The server ran out of memory.</summary>
    MemoryProblem = 0x00001000,
    /// <summary>A USB transfer timed out (the model's answer when the probe has left the bus).</summary>
    Timeout = 0x00001001,
    /// <summary>A request field is wrong (unknown connect id, over-long data, bad direction).</summary>
    BadParameter = 0x00001002,
    /// <summary>The device could not be opened (unknown device id).</summary>
    OpenError = 0x00001003,
    /// <summary>Data was truncated.</summary>
    TruncatedData = 0x00001052,
    /// <summary>The command is not available (unknown command byte).</summary>
    CommandNotAvailable = 0x00001053,
    /// <summary>TCP error.</summary>
    TcpError = 0x00002001,
    /// <summary>TCP connection failure.</summary>
    TcpCantConnect = 0x00002002,
    /// <summary>TCP close failure.</summary>
    TcpCloseError = 0x00002003,
    /// <summary>The device is in use by another client.</summary>
    TcpBusy = 0x00002004,
}
