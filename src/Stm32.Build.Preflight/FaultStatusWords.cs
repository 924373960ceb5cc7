namespace Stm32.Build.Preflight;

/// <summary>The fault status bits in words (ARMv7-M B3.2.15 CFSR: MMFSR, BFSR, UFSR; B3.2.16 HFSR).</summary>
internal static class FaultStatusWords
{
    private static readonly (int Bit, string Text)[] s_cfsr =
    [
        (0, "IACCVIOL: instruction access violation"), (1, "DACCVIOL: data access violation"), (3, "MUNSTKERR"), (4, "MSTKERR"),
        (8, "IBUSERR: instruction bus error"), (9, "PRECISERR: precise data bus error"), (10, "IMPRECISERR: imprecise data bus error"),
        (11, "UNSTKERR"), (12, "STKERR: bus error while stacking"), (16, "UNDEFINSTR: undefined instruction"),
        (17, "INVSTATE: invalid state (Thumb bit clear)"), (18, "INVPC: invalid EXC_RETURN"), (19, "NOCP: coprocessor disabled"),
        (24, "UNALIGNED: unaligned access"), (25, "DIVBYZERO: division by zero"),
    ];

    /// <summary>"": none set; otherwise " (PRECISERR: precise data bus error at 0x30048000; FORCED: escalated to HardFault)".</summary>
    public static string Describe(uint cfsr, uint hfsr, uint bfar)
    {
        var words = new List<string>();
        foreach (var (bit, text) in s_cfsr)
        {
            if ((cfsr & (1u << bit)) != 0)
            {
                words.Add(bit == 9 && (cfsr & (1u << 15)) != 0 ? $"{text} at 0x{bfar:X8}" : text);
            }
        }
        if ((hfsr & (1u << 30)) != 0)
        {
            words.Add("FORCED: escalated to HardFault");
        }
        if ((hfsr & (1u << 1)) != 0)
        {
            words.Add("VECTTBL: vector table read failed");
        }
        return words.Count == 0 ? "" : " (" + string.Join("; ", words) + ")";
    }
}
