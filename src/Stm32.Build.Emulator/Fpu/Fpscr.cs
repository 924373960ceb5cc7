namespace Stm32.Build.Emulator.Fpu;

/// <summary>
/// The FP status and control register fields (ARMv7-M ARM DDI0403E A2.5.3 "Floating-point Status and Control
/// Register, FPSCR"). The M profile has no trap enables, no QC bit and no vector length/stride fields.
/// </summary>
public static class Fpscr
{
    /// <summary>N flag of the last comparison (bit 31).</summary>
    public const uint N = 1u << 31;
    /// <summary>Z flag (bit 30).</summary>
    public const uint Z = 1u << 30;
    /// <summary>C flag (bit 29).</summary>
    public const uint C = 1u << 29;
    /// <summary>V flag (bit 28).</summary>
    public const uint V = 1u << 28;
    /// <summary>Alternative half-precision format (bit 26).</summary>
    public const uint Ahp = 1u << 26;
    /// <summary>Default NaN mode (bit 25).</summary>
    public const uint Dn = 1u << 25;
    /// <summary>Flush-to-zero mode (bit 24).</summary>
    public const uint Fz = 1u << 24;
    /// <summary>Rounding mode field position (bits 23:22): 00 nearest, 01 +inf, 10 -inf, 11 zero.</summary>
    public const int RModeShift = 22;
    /// <summary>Rounding mode field mask.</summary>
    public const uint RModeMask = 3u << RModeShift;
    /// <summary>Input denormal cumulative flag (bit 7).</summary>
    public const uint Idc = 1u << 7;
    /// <summary>Inexact cumulative flag (bit 4).</summary>
    public const uint Ixc = 1u << 4;
    /// <summary>Underflow cumulative flag (bit 3).</summary>
    public const uint Ufc = 1u << 3;
    /// <summary>Overflow cumulative flag (bit 2).</summary>
    public const uint Ofc = 1u << 2;
    /// <summary>Division by zero cumulative flag (bit 1).</summary>
    public const uint Dzc = 1u << 1;
    /// <summary>Invalid operation cumulative flag (bit 0).</summary>
    public const uint Ioc = 1u << 0;

    /// <summary>The bits software can write on an M-profile FPU: NZCV, AHP, DN, FZ, RMode and the cumulative flags.</summary>
    public const uint WritableMask = N | Z | C | V | Ahp | Dn | Fz | RModeMask | Idc | Ixc | Ufc | Ofc | Dzc | Ioc;
}

/// <summary>How a result is rounded (FPSCR.RMode values 0–3, plus ties-away for VRINTA/VCVTA).</summary>
public enum FpRounding
{
    /// <summary>Round to nearest, ties to even (RN).</summary>
    TiesToEven = 0,
    /// <summary>Round towards plus infinity (RP).</summary>
    TowardPlusInfinity = 1,
    /// <summary>Round towards minus infinity (RM).</summary>
    TowardMinusInfinity = 2,
    /// <summary>Round towards zero (RZ).</summary>
    TowardZero = 3,
    /// <summary>Round to nearest, ties away from zero (FPv5 VRINTA, VCVTA only).</summary>
    TiesAway = 4,
}
