namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// The architectural register state of one ARMv7-M core (DDI0403E B1.4): the general-purpose registers,
/// the program status register split into its fields, the banked stack pointers, the special registers and
/// the FP extension's registers (S0–S31 / D0–D15, FPSCR), which live here so that exception entry can stack them.
/// </summary>
/// <remarks>
/// While an instruction executes, <c>R[15]</c> reads as the instruction's address + 4 (the architectural
/// PC value, A5.1.2); an instruction executor never writes <c>R[15]</c> directly: branches go through the core.
/// <c>R[13]</c> is the active stack pointer; the inactive one is kept in <see cref="BankedSp"/>.
/// </remarks>
public sealed class CpuState
{
    /// <summary>R0–R15. R13 is the active stack pointer (MSP or PSP), R15 the PC.</summary>
    public readonly uint[] R = new uint[16];

    /// <summary>APSR.N (negative).</summary>
    public bool N;
    /// <summary>APSR.Z (zero).</summary>
    public bool Z;
    /// <summary>APSR.C (carry).</summary>
    public bool C;
    /// <summary>APSR.V (overflow).</summary>
    public bool V;
    /// <summary>APSR.Q (sticky saturation).</summary>
    public bool Q;
    /// <summary>APSR.GE[3:0] (SIMD greater-or-equal flags), bits 3:0 of this field.</summary>
    public uint GE;
    /// <summary>EPSR ITSTATE (IT[7:0]); 0 outside an IT block (A7.3).</summary>
    public uint ItState;
    /// <summary>EPSR.T: the Thumb bit. Executing with T clear raises an INVSTATE UsageFault.</summary>
    public bool Thumb = true;
    /// <summary>IPSR: the exception number being handled, 0 in Thread mode.</summary>
    public uint Ipsr;

    /// <summary>The stack pointer that is not currently in R13 (PSP when MSP is active and vice versa).</summary>
    public uint BankedSp;

    /// <summary>PRIMASK bit 0.</summary>
    public uint Primask;
    /// <summary>FAULTMASK bit 0.</summary>
    public uint Faultmask;
    /// <summary>BASEPRI[7:0].</summary>
    public uint Basepri;
    /// <summary>CONTROL: bit 0 nPRIV, bit 1 SPSEL, bit 2 FPCA (B1.4.4).</summary>
    public uint Control;

    /// <summary>FP registers S0–S31; D<i>n</i> is S[2n] (low word) and S[2n+1] (high word) (A2.5.2).</summary>
    public readonly uint[] S = new uint[32];
    /// <summary>FPSCR (A2.5.3).</summary>
    public uint Fpscr;

    /// <summary>Whether the FP unit implements double precision (FPv5-D16 on a Cortex-M7; false for the Cortex-M4's FPv4-SP).</summary>
    public bool DoublePrecisionFpu { get; init; }

    /// <summary>CONTROL.nPRIV.</summary>
    public const uint ControlNPriv = 1u << 0;
    /// <summary>CONTROL.SPSEL.</summary>
    public const uint ControlSpsel = 1u << 1;
    /// <summary>CONTROL.FPCA.</summary>
    public const uint ControlFpca = 1u << 2;

    /// <summary>Whether the core is in Handler mode (an exception is active).</summary>
    public bool HandlerMode => Ipsr != 0;

    /// <summary>Whether the process stack (PSP) is the active stack pointer.</summary>
    public bool PspActive => Ipsr == 0 && (Control & ControlSpsel) != 0;

    /// <summary>Whether the current execution is privileged.</summary>
    public bool Privileged => Ipsr != 0 || (Control & ControlNPriv) == 0;

    /// <summary>The main stack pointer.</summary>
    public uint Msp
    {
        get => PspActive ? BankedSp : R[13];
        set { if (PspActive) { BankedSp = value; } else { R[13] = value; } }
    }

    /// <summary>The process stack pointer.</summary>
    public uint Psp
    {
        get => PspActive ? R[13] : BankedSp;
        set { if (PspActive) { R[13] = value; } else { BankedSp = value; } }
    }

    /// <summary>APSR as a word (N, Z, C, V, Q in bits 31:27, GE in 19:16).</summary>
    public uint Apsr
    {
        get => (N ? 1u << 31 : 0) | (Z ? 1u << 30 : 0) | (C ? 1u << 29 : 0) | (V ? 1u << 28 : 0) | (Q ? 1u << 27 : 0) | ((GE & 0xF) << 16);
        set
        {
            N = (value & (1u << 31)) != 0;
            Z = (value & (1u << 30)) != 0;
            C = (value & (1u << 29)) != 0;
            V = (value & (1u << 28)) != 0;
            Q = (value & (1u << 27)) != 0;
            GE = (value >> 16) & 0xF;
        }
    }

    /// <summary>EPSR as a word: ICI/IT in bits 26:25 and 15:10, T in bit 24.</summary>
    public uint Epsr =>
        ((ItState & 0x3) << 25) | ((ItState >> 2) << 10) | (Thumb ? 1u << 24 : 0);

    /// <summary>The combined xPSR (APSR | EPSR | IPSR), as the debugger and the exception stack frame see it.</summary>
    public uint Xpsr
    {
        get => Apsr | Epsr | (Ipsr & 0x1FF);
        set
        {
            Apsr = value;
            ItState = ((value >> 25) & 0x3) | (((value >> 10) & 0x3F) << 2);
            Thumb = (value & (1u << 24)) != 0;
            Ipsr = value & 0x1FF;
        }
    }

    /// <summary>The value of D<paramref name="n"/> (n in 0–15).</summary>
    public ulong GetD(int n) => S[2 * n] | ((ulong)S[2 * n + 1] << 32);

    /// <summary>Sets D<paramref name="n"/> (n in 0–15).</summary>
    public void SetD(int n, ulong value)
    {
        S[2 * n] = (uint)value;
        S[2 * n + 1] = (uint)(value >> 32);
    }
}
