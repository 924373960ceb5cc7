namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// Addresses on a Cortex-M private peripheral bus that the halt-only core answers (ARMv7-M B3.2 System Control
/// Space, C1.6 debug registers, C1.8 DWT, C1.11 FPB; the Cortex-M7/M4 TRMs for MVFR values and ACTLR).
/// </summary>
public enum PpbRegister : uint
{
    /// <summary>ICTR, Interrupt Controller Type Register (B3.4.3).</summary>
    ICTR = 0xE000_E004,
    /// <summary>ACTLR, Auxiliary Control Register (B3.2.1, implementation defined).</summary>
    ACTLR = 0xE000_E008,
    /// <summary>SYST_CSR, SysTick Control and Status (B3.3.3).</summary>
    SYST_CSR = 0xE000_E010,
    /// <summary>SYST_RVR, SysTick Reload Value.</summary>
    SYST_RVR = 0xE000_E014,
    /// <summary>SYST_CVR, SysTick Current Value.</summary>
    SYST_CVR = 0xE000_E018,
    /// <summary>SYST_CALIB, SysTick Calibration (read-only).</summary>
    SYST_CALIB = 0xE000_E01C,
    /// <summary>CPUID Base Register (B3.2.3), read-only.</summary>
    CPUID = 0xE000_ED00,
    /// <summary>ICSR, Interrupt Control and State (B3.2.4).</summary>
    ICSR = 0xE000_ED04,
    /// <summary>VTOR, Vector Table Offset (B3.2.5).</summary>
    VTOR = 0xE000_ED08,
    /// <summary>AIRCR, Application Interrupt and Reset Control (B3.2.6): VECTKEY 0x05FA on writes.</summary>
    AIRCR = 0xE000_ED0C,
    /// <summary>SCR, System Control Register (B3.2.7).</summary>
    SCR = 0xE000_ED10,
    /// <summary>CCR, Configuration and Control (B3.2.8).</summary>
    CCR = 0xE000_ED14,
    /// <summary>SHPR1, System Handler Priority 1.</summary>
    SHPR1 = 0xE000_ED18,
    /// <summary>SHPR2.</summary>
    SHPR2 = 0xE000_ED1C,
    /// <summary>SHPR3.</summary>
    SHPR3 = 0xE000_ED20,
    /// <summary>SHCSR, System Handler Control and State.</summary>
    SHCSR = 0xE000_ED24,
    /// <summary>CFSR, Configurable Fault Status (write-one-to-clear).</summary>
    CFSR = 0xE000_ED28,
    /// <summary>HFSR, HardFault Status (write-one-to-clear).</summary>
    HFSR = 0xE000_ED2C,
    /// <summary>DFSR, Debug Fault Status (C1.6.1; write-one-to-clear).</summary>
    DFSR = 0xE000_ED30,
    /// <summary>MMFAR, MemManage Fault Address.</summary>
    MMFAR = 0xE000_ED34,
    /// <summary>BFAR, BusFault Address.</summary>
    BFAR = 0xE000_ED38,
    /// <summary>AFSR, Auxiliary Fault Status.</summary>
    AFSR = 0xE000_ED3C,
    /// <summary>CPACR, Coprocessor Access Control (B3.2.20).</summary>
    CPACR = 0xE000_ED88,
    /// <summary>DHCSR, Debug Halting Control and Status (C1.6.3).</summary>
    DHCSR = 0xE000_EDF0,
    /// <summary>DCRSR, Debug Core Register Selector (C1.6.4), write-only.</summary>
    DCRSR = 0xE000_EDF4,
    /// <summary>DCRDR, Debug Core Register Data (C1.6.5).</summary>
    DCRDR = 0xE000_EDF8,
    /// <summary>DEMCR, Debug Exception and Monitor Control (C1.6.6).</summary>
    DEMCR = 0xE000_EDFC,
    /// <summary>STIR, Software Triggered Interrupt (write-only).</summary>
    STIR = 0xE000_EF00,
    /// <summary>FPCCR, Floating-point Context Control (B3.2.21).</summary>
    FPCCR = 0xE000_EF34,
    /// <summary>FPCAR, Floating-point Context Address.</summary>
    FPCAR = 0xE000_EF38,
    /// <summary>FPDSCR, Floating-point Default Status Control.</summary>
    FPDSCR = 0xE000_EF3C,
    /// <summary>MVFR0, Media and VFP Feature Register 0 (B4.6; read-only).</summary>
    MVFR0 = 0xE000_EF40,
    /// <summary>MVFR1, Media and VFP Feature Register 1 (read-only).</summary>
    MVFR1 = 0xE000_EF44,
    /// <summary>MVFR2 (ARMv7E-M with FPv5, Cortex-M7; read-only).</summary>
    MVFR2 = 0xE000_EF48,
    /// <summary>DWT_CTRL (C1.8.7): NUMCOMP in bits 31:28.</summary>
    DWT_CTRL = 0xE000_1000,
    /// <summary>DWT_CYCCNT, cycle counter.</summary>
    DWT_CYCCNT = 0xE000_1004,
    /// <summary>FP_CTRL (C1.11.3): NUM_CODE, NUM_LIT, KEY, ENABLE.</summary>
    FP_CTRL = 0xE000_2000,
    /// <summary>FP_REMAP (C1.11.4).</summary>
    FP_REMAP = 0xE000_2004,
}

