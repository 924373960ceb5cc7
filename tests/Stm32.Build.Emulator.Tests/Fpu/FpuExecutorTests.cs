using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Emulator.Fpu;
using Stm32.Build.Emulator.Tests.Programs;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Fpu;

/// <summary>
/// The FP instruction decoder and executor on encodings produced by GNU as, checked against .NET arithmetic.
/// Register numbers are chosen so that the D, N and M bits are exercised.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class FpuExecutorTests
{
    private sealed class Memory : IFpuMemory
    {
        public readonly Dictionary<uint, uint> Words = [];

        public uint? FaultAt { get; set; }

        public bool TryRead32(uint address, out uint value)
        {
            value = Words.GetValueOrDefault(address);
            return address != FaultAt;
        }

        public bool TryWrite32(uint address, uint value)
        {
            if (address == FaultAt)
            {
                return false;
            }
            Words[address] = value;
            return true;
        }
    }

    private static FpuOutcome Run(TestCore core, string line, CpuState state, Memory? memory = null)
    {
        var word = ThumbAssembler.Encode(core, line)[0];
        return new FpuExecutor(core == TestCore.M7).Execute(word, state, memory ?? new Memory());
    }

    private static CpuState State(bool dp = true) => new() { DoublePrecisionFpu = dp };

    private static uint S(float f) => BitConverter.SingleToUInt32Bits(f);

    private static float F(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    [Fact]
    public void SingleArithmeticUsesTheRightRegisters()
    {
        ToolCheck.RequireCompiler();
        var s = State();
        s.S[17] = S(1.75f);
        s.S[3] = S(-2.5f);
        s.S[31] = S(10f);
        Assert.Equal(FpuOutcome.Executed, Run(TestCore.M7, "vadd.f32 s30, s17, s3", s));
        Assert.Equal(1.75f + -2.5f, F(s.S[30]));
        Run(TestCore.M7, "vmul.f32 s1, s17, s31", s);
        Assert.Equal(17.5f, F(s.S[1]));
        Run(TestCore.M7, "vdiv.f32 s2, s31, s3", s);
        Assert.Equal(10f / -2.5f, F(s.S[2]));
        Run(TestCore.M7, "vfma.f32 s31, s17, s3", s);
        Assert.Equal(MathF.FusedMultiplyAdd(1.75f, -2.5f, 10f), F(s.S[31]));
        Run(TestCore.M7, "vnmul.f32 s4, s17, s17", s);
        Assert.Equal(-(1.75f * 1.75f), F(s.S[4]));
        Run(TestCore.M7, "vsub.f32 s5, s17, s3", s);
        Assert.Equal(4.25f, F(s.S[5]));
    }

    [Fact]
    public void MultiplyAccumulateFormsFollowTheirDefinitions()
    {
        ToolCheck.RequireCompiler();
        var (n, m, d) = (3f, 5f, 100f);
        (string Op, float Expected)[] cases =
        [
            ("vmla.f32", d + n * m), ("vmls.f32", d - n * m), ("vnmla.f32", -d - n * m), ("vnmls.f32", -d + n * m),
            ("vfma.f32", d + n * m), ("vfms.f32", d - n * m), ("vfnma.f32", -d - n * m), ("vfnms.f32", -d + n * m),
        ];
        foreach (var (op, expected) in cases)
        {
            var s = State();
            s.S[8] = S(n);
            s.S[9] = S(m);
            s.S[10] = S(d);
            Assert.Equal(FpuOutcome.Executed, Run(TestCore.M4, op + " s10, s8, s9", s));
            Assert.True(expected == F(s.S[10]), $"{op}: expected {expected}, got {F(s.S[10])}");
        }
    }

    [Fact]
    public void DoubleArithmeticOnTheM7AndUndefinedOnTheM4()
    {
        ToolCheck.RequireCompiler();
        var s = State();
        s.SetD(9, BitConverter.DoubleToUInt64Bits(0.1));
        s.SetD(12, BitConverter.DoubleToUInt64Bits(0.2));
        Assert.Equal(FpuOutcome.Executed, Run(TestCore.M7, "vadd.f64 d7, d9, d12", s));
        Assert.Equal(0.1 + 0.2, BitConverter.UInt64BitsToDouble(s.GetD(7)));
        Run(TestCore.M7, "vsqrt.f64 d15, d12", s);
        Assert.Equal(Math.Sqrt(0.2), BitConverter.UInt64BitsToDouble(s.GetD(15)));
        var word = ThumbAssembler.Encode(TestCore.M7, "vadd.f64 d7, d9, d12")[0];
        Assert.Equal(FpuOutcome.Undefined, new FpuExecutor(false).Execute(word, State(false), new Memory()));
    }

    [Fact]
    public void CompareWritesFpscrFlagsAndVmrsCopiesThemToApsr()
    {
        ToolCheck.RequireCompiler();
        var s = State();
        s.S[1] = S(1f);
        s.S[2] = S(2f);
        Run(TestCore.M7, "vcmp.f32 s1, s2", s);
        Assert.Equal(Fpscr.N, s.Fpscr & 0xF0000000);
        Run(TestCore.M7, "vmrs APSR_nzcv, fpscr", s);
        Assert.True(s.N && !s.Z && !s.C && !s.V);
        Run(TestCore.M7, "vcmpe.f32 s2, #0", s);
        Assert.Equal(Fpscr.C, s.Fpscr & 0xF0000000);
        s.S[3] = 0x7FC00000;
        Run(TestCore.M7, "vcmpe.f32 s3, s2", s);
        Assert.Equal(Fpscr.C | Fpscr.V, s.Fpscr & 0xF0000000);
        Assert.Equal(Fpscr.Ioc, s.Fpscr & Fpscr.Ioc);
        s.R[5] = 0xFFFFFFFF;
        Run(TestCore.M7, "vmsr fpscr, r5", s);
        Assert.Equal(Fpscr.WritableMask, s.Fpscr);
        Run(TestCore.M7, "vmrs r6, fpscr", s);
        Assert.Equal(Fpscr.WritableMask, s.R[6]);
    }

    [Fact]
    public void MovesBetweenCoreAndFpRegisters()
    {
        ToolCheck.RequireCompiler();
        var s = State();
        s.R[3] = 0x11111111;
        s.R[4] = 0x22222222;
        Run(TestCore.M7, "vmov s21, r3", s);
        Assert.Equal(0x11111111u, s.S[21]);
        Run(TestCore.M7, "vmov r7, s21", s);
        Assert.Equal(0x11111111u, s.R[7]);
        Run(TestCore.M7, "vmov d6, r3, r4", s);
        Assert.Equal(0x22222222_11111111UL, s.GetD(6));
        Run(TestCore.M7, "vmov r8, r9, d6", s);
        Assert.Equal((0x11111111u, 0x22222222u), (s.R[8], s.R[9]));
        Run(TestCore.M7, "vmov s30, s31, r4, r3", s);
        Assert.Equal((0x22222222u, 0x11111111u), (s.S[30], s.S[31]));
        Run(TestCore.M7, "vmov.32 d2[1], r4", s);
        Assert.Equal(0x22222222u, s.S[5]);
        Run(TestCore.M7, "vmov.32 r10, d6[0]", s);
        Assert.Equal(0x11111111u, s.R[10]);
        Run(TestCore.M7, "vmov.f32 s9, #-1.25", s);
        Assert.Equal(-1.25f, F(s.S[9]));
        Run(TestCore.M7, "vmov.f64 d3, #0.125", s);
        Assert.Equal(0.125, BitConverter.UInt64BitsToDouble(s.GetD(3)));
        Run(TestCore.M7, "vmov.f32 s0, s9", s);
        Assert.Equal(-1.25f, F(s.S[0]));
        Run(TestCore.M7, "vabs.f32 s1, s9", s);
        Assert.Equal(1.25f, F(s.S[1]));
        Run(TestCore.M7, "vneg.f32 s2, s1", s);
        Assert.Equal(-1.25f, F(s.S[2]));
    }

    [Fact]
    public void LoadsStoresPushAndPop()
    {
        ToolCheck.RequireCompiler();
        var s = State();
        var memory = new Memory();
        s.R[2] = 0x20000100;
        s.R[13] = 0x20001000;
        s.S[4] = 1; s.S[5] = 2; s.S[6] = 3;
        Assert.Equal(FpuOutcome.Executed, Run(TestCore.M4, "vpush {s4-s6}", s, memory));
        Assert.Equal(0x20001000u - 12, s.R[13]);
        Assert.Equal(new uint[] { 1, 2, 3 }, new[] { memory.Words[0x20000FF4], memory.Words[0x20000FF8], memory.Words[0x20000FFC] });
        Run(TestCore.M4, "vpop {s10-s12}", s, memory);
        Assert.Equal(0x20001000u, s.R[13]);
        Assert.Equal(new uint[] { 1, 2, 3 }, s.S[10..13]);
        Run(TestCore.M4, "vstr d2, [r2, #-8]", s, memory);
        Assert.Equal((1u, 2u), (memory.Words[0x200000F8], memory.Words[0x200000FC]));
        Run(TestCore.M4, "vldr s31, [r2, #-4]", s, memory);
        Assert.Equal(2u, s.S[31]);
        Run(TestCore.M4, "vstmia r2!, {d2-d3}", s, memory);
        Assert.Equal(0x20000110u, s.R[2]);
        Run(TestCore.M4, "vldmdb r2!, {s16-s19}", s, memory);
        Assert.Equal(0x20000100u, s.R[2]);
        Assert.Equal(s.S[4..8], s.S[16..20]);
        memory.FaultAt = 0x20000104;
        s.R[2] = 0x20000100;
        Assert.Equal(FpuOutcome.MemoryFault, Run(TestCore.M4, "vldmia r2!, {s0-s3}", s, memory));
        Assert.Equal(0x20000100u, s.R[2]); // no write-back after a fault
    }

    [Fact]
    public void ConversionsBetweenIntegerFixedHalfAndFloat()
    {
        ToolCheck.RequireCompiler();
        var s = State();
        s.S[1] = S(-7.75f);
        Run(TestCore.M7, "vcvt.s32.f32 s0, s1", s);
        Assert.Equal(-7, (int)s.S[0]);
        Run(TestCore.M7, "vcvtr.s32.f32 s2, s1", s); // FPSCR rounding: nearest
        Assert.Equal(-8, (int)s.S[2]);
        s.S[3] = 0xFFFFFFF6; // -10 as an integer
        Run(TestCore.M7, "vcvt.f32.s32 s4, s3", s);
        Assert.Equal(-10f, F(s.S[4]));
        Run(TestCore.M7, "vcvt.f32.u32 s5, s3", s);
        Assert.Equal((float)0xFFFFFFF6u, F(s.S[5]));
        s.S[6] = S(2.5f);
        Run(TestCore.M7, "vcvt.s32.f32 s6, s6, #16", s);
        Assert.Equal(0x28000u, s.S[6]);
        Run(TestCore.M7, "vcvt.f32.s32 s6, s6, #16", s);
        Assert.Equal(2.5f, F(s.S[6]));
        s.S[7] = S(1.5f);
        s.S[8] = 0xAAAA5555;
        Run(TestCore.M7, "vcvtt.f16.f32 s8, s7", s);
        Assert.Equal(((uint)BitConverter.HalfToUInt16Bits((Half)1.5f) << 16) | 0x5555, s.S[8]);
        Run(TestCore.M7, "vcvtt.f32.f16 s9, s8", s);
        Assert.Equal(1.5f, F(s.S[9]));
        Run(TestCore.M7, "vcvt.f64.f32 d5, s7", s);
        Assert.Equal(1.5, BitConverter.UInt64BitsToDouble(s.GetD(5)));
        s.SetD(6, BitConverter.DoubleToUInt64Bits(1.0 / 3));
        Run(TestCore.M7, "vcvt.f32.f64 s0, d6", s);
        Assert.Equal((float)(1.0 / 3), F(s.S[0]));
    }

    [Fact]
    public void Fpv5RoundingSelectAndMinMaxOnlyOnTheM7()
    {
        ToolCheck.RequireCompiler();
        var s = State();
        s.S[1] = S(-2.5f);
        s.S[2] = S(3f);
        Run(TestCore.M7, "vrinta.f32 s3, s1", s);
        Assert.Equal(-3f, F(s.S[3]));
        Run(TestCore.M7, "vrintn.f32 s3, s1", s);
        Assert.Equal(-2f, F(s.S[3]));
        Run(TestCore.M7, "vrintp.f32 s3, s1", s);
        Assert.Equal(-2f, F(s.S[3]));
        Run(TestCore.M7, "vrintm.f32 s3, s1", s);
        Assert.Equal(-3f, F(s.S[3]));
        Run(TestCore.M7, "vrintz.f32 s3, s1", s);
        Assert.Equal(-2f, F(s.S[3]));
        Assert.Equal(0u, s.Fpscr & Fpscr.Ixc);
        Run(TestCore.M7, "vrintx.f32 s3, s1", s);
        Assert.Equal(-2f, F(s.S[3]));
        Assert.Equal(Fpscr.Ixc, s.Fpscr & Fpscr.Ixc);
        Run(TestCore.M7, "vcvta.s32.f32 s4, s1", s);
        Assert.Equal(-3, (int)s.S[4]);
        Run(TestCore.M7, "vcvtp.u32.f32 s4, s2", s);
        Assert.Equal(3u, s.S[4]);
        s.S[5] = 0x7FC00000;
        Run(TestCore.M7, "vmaxnm.f32 s6, s5, s1", s);
        Assert.Equal(-2.5f, F(s.S[6]));
        Run(TestCore.M7, "vminnm.f32 s6, s2, s1", s);
        Assert.Equal(-2.5f, F(s.S[6]));
        s.Z = true;
        Run(TestCore.M7, "vseleq.f32 s7, s1, s2", s);
        Assert.Equal(-2.5f, F(s.S[7]));
        s.Z = false;
        s.N = true;
        s.V = false;
        Run(TestCore.M7, "vselge.f32 s7, s1, s2", s);
        Assert.Equal(3f, F(s.S[7]));
        var word = ThumbAssembler.Encode(TestCore.M7, "vrinta.f32 s3, s1")[0];
        Assert.Equal(FpuOutcome.Undefined, new FpuExecutor(false).Execute(word, State(false), new Memory()));
    }

    [Fact]
    public void DefaultNaNAndFlushToZeroModesApplyThroughFpscr()
    {
        ToolCheck.RequireCompiler();
        var s = State();
        s.Fpscr = Fpscr.Dn | Fpscr.Fz;
        s.S[1] = 0x7F800001; // signalling NaN
        s.S[2] = S(1f);
        Run(TestCore.M7, "vadd.f32 s0, s1, s2", s);
        Assert.Equal(0x7FC00000u, s.S[0]);
        s.S[3] = 0x00000001; // denormal: flushed
        Run(TestCore.M7, "vadd.f32 s0, s3, s2", s);
        Assert.Equal(S(1f), s.S[0]);
        Assert.Equal(Fpscr.Ioc | Fpscr.Idc, s.Fpscr & (Fpscr.Ioc | Fpscr.Idc));
    }

    [Fact]
    public void NonFpCoprocessorEncodingsAreUndefined()
    {
        var executor = new FpuExecutor(true);
        Assert.Equal(FpuOutcome.Undefined, executor.Execute(0xEE000910, State(), new Memory())); // coprocessor 9
        Assert.Equal(FpuOutcome.Undefined, executor.Execute(0xEEE00A10, State(), new Memory())); // VMSR to a register other than FPSCR
    }
}
