namespace Stm32.Build.Preflight;

/// <summary>
/// Which bits a polling loop tests, from the Thumb instructions right after its load (ARMv7-M ARM A7.7: TST/AND
/// immediate T1 with ThumbExpandImm A5.3.2, UBFX T1, LSLS/LSRS immediate followed by a conditional branch on N or C,
/// MOVS immediate then TST/ANDS register). Compilers test a ready flag in one of these ways at -O0, -Og, -O2 and -Os.
/// Null when the test is something else (the message then names the register and the value read).
/// </summary>
internal static class PolledBits
{
    /// <summary>The mask tested after the load at <paramref name="loadPc"/>, reading code through <paramref name="halfword"/>.</summary>
    public static uint? Mask(Func<uint, ushort?> halfword, uint loadPc)
    {
        var pc = loadPc & ~1u;
        if (halfword(pc) is not { } first)
        {
            return null;
        }
        pc += Is32Bit(first) ? 4u : 2u;
        uint? movsImmediate = null;
        for (var i = 0; i < 4; i++)
        {
            if (halfword(pc) is not { } hw1)
            {
                return null;
            }
            if (Is32Bit(hw1))
            {
                if (halfword(pc + 2) is not { } hw2)
                {
                    return null;
                }
                // TST/AND (immediate) T1: 11110 i 0 0000 S Rn | 0 imm3 Rd imm8 (TST is ANDS with Rd = 1111).
                if ((hw1 & 0xFBE0) == 0xF000 && (hw2 & 0x8000) == 0)
                {
                    var imm12 = (uint)(((hw1 >> 10) & 1) << 11 | ((hw2 >> 12) & 7) << 8 | (hw2 & 0xFF));
                    return ThumbExpandImm(imm12);
                }
                // UBFX T1: 11110 0 11 110 0 Rn | 0 imm3 Rd imm2 0 widthm1.
                if ((hw1 & 0xFBF0) == 0xF3C0 && (hw2 & 0x8000) == 0)
                {
                    var lsb = ((hw2 >> 12) & 7) << 2 | ((hw2 >> 6) & 3);
                    var width = (hw2 & 0x1F) + 1;
                    return width >= 32 ? 0xFFFF_FFFFu : ((1u << width) - 1) << lsb;
                }
                return null;
            }
            // LSLS Rd, Rm, #imm5 (T1 000 00): the tested bit moves to N (31) or out to C.
            if ((hw1 & 0xF800) == 0x0000 && ((hw1 >> 6) & 0x1F) is var shl and > 0)
            {
                return BranchCondition(halfword(pc + 2)) switch
                {
                    4 or 5 => 1u << (31 - shl),
                    2 or 3 => 1u << (32 - shl),
                    _ => null,
                };
            }
            // LSRS Rd, Rm, #imm5 (T1 000 01; 0 means 32): the last bit shifted out lands in C.
            if ((hw1 & 0xF800) == 0x0800)
            {
                var shr = ((hw1 >> 6) & 0x1F) is var n and > 0 ? n : 32;
                return BranchCondition(halfword(pc + 2)) is 2 or 3 ? 1u << (shr - 1) : null;
            }
            // MOVS Rd, #imm8 (T1 001 00), then TST Rn, Rm (0100 0010 00) or ANDS Rdn, Rm (0100 0000 00).
            if ((hw1 & 0xF800) == 0x2000)
            {
                movsImmediate = hw1 & 0xFFu;
            }
            else if (((hw1 & 0xFFC0) == 0x4200 || (hw1 & 0xFFC0) == 0x4000) && movsImmediate is { } mask)
            {
                return mask;
            }
            pc += 2;
        }
        return null;
    }

    /// <summary>The condition of a 16-bit conditional branch (B T1: 1101 cond imm8), or -1.</summary>
    private static int BranchCondition(ushort? hw) => hw is { } h && (h & 0xF000) == 0xD000 && ((h >> 8) & 0xF) < 14 ? (h >> 8) & 0xF : -1;

    /// <summary>A 32-bit Thumb instruction starts with 0b11101, 0b11110 or 0b11111 (ARMv7-M A5.1).</summary>
    private static bool Is32Bit(ushort hw) => (hw >> 11) is 0x1D or 0x1E or 0x1F;

    /// <summary>ThumbExpandImm (ARMv7-M A5.3.2).</summary>
    internal static uint ThumbExpandImm(uint imm12)
    {
        var imm8 = imm12 & 0xFF;
        if ((imm12 >> 10) == 0)
        {
            return ((imm12 >> 8) & 3) switch
            {
                0 => imm8,
                1 => imm8 << 16 | imm8,
                2 => imm8 << 24 | imm8 << 8,
                _ => imm8 << 24 | imm8 << 16 | imm8 << 8 | imm8,
            };
        }
        var unrotated = 0x80 | (imm12 & 0x7F);
        var rotation = (int)(imm12 >> 7);
        return unrotated >> rotation | unrotated << (32 - rotation);
    }
}
