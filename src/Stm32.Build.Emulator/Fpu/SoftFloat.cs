using Fpscr_ = Stm32.Build.Emulator.Fpu.Fpscr;
using System.Numerics;

namespace Stm32.Build.Emulator.Fpu;

/// <summary>An IEEE 754 binary format: exponent and fraction widths.</summary>
/// <param name="ExpBits">Exponent field width (5, 8, 11).</param>
/// <param name="FracBits">Fraction field width (10, 23, 52).</param>
public readonly record struct FpFormat(int ExpBits, int FracBits)
{
    /// <summary>IEEE half precision (binary16).</summary>
    public static FpFormat Half => new(5, 10);
    /// <summary>Single precision (binary32).</summary>
    public static FpFormat Single => new(8, 23);
    /// <summary>Double precision (binary64).</summary>
    public static FpFormat Double => new(11, 52);

    /// <summary>The exponent bias.</summary>
    public int Bias => (1 << (ExpBits - 1)) - 1;
    /// <summary>The all-ones biased exponent (infinity and NaN).</summary>
    public int MaxExp => (1 << ExpBits) - 1;
    /// <summary>The total width in bits.</summary>
    public int Width => 1 + ExpBits + FracBits;
    /// <summary>Mask of the fraction field.</summary>
    public ulong FracMask => (1UL << FracBits) - 1;
    /// <summary>The sign bit.</summary>
    public ulong SignBit => 1UL << (ExpBits + FracBits);
    /// <summary>The quiet bit (top fraction bit) of a NaN.</summary>
    public ulong QuietBit => 1UL << (FracBits - 1);
    /// <summary>The architecture's default NaN: positive, quiet, zero payload (FPDefaultNaN).</summary>
    public ulong DefaultNaN => ((ulong)MaxExp << FracBits) | QuietBit;
    /// <summary>Positive infinity.</summary>
    public ulong Infinity => (ulong)MaxExp << FracBits;
    /// <summary>The largest finite magnitude.</summary>
    public ulong MaxNormal => ((ulong)(MaxExp - 1) << FracBits) | FracMask;
}

/// <summary>What a value is, after <see cref="SoftFloat.Unpack"/> (FPUnpack in the ARM pseudocode).</summary>
public enum FpClass
{
    /// <summary>Plus or minus zero (including a denormal flushed by FPSCR.FZ).</summary>
    Zero,
    /// <summary>A finite non-zero number (normal or denormal).</summary>
    Finite,
    /// <summary>Plus or minus infinity.</summary>
    Infinity,
    /// <summary>A quiet NaN.</summary>
    QuietNaN,
    /// <summary>A signalling NaN.</summary>
    SignallingNaN,
}

/// <summary>An unpacked operand: value = (-1)^Sign × Significand × 2^Exponent, exact.</summary>
/// <param name="Class">Zero, finite, infinity or NaN.</param>
/// <param name="Sign">True when negative.</param>
/// <param name="Significand">The integer significand (implicit bit included for normals).</param>
/// <param name="Exponent">The power of two applied to <paramref name="Significand"/>.</param>
public readonly record struct FpValue(FpClass Class, bool Sign, ulong Significand, int Exponent)
{
    /// <summary>Whether the value is a NaN of either kind.</summary>
    public bool IsNaN => Class is FpClass.QuietNaN or FpClass.SignallingNaN;
}

/// <summary>
/// Bit-exact floating point as the ARMv7-M FP extension defines it (DDI0403E A2.5 and the pseudocode
/// functions FPUnpack, FPRound, FPProcessNaN(s), FPAdd, FPMul, FPDiv, FPSqrt, FPMulAdd, FPCompare, FPToFixed,
/// FixedToFP, FPConvert, FPRoundInt, FPMaxNum/FPMinNum): all rounding modes, flush-to-zero, default NaN,
/// alternative half precision and the cumulative exception flags. Values are raw bit patterns in a
/// <see cref="ulong"/>; <see cref="Fpscr"/> supplies the modes and collects the flags.
/// </summary>
public sealed partial class SoftFloat
{
    /// <summary>Creates an engine with the given FPSCR (modes in, cumulative flags out).</summary>
    public SoftFloat(uint fpscr = 0)
    {
        Fpscr = fpscr;
    }

