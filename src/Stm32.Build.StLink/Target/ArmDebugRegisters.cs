namespace Stm32.Build.StLink.Target;

/// <summary>
/// The ARMv7-M debug and system-control registers the driver uses (ARMv7-M Architecture Reference Manual,
/// ARM DDI 0403E: C1.6 Debug system registers, B3.2 System Control Space).
/// </summary>
public static class ArmDebugRegisters
{
    /// <summary>CPUID, B3.2.3.</summary>
    public const uint Cpuid = 0xE000ED00;
    /// <summary>AIRCR, B3.2.6.</summary>
    public const uint Aircr = 0xE000ED0C;
    /// <summary>DHCSR, C1.6.2.</summary>
    public const uint Dhcsr = 0xE000EDF0;
    /// <summary>DCRSR, C1.6.3.</summary>
    public const uint Dcrsr = 0xE000EDF4;
    /// <summary>DCRDR, C1.6.4.</summary>
    public const uint Dcrdr = 0xE000EDF8;
    /// <summary>DEMCR, C1.6.5.</summary>
    public const uint Demcr = 0xE000EDFC;

    /// <summary>DHCSR.DBGKEY: writes take effect only with 0xA05F in bits 31:16.</summary>
    public const uint DbgKey = 0xA05F0000;
    /// <summary>DHCSR.C_DEBUGEN (bit 0).</summary>
    public const uint CDebugEn = 1u << 0;
    /// <summary>DHCSR.C_HALT (bit 1).</summary>
    public const uint CHalt = 1u << 1;
    /// <summary>DHCSR.C_STEP (bit 2).</summary>
    public const uint CStep = 1u << 2;
    /// <summary>DHCSR.C_MASKINTS (bit 3).</summary>
    public const uint CMaskInts = 1u << 3;
    /// <summary>DHCSR.S_REGRDY (bit 16): a DCRSR transfer completed.</summary>
    public const uint SRegRdy = 1u << 16;
    /// <summary>DHCSR.S_HALT (bit 17).</summary>
    public const uint SHalt = 1u << 17;
    /// <summary>DHCSR.S_SLEEP (bit 18).</summary>
    public const uint SSleep = 1u << 18;
    /// <summary>DHCSR.S_LOCKUP (bit 19).</summary>
    public const uint SLockup = 1u << 19;
    /// <summary>DHCSR.S_RETIRE_ST (bit 24, sticky).</summary>
    public const uint SRetireSt = 1u << 24;
    /// <summary>DHCSR.S_RESET_ST (bit 25, sticky): the core was reset since DHCSR was last read.</summary>
    public const uint SResetSt = 1u << 25;

    /// <summary>DCRSR.REGWnR (bit 16): 1 = write.</summary>
    public const uint RegWnR = 1u << 16;

    /// <summary>DEMCR.VC_CORERESET (bit 0): halt on reset vector catch.</summary>
    public const uint VcCoreReset = 1u << 0;
    /// <summary>DEMCR.TRCENA (bit 24).</summary>
    public const uint TrcEna = 1u << 24;

    /// <summary>AIRCR.VECTKEY: writes need 0x05FA in bits 31:16.</summary>
    public const uint VectKey = 0x05FA0000;
    /// <summary>AIRCR.VECTRESET (bit 0): local core reset (ARMv7-M, debug use only).</summary>
    public const uint VectReset = 1u << 0;
    /// <summary>AIRCR.SYSRESETREQ (bit 2): system reset request.</summary>
    public const uint SysResetReq = 1u << 2;
}

/// <summary>Core registers by their DCRSR.REGSEL number (ARMv7-M C1.6.3).</summary>
public enum CoreRegister
{
    /// <summary>R0.</summary>
    R0 = 0,
    /// <summary>R1.</summary>
    R1 = 1,
    /// <summary>R2.</summary>
    R2 = 2,
    /// <summary>R3.</summary>
    R3 = 3,
    /// <summary>R4.</summary>
    R4 = 4,
    /// <summary>R5.</summary>
    R5 = 5,
    /// <summary>R6.</summary>
    R6 = 6,
    /// <summary>R7.</summary>
    R7 = 7,
    /// <summary>R8.</summary>
    R8 = 8,
    /// <summary>R9.</summary>
    R9 = 9,
    /// <summary>R10.</summary>
    R10 = 10,
    /// <summary>R11.</summary>
    R11 = 11,
    /// <summary>R12.</summary>
    R12 = 12,
    /// <summary>The current stack pointer (R13).</summary>
    SP = 13,
    /// <summary>The link register (R14).</summary>
    LR = 14,
    /// <summary>DebugReturnAddress: the program counter while halted.</summary>
    PC = 15,
    /// <summary>xPSR.</summary>
    XPsr = 16,
    /// <summary>The main stack pointer.</summary>
    Msp = 17,
    /// <summary>The process stack pointer.</summary>
    Psp = 18,
    /// <summary>CONTROL (bits 31:24), FAULTMASK (23:16), BASEPRI (15:8) and PRIMASK (7:0) packed.</summary>
    ControlFaultmaskBasepriPrimask = 20,
    /// <summary>FPSCR (with the floating-point extension).</summary>
    Fpscr = 33,
}

/// <summary>What DHCSR says about a core.</summary>
/// <param name="Dhcsr">The raw DHCSR value.</param>
public readonly record struct CoreStatus(uint Dhcsr)
{
    /// <summary>In debug state.</summary>
    public bool IsHalted => (Dhcsr & ArmDebugRegisters.SHalt) != 0;
    /// <summary>Sleeping (WFI/WFE).</summary>
    public bool IsSleeping => (Dhcsr & ArmDebugRegisters.SSleep) != 0;
    /// <summary>Locked up.</summary>
    public bool IsLockedUp => (Dhcsr & ArmDebugRegisters.SLockup) != 0;
    /// <summary>Reset since DHCSR was last read (sticky, cleared by the read).</summary>
    public bool WasReset => (Dhcsr & ArmDebugRegisters.SResetSt) != 0;
    /// <summary>Halting debug enabled.</summary>
    public bool DebugEnabled => (Dhcsr & ArmDebugRegisters.CDebugEn) != 0;

    /// <inheritdoc />
    public override string ToString() =>
        IsLockedUp ? "locked up" : IsHalted ? "halted" : IsSleeping ? "sleeping" : "running";
}
