using BenchmarkDotNet.Attributes;
using Stm32.Build.Emulator.Fpu;

namespace Stm32.Benchmarks;

/// <summary>
/// Cost of the bit-exact FP arithmetic the emulator's FP unit runs per instruction (SoftFloat: FPSCR modes,
/// flags, NaN rules). Each invocation performs <see cref="Operations"/> operations on a fixed table of operands,
/// so the reported time divided by it is the cost of one FP instruction's arithmetic.
/// </summary>
[MemoryDiagnoser]
public class SoftFloatBenchmarks
{
    /// <summary>Operations per invocation.</summary>
    public const int Operations = 1024;

    private readonly SoftFloat _fp = new();
    private readonly ulong[] _singles = new ulong[Operations + 2];
    private readonly ulong[] _doubles = new ulong[Operations + 2];

    /// <summary>Fills the operand tables with seeded random finite values.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        for (var i = 0; i < _singles.Length; i++)
        {
            _singles[i] = BitConverter.SingleToUInt32Bits((float)((rng.NextDouble() - 0.5) * 1e6));
            _doubles[i] = BitConverter.DoubleToUInt64Bits((rng.NextDouble() - 0.5) * 1e12);
        }
    }

    /// <summary>VADD.F32.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public ulong AddSingle()
    {
        ulong acc = 0;
        for (var i = 0; i < Operations; i++)
        {
            acc ^= _fp.Add(_singles[i], _singles[i + 1], FpFormat.Single);
        }
        return acc;
    }

    /// <summary>VMUL.F64.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public ulong MulDouble()
    {
        ulong acc = 0;
        for (var i = 0; i < Operations; i++)
        {
            acc ^= _fp.Mul(_doubles[i], _doubles[i + 1], FpFormat.Double);
        }
        return acc;
    }

    /// <summary>VDIV.F64.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public ulong DivDouble()
    {
        ulong acc = 0;
        for (var i = 0; i < Operations; i++)
        {
            acc ^= _fp.Div(_doubles[i], _doubles[i + 1], FpFormat.Double);
        }
        return acc;
    }

    /// <summary>VSQRT.F32.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public ulong SqrtSingle()
    {
        ulong acc = 0;
        for (var i = 0; i < Operations; i++)
        {
            acc ^= _fp.Sqrt(_singles[i] & 0x7FFFFFFF, FpFormat.Single);
        }
        return acc;
    }

    /// <summary>VFMA.F64.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public ulong FusedMultiplyAddDouble()
    {
        ulong acc = 0;
        for (var i = 0; i < Operations; i++)
        {
            acc ^= _fp.MulAdd(_doubles[i + 2], _doubles[i], _doubles[i + 1], FpFormat.Double);
        }
        return acc;
    }
}
