using Fpscr_ = Stm32.Build.Emulator.Fpu.Fpscr;

namespace Stm32.Build.Emulator.Fpu;

public sealed partial class SoftFloat
{
    /// <summary>
    /// FPCompare: the NZCV flags VCMP/VCMPE write to FPSCR[31:28]: equal 0110, less 1000, greater 0010,
    /// unordered 0011. IOC is set for a signalling NaN, or for any NaN when <paramref name="signalOnQuietNaN"/> (VCMPE).
    /// </summary>
    public uint Compare(ulong x, ulong y, FpFormat f, bool signalOnQuietNaN)
    {
        var a = Unpack(x, f);
        var b = Unpack(y, f);
        if (a.IsNaN || b.IsNaN)
        {
            if (a.Class == FpClass.SignallingNaN || b.Class == FpClass.SignallingNaN || signalOnQuietNaN)
            {
                Raise(Fpscr_.Ioc);
            }
            return Fpscr_.C | Fpscr_.V;
        }
        var order = CompareValues(a, b);
        return order == 0 ? Fpscr_.Z | Fpscr_.C : order < 0 ? Fpscr_.N : Fpscr_.C;
    }

    /// <summary>FPMaxNum (VMAXNM): a quiet NaN loses against a number; otherwise FPMax (+0 &gt; -0, NaNs processed).</summary>
    public ulong MaxNum(ulong x, ulong y, FpFormat f) => MinMaxNum(x, y, f, max: true);

    /// <summary>FPMinNum (VMINNM): a quiet NaN loses against a number; otherwise FPMin (-0 &lt; +0, NaNs processed).</summary>
    public ulong MinNum(ulong x, ulong y, FpFormat f) => MinMaxNum(x, y, f, max: false);

    private ulong MinMaxNum(ulong x, ulong y, FpFormat f, bool max)
    {
        // FPMaxNum/FPMinNum check the classes without flushing first; a quiet NaN against a number is replaced
        // by an infinity that loses the comparison, so the number (after FPMax's own unpack) is the result.
        var aClass = ClassOf(x, f);
        var bClass = ClassOf(y, f);
        if (aClass == FpClass.QuietNaN && bClass is not (FpClass.QuietNaN or FpClass.SignallingNaN))
        {
            x = Inf(max, f);
        }
        else if (bClass == FpClass.QuietNaN && aClass is not (FpClass.QuietNaN or FpClass.SignallingNaN))
        {
            y = Inf(max, f);
        }
        var a = Unpack(x, f);
        var b = Unpack(y, f);
        if (ProcessNaNs(a, x, b, y, f) is ulong nan)
        {
            return nan;
        }
        if (a.Class == FpClass.Zero && b.Class == FpClass.Zero)
        {
            // max(+0, -0) = +0, min(+0, -0) = -0.
            var sign = max ? a.Sign && b.Sign : a.Sign || b.Sign;
            return Zero(sign, f);
        }
        var order = CompareValues(a, b);
        var pickA = max ? order >= 0 : order <= 0;
        var chosen = pickA ? a : b;
        var bits = pickA ? x : y;
        // The chosen operand is returned as it unpacked: a flushed denormal becomes a signed zero.
        return chosen.Class == FpClass.Zero ? Zero(chosen.Sign, f) : bits;
    }

    private static FpClass ClassOf(ulong bits, FpFormat f)
    {
        var exp = (int)((bits >> f.FracBits) & (ulong)f.MaxExp);
        var frac = bits & f.FracMask;
        if (exp != f.MaxExp)
        {
            return exp == 0 && frac == 0 ? FpClass.Zero : FpClass.Finite;
        }
        return frac == 0 ? FpClass.Infinity : (frac & f.QuietBit) != 0 ? FpClass.QuietNaN : FpClass.SignallingNaN;
    }

    /// <summary>Orders two non-NaN unpacked values: -1, 0 or 1 (zeros of either sign are equal).</summary>
    private static int CompareValues(FpValue a, FpValue b)
    {
        if (a.Class == FpClass.Zero && b.Class == FpClass.Zero)
        {
            return 0;
        }
        var ma = Magnitude(a);
        var mb = Magnitude(b);
        var sa = a.Class == FpClass.Zero ? 0 : a.Sign ? -1 : 1;
        var sb = b.Class == FpClass.Zero ? 0 : b.Sign ? -1 : 1;
        if (sa != sb)
        {
            return sa < sb ? -1 : 1;
        }
        var cmp = ma.CompareTo(mb);
        return sa < 0 ? -cmp : cmp;
    }

    /// <summary>A totally ordered magnitude key for a non-NaN value (finite values by exact value, infinity largest).</summary>
    private static (int Kind, int Top, UInt128 Aligned) Magnitude(FpValue v)
    {
        if (v.Class == FpClass.Zero)
        {
            return (0, 0, UInt128.Zero);
        }
        if (v.Class == FpClass.Infinity)
        {
            return (2, 0, UInt128.Zero);
        }
        var length = BitLength(v.Significand);
        var top = v.Exponent + length;
        return (1, top, (UInt128)v.Significand << (64 - length));
    }
}
