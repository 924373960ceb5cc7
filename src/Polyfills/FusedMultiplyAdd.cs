using System.Numerics;

namespace System;

/// <summary>
/// <c>Math.FusedMultiplyAdd</c>, <c>MathF</c> and <c>IsNormal</c> (.NET Core 2.0 to 3.0), for .NET Framework, which has
/// no fused multiply-add. The polyfill computes a × b + c exactly as an integer times a power of two and rounds it
/// once to nearest, ties to even (IEEE 754 fusedMultiplyAdd), so the emulator's results match the .NET build bit
/// for bit; it is slower than the hardware instruction.
/// </summary>
internal static class FusedMultiplyAddPolyfills
{
    extension(Math)
    {
        /// <summary>a × b + c rounded once.</summary>
        public static double FusedMultiplyAdd(double x, double y, double z) => ExactFma.Double(x, y, z);
    }

    extension(double)
    {
        /// <summary>Whether the value is normal (not zero, subnormal, infinite or NaN).</summary>
        public static bool IsNormal(double d)
        {
            var e = (BitConverter.DoubleToInt64Bits(d) >> 52) & 0x7FF;
            return e != 0 && e != 0x7FF;
        }
    }

    extension(float)
    {
        /// <summary>Whether the value is normal (not zero, subnormal, infinite or NaN).</summary>
        public static bool IsNormal(float f)
        {
            var e = (BitConverter.SingleToInt32Bits(f) >> 23) & 0xFF;
            return e != 0 && e != 0xFF;
        }
    }
}

/// <summary>Single-precision math (.NET Core 2.0's <c>System.MathF</c>, the members the libraries use), for .NET Framework.</summary>
internal static class MathF
{
    /// <summary>The absolute value.</summary>
    public static float Abs(float x) => Math.Abs(x);

    /// <summary>The square root, correctly rounded (the double square root has more than 2 × 24 + 2 bits, so rounding it again to single is exact rounding).</summary>
    public static float Sqrt(float x) => (float)Math.Sqrt(x);

    /// <summary>a × b + c rounded once.</summary>
    public static float FusedMultiplyAdd(float x, float y, float z) => ExactFma.Single(x, y, z);

    /// <summary>The larger value.</summary>
    public static float Max(float x, float y) => Math.Max(x, y);

    /// <summary>The smaller value.</summary>
    public static float Min(float x, float y) => Math.Min(x, y);
}

/// <summary>Exact a × b + c with one rounding, for the polyfills above.</summary>
internal static class ExactFma
{
    /// <summary>Double precision: 53-bit significand, smallest normal exponent -1022.</summary>
    public static double Double(double a, double b, double c) => Compute(a, b, c, precision: 53, minExponent: -1022);

    /// <summary>Single precision: 24-bit significand, smallest normal exponent -126.</summary>
    public static float Single(float a, float b, float c) => (float)Compute(a, b, c, precision: 24, minExponent: -126);

    private static double Compute(double a, double b, double c, int precision, int minExponent)
    {
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c) || double.IsInfinity(a) || double.IsInfinity(b) || double.IsInfinity(c)
            || a == 0 || b == 0)
        {
            // No rounding happens here: NaN and infinity propagate as IEEE says, and a zero product adds exactly.
            return (a * b) + c;
        }
        var (ma, ea) = Decompose(a);
        var (mb, eb) = Decompose(b);
        var (mc, ec) = Decompose(c);
        var productExponent = ea + eb;
        var e = c == 0 ? productExponent : Math.Min(productExponent, ec);
        var m = ((ma * mb) << (productExponent - e)) + (c == 0 ? BigInteger.Zero : mc << (ec - e));
        if (m.IsZero)
        {
            return 0.0; // an exact zero sum of non-zero terms is +0 when rounding to nearest
        }
        var negative = m.Sign < 0;
        var magnitude = BigInteger.Abs(m);
        var leading = e + BitLength(magnitude) - 1;
        var quantum = Math.Max(leading, minExponent) - precision + 1;
        var shift = quantum - e;
        BigInteger kept;
        if (shift <= 0)
        {
            kept = magnitude;
            quantum = e;
        }
        else
        {
            kept = magnitude >> shift;
            var rest = magnitude - (kept << shift);
            var half = BigInteger.One << (shift - 1);
            if (rest > half || (rest == half && !kept.IsEven))
            {
                kept += 1;
            }
        }
        var result = Scale((double)kept, quantum);
        return negative ? -result : result;
    }

    private static (BigInteger Significand, int Exponent) Decompose(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        var significand = exponent == 0 ? fraction : fraction | (1L << 52);
        var unbiased = exponent == 0 ? -1074 : exponent - 1075;
        return (value < 0 ? -new BigInteger(significand) : new BigInteger(significand), unbiased);
    }

    private static int BitLength(BigInteger value)
    {
        var bytes = value.ToByteArray();
        var top = bytes.Length - 1;
        while (top > 0 && bytes[top] == 0)
        {
            top--;
        }
        var length = top * 8;
        for (int b = bytes[top]; b != 0; b >>= 1)
        {
            length++;
        }
        return length;
    }

    // kept × 2^exponent: every intermediate is a multiple of a power of two no smaller than the result's quantum,
    // so each step is exact, and only an overflow (correctly) becomes infinity.
    private static double Scale(double value, int exponent)
    {
        while (exponent > 0)
        {
            var step = Math.Min(exponent, 1000);
            value *= BitConverter.Int64BitsToDouble((long)(step + 1023) << 52);
            exponent -= step;
        }
        while (exponent < 0)
        {
            var step = Math.Min(-exponent, 1000);
            value *= BitConverter.Int64BitsToDouble((long)(1023 - step) << 52);
            exponent += step;
        }
        return value;
    }
}
