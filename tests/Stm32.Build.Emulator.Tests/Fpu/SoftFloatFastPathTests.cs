using Stm32.Build.Emulator.Fpu;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Fpu;

/// <summary>
/// The hardware fast path against the bit-exact software path: the same result bits and the same FPSCR flags for
/// random operands of every class (normal, denormal, zero, infinity, NaN, near overflow and underflow), in single
/// and double precision, in every rounding mode and with FZ on and off.
/// </summary>
public sealed class SoftFloatFastPathTests
{
    private static ulong RandomBits(Random rng, FpFormat f)
    {
        var width = 1 + f.ExpBits + f.FracBits;
        var bits = (ulong)rng.NextInt64() & (width == 64 ? ulong.MaxValue : (1UL << width) - 1);
        if (rng.Next(4) == 0)
        {
            // Exponents near the ends of the range: overflow, underflow, denormal results.
            var exp = rng.Next(2) == 0 ? (ulong)rng.Next(0, 40) : (ulong)(f.MaxExp - rng.Next(1, 40));
            bits = (bits & ~((ulong)f.MaxExp << f.FracBits)) | (exp << f.FracBits);
        }
        return bits;
    }

    [Theory]
    [InlineData(11, 52)]
    [InlineData(8, 23)]
    public void Fast_and_software_paths_agree_on_bits_and_flags(int expBits, int fracBits)
    {
        var f = new FpFormat(expBits, fracBits);
        var rng = new Random(20261124 + expBits);
        for (var i = 0; i < 40_000; i++)
        {
            var fpscr = (uint)rng.Next(4) << 22 | (rng.Next(4) == 0 ? 1u << 24 : 0);
            ulong x = RandomBits(rng, f), y = RandomBits(rng, f);
            var op = rng.Next(5);
            var fast = new SoftFloat(fpscr);
            var slow = new SoftFloat(fpscr) { UseHardwareFastPath = false };
            var (a, b) = op switch
            {
                0 => (fast.Add(x, y, f), slow.Add(x, y, f)),
                1 => (fast.Sub(x, y, f), slow.Sub(x, y, f)),
                2 => (fast.Mul(x, y, f), slow.Mul(x, y, f)),
                3 => (fast.Div(x, y, f), slow.Div(x, y, f)),
                _ => (fast.Sqrt(x, f), slow.Sqrt(x, f)),
            };
            Assert.True(a == b && fast.Fpscr == slow.Fpscr,
                $"op {op} x=0x{x:X} y=0x{y:X} fpscr=0x{fpscr:X8}: fast 0x{a:X}/0x{fast.Fpscr:X8}, software 0x{b:X}/0x{slow.Fpscr:X8}");
        }
    }
}
