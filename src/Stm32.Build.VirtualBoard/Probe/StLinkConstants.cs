namespace Stm32.Build.VirtualBoard.Probe;

/// <summary>
/// The ST-LINK USB protocol's numbers in one place. Sources (read for facts, not copied): OpenOCD 0.12
/// <c>src/jtag/drivers/stlink_usb.c</c> (command, status and feature definitions, <c>stlink_usb_version</c>),
/// stlink-org <c>src/stlink-lib/commands.h</c> and <c>usb.c</c>, and psdb <c>psdb/probes/stlink/cdb.py</c>
/// (reply layouts of GETLASTRWSTATUS2, GET_VERSION_EX, GET_COM_FREQ).
/// </summary>
public static class StLinkCommand
{
    /// <summary>0xF1: GET_VERSION, 6-byte reply (version big-endian, VID, PID little-endian).</summary>
    public const byte GetVersion = 0xF1;
    /// <summary>0xF2: debug command group; the second byte is a <see cref="StLinkDebugCommand"/>.</summary>
    public const byte DebugCommand = 0xF2;
    /// <summary>0xF3: DFU command group (0x07 = exit DFU).</summary>
    public const byte DfuCommand = 0xF3;
    /// <summary>0xF4: SWIM command group (0x01 = exit SWIM).</summary>
    public const byte SwimCommand = 0xF4;
    /// <summary>0xF5: GET_CURRENT_MODE, 2-byte reply.</summary>
    public const byte GetCurrentMode = 0xF5;
    /// <summary>0xF7: GET_TARGET_VOLTAGE, 8-byte reply (two ADC words), from V2J13 and on V3.</summary>
    public const byte GetTargetVoltage = 0xF7;
    /// <summary>0xFB: GET_VERSION_EX (STLINK-V3 only), 12-byte reply.</summary>
    public const byte GetVersionEx = 0xFB;

    /// <summary>DFU sub-command 0x07: leave DFU mode.</summary>
    public const byte DfuExit = 0x07;
    /// <summary>SWIM sub-command 0x01: leave SWIM mode.</summary>
    public const byte SwimExit = 0x01;
}

