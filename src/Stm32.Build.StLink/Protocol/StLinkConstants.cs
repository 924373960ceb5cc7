namespace Stm32.Build.StLink.Protocol;

// Every constant of the ST-LINK USB protocol the driver uses, in one place, with the firmware that introduced it.
// Sources (facts only, no code taken): OpenOCD 0.12 src/jtag/drivers/stlink_usb.c (command codes, STLINK_F_* feature
// table with the J version of each feature, endpoint numbers, stlink-server TCP request codes and layouts),
// stlink-org inc/stlink.h and src/stlink-lib/usb.h/usb.c (PIDs, serial quirk, status values),
// probe-rs probe-rs/src/probe/stlink/{constants.rs,usb_interface.rs} (status names, PID/endpoint map).
// Where the sources disagree the choice is noted.

/// <summary>First byte of a command block: the command class (OpenOCD stlink_usb.c STLINK_GET_VERSION ...).</summary>
internal static class StLinkCommand
{
    /// <summary>GET_VERSION: 6-byte reply, every firmware.</summary>
    public const byte GetVersion = 0xF1;
    /// <summary>DEBUG_COMMAND: the second byte selects a debug sub-command.</summary>
    public const byte Debug = 0xF2;
    /// <summary>DFU_COMMAND (only DFU_EXIT is used).</summary>
    public const byte Dfu = 0xF3;
    /// <summary>SWIM_COMMAND (only SWIM_EXIT is used).</summary>
    public const byte Swim = 0xF4;
    /// <summary>GET_CURRENT_MODE: 2-byte reply, mode in byte 0.</summary>
    public const byte GetCurrentMode = 0xF5;
    /// <summary>GET_TARGET_VOLTAGE: 8-byte reply, from V2J13 (STLINK_F_HAS_TARGET_VOLT).</summary>
    public const byte GetTargetVoltage = 0xF7;
    /// <summary>APIV3_GET_VERSION_EX: 12-byte reply, STLINK-V3 (and V3PWR) only.</summary>
    public const byte GetVersionEx = 0xFB;
}

