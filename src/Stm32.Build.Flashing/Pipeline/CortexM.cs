namespace Stm32.Build.Flashing.Pipeline;

/// <summary>
/// The ARMv7-M debug registers the pipeline uses, reached through a core's MEM-AP (ARMv7-M Architecture Reference
/// Manual DDI 0403E: C1.6.2 DHCSR, C1.6.3 DCRSR, C1.6.5 DEMCR, B3.2.6 AIRCR).
/// </summary>
internal static class CortexM
{
    /// <summary>DHCSR.</summary>
    public const uint Dhcsr = 0xE000_EDF0;
    /// <summary>DEMCR.</summary>
    public const uint Demcr = 0xE000_EDFC;
    /// <summary>AIRCR.</summary>
    public const uint Aircr = 0xE000_ED0C;
    /// <summary>DHCSR.DBGKEY (0xA05F in bits 31:16) for writes.</summary>
    public const uint DbgKey = 0xA05F_0000;
    /// <summary>DHCSR.C_DEBUGEN.</summary>
    public const uint CDebugEn = 1u << 0;
    /// <summary>DHCSR.C_HALT.</summary>
    public const uint CHalt = 1u << 1;
    /// <summary>DHCSR.S_HALT.</summary>
    public const uint SHalt = 1u << 17;
    /// <summary>DHCSR.S_LOCKUP.</summary>
    public const uint SLockup = 1u << 19;
    /// <summary>DHCSR.S_RESET_ST (sticky, cleared by reading).</summary>
    public const uint SResetSt = 1u << 25;
    /// <summary>DEMCR.VC_CORERESET: halt on the reset vector.</summary>
    public const uint VcCoreReset = 1u << 0;
    /// <summary>AIRCR.VECTKEY (0x05FA in bits 31:16).</summary>
    public const uint VectKey = 0x05FA_0000;
    /// <summary>AIRCR.SYSRESETREQ.</summary>
    public const uint SysResetReq = 1u << 2;
    /// <summary>DCRSR.REGSEL of the stack pointer (R13).</summary>
    public const int RegSp = 13;
    /// <summary>DCRSR.REGSEL of the debug return address (PC).</summary>
    public const int RegPc = 15;

    /// <summary>
    /// DBGMCU_CR (RM0399 61.5.2, offset 0x04) bits set before connecting under reset or to a sleeping target:
    /// DBGSLEEP_D1, DBGSTOP_D1, DBGSTBY_D1 (0..2), D1DBGCKEN (21), D3DBGCKEN (22) — the debug clocks stay on
    /// and low-power modes keep the debug port alive (the same bits OpenOCD's stm32h7x.cfg sets through AP2).
    /// </summary>
    public const uint DbgmcuCrDebugBits = 0x7u | (1u << 21) | (1u << 22);

    /// <summary>The offset of DBGMCU_CR from DBGMCU_IDC.</summary>
    public const uint DbgmcuCrOffset = 0x04;
}
