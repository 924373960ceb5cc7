using Stm32.Build.Emulator.Fpu;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Fpu;

/// <summary>
/// SoftFloat arithmetic against .NET's IEEE 754 arithmetic (round to nearest even) and, for the directed
/// rounding modes, against the exact error term of the rounded-to-nearest result (TwoSum / FMA residuals).
/// </summary>
public sealed class SoftFloatArithmeticTests
{
    private const uint RModeShift = 22;

    private static double RandomDouble(Random rng, int minExp = -1074, int maxExp = 1023)
    {
        // Random sign, exponent and fraction bits: covers denormals, powers of two and full fractions.
        var exp = rng.Next(minExp + 1075, maxExp + 1024) - 1075 + 1023;
        exp = Math.Clamp(exp, 0, 2046);
        var frac = (ulong)rng.NextInt64() & ((1UL << 52) - 1);
        if (rng.Next(8) == 0)
        {
            frac &= ~((1UL << rng.Next(52)) - 1); // few significant bits: exact results and ties
        }
        var sign = (ulong)rng.Next(2) << 63;
        return BitConverter.UInt64BitsToDouble(sign | ((ulong)exp << 52) | frac);
    }

    private static float RandomSingle(Random rng)
    {
        var exp = (uint)rng.Next(0, 255);
        var frac = (uint)rng.Next() & 0x7FFFFF;
        if (rng.Next(8) == 0)
        {
            frac &= ~((1u << rng.Next(23)) - 1);
        }
        return BitConverter.UInt32BitsToSingle(((uint)rng.Next(2) << 31) | (exp << 23) | frac);
    }