/// <summary>Second byte of a <see cref="StLinkCommand.Debug"/> command.</summary>
internal static class StLinkDebugCommand
{
    /// <summary>STLINK_DEBUG_READMEM_32BIT.</summary>
    public const byte ReadMem32 = 0x07;
    /// <summary>STLINK_DEBUG_WRITEMEM_32BIT.</summary>
    public const byte WriteMem32 = 0x08;
    /// <summary>STLINK_DEBUG_READMEM_8BIT (at most 64 bytes, 512 from V3J6).</summary>
    public const byte ReadMem8 = 0x0C;
    /// <summary>STLINK_DEBUG_WRITEMEM_8BIT (at most 64 bytes, 512 from V3J6).</summary>
    public const byte WriteMem8 = 0x0D;
    /// <summary>STLINK_DEBUG_EXIT: leave SWD/JTAG mode; no reply.</summary>
    public const byte Exit = 0x21;
    /// <summary>STLINK_DEBUG_APIV2_ENTER: enter SWD or JTAG (parameter byte), 2-byte status reply.</summary>
    public const byte EnterV2 = 0x30;
    /// <summary>STLINK_DEBUG_APIV2_READ_IDCODES: 12-byte reply, DP IDCODE at offset 4.</summary>
    public const byte ReadIdCodes = 0x31;
    /// <summary>STLINK_DEBUG_APIV2_RESETSYS: system reset through AIRCR by the probe.</summary>
    public const byte ResetSys = 0x32;
    /// <summary>STLINK_DEBUG_APIV2_READREG: 8-byte reply, value at offset 4.</summary>
    public const byte ReadReg = 0x33;
    /// <summary>STLINK_DEBUG_APIV2_WRITEREG.</summary>
    public const byte WriteReg = 0x34;
    /// <summary>STLINK_DEBUG_APIV2_WRITEDEBUGREG: one 32-bit write on AP 0.</summary>
    public const byte WriteDebugReg = 0x35;
    /// <summary>STLINK_DEBUG_APIV2_READDEBUGREG: one 32-bit read on AP 0, value at offset 4.</summary>
    public const byte ReadDebugReg = 0x36;
    /// <summary>STLINK_DEBUG_APIV2_READALLREGS: 88-byte reply, status then R0..R15, xPSR, MSP, PSP, CONTROL/... words.</summary>
    public const byte ReadAllRegs = 0x3A;
    /// <summary>STLINK_DEBUG_APIV2_GETLASTRWSTATUS: 2-byte reply (before V2J15).</summary>
    public const byte GetLastRwStatus = 0x3B;
    /// <summary>STLINK_DEBUG_APIV2_DRIVE_NRST: parameter low/high/pulse.</summary>
    public const byte DriveNrst = 0x3C;
    /// <summary>STLINK_DEBUG_APIV2_GETLASTRWSTATUS2: 12-byte reply, from V2J15.</summary>
    public const byte GetLastRwStatus2 = 0x3E;
    /// <summary>STLINK_DEBUG_APIV2_SWD_SET_FREQ: divisor from the V2 table, from V2J22.</summary>
    public const byte SwdSetFreq = 0x43;
    /// <summary>STLINK_DEBUG_APIV2_JTAG_SET_FREQ: from V2J24.</summary>
    public const byte JtagSetFreq = 0x44;
    /// <summary>STLINK_DEBUG_APIV2_READ_DAP_REG: port (16 bits), address (16 bits); from V2J24.</summary>
    public const byte ReadDapReg = 0x45;
    /// <summary>STLINK_DEBUG_APIV2_WRITE_DAP_REG: from V2J24.</summary>
    public const byte WriteDapReg = 0x46;
    /// <summary>STLINK_DEBUG_APIV2_READMEM_16BIT: from V2J26.</summary>
    public const byte ReadMem16 = 0x47;
    /// <summary>STLINK_DEBUG_APIV2_WRITEMEM_16BIT: from V2J26.</summary>
    public const byte WriteMem16 = 0x48;
    /// <summary>STLINK_DEBUG_APIV2_INIT_AP: open an access port; from V2J28 (required before using any AP).</summary>
    public const byte InitAp = 0x4B;
    /// <summary>STLINK_DEBUG_APIV2_CLOSE_AP_DBG: from V2J28; a meaningful status only from V2J29.</summary>
    public const byte CloseApDbg = 0x4C;
    /// <summary>STLINK_APIV3_SET_COM_FREQ: V3 only, frequency in kHz.</summary>
    public const byte SetComFreq = 0x61;
    /// <summary>STLINK_APIV3_GET_COM_FREQ: V3 only, 52-byte reply with up to 10 frequencies.</summary>
    public const byte GetComFreq = 0x62;

    /// <summary>Parameter of ENTER: SWD without reset (STLINK_DEBUG_ENTER_SWD_NO_RESET).</summary>
    public const byte EnterSwdNoReset = 0xA3;
    /// <summary>Parameter of ENTER: JTAG without reset (STLINK_DEBUG_ENTER_JTAG_NO_RESET).</summary>
    public const byte EnterJtagNoReset = 0xA4;

    /// <summary>DRIVE_NRST parameter: drive low.</summary>
    public const byte NrstLow = 0x00;
    /// <summary>DRIVE_NRST parameter: release (high).</summary>
    public const byte NrstHigh = 0x01;
    /// <summary>DRIVE_NRST parameter: pulse.</summary>
    public const byte NrstPulse = 0x02;

    /// <summary>READ/WRITE_DAP_REG port value that addresses the DP instead of an AP (STLINK_DEBUG_PORT_ACCESS).</summary>
    public const ushort DebugPortAccess = 0xFFFF;
}

/// <summary>Sub-commands of DFU and SWIM used to leave those modes.</summary>
internal static class StLinkModeCommand
{
    /// <summary>STLINK_DFU_EXIT.</summary>
    public const byte DfuExit = 0x07;
    /// <summary>STLINK_SWIM_EXIT.</summary>
    public const byte SwimExit = 0x01;
}