/// <summary>Debug sub-commands (second byte after <see cref="StLinkCommand.DebugCommand"/>), with the API that has them.</summary>
public enum StLinkDebugCommand : byte
{
    /// <summary>API v1 status (core running/halted); answered from DHCSR.</summary>
    GetStatus = 0x01,
    /// <summary>API v1 halt.</summary>
    ForceDebug = 0x02,
    /// <summary>READMEM_32BIT: address, byte count, AP (V2J32+/V3J2+ honour the AP and CSW bytes).</summary>
    ReadMem32 = 0x07,
    /// <summary>WRITEMEM_32BIT.</summary>
    WriteMem32 = 0x08,
    /// <summary>API v1 run.</summary>
    RunCore = 0x09,
    /// <summary>API v1 single step.</summary>
    StepCore = 0x0A,
    /// <summary>READMEM_8BIT (at most 64 bytes, 512 on V3J6+).</summary>
    ReadMem8 = 0x0C,
    /// <summary>WRITEMEM_8BIT (same limits).</summary>
    WriteMem8 = 0x0D,
    /// <summary>Leave debug mode (no reply).</summary>
    Exit = 0x21,
    /// <summary>API v1 read core id.</summary>
    ReadCoreId = 0x22,
    /// <summary>API v2 enter (third byte: 0xA3 SWD, 0xA4 JTAG, 0x00 JTAG with reset).</summary>
    Enter = 0x30,
    /// <summary>READ_IDCODES: 12-byte reply, status then DPIDR.</summary>
    ReadIdCodes = 0x31,
    /// <summary>RESETSYS: system reset through AIRCR.SYSRESETREQ.</summary>
    ResetSys = 0x32,
    /// <summary>READREG: core register by DCRSR REGSEL (8-byte reply).</summary>
    ReadReg = 0x33,
    /// <summary>WRITEREG.</summary>
    WriteReg = 0x34,
    /// <summary>WRITEDEBUGREG: one 32-bit word (2-byte status reply).</summary>
    WriteDebugReg = 0x35,
    /// <summary>READDEBUGREG: one 32-bit word (8-byte reply: status, value).</summary>
    ReadDebugReg = 0x36,
    /// <summary>READALLREGS: 88-byte reply (status then 21 registers).</summary>
    ReadAllRegs = 0x3A,
    /// <summary>GETLASTRWSTATUS: 2-byte status of the last memory command.</summary>
    GetLastRwStatus = 0x3B,
    /// <summary>DRIVE_NRST (third byte: 0 low, 1 high, 2 pulse).</summary>
    DriveNrst = 0x3C,
    /// <summary>GETLASTRWSTATUS2 (V2J15+, V3): 12-byte reply, status and fault address.</summary>
    GetLastRwStatus2 = 0x3E,
    /// <summary>START_TRACE_RX (SWO; not modelled: answers OK, no data).</summary>
    StartTraceRx = 0x40,
    /// <summary>STOP_TRACE_RX.</summary>
    StopTraceRx = 0x41,
    /// <summary>GET_TRACE_NB: bytes of SWO data waiting (always 0).</summary>
    GetTraceNb = 0x42,
    /// <summary>SWD_SET_FREQ (V2J22+): divisor from the V2 table.</summary>
    SwdSetFreq = 0x43,
    /// <summary>JTAG_SET_FREQ (V2J24+).</summary>
    JtagSetFreq = 0x44,
    /// <summary>READ_DAP_REG (V2J24+, V3): port 0xFFFF = DP, else AP number; 8-byte reply.</summary>
    ReadDapReg = 0x45,
    /// <summary>WRITE_DAP_REG (V2J24+, V3).</summary>
    WriteDapReg = 0x46,
    /// <summary>READMEM_16BIT (V2J26+, V3).</summary>
    ReadMem16 = 0x47,
    /// <summary>WRITEMEM_16BIT (V2J26+, V3).</summary>
    WriteMem16 = 0x48,
    /// <summary>INIT_AP (V2J28+, V3): open an AP before accessing it.</summary>
    InitAp = 0x4B,
    /// <summary>CLOSE_AP_DBG (V2J28+, V3).</summary>
    CloseApDbg = 0x4C,
    /// <summary>WRITEMEM_32BIT without address increment (V2J26+, V3).</summary>
    WriteMem32NoAddrInc = 0x50,
    /// <summary>
    /// APIV2 RW_MISC_OUT (with the banked DP registers: V2J32+, V3J2+): a batch of AP operations. Bytes 2-5: the
    /// number of items N; OUT data: N operation bytes padded to a multiple of 4, then N 32-bit values.
    /// </summary>
    RwMiscOut = 0x51,
    /// <summary>APIV2 RW_MISC_IN: the batch's results, N 32-bit values then N 32-bit statuses.</summary>
    RwMiscIn = 0x52,
    /// <summary>READMEM_32BIT without address increment (V2J32+, V3J2+).</summary>
    ReadMem32NoAddrInc = 0x54,
    /// <summary>APIV3 SET_COM_FREQ (V3): frequency in kHz, 8-byte reply with the frequency set.</summary>
    SetComFreq = 0x61,
    /// <summary>APIV3 GET_COM_FREQ (V3): 52-byte reply with the frequency table.</summary>
    GetComFreq = 0x62,
}

/// <summary>
/// The status byte the probe returns (first byte of replies that carry one, and GETLASTRWSTATUS). Values from
/// OpenOCD 0.12 <c>stlink_usb.c</c> (0x09–0x1D, 0x80, 0x81) and probe-rs <c>probe/stlink/constants.rs</c> (0x05,
/// 0x08, 0x0A, 0x41, 0x42). Where the model uses each is said on each value.
/// </summary>
public enum StLinkStatus : byte
{
    /// <summary>JTAG_NO_DEVICE_CONNECTED: nothing answered an access after the connection was made (target silent,
    /// as pyOCD issue #812 shows when a target stops answering).</summary>
    NoDeviceConnected = 0x05,
    /// <summary>JTAG_CMD_ERROR: a parameter the firmware refuses (too long a transfer, SET_COM_FREQ below the lowest frequency).</summary>
    CmdError = 0x08,
    /// <summary>JTAG_ALIGNMENT_ERROR: a 16/32-bit transfer with an address or length not a multiple of its size.</summary>
    AlignmentError = 0x0A,
    /// <summary>JTAG_FREQ_NOT_SUPPORTED: an SWD_SET_FREQ divisor that is not in the table.</summary>
    FreqNotSupported = 0x41,
    /// <summary>JTAG_UNKNOWN_CMD: a debug command this firmware does not have.</summary>
    UnknownCommand = 0x42,
    /// <summary>SWD_AP_WAIT: the AP answered WAIT too many times.</summary>
    SwdApWait = 0x10,
    /// <summary>SWD_AP_FAULT: an AP access was answered FAULT.</summary>
    SwdApFault = 0x11,
    /// <summary>SWD_AP_ERROR: an AP access got no valid ACK.</summary>
    SwdApError = 0x12,
    /// <summary>SWD_AP_PARITY_ERROR: parity error on AP read data.</summary>
    SwdApParityError = 0x13,
    /// <summary>JTAG_GET_IDCODE_ERROR: ENTER or READ_IDCODES got no DPIDR (target unpowered, silent, or JTAG asked:
    /// the board models SWD only). pyOCD reports it as "STLink error (9): Get IDCODE error" for unpowered targets.</summary>
    JtagGetIdcodeError = 0x09,
    /// <summary>JTAG_WRITE_ERROR.</summary>
    JtagWriteError = 0x0C,
    /// <summary>JTAG_WRITE_VERIF_ERROR.</summary>
    JtagWriteVerifError = 0x0D,
    /// <summary>SWD_DP_WAIT.</summary>
    SwdDpWait = 0x14,
    /// <summary>SWD_DP_FAULT: a DP access was answered FAULT.</summary>
    SwdDpFault = 0x15,
    /// <summary>SWD_DP_ERROR: a DP access got no valid ACK (nothing drove the line).</summary>
    SwdDpError = 0x16,
    /// <summary>SWD_DP_PARITY_ERROR.</summary>
    SwdDpParityError = 0x17,
    /// <summary>SWD_AP_WDATA_ERROR.</summary>
    SwdApWDataError = 0x18,
    /// <summary>SWD_AP_STICKY_ERROR: CTRL/STAT.STICKYERR was found set after the access (bus fault on the target).</summary>
    SwdApStickyError = 0x19,
    /// <summary>SWD_AP_STICKYORUN_ERROR.</summary>
    SwdApStickyOrunError = 0x1A,
    /// <summary>BAD_AP_ERROR: the AP number does not exist or was not opened with INIT_AP.</summary>
    BadApError = 0x1D,
    /// <summary>DEBUG_ERR_OK.</summary>
    Ok = 0x80,
    /// <summary>DEBUG_ERR_FAULT: generic failure (DRIVE_NRST with an unknown level, S_REGRDY never set).</summary>
    Fault = 0x81,
}