/// <summary>The REGSEL values of DCRSR (ARMv7-M C1.6.4, table C1-9), i.e. which core register a debugger transfers.</summary>
public enum CoreRegisterSelector : uint
{
    /// <summary>R0; R1..R12 follow as 1..12.</summary>
    R0 = 0,
    /// <summary>The current stack pointer (R13).</summary>
    SP = 13,
    /// <summary>LR (R14).</summary>
    LR = 14,
    /// <summary>DebugReturnAddress: the PC the core resumes at (R15).</summary>
    DebugReturnAddress = 15,
    /// <summary>xPSR.</summary>
    XPSR = 16,
    /// <summary>Main stack pointer.</summary>
    MSP = 17,
    /// <summary>Process stack pointer.</summary>
    PSP = 18,
    /// <summary>CONTROL[31:24], FAULTMASK[23:16], BASEPRI[15:8], PRIMASK[7:0].</summary>
    Special = 20,
    /// <summary>FPSCR (with the floating-point extension).</summary>
    FPSCR = 33,
    /// <summary>S0; S1..S31 follow as 65..95.</summary>
    S0 = 64,
}

/// <summary>DHCSR bits (ARMv7-M C1.6.3). Writes need <see cref="DebugKey"/> in bits 31:16.</summary>
internal static class DhcsrBits
{
    /// <summary>DBGKEY: a write is ignored unless bits 31:16 hold 0xA05F.</summary>
    public const uint DebugKey = 0xA05F;
    /// <summary>C_DEBUGEN, bit 0, RW.</summary>
    public const uint C_DEBUGEN = 1u << 0;
    /// <summary>C_HALT, bit 1, RW.</summary>
    public const uint C_HALT = 1u << 1;
    /// <summary>C_STEP, bit 2, RW.</summary>
    public const uint C_STEP = 1u << 2;
    /// <summary>C_MASKINTS, bit 3, RW.</summary>
    public const uint C_MASKINTS = 1u << 3;
    /// <summary>C_SNAPSTALL, bit 5, RW.</summary>
    public const uint C_SNAPSTALL = 1u << 5;
    /// <summary>The control bits a keyed write sets.</summary>
    public const uint ControlMask = C_DEBUGEN | C_HALT | C_STEP | C_MASKINTS | C_SNAPSTALL;
    /// <summary>S_REGRDY, bit 16, RO.</summary>
    public const uint S_REGRDY = 1u << 16;
    /// <summary>S_HALT, bit 17, RO.</summary>
    public const uint S_HALT = 1u << 17;
    /// <summary>S_SLEEP, bit 18, RO.</summary>
    public const uint S_SLEEP = 1u << 18;
    /// <summary>S_LOCKUP, bit 19, RO.</summary>
    public const uint S_LOCKUP = 1u << 19;
    /// <summary>S_RETIRE_ST, bit 24, RO, cleared on read.</summary>
    public const uint S_RETIRE_ST = 1u << 24;
    /// <summary>S_RESET_ST, bit 25, RO, cleared on read.</summary>
    public const uint S_RESET_ST = 1u << 25;
}

/// <summary>DEMCR bits (ARMv7-M C1.6.6).</summary>
internal static class DemcrBits
{
    /// <summary>VC_CORERESET, bit 0: halt on leaving reset (Reset Vector Catch).</summary>
    public const uint VC_CORERESET = 1u << 0;
    /// <summary>VC_HARDERR, bit 10: halt on a HardFault.</summary>
    public const uint VC_HARDERR = 1u << 10;
    /// <summary>TRCENA, bit 24: enables DWT and ITM.</summary>
    public const uint TRCENA = 1u << 24;
    /// <summary>The writable bits: VC_CORERESET, VC_MMERR..VC_HARDERR (4..10), MON_EN..MON_REQ (16..19), TRCENA.</summary>
    public const uint WritableMask = 0x010F_07F1;
}

/// <summary>DFSR bits (ARMv7-M C1.6.1): write one to clear.</summary>
internal static class DfsrBits
{
    /// <summary>HALTED, bit 0: halt request or step.</summary>
    public const uint HALTED = 1u << 0;
    /// <summary>BKPT, bit 1.</summary>
    public const uint BKPT = 1u << 1;
    /// <summary>DWTTRAP, bit 2.</summary>
    public const uint DWTTRAP = 1u << 2;
    /// <summary>VCATCH, bit 3: a vector catch halted the core.</summary>
    public const uint VCATCH = 1u << 3;
    /// <summary>EXTERNAL, bit 4.</summary>
    public const uint EXTERNAL = 1u << 4;
}

/// <summary>AIRCR fields (ARMv7-M B3.2.6).</summary>
internal static class AircrBits
{
    /// <summary>VECTKEY a write must carry in bits 31:16.</summary>
    public const uint VectKey = 0x05FA;
    /// <summary>VECTKEYSTAT read back in bits 31:16.</summary>
    public const uint VectKeyStat = 0xFA05;
    /// <summary>VECTRESET, bit 0: local reset (ARMv7-M; debug use).</summary>
    public const uint VECTRESET = 1u << 0;
    /// <summary>VECTCLRACTIVE, bit 1.</summary>
    public const uint VECTCLRACTIVE = 1u << 1;
    /// <summary>SYSRESETREQ, bit 2: asks the system for a reset.</summary>
    public const uint SYSRESETREQ = 1u << 2;
    /// <summary>PRIGROUP, bits 10:8.</summary>
    public const uint PRIGROUP = 0x7u << 8;
}
