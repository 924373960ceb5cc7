using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace System
{
    /// <summary><c>Math.Clamp</c>, <c>IsFinite</c> and friends of .NET Core, for .NET Framework.</summary>
    internal static class MathPolyfills
    {
        extension(Math)
        {
            /// <summary><paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>].</summary>
            public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;

            /// <summary><paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>].</summary>
            public static uint Clamp(uint value, uint min, uint max) => value < min ? min : value > max ? max : value;

            /// <summary><paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>].</summary>
            public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;

            /// <summary><paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>].</summary>
            public static ulong Clamp(ulong value, ulong min, ulong max) => value < min ? min : value > max ? max : value;

            /// <summary><paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>].</summary>
            public static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;

            /// <summary>The high 64 bits of the product, and the low ones.</summary>
            public static ulong BigMul(ulong a, ulong b, out ulong low)
            {
                ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
                ulong ll = aLow * bLow, lh = aLow * bHigh, hl = aHigh * bLow, hh = aHigh * bHigh;
                ulong mid = (ll >> 32) + (uint)lh + (uint)hl;
                low = (mid << 32) | (uint)ll;
                return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
            }
        }

        extension(double)
        {
            /// <summary>Whether <paramref name="d"/> is neither infinite nor NaN.</summary>
            public static bool IsFinite(double d) => !double.IsNaN(d) && !double.IsInfinity(d);
        }

        extension(float)
        {
            /// <summary>Whether <paramref name="f"/> is neither infinite nor NaN.</summary>
            public static bool IsFinite(float f) => !float.IsNaN(f) && !float.IsInfinity(f);
        }

        extension(BitConverter)
        {
            /// <summary>The bits of a single-precision value.</summary>
            public static int SingleToInt32Bits(float value) => new FloatBits { Single = value }.Int32;

            /// <summary>The single-precision value of the bits.</summary>
            public static float Int32BitsToSingle(int value) => new FloatBits { Int32 = value }.Single;

            /// <summary>The bits of a single-precision value.</summary>
            public static uint SingleToUInt32Bits(float value) => (uint)new FloatBits { Single = value }.Int32;

            /// <summary>The single-precision value of the bits.</summary>
            public static float UInt32BitsToSingle(uint value) => new FloatBits { Int32 = (int)value }.Single;

            /// <summary>The bits of a double-precision value.</summary>
            public static ulong DoubleToUInt64Bits(double value) => (ulong)BitConverter.DoubleToInt64Bits(value);

            /// <summary>The double-precision value of the bits.</summary>
            public static double UInt64BitsToDouble(ulong value) => BitConverter.Int64BitsToDouble((long)value);
        }
    }

    /// <summary>The bits of a single-precision value, without unsafe code.</summary>
    [StructLayout(LayoutKind.Explicit)]
    internal struct FloatBits
    {
        /// <summary>The value.</summary>
        [FieldOffset(0)]
        public float Single;

        /// <summary>Its bits.</summary>
        [FieldOffset(0)]
        public int Int32;
    }
}

namespace System.Numerics
{
    /// <summary>The bit operations of .NET Core 3.0 (<c>System.Numerics.BitOperations</c>), for .NET Framework.</summary>
    internal static class BitOperations
    {
        /// <summary>The number of leading zero bits.</summary>
        public static int LeadingZeroCount(uint value)
        {
            if (value == 0)
            {
                return 32;
            }
            int n = 0;
            while ((value & 0x8000_0000u) == 0)
            {
                value <<= 1;
                n++;
            }
            return n;
        }

        /// <summary>The number of leading zero bits.</summary>
        public static int LeadingZeroCount(ulong value) =>
            (value >> 32) != 0 ? LeadingZeroCount((uint)(value >> 32)) : 32 + LeadingZeroCount((uint)value);

        /// <summary>The number of trailing zero bits.</summary>
        public static int TrailingZeroCount(uint value)
        {
            if (value == 0)
            {
                return 32;
            }
            int n = 0;
            while ((value & 1) == 0)
            {
                value >>= 1;
                n++;
            }
            return n;
        }

        /// <summary>The number of trailing zero bits.</summary>
        public static int TrailingZeroCount(int value) => TrailingZeroCount((uint)value);

        /// <summary>The number of trailing zero bits.</summary>
        public static int TrailingZeroCount(ulong value) =>
            (uint)value != 0 ? TrailingZeroCount((uint)value) : 32 + TrailingZeroCount((uint)(value >> 32));

        /// <summary>The number of set bits.</summary>
        public static int PopCount(uint value)
        {
            value -= (value >> 1) & 0x5555_5555u;
            value = (value & 0x3333_3333u) + ((value >> 2) & 0x3333_3333u);
            return (int)(((value + (value >> 4)) & 0x0F0F_0F0Fu) * 0x0101_0101u >> 24);
        }

        /// <summary>The number of set bits.</summary>
        public static int PopCount(ulong value) => PopCount((uint)value) + PopCount((uint)(value >> 32));

        /// <summary>The base-2 logarithm, rounded down (0 for 0).</summary>
        public static int Log2(uint value) => 31 - LeadingZeroCount(value | 1);

        /// <summary>The base-2 logarithm, rounded down (0 for 0).</summary>
        public static int Log2(ulong value) => 63 - LeadingZeroCount(value | 1);

        /// <summary>Whether the value is a power of two.</summary>
        public static bool IsPow2(uint value) => value != 0 && (value & (value - 1)) == 0;

        /// <summary>Whether the value is a power of two.</summary>
        public static bool IsPow2(ulong value) => value != 0 && (value & (value - 1)) == 0;

        /// <summary>Whether the value is a power of two.</summary>
        public static bool IsPow2(int value) => value > 0 && (value & (value - 1)) == 0;

        /// <summary>Rotates left.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint RotateLeft(uint value, int offset) => (value << offset) | (value >> (32 - offset));

        /// <summary>Rotates right.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint RotateRight(uint value, int offset) => (value >> offset) | (value << (32 - offset));

        /// <summary>Rotates left.</summary>
        public static ulong RotateLeft(ulong value, int offset) => (value << offset) | (value >> (64 - offset));

        /// <summary>Rotates right.</summary>
        public static ulong RotateRight(ulong value, int offset) => (value >> offset) | (value << (64 - offset));

        /// <summary>The smallest power of two not below the value.</summary>
        public static uint RoundUpToPowerOf2(uint value) => value <= 1 ? 1 : 1u << (32 - LeadingZeroCount(value - 1));
    }
}
