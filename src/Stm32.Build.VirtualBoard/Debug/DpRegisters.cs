namespace Stm32.Build.VirtualBoard.Debug;

/// <summary>SW-DP register addresses A[3:2] (ADIv5.2 IHI0031, B2.2 "DP register descriptions", table B2-1).</summary>
public enum DpRegister : byte
{
    /// <summary>Read: DPIDR (B2.2.5). Write: ABORT (B2.2.1).</summary>
    DpidrAbort = 0x0,
    /// <summary>CTRL/STAT (DPBANKSEL 0), DLCR (1), TARGETID (2), DLPIDR (3), EVENTSTAT (4) (B2.2.2–B2.2.10).</summary>
    Banked = 0x4,
    /// <summary>Read: RESEND (B2.2.8). Write: SELECT (B2.2.9).</summary>
    ResendSelect = 0x8,
    /// <summary>Read: RDBUFF (B2.2.7). Write: TARGETSEL (B2.2.12, only meaningful right after a line reset).</summary>
    RdbuffTargetsel = 0xC,
}

/// <summary>ABORT bits (ADIv5.2 B2.2.1): write-one-to-clear requests.</summary>
[Flags]
public enum DpAbort : uint
{
    /// <summary>Bit 0: aborts the current AP transaction.</summary>
    DapAbort = 1u << 0,
    /// <summary>Bit 1: clears CTRL/STAT.STICKYCMP.</summary>
    StkCmpClr = 1u << 1,
    /// <summary>Bit 2: clears CTRL/STAT.STICKYERR.</summary>
    StkErrClr = 1u << 2,
    /// <summary>Bit 3: clears CTRL/STAT.WDATAERR.</summary>
    WdErrClr = 1u << 3,
    /// <summary>Bit 4: clears CTRL/STAT.STICKYORUN.</summary>
    OrunErrClr = 1u << 4,
}

/// <summary>CTRL/STAT fields (ADIv5.2 B2.2.2): bit position and access side by side.</summary>
[Flags]
public enum DpCtrlStat : uint
{
    /// <summary>Bit 0, RW: overrun detection enable.</summary>
    OrunDetect = 1u << 0,
    /// <summary>Bit 1, RO (cleared by ABORT.ORUNERRCLR): an overrun occurred.</summary>
    StickyOrun = 1u << 1,
    /// <summary>Bit 4, RO (cleared by ABORT.STKCMPCLR): a pushed compare matched (pushed operations are not modelled).</summary>
    StickyCmp = 1u << 4,
    /// <summary>Bit 5, RO (cleared by ABORT.STKERRCLR): an AP transaction failed.</summary>
    StickyErr = 1u << 5,
    /// <summary>Bit 6, RO: the last AP or RDBUFF read was OK.</summary>
    ReadOk = 1u << 6,
    /// <summary>Bit 7, RO (cleared by ABORT.WDERRCLR): write data error (parity or framing; never produced by the model).</summary>
    WDataErr = 1u << 7,
    /// <summary>Bit 26, RW: debug reset request.</summary>
    CDbgRstReq = 1u << 26,
    /// <summary>Bit 27, RO: debug reset acknowledge.</summary>
    CDbgRstAck = 1u << 27,
    /// <summary>Bit 28, RW: debug power-up request.</summary>
    CDbgPwrUpReq = 1u << 28,
    /// <summary>Bit 29, RO: debug power-up acknowledge.</summary>
    CDbgPwrUpAck = 1u << 29,
    /// <summary>Bit 30, RW: system power-up request.</summary>
    CSysPwrUpReq = 1u << 30,
    /// <summary>Bit 31, RO: system power-up acknowledge.</summary>
    CSysPwrUpAck = 1u << 31,
}

/// <summary>MEM-AP register offsets (ADIv5.2 C2.6, table C2-6); the AP address is APBANKSEL:A[3:2].</summary>
public enum MemApRegister : byte
{
    /// <summary>Control/Status Word.</summary>
    Csw = 0x00,
    /// <summary>Transfer Address.</summary>
    Tar = 0x04,
    /// <summary>TAR upper word (large physical addresses; not implemented on the H7, reads zero).</summary>
    TarHigh = 0x08,
    /// <summary>Data Read/Write.</summary>
    Drw = 0x0C,
    /// <summary>Banked Data 0 (TAR[31:4] + 0x0).</summary>
    Bd0 = 0x10,
    /// <summary>Banked Data 1.</summary>
    Bd1 = 0x14,
    /// <summary>Banked Data 2.</summary>
    Bd2 = 0x18,
    /// <summary>Banked Data 3.</summary>
    Bd3 = 0x1C,
    /// <summary>Memory Barrier Transfer (not implemented, RAZ/WI).</summary>
    Mbt = 0x20,
    /// <summary>Configuration (big-endian, large address, large data: all 0 on the H7).</summary>
    Cfg = 0xF4,
    /// <summary>Debug base address (ROM table).</summary>
    Base = 0xF8,
    /// <summary>Identification Register.</summary>
    Idr = 0xFC,
}
