using System.Globalization;
using System.Numerics;

namespace System;

/// <summary>
/// A 128-bit unsigned integer (the arithmetic of .NET 7's <c>System.UInt128</c> the libraries use), for .NET
/// Framework. Operators wrap modulo 2^128 like .NET's; division by zero throws <see cref="DivideByZeroException"/>.
/// </summary>
internal readonly struct UInt128 : IEquatable<UInt128>, IComparable<UInt128>, IFormattable
{
    private readonly ulong _upper;
    private readonly ulong _lower;

    /// <summary>The value <paramref name="upper"/> × 2^64 + <paramref name="lower"/>.</summary>
    public UInt128(ulong upper, ulong lower)
    {
        _upper = upper;
        _lower = lower;
    }

    /// <summary>0.</summary>
    public static UInt128 Zero => default;

    /// <summary>1.</summary>
    public static UInt128 One => new(0, 1);

    /// <summary>2^128 - 1.</summary>
    public static UInt128 MaxValue => new(ulong.MaxValue, ulong.MaxValue);

    /// <summary>The number of leading zero bits.</summary>
    public static UInt128 LeadingZeroCount(UInt128 value) =>
        (ulong)(value._upper != 0 ? BitOperations.LeadingZeroCount(value._upper) : 64 + BitOperations.LeadingZeroCount(value._lower));

    public static implicit operator UInt128(ulong value) => new(0, value);
    public static implicit operator UInt128(uint value) => new(0, value);
    public static explicit operator UInt128(int value) => new(value < 0 ? ulong.MaxValue : 0, (ulong)value);
    public static explicit operator UInt128(long value) => new(value < 0 ? ulong.MaxValue : 0, (ulong)value);
    public static explicit operator ulong(UInt128 value) => value._lower;
    public static explicit operator uint(UInt128 value) => (uint)value._lower;
    public static explicit operator long(UInt128 value) => (long)value._lower;
    public static explicit operator int(UInt128 value) => (int)value._lower;
    public static explicit operator double(UInt128 value) => value._upper * 18446744073709551616.0 + value._lower;

    /// <summary>The integer part of a non-negative double (saturating like .NET's conversion).</summary>
    public static explicit operator UInt128(double value)
    {
        if (!(value >= 1.0))
        {
            return Zero;
        }
        if (value >= 340282366920938463463374607431768211456.0)
        {
            return MaxValue;
        }
        if (value < 18446744073709551616.0)
        {
            return new UInt128(0, (ulong)value);
        }
        var upper = Math.Floor(value / 18446744073709551616.0);
        return new UInt128((ulong)upper, (ulong)(value - (upper * 18446744073709551616.0)));
    }

    public static UInt128 operator +(UInt128 a, UInt128 b)
    {
        var lower = a._lower + b._lower;
        return new UInt128(a._upper + b._upper + (lower < a._lower ? 1UL : 0UL), lower);
    }

    public static UInt128 operator -(UInt128 a, UInt128 b)
    {
        var lower = a._lower - b._lower;
        return new UInt128(a._upper - b._upper - (a._lower < b._lower ? 1UL : 0UL), lower);
    }

    public static UInt128 operator *(UInt128 a, UInt128 b)
    {
        var high = Math.BigMul(a._lower, b._lower, out var low);
        return new UInt128(high + (a._upper * b._lower) + (a._lower * b._upper), low);
    }

    public static UInt128 operator /(UInt128 a, UInt128 b) => DivRem(a, b, out _);

    public static UInt128 operator %(UInt128 a, UInt128 b)
    {
        DivRem(a, b, out var remainder);
        return remainder;
    }

    public static UInt128 operator <<(UInt128 a, int shift)
    {
        shift &= 127;
        return shift == 0 ? a
            : shift >= 64 ? new UInt128(a._lower << (shift - 64), 0)
            : new UInt128((a._upper << shift) | (a._lower >> (64 - shift)), a._lower << shift);
    }

    public static UInt128 operator >>(UInt128 a, int shift)
    {
        shift &= 127;
        return shift == 0 ? a
            : shift >= 64 ? new UInt128(0, a._upper >> (shift - 64))
            : new UInt128(a._upper >> shift, (a._lower >> shift) | (a._upper << (64 - shift)));
    }

    public static UInt128 operator &(UInt128 a, UInt128 b) => new(a._upper & b._upper, a._lower & b._lower);
    public static UInt128 operator |(UInt128 a, UInt128 b) => new(a._upper | b._upper, a._lower | b._lower);
    public static UInt128 operator ^(UInt128 a, UInt128 b) => new(a._upper ^ b._upper, a._lower ^ b._lower);
    public static UInt128 operator ~(UInt128 a) => new(~a._upper, ~a._lower);
    public static UInt128 operator ++(UInt128 a) => a + One;
    public static UInt128 operator --(UInt128 a) => a - One;
    public static bool operator ==(UInt128 a, UInt128 b) => a._upper == b._upper && a._lower == b._lower;
    public static bool operator !=(UInt128 a, UInt128 b) => !(a == b);
    public static bool operator <(UInt128 a, UInt128 b) => a._upper < b._upper || (a._upper == b._upper && a._lower < b._lower);
    public static bool operator >(UInt128 a, UInt128 b) => b < a;
    public static bool operator <=(UInt128 a, UInt128 b) => !(b < a);
    public static bool operator >=(UInt128 a, UInt128 b) => !(a < b);

    /// <summary>The quotient and remainder (restoring binary division).</summary>
    public static UInt128 DivRem(UInt128 dividend, UInt128 divisor, out UInt128 remainder)
    {
        if (divisor == Zero)
        {
            throw new DivideByZeroException();
        }
        if (dividend._upper == 0 && divisor._upper == 0)
        {
            remainder = dividend._lower % divisor._lower;
            return dividend._lower / divisor._lower;
        }
        if (divisor > dividend)
        {
            remainder = dividend;
            return Zero;
        }
        var quotient = Zero;
        var rest = Zero;
        for (var bit = 127 - (int)(ulong)LeadingZeroCount(dividend); bit >= 0; bit--)
        {
            rest = (rest << 1) | ((dividend >> bit) & One);
            if (rest >= divisor)
            {
                rest -= divisor;
                quotient |= One << bit;
            }
        }
        remainder = rest;
        return quotient;
    }

    /// <inheritdoc />
    public bool Equals(UInt128 other) => this == other;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UInt128 other && this == other;

    /// <inheritdoc />
    public override int GetHashCode() => (_upper ^ _lower).GetHashCode();

    /// <inheritdoc />
    public int CompareTo(UInt128 other) => this < other ? -1 : this > other ? 1 : 0;

    /// <summary>The decimal digits (hexadecimal with format "X").</summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        if (format is { Length: > 0 } && (format[0] == 'X' || format[0] == 'x'))
        {
            return _upper == 0 ? _lower.ToString(format, formatProvider)
                : _upper.ToString(format.Substring(0, 1), formatProvider) + _lower.ToString(format.Substring(0, 1) + "16", formatProvider);
        }
        if (_upper == 0)
        {
            return _lower.ToString(format, formatProvider);
        }
        var digits = new System.Text.StringBuilder();
        var rest = this;
        var chunk = new UInt128(0, 10_000_000_000_000_000_000UL);
        while (rest._upper != 0)
        {
            rest = DivRem(rest, chunk, out var low);
            digits.Insert(0, low._lower.ToString("D19", CultureInfo.InvariantCulture));
        }
        return rest._lower.ToString(CultureInfo.InvariantCulture) + digits;
    }

    /// <inheritdoc />
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
}