    private static void AssertSameDouble(double expected, ulong actual, SoftFloat fp, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(FpFormat.Double.DefaultNaN == actual, $"{what}: expected the default NaN, got 0x{actual:X16}");
            Assert.True((fp.Fpscr & Fpscr.Ioc) != 0, what + ": IOC");
            return;
        }
        Assert.True(BitConverter.DoubleToUInt64Bits(expected) == actual,
            $"{what}: expected 0x{BitConverter.DoubleToUInt64Bits(expected):X16} ({expected:R}), got 0x{actual:X16} ({BitConverter.UInt64BitsToDouble(actual):R})");
    }

    private static void AssertSameSingle(float expected, ulong actual, SoftFloat fp, string what)
    {
        if (float.IsNaN(expected))
        {
            Assert.True(FpFormat.Single.DefaultNaN == actual, $"{what}: expected the default NaN, got 0x{actual:X8}");
            Assert.True((fp.Fpscr & Fpscr.Ioc) != 0, what + ": IOC");
            return;
        }
        Assert.True(BitConverter.SingleToUInt32Bits(expected) == actual,
            $"{what}: expected 0x{BitConverter.SingleToUInt32Bits(expected):X8} ({expected:R}), got 0x{actual:X8}");
    }

    private static ulong D(double d) => BitConverter.DoubleToUInt64Bits(d);

    private static ulong S(float f) => BitConverter.SingleToUInt32Bits(f);

    [Fact]
    public void DoubleOperationsMatchIeeeRoundToNearest()
    {
        var rng = new Random(7001);
        var f = FpFormat.Double;
        for (var k = 0; k < 20000; k++)
        {
            var a = RandomDouble(rng);
            var b = k % 3 == 0 ? RandomDouble(rng, -60, 60) : RandomDouble(rng);
            var c = RandomDouble(rng);
            if (k % 5 == 0)
            {
                b = BitConverter.UInt64BitsToDouble(D(a) ^ (1UL << 63) ^ (ulong)rng.Next(3)); // near-cancellation
            }
            var fp = new SoftFloat { UseHardwareFastPath = false };
            AssertSameDouble(a + b, fp.Add(D(a), D(b), f), fp, $"{a:R} + {b:R}");
            AssertSameDouble(a - b, fp.Sub(D(a), D(b), f), fp, $"{a:R} - {b:R}");
            AssertSameDouble(a * b, fp.Mul(D(a), D(b), f), fp, $"{a:R} * {b:R}");
            AssertSameDouble(a / b, fp.Div(D(a), D(b), f), fp, $"{a:R} / {b:R}");
            AssertSameDouble(Math.Sqrt(a), fp.Sqrt(D(a), f), fp, $"sqrt {a:R}");
            AssertSameDouble(Math.FusedMultiplyAdd(a, b, c), fp.MulAdd(D(c), D(a), D(b), f), fp, $"fma {a:R} {b:R} {c:R}");
        }
    }

    [Fact]
    public void SingleOperationsMatchIeeeRoundToNearest()
    {
        var rng = new Random(7002);
        var f = FpFormat.Single;
        for (var k = 0; k < 20000; k++)
        {
            var a = RandomSingle(rng);
            var b = RandomSingle(rng);
            var c = RandomSingle(rng);
            var fp = new SoftFloat { UseHardwareFastPath = false };
            AssertSameSingle(a + b, fp.Add(S(a), S(b), f), fp, $"{a:R} + {b:R}");
            AssertSameSingle(a - b, fp.Sub(S(a), S(b), f), fp, $"{a:R} - {b:R}");
            AssertSameSingle(a * b, fp.Mul(S(a), S(b), f), fp, $"{a:R} * {b:R}");
            AssertSameSingle(a / b, fp.Div(S(a), S(b), f), fp, $"{a:R} / {b:R}");
            AssertSameSingle(MathF.Sqrt(a), fp.Sqrt(S(a), f), fp, $"sqrt {a:R}");
            AssertSameSingle(MathF.FusedMultiplyAdd(a, b, c), fp.MulAdd(S(c), S(a), S(b), f), fp, $"fma {a:R} {b:R} {c:R}");
        }
    }

    /// <summary>The directed-rounding result from the nearest result r and the sign of (exact - r).</summary>
    private static double Directed(double r, int errorSign, FpRounding mode) => mode switch
    {
        FpRounding.TowardPlusInfinity => errorSign > 0 ? Math.BitIncrement(r) : r,
        FpRounding.TowardMinusInfinity => errorSign < 0 ? Math.BitDecrement(r) : r,
        FpRounding.TowardZero => errorSign != 0 && Math.Sign(r) != errorSign ? (r > 0 ? Math.BitDecrement(r) : Math.BitIncrement(r)) : r,
        _ => r,
    };

    [Theory]
    [InlineData(FpRounding.TowardPlusInfinity)]
    [InlineData(FpRounding.TowardMinusInfinity)]
    [InlineData(FpRounding.TowardZero)]
    public void DirectedRoundingFollowsTheExactError(FpRounding mode)
    {
        var rng = new Random(7003 + (int)mode);
        var f = FpFormat.Double;
        var fpscr = (uint)mode << (int)RModeShift;
        for (var k = 0; k < 5000; k++)
        {
            // Moderate exponents keep the residuals exact (no overflow, no underflow).
            var a = RandomDouble(rng, -200, 200);
            var b = RandomDouble(rng, -200, 200);
            if (a == 0 || b == 0)
            {
                continue;
            }
            var sum = a + b;
            var bb = sum - a;
            var sumError = (a - (sum - bb)) + (b - bb);
            var product = a * b;
            var productError = Math.FusedMultiplyAdd(a, b, -product);
            var quotient = a / b;
            var quotientError = -Math.FusedMultiplyAdd(quotient, b, -a) * Math.Sign(b);
            var absA = Math.Abs(a);
            var root = Math.Sqrt(absA);
            var rootError = Math.FusedMultiplyAdd(-root, root, absA);

            var fp = new SoftFloat(fpscr) { UseHardwareFastPath = false };
            if (sum != 0)
            {
                AssertSameDouble(Directed(sum, Math.Sign(sumError), mode), fp.Add(D(a), D(b), f), fp, $"{mode} {a:R} + {b:R}");
            }
            AssertSameDouble(Directed(product, Math.Sign(productError), mode), fp.Mul(D(a), D(b), f), fp, $"{mode} {a:R} * {b:R}");
            AssertSameDouble(Directed(quotient, Math.Sign(quotientError), mode), fp.Div(D(a), D(b), f), fp, $"{mode} {a:R} / {b:R}");
            AssertSameDouble(Directed(root, Math.Sign(rootError), mode), fp.Sqrt(D(absA), f), fp, $"{mode} sqrt {absA:R}");
        }
    }

    [Fact]
    public void InvalidOperationsGiveTheDefaultNaNAndIoc()
    {
        var f = FpFormat.Single;
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00000UL, fp.Div(S(0f), S(0f), f));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00000UL, fp.Sqrt(S(-1f), f));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00000UL, fp.Add(S(float.PositiveInfinity), S(float.NegativeInfinity), f));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00000UL, fp.Mul(S(float.PositiveInfinity), S(-0f), f));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
    }

    [Fact]
    public void DivisionByZeroGivesInfinityAndDzc()
    {
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(S(float.NegativeInfinity), fp.Div(S(-3f), S(0f), FpFormat.Single));
        Assert.Equal(Fpscr.Dzc, fp.Fpscr);
    }

    [Fact]
    public void SignallingNaNIsQuietenedWithIocAndDefaultNaNModeReplacesIt()
    {
        const ulong snan = 0x7F800123;
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00123UL, fp.Add(snan, S(1f), FpFormat.Single));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0xFFC00001UL, fp.Mul(S(2f), 0xFFC00001, FpFormat.Single)); // quiet NaN propagates, no IOC
        Assert.Equal(0u, fp.Fpscr);
        fp = new SoftFloat(Fpscr.Dn) { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00000UL, fp.Mul(S(2f), 0xFFC00001, FpFormat.Single));
        // The first signalling NaN wins over an earlier quiet NaN.
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00123UL, fp.Sub(0xFFC00001, snan, FpFormat.Single));
    }

    [Fact]
    public void FusedMultiplyAddOfInfinityTimesZeroPlusQuietNaNIsTheDefaultNaN()
    {
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00000UL, fp.MulAdd(0x7FC00042, S(float.PositiveInfinity), S(0f), FpFormat.Single));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00042UL, fp.MulAdd(0x7FC00042, S(2f), S(3f), FpFormat.Single));
        Assert.Equal(0u, fp.Fpscr);
    }

    [Fact]
    public void FlushToZeroTreatsDenormalInputsAsZeroAndFlushesTinyResults()
    {
        var denormal = 0x00000010UL;
        var fp = new SoftFloat(Fpscr.Fz) { UseHardwareFastPath = false };
        Assert.Equal(S(1f), fp.Add(S(1f), denormal, FpFormat.Single));
        Assert.Equal(Fpscr.Fz | Fpscr.Idc, fp.Fpscr);
        fp = new SoftFloat(Fpscr.Fz) { UseHardwareFastPath = false };
        Assert.Equal(0x80000000UL, fp.Mul(S(-1e-30f), S(1e-10f), FpFormat.Single));
        Assert.Equal(Fpscr.Fz | Fpscr.Ufc, fp.Fpscr);
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(S(-1e-30f * 1e-10f), fp.Mul(S(-1e-30f), S(1e-10f), FpFormat.Single));
        Assert.Equal(Fpscr.Ufc | Fpscr.Ixc, fp.Fpscr);
        // An exact denormal result is not an underflow.
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x00000002UL, fp.Add(0x00000001, 0x00000001, FpFormat.Single));
        Assert.Equal(0u, fp.Fpscr);
    }

    [Fact]
    public void OverflowRoundsToInfinityOrTheLargestNumberByMode()
    {
        var max = S(float.MaxValue);
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(S(float.PositiveInfinity), fp.Mul(max, S(2f), FpFormat.Single));
        Assert.Equal(Fpscr.Ofc | Fpscr.Ixc, fp.Fpscr);
        fp = new SoftFloat((uint)FpRounding.TowardZero << 22);
        Assert.Equal(max, fp.Mul(max, S(2f), FpFormat.Single));
        fp = new SoftFloat((uint)FpRounding.TowardPlusInfinity << 22);
        Assert.Equal(S(-float.MaxValue), fp.Mul(max, S(-2f), FpFormat.Single));
    }

    [Fact]
    public void ExactZeroSumIsNegativeOnlyWhenRoundingTowardMinusInfinity()
    {
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0UL, fp.Add(S(1.5f), S(-1.5f), FpFormat.Single));
        fp = new SoftFloat((uint)FpRounding.TowardMinusInfinity << 22);
        Assert.Equal(0x80000000UL, fp.Add(S(1.5f), S(-1.5f), FpFormat.Single));
        Assert.Equal(0x80000000UL, fp.Add(S(-0f), S(-0f), FpFormat.Single));
    }
}
