namespace Stm32.Build.Emulator.Cpu;

/// <summary>The ARMv6-M 32-bit encodings (DDI0419 A5.3): only BL, MSR, MRS, DSB, DMB and ISB exist.</summary>
public sealed partial class CortexMCore
{
    /// <summary>
    /// Decodes a 32-bit instruction on ARMv6-M (DDI0419 A5.3.1 "Branch and miscellaneous control"): op1 = hw1[12:11]
    /// must be 0b10 and hw2[15] set; then BL (hw2[14:12] = 1x1), MSR (hw1[10:4] = 011100x), MRS (011111x) and the
    /// barriers (0111011, hw2[7:4] = 0100/0101/0110). Everything else, UDF.W included, is UNDEFINED: a HardFault.
    /// </summary>
    private void Execute32V6M(uint hw1, uint hw2)
    {
        if (((hw1 >> 11) & 3) != 2 || (hw2 & 0x8000) == 0)
        {
            Undefined();
            return;
        }
        var op1 = (hw1 >> 4) & 0x7F;
        var op2 = (hw2 >> 12) & 7;
        if ((op2 & 5) == 5)
        {
            BranchesAndMiscellaneous(hw1, hw2); // BL
            return;
        }
        if ((op2 & 5) != 0)
        {
            Undefined();
            return;
        }
        switch (op1)
        {
            case 0x38:
            case 0x39:
                MoveToSpecialRegister(hw1 & 0xF, hw2 & 0xFF, (hw2 >> 10) & 3);
                return;
            case 0x3B when ((hw2 >> 4) & 0xF) is 4 or 5 or 6:
                return; // DSB, DMB, ISB: the model has no buffers or pipeline to drain
            case 0x3E:
            case 0x3F:
                MoveFromSpecialRegister((hw2 >> 8) & 0xF, hw2 & 0xFF);
                return;
            default:
                Undefined();
                return;
        }
    }
}