    /// <summary>The FPSCR: the modes are read from it and exception flags are ORed into it.</summary>
    public uint Fpscr { get; set; }

    /// <summary>The rounding mode selected by FPSCR.RMode.</summary>
    public FpRounding Rounding => (FpRounding)((Fpscr & Fpscr_.RModeMask) >> Fpscr_.RModeShift);

    private bool FlushToZero => (Fpscr & Fpscr_.Fz) != 0;
    private bool DefaultNaNMode => (Fpscr & Fpscr_.Dn) != 0;

    /// <summary>Sets cumulative flags.</summary>
    public void Raise(uint flags) => Fpscr |= flags;

    /// <summary>
    /// FPUnpack: classifies <paramref name="bits"/>. With FPSCR.FZ set, a single or double denormal input
    /// becomes a zero and sets IDC (half-precision inputs are never flushed). With <paramref name="ahp"/>
    /// (alternative half precision), exponent 31 is an ordinary exponent.
    /// </summary>
    public FpValue Unpack(ulong bits, FpFormat format, bool ahp = false)
    {
        var sign = (bits & format.SignBit) != 0;
        var exp = (int)((bits >> format.FracBits) & (ulong)format.MaxExp);
        var frac = bits & format.FracMask;
        if (exp == 0)
        {
            if (frac == 0)
            {
                return new FpValue(FpClass.Zero, sign, 0, 0);
            }
            if (FlushToZero && format.ExpBits != 5)
            {
                Raise(Fpscr_.Idc);
                return new FpValue(FpClass.Zero, sign, 0, 0);
            }
            return new FpValue(FpClass.Finite, sign, frac, 1 - format.Bias - format.FracBits);
        }
        if (exp == format.MaxExp && !(ahp && format.ExpBits == 5))
        {
            if (frac == 0)
            {
                return new FpValue(FpClass.Infinity, sign, 0, 0);
            }
            return new FpValue((frac & format.QuietBit) != 0 ? FpClass.QuietNaN : FpClass.SignallingNaN, sign, frac, 0);
        }
        return new FpValue(FpClass.Finite, sign, frac | (1UL << format.FracBits), exp - format.Bias - format.FracBits);
    }

    /// <summary>Signed zero.</summary>
    public static ulong Zero(bool sign, FpFormat format) => sign ? format.SignBit : 0;

    /// <summary>Signed infinity.</summary>
    public static ulong Inf(bool sign, FpFormat format) => format.Infinity | (sign ? format.SignBit : 0);

    /// <summary>FPProcessNaN: quietens a signalling NaN (setting IOC); returns the default NaN in DN mode.</summary>
    public ulong ProcessNaN(ulong bits, FpFormat format)
    {
        var isSignalling = (bits & format.QuietBit) == 0;
        if (isSignalling)
        {
            Raise(Fpscr_.Ioc);
        }
        return DefaultNaNMode ? format.DefaultNaN : bits | format.QuietBit;
    }

    /// <summary>FPProcessNaNs: the first signalling NaN, else the first quiet NaN, processed; null when neither is a NaN.</summary>
    public ulong? ProcessNaNs(FpValue a, ulong aBits, FpValue b, ulong bBits, FpFormat format)
    {
        if (a.Class == FpClass.SignallingNaN)
        {
            return ProcessNaN(aBits, format);
        }
        if (b.Class == FpClass.SignallingNaN)
        {
            return ProcessNaN(bBits, format);
        }
        if (a.Class == FpClass.QuietNaN)
        {
            return ProcessNaN(aBits, format);
        }
        if (b.Class == FpClass.QuietNaN)
        {
            return ProcessNaN(bBits, format);
        }
        return null;
    }