/// <summary>The probe modes GET_CURRENT_MODE reports.</summary>
public enum StLinkMode : byte
{
    /// <summary>DFU (firmware upgrade) mode.</summary>
    Dfu = 0x00,
    /// <summary>Mass-storage mode: the probe's idle state after enumeration.</summary>
    MassStorage = 0x01,
    /// <summary>Debug (SWD/JTAG) mode.</summary>
    Debug = 0x02,
    /// <summary>SWIM (STM8) mode.</summary>
    Swim = 0x03,
    /// <summary>Bootloader mode.</summary>
    Bootloader = 0x04,
}

/// <summary>
/// Which firmware version introduced each feature (OpenOCD 0.12 <c>stlink_usb_version</c>, the STLINK_F_* flags):
/// the J number for ST-LINK/V2 and V2-1, and for STLINK-V3 (where every V2 feature exists from V3J1).
/// </summary>
public static class StLinkFeatures
{
    /// <summary>Target voltage and SWO trace: V2J13.</summary>
    public const int TargetVoltageV2 = 13;
    /// <summary>GETLASTRWSTATUS2 (status with fault address): V2J15.</summary>
    public const int LastRwStatus2V2 = 15;
    /// <summary>SWD_SET_FREQ: V2J22.</summary>
    public const int SwdSetFreqV2 = 22;
    /// <summary>JTAG_SET_FREQ, READ/WRITE_DAP_REG: V2J24.</summary>
    public const int DapRegV2 = 24;
    /// <summary>16-bit memory access, WRITEMEM_32BIT_NO_ADDR_INC: V2J26.</summary>
    public const int Mem16V2 = 26;
    /// <summary>INIT_AP/CLOSE_AP_DBG required before AP access: V2J28.</summary>
    public const int ApInitV2 = 28;
    /// <summary>CLOSE_AP returns a proper status: V2J29.</summary>
    public const int FixCloseApV2 = 29;
    /// <summary>Banked DP registers, READMEM_32BIT_NO_ADDR_INC, AP number and CSW honoured in memory commands: V2J32.</summary>
    public const int DpBankSelV2 = 32;
    /// <summary>Banked DP registers, AP number and CSW in memory commands on STLINK-V3: V3J2.</summary>
    public const int DpBankSelV3 = 2;
    /// <summary>512-byte 8-bit memory transfers on STLINK-V3: V3J6.</summary>
    public const int Rw8Size512V3 = 6;

    /// <summary>Largest 8-bit transfer on V2/V2-1 (full-speed bulk packet).</summary>
    public const int MaxRw8V2 = 64;
    /// <summary>Largest 8-bit transfer on V3J6+.</summary>
    public const int MaxRw8V3 = 512;
    /// <summary>The probe's data buffer: the largest 16/32-bit transfer.</summary>
    public const int DataBufferSize = 6144;
}
