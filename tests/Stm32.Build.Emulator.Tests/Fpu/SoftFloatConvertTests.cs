using Stm32.Build.Emulator.Fpu;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Fpu;

/// <summary>Conversions against .NET (saturating float-to-integer casts since .NET 9, System.Half, Math.Round).</summary>
public sealed class SoftFloatConvertTests
{
    private static ulong D(double d) => BitConverter.DoubleToUInt64Bits(d);

    private static ulong S(float f) => BitConverter.SingleToUInt32Bits(f);

    private static IEnumerable<double> Samples(int seed, int count)
    {
        var rng = new Random(seed);
        double[] fixedValues = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0, -2147483649.0, 4294967295.0, 4294967296.0, -0.0, 1e300, -1e300, 0.49999999999999994];
        foreach (var v in fixedValues)
        {
            yield return v;
        }
        for (var k = 0; k < count; k++)
        {
            var scale = Math.Pow(2, rng.Next(-8, 36));
            var v = (rng.NextDouble() * 2 - 1) * scale;
            yield return rng.Next(4) == 0 ? Math.Round(v * 2) / 2 : v; // many exact halves
        }
    }

    [Fact]
    public void DoubleToInt32TruncatesAndSaturates()
    {
        foreach (var v in Samples(7101, 3000))
        {
            var fp = new SoftFloat { UseHardwareFastPath = false };
            var result = (int)fp.ToFixed(D(v), FpFormat.Double, unsigned: false, 0, FpRounding.TowardZero);
            Assert.Equal((int)v, result);
            var outOfRange = Math.Truncate(v) > int.MaxValue || Math.Truncate(v) < int.MinValue;
            Assert.Equal(outOfRange, (fp.Fpscr & Fpscr.Ioc) != 0);
            Assert.Equal(!outOfRange && v != Math.Truncate(v), (fp.Fpscr & Fpscr.Ixc) != 0);
        }
    }

    [Fact]
    public void DoubleToUInt32TruncatesAndSaturates()
    {
        foreach (var v in Samples(7102, 3000))
        {
            var fp = new SoftFloat { UseHardwareFastPath = false };
            Assert.Equal((uint)v, fp.ToFixed(D(v), FpFormat.Double, unsigned: true, 0, FpRounding.TowardZero));
        }
    }

    [Theory]
    [InlineData(FpRounding.TiesToEven, MidpointRounding.ToEven)]
    [InlineData(FpRounding.TiesAway, MidpointRounding.AwayFromZero)]
    [InlineData(FpRounding.TowardPlusInfinity, MidpointRounding.ToPositiveInfinity)]
    [InlineData(FpRounding.TowardMinusInfinity, MidpointRounding.ToNegativeInfinity)]
    [InlineData(FpRounding.TowardZero, MidpointRounding.ToZero)]
    public void RoundToIntegralMatchesMathRound(FpRounding mode, MidpointRounding midpoint)
    {
        foreach (var v in Samples(7103 + (int)mode, 2000))
        {
            var fp = new SoftFloat { UseHardwareFastPath = false };
            var expected = Math.Round(v, midpoint);
            Assert.Equal(D(expected), fp.RoundInt(D(v), FpFormat.Double, mode, exact: false));
            Assert.Equal(0u, fp.Fpscr);
            var exact = new SoftFloat { UseHardwareFastPath = false };
            exact.RoundInt(D(v), FpFormat.Double, mode, exact: true);
            Assert.Equal(expected != v, (exact.Fpscr & Fpscr.Ixc) != 0);
            var single = (float)v;
            var toInt = new SoftFloat { UseHardwareFastPath = false };
            var asInt = (int)toInt.ToFixed(S(single), FpFormat.Single, unsigned: false, 0, mode);
            var rounded = Math.Round((double)single, midpoint);
            Assert.Equal(rounded > int.MaxValue ? int.MaxValue : rounded < int.MinValue ? int.MinValue : (int)rounded, asInt);
        }
    }

    [Fact]
    public void IntegersToFloatRoundToNearest()
    {
        var rng = new Random(7104);
        for (var k = 0; k < 5000; k++)
        {
            var value = (uint)rng.NextInt64(0, 1L << 32) >> rng.Next(0, 32);
            var fp = new SoftFloat { UseHardwareFastPath = false };
            Assert.Equal(S((float)(int)value), fp.FromFixed(value, FpFormat.Single, unsigned: false, 0));
            Assert.Equal(S((float)value), fp.FromFixed(value, FpFormat.Single, unsigned: true, 0));
            Assert.Equal(D((double)(int)value), fp.FromFixed(value, FpFormat.Double, unsigned: false, 0));
            Assert.Equal(D(value / 65536.0), fp.FromFixed(value, FpFormat.Double, unsigned: true, 16));
        }
    }

    [Fact]
    public void FixedPointConversionScalesByPowersOfTwo()
    {
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(unchecked((uint)(int)(-1.75 * 65536)), fp.ToFixed(D(-1.75), FpFormat.Double, unsigned: false, 16, FpRounding.TowardZero));
        // 16-bit fixed point saturates at the 16-bit range and is sign-extended.
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0xFFFF8000u, fp.ToFixed(S(-300f), FpFormat.Single, unsigned: false, 8, FpRounding.TowardZero, width: 16));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        Assert.Equal(S(-1.5f), new SoftFloat { UseHardwareFastPath = false }.FromFixed(0xFE80, FpFormat.Single, unsigned: false, 8, width: 16));
    }

    [Fact]
    public void DoubleToSingleMatchesCastAndSingleToDoubleIsExact()
    {
        var rng = new Random(7105);
        for (var k = 0; k < 20000; k++)
        {
            var bits = (ulong)rng.NextInt64();
            var d = BitConverter.UInt64BitsToDouble(bits);
            if (double.IsNaN(d))
            {
                continue;
            }
            var fp = new SoftFloat { UseHardwareFastPath = false };
            Assert.Equal(S((float)d), fp.Convert(bits, FpFormat.Double, FpFormat.Single));
            var f = BitConverter.UInt32BitsToSingle((uint)bits);
            if (!float.IsNaN(f))
            {
                Assert.Equal(D(f), fp.Convert((uint)bits, FpFormat.Single, FpFormat.Double));
            }
        }
    }

    [Fact]
    public void HalfPrecisionMatchesSystemHalf()
    {
        var rng = new Random(7106);
        for (var k = 0; k < 20000; k++)
        {
            var f = BitConverter.UInt32BitsToSingle((uint)rng.Next() << 1 | (uint)rng.Next(2));
            if (float.IsNaN(f))
            {
                continue;
            }
            var fp = new SoftFloat { UseHardwareFastPath = false };
            Assert.Equal((ulong)BitConverter.HalfToUInt16Bits((Half)f), fp.Convert(S(f), FpFormat.Single, FpFormat.Half));
            var h = (ushort)rng.Next(0, 0x10000);
            var half = BitConverter.UInt16BitsToHalf(h);
            if (!Half.IsNaN(half))
            {
                Assert.Equal(S((float)half), fp.Convert(h, FpFormat.Half, FpFormat.Single));
            }
        }
    }

    [Fact]
    public void AlternativeHalfPrecisionHasNoInfinityOrNaN()
    {
        var fp = new SoftFloat { UseHardwareFastPath = false };
        // With AHP, exponent 31 is a normal exponent: 0x7C00 is 2^16 = 65536.
        Assert.Equal(S(65536f), fp.Convert(0x7C00, FpFormat.Half, FpFormat.Single, ahp: true));
        Assert.Equal(0x7FFFUL, fp.Convert(S(float.PositiveInfinity), FpFormat.Single, FpFormat.Half, ahp: true));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x8000UL, fp.Convert(0xFFC00000, FpFormat.Single, FpFormat.Half, ahp: true));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7C00UL, fp.Convert(S(65536f), FpFormat.Single, FpFormat.Half, ahp: true));
        Assert.Equal(0u, fp.Fpscr);
    }

    [Fact]
    public void NaNConversionKeepsThePayloadTopBitsAndQuietens()
    {
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0xFFF8_0000_2000_0000UL, fp.Convert(0xFF800001, FpFormat.Single, FpFormat.Double));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
        fp = new SoftFloat(Fpscr.Dn) { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00000UL, fp.Convert(0xFFF8_0000_0000_0001, FpFormat.Double, FpFormat.Single));
        fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0u, fp.ToFixed(0x7FC00000, FpFormat.Single, false, 0, FpRounding.TowardZero));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
    }
}
