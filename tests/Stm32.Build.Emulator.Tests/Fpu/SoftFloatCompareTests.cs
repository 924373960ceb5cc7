using Stm32.Build.Emulator.Fpu;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Fpu;

/// <summary>FPCompare flags and FPMaxNum/FPMinNum against .NET comparisons and double.MaxNumber/MinNumber.</summary>
public sealed class SoftFloatCompareTests
{
    private static ulong D(double d) => BitConverter.DoubleToUInt64Bits(d);

    [Fact]
    public void CompareFlagsFollowTheOrder()
    {
        var rng = new Random(7201);
        double[] specials = [0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.NaN];
        for (var k = 0; k < 5000; k++)
        {
            var a = k < 64 ? specials[k % 8] : BitConverter.UInt64BitsToDouble((ulong)rng.NextInt64());
            var b = k < 64 ? specials[k / 8] : rng.Next(4) == 0 ? a : BitConverter.UInt64BitsToDouble((ulong)rng.NextInt64());
            var fp = new SoftFloat { UseHardwareFastPath = false };
            var flags = fp.Compare(D(a), D(b), FpFormat.Double, signalOnQuietNaN: false);
            uint expected = double.IsNaN(a) || double.IsNaN(b) ? Fpscr.C | Fpscr.V : a == b ? Fpscr.Z | Fpscr.C : a < b ? Fpscr.N : Fpscr.C;
            Assert.Equal(expected, flags);
            var quietNaN = double.IsNaN(a) || double.IsNaN(b);
            var e = new SoftFloat { UseHardwareFastPath = false };
            e.Compare(D(a), D(b), FpFormat.Double, signalOnQuietNaN: true);
            Assert.Equal(quietNaN, (e.Fpscr & Fpscr.Ioc) != 0);
        }
    }

    [Fact]
    public void SignallingNaNSignalsEvenForVcmp()
    {
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(Fpscr.C | Fpscr.V, fp.Compare(0x7F800001, 0, FpFormat.Single, signalOnQuietNaN: false));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
    }

    [Fact]
    public void MaxNumAndMinNumMatchIeeeMaxNumber()
    {
        var rng = new Random(7202);
        double[] specials = [0.0, -0.0, 2.0, -3.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
        for (var k = 0; k < 5000; k++)
        {
            var a = k < 49 ? specials[k % 7] : BitConverter.UInt64BitsToDouble((ulong)rng.NextInt64() & ~(1UL << 51) | (rng.Next(2) == 0 ? 1UL << 51 : 0));
            var b = k < 49 ? specials[k / 7] : BitConverter.UInt64BitsToDouble((ulong)rng.NextInt64() | 1UL << 51);
            if (double.IsNaN(a) && (D(a) & (1UL << 51)) == 0)
            {
                continue; // signalling NaNs are checked separately
            }
            var fp = new SoftFloat { UseHardwareFastPath = false };
            var max = fp.MaxNum(D(a), D(b), FpFormat.Double);
            var min = fp.MinNum(D(a), D(b), FpFormat.Double);
            var expectedMax = double.MaxNumber(a, b);
            var expectedMin = double.MinNumber(a, b);
            if (double.IsNaN(expectedMax))
            {
                Assert.True(double.IsNaN(BitConverter.UInt64BitsToDouble(max)));
                Assert.True(double.IsNaN(BitConverter.UInt64BitsToDouble(min)));
                continue;
            }
            Assert.Equal(D(expectedMax), max);
            Assert.Equal(D(expectedMin), min);
        }
    }

    [Fact]
    public void MaxNumOfASignallingNaNIsTheQuietenedNaNWithIoc()
    {
        var fp = new SoftFloat { UseHardwareFastPath = false };
        Assert.Equal(0x7FC00005UL, fp.MaxNum(0x7F800005, 0x3F800000, FpFormat.Single));
        Assert.Equal(Fpscr.Ioc, fp.Fpscr);
    }
}