    /// <summary>
    /// FPRound: rounds (-1)^sign × sig × 2^exp (sig non-zero; a set low bit may stand for lost non-zero bits,
    /// as long as sig carries at least two bits below the result's precision) to <paramref name="format"/>.
    /// Tininess is detected before rounding; underflow is signalled only when inexact; with FZ a tiny result
    /// flushes to zero with UFC (not for half precision).
    /// </summary>
    internal ulong Round(bool sign, UInt128 sig, int exp, FpFormat format, FpRounding? rounding = null, bool ahp = false)
    {
        if (sig == UInt128.Zero)
        {
            return Zero(sign, format);
        }
        var mode = rounding ?? Rounding;
        var length = 128 - (int)UInt128.LeadingZeroCount(sig);
        var unbiased = exp + length - 1;               // exponent of the leading bit
        var minExp = 1 - format.Bias;
        if (FlushToZero && format.ExpBits != 5 && unbiased < minExp)
        {
            Raise(Fpscr_.Ufc);
            return Zero(sign, format);
        }
        var quantum = Math.Max(unbiased - format.FracBits, minExp - format.FracBits);
        var shift = quantum - exp;
        UInt128 kept;
        var inexact = false;
        var roundUp = false;
        if (shift <= 0)
        {
            kept = sig << -shift;
        }
        else
        {
            UInt128 rem;
            UInt128 half;
            if (shift >= 128)
            {
                kept = UInt128.Zero;
                rem = sig;
                half = shift == 128 ? UInt128.One << 127 : UInt128.MaxValue; // sig < half whenever shift > 128
            }
            else
            {
                kept = sig >> shift;
                rem = sig & ((UInt128.One << shift) - 1);
                half = UInt128.One << (shift - 1);
            }
            inexact = rem != UInt128.Zero;
            if (inexact)
            {
                roundUp = mode switch
                {
                    FpRounding.TiesToEven => rem > half || (rem == half && (kept & 1) != 0),
                    FpRounding.TiesAway => rem >= half,
                    FpRounding.TowardPlusInfinity => !sign,
                    FpRounding.TowardMinusInfinity => sign,
                    _ => false,
                };
            }
        }
        var biased = unbiased < minExp ? 0 : unbiased + format.Bias;
        if (biased == 0 && inexact)
        {
            Raise(Fpscr_.Ufc);
        }
        if (roundUp)
        {
            kept++;
            if (kept == (UInt128.One << (format.FracBits + 1)))
            {
                kept >>= 1;
                biased++;
            }
            else if (biased == 0 && kept == (UInt128.One << format.FracBits))
            {
                biased = 1;
            }
        }
        var overflowToInf = mode switch
        {
            FpRounding.TiesToEven or FpRounding.TiesAway => true,
            FpRounding.TowardPlusInfinity => !sign,
            FpRounding.TowardMinusInfinity => sign,
            _ => false,
        };
        var signBits = sign ? format.SignBit : 0;
        if (ahp && format.ExpBits == 5)
        {
            if (biased >= (1 << format.ExpBits))
            {
                Raise(Fpscr_.Ioc);
                return signBits | 0x7FFF;
            }
        }
        else if (biased >= format.MaxExp)
        {
            Raise(Fpscr_.Ofc | Fpscr_.Ixc);
            return signBits | (overflowToInf ? format.Infinity : format.MaxNormal);
        }
        if (inexact)
        {
            Raise(Fpscr_.Ixc);
        }
        return signBits | ((ulong)biased << format.FracBits) | ((ulong)kept & format.FracMask);
    }

    internal static int BitLength(UInt128 value) => 128 - (int)UInt128.LeadingZeroCount(value);

    internal static int BitLength(ulong value) => 64 - BitOperations.LeadingZeroCount(value);
}