/// <summary>The mode GET_CURRENT_MODE reports (STLINK_DEV_*_MODE).</summary>
public enum StLinkMode : byte
{
    /// <summary>STLINK_DEV_DFU_MODE: the probe's own bootloader.</summary>
    Dfu = 0x00,
    /// <summary>STLINK_DEV_MASS_MODE: idle (mass storage).</summary>
    MassStorage = 0x01,
    /// <summary>STLINK_DEV_DEBUG_MODE: SWD or JTAG entered.</summary>
    Debug = 0x02,
    /// <summary>STLINK_DEV_SWIM_MODE: STM8 single-wire mode.</summary>
    Swim = 0x03,
    /// <summary>STLINK_DEV_BOOTLOADER_MODE.</summary>
    Bootloader = 0x04,
}

/// <summary>Protocol limits and sizes.</summary>
internal static class StLinkLimits
{
    /// <summary>Command block size on V2/V2-1/V3 (STLINK_CMD_SIZE_V2).</summary>
    public const int CommandSize = 16;
    /// <summary>The probe's data buffer; the largest 16/32-bit transfer (STLINK_DATA_SIZE, 6144).</summary>
    public const int MaxRw16And32 = 6144;
    /// <summary>Largest 8-bit transfer on full-speed probes (STLINK_MAX_RW8).</summary>
    public const int MaxRw8 = 64;
    /// <summary>Largest 8-bit transfer on STLINK-V3 from J6 (STLINKV3_MAX_RW8, STLINK_F_HAS_RW8_512BYTES).</summary>
    public const int MaxRw8V3 = 512;
    /// <summary>The TAR auto-increment boundary every MEM-AP guarantees (ADIv5.2 C2.2.2: at least 1 KiB); transfers never cross it.</summary>
    public const int TarAutoIncrementBlock = 1024;
    /// <summary>WAIT answers are retried this many times with an exponential back-off (OpenOCD MAX_WAIT_RETRIES).</summary>
    public const int MaxWaitRetries = 8;
    /// <summary>Most frequencies GET_COM_FREQ returns (STLINK_V3_MAX_FREQ_NB).</summary>
    public const int V3MaxFrequencies = 10;
}

/// <summary>
/// The firmware version (JTAG/SWD API level "J") that introduced each feature, per probe generation
/// (OpenOCD stlink_usb.c, stlink_usb_version(): the STLINK_F_* flags). A V3 has every V2 feature.
/// </summary>
internal static class StLinkFirmware
{
    /// <summary>Target voltage and SWO trace: V2J13.</summary>
    public const int V2TargetVoltage = 13;
    /// <summary>GETLASTRWSTATUS2: V2J15.</summary>
    public const int V2GetLastRwStatus2 = 15;
    /// <summary>SWD_SET_FREQ: V2J22 (probe-rs notes J20; OpenOCD's J22 is used as the safe value).</summary>
    public const int V2SwdSetFreq = 22;
    /// <summary>JTAG_SET_FREQ and READ/WRITE_DAP_REG: V2J24.</summary>
    public const int V2DapRegisters = 24;
    /// <summary>16-bit memory access and write without address increment: V2J26.</summary>
    public const int V2Memory16 = 26;
    /// <summary>INIT_AP/CLOSE_AP_DBG, so access ports other than 0 (multi-AP): V2J28.</summary>
    public const int V2MultiAp = 28;
    /// <summary>CLOSE_AP_DBG returns a meaningful status: V2J29.</summary>
    public const int V2CloseApFixed = 29;
    /// <summary>DP bank select, CSW in memory commands: V2J32.</summary>
    public const int V2DpBankSelect = 32;
    /// <summary>DP bank select and CSW on STLINK-V3: V3J2.</summary>
    public const int V3DpBankSelect = 2;
    /// <summary>512-byte 8-bit transfers: V3J6.</summary>
    public const int V3Rw8Of512 = 6;
}

/// <summary>USB identifiers of ST-LINK probes and the bulk endpoints of each generation.</summary>
internal static class StLinkUsbIds
{
    /// <summary>STMicroelectronics' USB vendor ID.</summary>
    public const ushort VendorId = 0x0483;

