using Fpscr_ = Stm32.Build.Emulator.Fpu.Fpscr;

namespace Stm32.Build.Emulator.Fpu;

public sealed partial class SoftFloat
{
    /// <summary>
    /// FPToFixed: converts to a 32-bit (or 16-bit with <paramref name="width"/> 16) signed or unsigned integer
    /// scaled by 2^<paramref name="fractionBits"/>. A NaN gives 0 and IOC; an out-of-range value saturates with
    /// IOC; an inexact result sets IXC. The result is zero- or sign-extended to 32 bits.
    /// </summary>
    public uint ToFixed(ulong x, FpFormat f, bool unsigned, int fractionBits, FpRounding rounding, int width = 32)
    {
        var a = Unpack(x, f);
        if (a.IsNaN)
        {
            Raise(Fpscr_.Ioc);
            return 0;
        }
        long min = unsigned ? 0 : -(1L << (width - 1));
        long max = unsigned ? (1L << width) - 1 : (1L << (width - 1)) - 1;
        if (a.Class == FpClass.Zero)
        {
            return 0;
        }
        if (a.Class == FpClass.Infinity)
        {
            Raise(Fpscr_.Ioc);
            return Pack(a.Sign ? min : max, width, unsigned);
        }
        var (magnitude, inexact, huge) = RoundToInteger(a.Sign, a.Significand, a.Exponent + fractionBits, rounding);
        long value;
        if (huge || magnitude > (UInt128)(ulong)long.MaxValue)
        {
            Raise(Fpscr_.Ioc);
            return Pack(a.Sign ? min : max, width, unsigned);
        }
        value = a.Sign ? -(long)(ulong)magnitude : (long)(ulong)magnitude;
        if (value < min || value > max)
        {
            Raise(Fpscr_.Ioc);
            return Pack(value < min ? min : max, width, unsigned);
        }
        if (inexact)
        {
            Raise(Fpscr_.Ixc);
        }
        return Pack(value, width, unsigned);
    }

    /// <summary>FixedToFP: converts a signed or unsigned integer scaled by 2^-<paramref name="fractionBits"/> to <paramref name="f"/>.</summary>
    public ulong FromFixed(uint value, FpFormat f, bool unsigned, int fractionBits, FpRounding? rounding = null, int width = 32)
    {
        long v = width == 16
            ? (unsigned ? (ushort)value : (short)value)
            : (unsigned ? value : (int)value);
        if (v == 0)
        {
            return Zero(false, f);
        }
        var sign = v < 0;
        var magnitude = (ulong)(sign ? -v : v);
        return Round(sign, magnitude, -fractionBits, f, rounding);
    }

    /// <summary>
    /// FPConvert between formats (VCVT.F64.F32, VCVT.F32.F64, VCVTB/VCVTT). NaNs keep sign and the top payload bits
    /// (quietened, IOC for a signalling NaN) unless DN selects the default NaN; to alternative half precision
    /// a NaN gives zero and an infinity the largest value, both with IOC.
    /// </summary>
    public ulong Convert(ulong x, FpFormat from, FpFormat to, bool ahp = false)
    {
        var halfAhp = ahp && (from.ExpBits == 5 || to.ExpBits == 5);
        var a = Unpack(x, from, ahp: halfAhp && from.ExpBits == 5);
        if (a.IsNaN)
        {
            if (halfAhp && to.ExpBits == 5)
            {
                Raise(Fpscr_.Ioc);
                return Zero(a.Sign, to);
            }
            if (a.Class == FpClass.SignallingNaN)
            {
                Raise(Fpscr_.Ioc);
            }
            if (DefaultNaNMode)
            {
                return to.DefaultNaN;
            }
            var payload = to.FracBits >= from.FracBits
                ? a.Significand << (to.FracBits - from.FracBits)
                : a.Significand >> (from.FracBits - to.FracBits);
            return (a.Sign ? to.SignBit : 0) | to.Infinity | to.QuietBit | (payload & to.FracMask);
        }
        if (a.Class == FpClass.Infinity)
        {
            if (halfAhp && to.ExpBits == 5)
            {
                Raise(Fpscr_.Ioc);
                return (a.Sign ? to.SignBit : 0) | 0x7FFF;
            }
            return Inf(a.Sign, to);
        }
        if (a.Class == FpClass.Zero)
        {
            return Zero(a.Sign, to);
        }
        return Round(a.Sign, a.Significand, a.Exponent, to, ahp: halfAhp && to.ExpBits == 5);
    }

    /// <summary>
    /// FPRoundInt: rounds to an integral value in the same format (VRINT*). With <paramref name="exact"/> (VRINTX)
    /// an inexact result sets IXC; the other forms never do. A zero result keeps the operand's sign.
    /// </summary>
    public ulong RoundInt(ulong x, FpFormat f, FpRounding rounding, bool exact)
    {
        var a = Unpack(x, f);
        if (a.IsNaN)
        {
            return ProcessNaN(x, f);
        }
        if (a.Class == FpClass.Infinity)
        {
            return Inf(a.Sign, f);
        }
        if (a.Class == FpClass.Zero)
        {
            return Zero(a.Sign, f);
        }
        if (a.Exponent >= 0)
        {
            return x; // already integral
        }
        var (magnitude, inexact, _) = RoundToInteger(a.Sign, a.Significand, a.Exponent, rounding);
        if (inexact && exact)
        {
            Raise(Fpscr_.Ixc);
        }
        if (magnitude == UInt128.Zero)
        {
            return Zero(a.Sign, f);
        }
        // The integer fits the format exactly (it is no larger than the operand rounded up by one unit).
        var saved = Fpscr;
        var result = Round(a.Sign, magnitude, 0, f, FpRounding.TowardZero);
        Fpscr = saved;
        return result;
    }

    /// <summary>
    /// Rounds sig × 2^exp to an integer magnitude. <c>Huge</c> reports a magnitude of 2^64 or more
    /// (which saturates every destination).
    /// </summary>
    private static (UInt128 Magnitude, bool Inexact, bool Huge) RoundToInteger(bool sign, ulong sig, int exp, FpRounding rounding)
    {
        if (exp >= 0)
        {
            if (exp + BitLength(sig) > 64)
            {
                return (UInt128.Zero, false, true);
            }
            return ((UInt128)sig << exp, false, false);
        }
        var shift = -exp;
        UInt128 kept;
        UInt128 rem;
        UInt128 half;
        if (shift >= 100)
        {
            kept = UInt128.Zero;
            rem = sig;
            half = UInt128.One << 99; // sig < 2^64 < half
        }
        else
        {
            UInt128 wide = sig;
            kept = wide >> shift;
            rem = wide & ((UInt128.One << shift) - 1);
            half = UInt128.One << (shift - 1);
        }
        var inexact = rem != UInt128.Zero;
        var up = inexact && rounding switch
        {
            FpRounding.TiesToEven => rem > half || (rem == half && (kept & 1) != 0),
            FpRounding.TiesAway => rem >= half,
            FpRounding.TowardPlusInfinity => !sign,
            FpRounding.TowardMinusInfinity => sign,
            _ => false,
        };
        return (up ? kept + 1 : kept, inexact, false);
    }

    private static uint Pack(long value, int width, bool unsigned) =>
        width != 16 ? (uint)value : unsigned ? (uint)(value & 0xFFFF) : (uint)(int)(short)(value & 0xFFFF);
}
