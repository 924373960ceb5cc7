using Fpscr_ = Stm32.Build.Emulator.Fpu.Fpscr;

namespace Stm32.Build.Emulator.Fpu;

public sealed partial class SoftFloat
{
    /// <summary>FPAdd: <paramref name="x"/> + <paramref name="y"/>.</summary>
    public ulong Add(ulong x, ulong y, FpFormat f)
    {
        if (TryFastAdd(x, y, f, out var fast))
        {
            return fast;
        }
        var a = Unpack(x, f);
        var b = Unpack(y, f);
        if (ProcessNaNs(a, x, b, y, f) is ulong nan)
        {
            return nan;
        }
        if (a.Class == FpClass.Infinity && b.Class == FpClass.Infinity && a.Sign != b.Sign)
        {
            Raise(Fpscr_.Ioc);
            return f.DefaultNaN;
        }
        if (a.Class == FpClass.Infinity)
        {
            return Inf(a.Sign, f);
        }
        if (b.Class == FpClass.Infinity)
        {
            return Inf(b.Sign, f);
        }
        if (a.Class == FpClass.Zero && b.Class == FpClass.Zero && a.Sign == b.Sign)
        {
            return Zero(a.Sign, f);
        }
        return AddExact(a.Sign, a.Significand, a.Exponent, b.Sign, b.Significand, b.Exponent, f);
    }

    /// <summary>FPSub: <paramref name="x"/> - <paramref name="y"/> (FPAdd with the sign of y flipped, NaNs processed first).</summary>
    public ulong Sub(ulong x, ulong y, FpFormat f)
    {
        if (TryFastAdd(x, y ^ f.SignBit, f, out var fast))
        {
            return fast;
        }
        var a = Unpack(x, f);
        var b = Unpack(y, f);
        if (ProcessNaNs(a, x, b, y, f) is ulong nan)
        {
            return nan;
        }
        // Operands are re-unpacked by Add; the flags they raise (IDC) are idempotent.
        return Add(x, y ^ f.SignBit, f);
    }

    /// <summary>FPMul: <paramref name="x"/> × <paramref name="y"/>.</summary>
    public ulong Mul(ulong x, ulong y, FpFormat f)
    {
        if (TryFastMul(x, y, f, out var fast))
        {
            return fast;
        }
        var a = Unpack(x, f);
        var b = Unpack(y, f);
        if (ProcessNaNs(a, x, b, y, f) is ulong nan)
        {
            return nan;
        }
        var sign = a.Sign != b.Sign;
        if ((a.Class == FpClass.Infinity && b.Class == FpClass.Zero) || (a.Class == FpClass.Zero && b.Class == FpClass.Infinity))
        {
            Raise(Fpscr_.Ioc);
            return f.DefaultNaN;
        }
        if (a.Class == FpClass.Infinity || b.Class == FpClass.Infinity)
        {
            return Inf(sign, f);
        }
        if (a.Class == FpClass.Zero || b.Class == FpClass.Zero)
        {
            return Zero(sign, f);
        }
        return Round(sign, (UInt128)a.Significand * b.Significand, a.Exponent + b.Exponent, f);
    }

    /// <summary>FPDiv: <paramref name="x"/> ÷ <paramref name="y"/>.</summary>
    public ulong Div(ulong x, ulong y, FpFormat f)
    {
        if (TryFastDiv(x, y, f, out var fast))
        {
            return fast;
        }
        var a = Unpack(x, f);
        var b = Unpack(y, f);
        if (ProcessNaNs(a, x, b, y, f) is ulong nan)
        {
            return nan;
        }
        var sign = a.Sign != b.Sign;
        if ((a.Class == FpClass.Infinity && b.Class == FpClass.Infinity) || (a.Class == FpClass.Zero && b.Class == FpClass.Zero))
        {
            Raise(Fpscr_.Ioc);
            return f.DefaultNaN;
        }
        if (a.Class == FpClass.Infinity)
        {
            return Inf(sign, f);
        }
        if (b.Class == FpClass.Zero)
        {
            Raise(Fpscr_.Dzc);
            return Inf(sign, f);
        }
        if (a.Class == FpClass.Zero || b.Class == FpClass.Infinity)
        {
            return Zero(sign, f);
        }
        var na = Normalize64(a.Significand, a.Exponent, out var ea);
        var nb = Normalize64(b.Significand, b.Exponent, out var eb);
        var dividend = (UInt128)na << 64;
        var quotient = dividend / nb;
        var remainder = dividend - (quotient * nb);
        if (remainder != UInt128.Zero)
        {
            quotient |= 1; // sticky: the quotient has 64+ bits, far more than the 53 needed plus round bit
        }
        return Round(sign, quotient, ea - eb - 64, f);
    }

    /// <summary>FPSqrt: the square root of <paramref name="x"/>.</summary>
    public ulong Sqrt(ulong x, FpFormat f)
    {
        if (TryFastSqrt(x, f, out var fast))
        {
            return fast;
        }
        var a = Unpack(x, f);
        if (a.IsNaN)
        {
            return ProcessNaN(x, f);
        }
        if (a.Class == FpClass.Zero)
        {
            return Zero(a.Sign, f);
        }
        if (a.Sign)
        {
            Raise(Fpscr_.Ioc);
            return f.DefaultNaN;
        }
        if (a.Class == FpClass.Infinity)
        {
            return Inf(false, f);
        }
        UInt128 sig = a.Significand;
        var exp = a.Exponent;
        if ((exp & 1) != 0)
        {
            sig <<= 1;
            exp--;
        }
        var shift = (124 - BitLength(sig)) & ~1;
        sig <<= shift;
        exp -= shift;
        var root = ISqrt(sig, out var remainder);
        if (remainder != UInt128.Zero)
        {
            root |= 1;
        }
        return Round(false, root, exp / 2, f);
    }