    /// <summary>Bulk IN endpoint of every generation (replies), 0x81.</summary>
    public const byte EndpointIn = 0x81;
    /// <summary>Bulk OUT endpoint of the ST-LINK/V2 (0x3748): 0x02.</summary>
    public const byte EndpointOutV2 = 0x02;
    /// <summary>Bulk OUT endpoint of V2-1 and V3: 0x01.</summary>
    public const byte EndpointOutV21 = 0x01;

    /// <summary>Every product ID the driver knows, with its generation name and whether the driver supports it.</summary>
    public static readonly IReadOnlyList<StLinkUsbModel> Models =
    [
        // OpenOCD STLINK_V1_PID; mass-storage (SCSI) framing the driver does not implement.
        new(0x3744, "V1", StLinkGeneration.V1, EndpointOutV2, Supported: false),
        new(0x3748, "V2", StLinkGeneration.V2, EndpointOutV2, Supported: true),
        // stlink-org STLINK_USB_PID_STLINK_NUCLEO / OpenOCD STLINK_V2_1_PID.
        new(0x374B, "V2-1", StLinkGeneration.V2_1, EndpointOutV21, Supported: true),
        // stlink-org STLINK_USB_PID_STLINK_32L_AUDIO; probe-rs lists it as V2-1 with endpoint 0x01.
        new(0x374A, "V2-1 (audio)", StLinkGeneration.V2_1, EndpointOutV21, Supported: true),
        // OpenOCD STLINK_V2_1_NO_MSD_PID.
        new(0x3752, "V2-1 (no MSD)", StLinkGeneration.V2_1, EndpointOutV21, Supported: true),
        // OpenOCD STLINK_V3E_PID.
        new(0x374E, "V3E", StLinkGeneration.V3, EndpointOutV21, Supported: true),
        // OpenOCD STLINK_V3S_PID (STLINK-V3SET/MINI).
        new(0x374F, "V3", StLinkGeneration.V3, EndpointOutV21, Supported: true),
        new(0x3753, "V3 (2 VCP)", StLinkGeneration.V3, EndpointOutV21, Supported: true),
        new(0x3754, "V3 (no MSD)", StLinkGeneration.V3, EndpointOutV21, Supported: true),
        // OpenOCD STLINK_V3P_PID: STLINK-V3PWR.
        new(0x3757, "V3PWR", StLinkGeneration.V3Pwr, EndpointOutV21, Supported: true),
    ];

    /// <summary>The model for a product ID, or null.</summary>
    public static StLinkUsbModel? Find(ushort vendorId, ushort productId) =>
        vendorId == VendorId ? Models.FirstOrDefault(m => m.ProductId == productId) : null;
}

/// <summary>One ST-LINK USB product.</summary>
/// <param name="ProductId">The USB PID.</param>
/// <param name="Name">The generation name shown to users.</param>
/// <param name="Generation">The protocol generation.</param>
/// <param name="EndpointOut">The bulk OUT endpoint for commands and written data.</param>
/// <param name="Supported">Whether the driver can use it.</param>
internal sealed record StLinkUsbModel(ushort ProductId, string Name, StLinkGeneration Generation, byte EndpointOut, bool Supported);

/// <summary>The stlink-server TCP protocol as OpenOCD's stlink_tcp_* functions speak it.</summary>
internal static class StLinkServerProtocol
{
    /// <summary>STLINK_TCP_CMD_REFRESH_DEVICE_LIST: 2-byte request, 4-byte status reply.</summary>
    public const byte RefreshDeviceList = 0x00;
    /// <summary>STLINK_TCP_CMD_GET_NB_DEV: 1-byte request, 4-byte count reply (no status).</summary>
    public const byte GetNumberOfDevices = 0x01;
    /// <summary>STLINK_TCP_CMD_GET_DEV_INFO: 8-byte request, 45-byte reply (status + TDeviceInfo2).</summary>
    public const byte GetDeviceInfo = 0x02;
    /// <summary>STLINK_TCP_CMD_OPEN_DEV: 8-byte request, 8-byte reply (status, connect id).</summary>
    public const byte OpenDevice = 0x03;
    /// <summary>STLINK_TCP_CMD_CLOSE_DEV: 8-byte request, 4-byte status.</summary>
    public const byte CloseDevice = 0x04;
    /// <summary>STLINK_TCP_CMD_SEND_USB_CMD: 32-byte header plus OUT data; 4-byte status plus IN data.</summary>
    public const byte SendUsbCommand = 0x05;
    /// <summary>STLINK_TCP_CMD_GET_SERVER_VERSION: 4-byte request, 16-byte reply (api, major, minor, build).</summary>
    public const byte GetServerVersion = 0x06;