/// <summary>
/// A 128-bit signed integer (the arithmetic of .NET 7's <c>System.Int128</c> the libraries use: products and
/// quotients of 64-bit values without overflow), for .NET Framework.
/// </summary>
internal readonly struct Int128 : IEquatable<Int128>
{
    private readonly bool _negative;
    private readonly UInt128 _magnitude;

    private Int128(bool negative, UInt128 magnitude)
    {
        _negative = negative && magnitude != UInt128.Zero;
        _magnitude = magnitude;
    }

    public static implicit operator Int128(long value) =>
        value < 0 ? new Int128(true, (UInt128)(ulong)(-(value + 1)) + UInt128.One) : new Int128(false, (ulong)value);

    public static implicit operator Int128(ulong value) => new(false, value);
    public static implicit operator Int128(int value) => (long)value;

    /// <summary>The low 64 bits, two's complement (like .NET's unchecked conversion).</summary>
    public static explicit operator long(Int128 value) => value._negative ? -(long)(ulong)value._magnitude : (long)(ulong)value._magnitude;

    public static explicit operator double(Int128 value) => value._negative ? -(double)value._magnitude : (double)value._magnitude;

    public static Int128 operator *(Int128 a, Int128 b) => new(a._negative != b._negative, a._magnitude * b._magnitude);

    /// <summary>The quotient, truncated toward zero.</summary>
    public static Int128 operator /(Int128 a, Int128 b) => new(a._negative != b._negative, a._magnitude / b._magnitude);

    public static Int128 operator +(Int128 a, Int128 b) =>
        a._negative == b._negative ? new Int128(a._negative, a._magnitude + b._magnitude)
        : a._magnitude >= b._magnitude ? new Int128(a._negative, a._magnitude - b._magnitude)
        : new Int128(b._negative, b._magnitude - a._magnitude);

    public static Int128 operator -(Int128 a) => new(!a._negative, a._magnitude);
    public static Int128 operator -(Int128 a, Int128 b) => a + (-b);
    public static bool operator ==(Int128 a, Int128 b) => a._negative == b._negative && a._magnitude == b._magnitude;
    public static bool operator !=(Int128 a, Int128 b) => !(a == b);
    public static bool operator <(Int128 a, Int128 b) => (a - b)._negative;
    public static bool operator >(Int128 a, Int128 b) => (b - a)._negative;
    public static bool operator <=(Int128 a, Int128 b) => !(a > b);
    public static bool operator >=(Int128 a, Int128 b) => !(a < b);

    /// <inheritdoc />
    public bool Equals(Int128 other) => this == other;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Int128 other && this == other;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_negative, _magnitude);

    /// <inheritdoc />
    public override string ToString() => (_negative ? "-" : "") + _magnitude.ToString();
}