    /// <summary>
    /// FPMulAdd: <paramref name="addend"/> + <paramref name="x"/> × <paramref name="y"/> with a single rounding
    /// (VFMA and friends). NaNs are chosen addend first; (inf × 0) + quiet NaN gives the default NaN and IOC.
    /// </summary>
    public ulong MulAdd(ulong addend, ulong x, ulong y, FpFormat f)
    {
        var c = Unpack(addend, f);
        var a = Unpack(x, f);
        var b = Unpack(y, f);
        var infZero = (a.Class == FpClass.Infinity && b.Class == FpClass.Zero) || (a.Class == FpClass.Zero && b.Class == FpClass.Infinity);
        if (c.Class == FpClass.QuietNaN && infZero)
        {
            Raise(Fpscr_.Ioc);
            return f.DefaultNaN;
        }
        if (c.Class == FpClass.SignallingNaN)
        {
            return ProcessNaN(addend, f);
        }
        if (ProcessNaNs(a, x, b, y, f) is ulong nan12 && (a.Class == FpClass.SignallingNaN || b.Class == FpClass.SignallingNaN))
        {
            return nan12;
        }
        if (c.Class == FpClass.QuietNaN)
        {
            return ProcessNaN(addend, f);
        }
        if (a.IsNaN || b.IsNaN)
        {
            return ProcessNaNs(a, x, b, y, f)!.Value;
        }
        var productSign = a.Sign != b.Sign;
        var productInf = a.Class == FpClass.Infinity || b.Class == FpClass.Infinity;
        var productZero = a.Class == FpClass.Zero || b.Class == FpClass.Zero;
        if (infZero || (c.Class == FpClass.Infinity && productInf && c.Sign != productSign))
        {
            Raise(Fpscr_.Ioc);
            return f.DefaultNaN;
        }
        if (c.Class == FpClass.Infinity)
        {
            return Inf(c.Sign, f);
        }
        if (productInf)
        {
            return Inf(productSign, f);
        }
        if (c.Class == FpClass.Zero && productZero && c.Sign == productSign)
        {
            return Zero(c.Sign, f);
        }
        var productSig = productZero ? UInt128.Zero : (UInt128)a.Significand * b.Significand;
        return AddExact(c.Sign, c.Significand, c.Exponent, productSign, productSig, a.Exponent + b.Exponent, f);
    }

    /// <summary>The exact sum of two finite values (either may be zero), rounded once; an exact zero sum is +0 (-0 when rounding toward minus infinity).</summary>
    private ulong AddExact(bool signA, UInt128 sigA, int expA, bool signB, UInt128 sigB, int expB, FpFormat f)
    {
        if (sigA == UInt128.Zero && sigB == UInt128.Zero)
        {
            return Zero(Rounding == FpRounding.TowardMinusInfinity, f);
        }
        if (sigA == UInt128.Zero)
        {
            return Round(signB, sigB, expB, f);
        }
        if (sigB == UInt128.Zero)
        {
            return Round(signA, sigA, expA, f);
        }
        // Left-align both at bit 125 so the larger keeps 19+ guard bits beyond a 106-bit product.
        var shiftA = 126 - BitLength(sigA);
        sigA <<= shiftA;
        expA -= shiftA;
        var shiftB = 126 - BitLength(sigB);
        sigB <<= shiftB;
        expB -= shiftB;
        if (expB > expA || (expB == expA && sigB > sigA))
        {
            (signA, sigA, expA, signB, sigB, expB) = (signB, sigB, expB, signA, sigA, expA);
        }
        sigB = ShiftRightJam(sigB, expA - expB);
        var sum = signA == signB ? sigA + sigB : sigA - sigB;
        if (sum == UInt128.Zero)
        {
            return Zero(Rounding == FpRounding.TowardMinusInfinity, f);
        }
        return Round(signA, sum, expA, f);
    }

    private static UInt128 ShiftRightJam(UInt128 value, int shift)
    {
        if (shift <= 0)
        {
            return value;
        }
        if (shift >= 128)
        {
            return value != UInt128.Zero ? UInt128.One : UInt128.Zero;
        }
        var lost = value & ((UInt128.One << shift) - 1);
        return (value >> shift) | (lost != UInt128.Zero ? UInt128.One : UInt128.Zero);
    }

    private static ulong Normalize64(ulong sig, int exp, out int newExp)
    {
        var shift = 64 - BitLength(sig);
        newExp = exp - shift;
        return sig << shift;
    }

    /// <summary>
    /// Integer square root: floor(sqrt(n)) and the remainder n - root². A double-precision estimate, raised above
    /// the true root, is refined by Newton's iteration, which decreases monotonically to the floor root.
    /// </summary>
    private static UInt128 ISqrt(UInt128 n, out UInt128 remainder)
    {
        if (n < 2)
        {
            remainder = UInt128.Zero;
            return n;
        }
        var estimate = (UInt128)Math.Sqrt((double)n);
        // The estimate is within a relative 2^-50 of the root (< 2^64 here); adding 2^16 puts it above the root.
        var root = estimate + (UInt128.One << 16);
        while (true)
        {
            var next = (root + (n / root)) >> 1;
            if (next >= root)
            {
                break;
            }
            root = next;
        }
        remainder = n - (root * root);
        return root;
    }
}