    /// <summary>The API version the client announces (OPENOCD_STLINK_TCP_API_VERSION).</summary>
    public const byte ClientApiVersion = 1;
    /// <summary>Direction byte of SEND_USB_CMD: host to probe.</summary>
    public const byte RequestWrite = 0;
    /// <summary>Direction byte of SEND_USB_CMD: probe to host.</summary>
    public const byte RequestRead = 1;
    /// <summary>Size of the SEND_USB_CMD header.</summary>
    public const int UsbCommandHeaderSize = 32;
    /// <summary>Size of the serial field in TDeviceInfo2.</summary>
    public const int SerialSize = 32;
    /// <summary>Size of TDeviceInfo2 as requested by GET_DEV_INFO.</summary>
    public const int DeviceInfoSize = 41;
    /// <summary>The server's buffers (STLINK_TCP_SEND/RECV_BUFFER_SIZE); larger requests are refused client-side.</summary>
    public const int BufferSize = 10240;
    /// <summary>Largest memory transfer with a server of API v1, which crashes above 1428 bytes on Windows (OpenOCD).</summary>
    public const int ApiV1MaxPacket = 1024;

    /// <summary>STLINK_TCP_SS_OK.</summary>
    public const uint StatusOk = 0x00000001;
    /// <summary>STLINK_TCP_SS_TIMEOUT: the server's USB transfer timed out.</summary>
    public const uint StatusTimeout = 0x00001001;
    /// <summary>STLINK_TCP_SS_TCP_BUSY: the server is busy; retry.</summary>
    public const uint StatusBusy = 0x00002004;

    /// <summary>Names of the server status values (STLINK_TCP_SS_*).</summary>
    public static string DescribeStatus(uint status) => status switch
    {
        0x00000001 => "OK",
        0x00001000 => "MEMORY_PROBLEM",
        0x00001001 => "TIMEOUT",
        0x00001002 => "BAD_PARAMETER",
        0x00001003 => "OPEN_ERR",
        0x00001052 => "TRUNCATED_DATA",
        0x00001053 => "CMD_NOT_AVAILABLE",
        0x00002001 => "TCP_ERROR",
        0x00002002 => "TCP_CANT_CONNECT",
        0x00002003 => "TCP_CLOSE_ERROR",
        0x00002004 => "TCP_BUSY",
        0x00010000 => "WIN32_ERROR",
        _ => "unknown",
    };
}

/// <summary>The V2 SWD clock table: frequency in kHz and the divisor SWD_SET_FREQ takes (OpenOCD stlink_khz_to_speed_map_swd; stlink-org STLINK_SWDCLK_*).</summary>
internal static class StLinkSwdClock
{
    /// <summary>The table, fastest first. (probe-rs names divisor 0 as 4.6 MHz; OpenOCD and stlink-org say 4 MHz.)</summary>
    public static readonly IReadOnlyList<(int Khz, ushort Divisor)> V2Table =
    [
        (4000, 0), (1800, 1), (1200, 2), (950, 3), (480, 7), (240, 15), (125, 31), (100, 40), (50, 79), (25, 158), (15, 265), (5, 798),
    ];

    /// <summary>The fastest table entry not above <paramref name="khz"/>, or the slowest entry.</summary>
    public static (int Khz, ushort Divisor) Pick(int khz)
    {
        foreach (var entry in V2Table)
        {
            if (entry.Khz <= khz)
            {
                return entry;
            }
        }
        return V2Table[^1];
    }
}
