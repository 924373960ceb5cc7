using Stm32.Build.Emulator.Cpu;

namespace Stm32.Build.Emulator.Fpu;

/// <summary>
/// Executes the coprocessor 10/11 encodings of the ARMv7-M FP extension (DDI0403E A6 "Floating-point
/// instruction encoding" and the A7 instruction pages): FPv4-SP (Cortex-M4, single precision only) or FPv5-D16
/// (Cortex-M7, adds double precision and VSEL, VMAXNM/VMINNM, VRINT*, VCVTA/N/P/M). The Thumb encodings are
/// decoded with the bit positions of the 32-bit word hw1:hw2, which match the ARM ARM's field positions
/// (Vn 19:16, Vd 15:12, coproc 11:8, N 7, op 6, M 5, Vm 3:0, D 22, sz 8).
/// </summary>
public sealed partial class FpuExecutor : IFpuExecutor
{
    private readonly SoftFloat _fp = new();

    /// <summary>Creates an executor; <paramref name="fpv5DoublePrecision"/> selects FPv5-D16 (Cortex-M7) over FPv4-SP-D16 (Cortex-M4).</summary>
    public FpuExecutor(bool fpv5DoublePrecision)
        : this(fpv5DoublePrecision, fpv5DoublePrecision)
    {
    }

    /// <summary>
    /// Creates an executor for FPv4-SP-D16 (neither flag), FPv5-SP-D16 (<paramref name="fpv5"/> only: the Cortex-M7
    /// of the STM32F74x/F75x) or FPv5-D16 (both).
    /// </summary>
    public FpuExecutor(bool fpv5, bool doublePrecision)
    {
        Fpv5 = fpv5;
        DoublePrecision = doublePrecision;
    }

    /// <summary>Whether double precision is implemented (FPv5-D16); otherwise every F64 encoding is UNDEFINED.</summary>
    public bool DoublePrecision { get; }

    /// <summary>Whether the FPv5 additions are implemented (VSEL, VMAXNM/VMINNM, VRINT*, VCVTA/N/P/M).</summary>
    public bool Fpv5 { get; }

    /// <summary>Instructions executed per class name, for coverage reports (null when not collected).</summary>
    public Dictionary<string, long>? ClassCounts { get; set; }

    /// <inheritdoc />
    public FpuOutcome Execute(uint instruction, CpuState state, IFpuMemory memory)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(memory);
        var coproc = (instruction >> 8) & 0xF;
        if (coproc is not (10 or 11))
        {
            return FpuOutcome.Undefined;
        }
        var top = instruction >> 24;
        switch (top)
        {
            case 0xEE:
                return (instruction & (1u << 4)) == 0
                    ? DataProcessing(instruction, state)
                    : RegisterTransfer(instruction, state);
            case 0xEC:
            case 0xED:
                return LoadStore(instruction, state, memory);
            case 0xFE:
                return Fpv5 && (instruction & (1u << 4)) == 0 ? Fpv5Instruction(instruction, state) : FpuOutcome.Undefined;
            default:
                return FpuOutcome.Undefined;
        }
    }

    private void Count(string name)
    {
        if (ClassCounts is { } counts)
        {
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
    }

    /// <summary>Counts a name built from two parts; the name is only built when counting is on (no allocation otherwise).</summary>
    private void Count(string prefix, string suffix)
    {
        if (ClassCounts is not null)
        {
            Count(prefix + suffix);
        }
    }

    /// <inheritdoc cref="Count(string, string)"/>
    private void Count(string prefix, char suffix)
    {
        if (ClassCounts is not null)
        {
            Count(prefix + suffix);
        }
    }

    private static int SingleReg(uint i, int fieldShift, int extraBit) =>
        (int)(((i >> fieldShift) & 0xF) << 1 | ((i >> extraBit) & 1));

    private static int DoubleReg(uint i, int fieldShift, int extraBit) =>
        (int)(((i >> extraBit) & 1) << 4 | ((i >> fieldShift) & 0xF));

    /// <summary>Register d (Vd with D at bit 22), n (Vn with N at bit 7) or m (Vm with M at bit 5) for the size.</summary>
    private static int RegD(uint i, bool dbl) => dbl ? DoubleReg(i, 12, 22) : SingleReg(i, 12, 22);

    private static int RegN(uint i, bool dbl) => dbl ? DoubleReg(i, 16, 7) : SingleReg(i, 16, 7);

    private static int RegM(uint i, bool dbl) => dbl ? DoubleReg(i, 0, 5) : SingleReg(i, 0, 5);

    private static ulong Read(CpuState s, int reg, bool dbl) => dbl ? s.GetD(reg) : s.S[reg];

    private static void Write(CpuState s, int reg, bool dbl, ulong value)
    {
        if (dbl)
        {
            s.SetD(reg, value);
        }
        else
        {
            s.S[reg] = (uint)value;
        }
    }

    /// <summary>
    /// D16–D31 do not exist on a D16 register file: any encoding naming them is UNDEFINED. Register numbers are
    /// 0–31, so they are all below 16 exactly when their OR is (no array: this runs for every FP instruction).
    /// </summary>
    private static bool ValidRegs(bool dbl, int a, int b = 0, int c = 0) => !dbl || (a | b | c) < 16;

    private static FpFormat Format(bool dbl) => dbl ? FpFormat.Double : FpFormat.Single;

    /// <summary>VFPExpandImm (A6.4.1 / A7.7.1): the 8-bit immediate of VMOV (immediate) as a single or double.</summary>
    public static ulong ExpandImmediate(uint imm8, bool dbl)
    {
        var sign = (ulong)((imm8 >> 7) & 1);
        var b6 = (imm8 >> 6) & 1;
        var low = (ulong)(imm8 & 0x3F); // imm8<5:0>: exponent's low two bits and the top four fraction bits
        if (dbl)
        {
            // exponent = NOT(b6) : Replicate(b6, 8) : imm8<5:4>; fraction = imm8<3:0> : Zeros(48)
            var exp = ((ulong)(b6 ^ 1) << 10) | (b6 == 1 ? 0xFFUL << 2 : 0) | (low >> 4);
            return (sign << 63) | (exp << 52) | ((low & 0xF) << 48);
        }
        var e = ((ulong)(b6 ^ 1) << 7) | (b6 == 1 ? 0x1FUL << 2 : 0) | (low >> 4);
        return (sign << 31) | (e << 23) | ((low & 0xF) << 19);
    }

    private FpRounding FpscrRounding(CpuState s) => (FpRounding)((s.Fpscr >> Fpscr.RModeShift) & 3);

    /// <summary>Runs an operation with the FPSCR as engine state, then stores the flags back.</summary>
    private SoftFloat Begin(CpuState s)
    {
        _fp.Fpscr = s.Fpscr;
        return _fp;
    }

    private void End(CpuState s) => s.Fpscr = _fp.Fpscr;
}
