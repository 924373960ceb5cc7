using Stm32.Build.StLink.Target;

namespace Stm32.Build.Flashing.Pipeline;

/// <summary>
/// What the pipeline adds to the driver's <see cref="ArmDebugRegisters"/> (ARMv7-M DDI 0403E C1.6, B3.2): the core
/// register numbers it reads, and the STM32H7 DBGMCU bits it sets.
/// </summary>
internal static class CortexM
{
    /// <summary>DCRSR.REGSEL of the stack pointer (R13).</summary>
    public const int RegSp = (int)CoreRegister.SP;
    /// <summary>DCRSR.REGSEL of the debug return address (PC).</summary>
    public const int RegPc = (int)CoreRegister.PC;

    /// <summary>
    /// DBGMCU_CR (RM0399 61.5.2, offset 0x04) bits set before connecting under reset or to a sleeping target:
    /// DBGSLEEP_D1, DBGSTOP_D1, DBGSTBY_D1 (0..2), D1DBGCKEN (21), D3DBGCKEN (22) — the debug clocks stay on
    /// and low-power modes keep the debug port alive (the same bits OpenOCD's stm32h7x.cfg sets through AP2).
    /// </summary>
    public const uint DbgmcuCrDebugBits = 0x7u | (1u << 21) | (1u << 22);

    /// <summary>The offset of DBGMCU_CR from DBGMCU_IDC.</summary>
    public const uint DbgmcuCrOffset = 0x04;
}
