using Fpscr_ = Stm32.Build.Emulator.Fpu.Fpscr;

namespace Stm32.Build.Emulator.Fpu;

/// <summary>
/// The common case on the host's IEEE 754 hardware: round-to-nearest-even, no flush-to-zero, normal operands and a
/// normal result. There the ARMv7-M FP result is the IEEE result bit for bit (DDI0403E A2.5: the FP extension
/// implements IEEE 754 arithmetic; FZ, DN and the other rounding modes are what differ), and the only flag that can
/// be raised is IXC, which an exact error term tells: TwoSum for add/subtract, a fused multiply-add residual for
/// multiply, divide and square root (exact while no intermediate underflows — guaranteed by the magnitude bounds
/// below). Everything else (NaNs, infinities, zeros, denormals, overflow, underflow, other modes) takes the
/// bit-exact software path. The lockstep tests against QEMU cover both paths.
/// </summary>
public sealed partial class SoftFloat
{
    /// <summary>Smallest magnitude for which the error terms below are exactly representable (2^-896 / 2^-64).</summary>
    private const double DoubleSafe = 1.4708983551653345e-270;
    private const float SingleSafe = 5.421011e-20f;

    /// <summary>Whether the hardware fast path may be used (tests turn it off to compare both paths).</summary>
    internal bool UseHardwareFastPath { get; set; } = true;

    private bool FastModes => UseHardwareFastPath && (Fpscr & (Fpscr_.Fz | Fpscr_.RModeMask)) == 0;

    private static bool IsNormalBits(ulong bits, FpFormat f)
    {
        var e = (int)((bits >> f.FracBits) & (ulong)f.MaxExp);
        return e != 0 && e != f.MaxExp;
    }

    private bool TryFastAdd(ulong x, ulong y, FpFormat f, out ulong result)
    {
        result = 0;
        if (!FastModes || !IsNormalBits(x, f) || !IsNormalBits(y, f))
        {
            return false;
        }
        if (f.ExpBits == 11)
        {
            double a = BitConverter.UInt64BitsToDouble(x), b = BitConverter.UInt64BitsToDouble(y);
            var s = a + b;
            if (!double.IsNormal(s))
            {
                return false;
            }
            var bb = s - a;
            if ((a - (s - bb)) + (b - bb) != 0)
            {
                Raise(Fpscr_.Ixc);
            }
            result = BitConverter.DoubleToUInt64Bits(s);
            return true;
        }
        if (f.ExpBits == 8)
        {
            float a = BitConverter.UInt32BitsToSingle((uint)x), b = BitConverter.UInt32BitsToSingle((uint)y);
            var s = a + b;
            if (!float.IsNormal(s))
            {
                return false;
            }
            var bb = s - a;
            if ((a - (s - bb)) + (b - bb) != 0)
            {
                Raise(Fpscr_.Ixc);
            }
            result = BitConverter.SingleToUInt32Bits(s);
            return true;
        }
        return false;
    }

    private bool TryFastMul(ulong x, ulong y, FpFormat f, out ulong result)
    {
        result = 0;
        if (!FastModes || !IsNormalBits(x, f) || !IsNormalBits(y, f))
        {
            return false;
        }
        if (f.ExpBits == 11)
        {
            double a = BitConverter.UInt64BitsToDouble(x), b = BitConverter.UInt64BitsToDouble(y);
            var p = a * b;
            if (!double.IsNormal(p) || Math.Abs(p) < DoubleSafe)
            {
                return false;
            }
            if (Math.FusedMultiplyAdd(a, b, -p) != 0)
            {
                Raise(Fpscr_.Ixc);
            }
            result = BitConverter.DoubleToUInt64Bits(p);
            return true;
        }
        if (f.ExpBits == 8)
        {
            float a = BitConverter.UInt32BitsToSingle((uint)x), b = BitConverter.UInt32BitsToSingle((uint)y);
            var p = a * b;
            if (!float.IsNormal(p) || MathF.Abs(p) < SingleSafe)
            {
                return false;
            }
            if (MathF.FusedMultiplyAdd(a, b, -p) != 0)
            {
                Raise(Fpscr_.Ixc);
            }
            result = BitConverter.SingleToUInt32Bits(p);
            return true;
        }
        return false;
    }

    private bool TryFastDiv(ulong x, ulong y, FpFormat f, out ulong result)
    {
        result = 0;
        if (!FastModes || !IsNormalBits(x, f) || !IsNormalBits(y, f))
        {
            return false;
        }
        if (f.ExpBits == 11)
        {
            double a = BitConverter.UInt64BitsToDouble(x), b = BitConverter.UInt64BitsToDouble(y);
            var q = a / b;
            if (!double.IsNormal(q) || Math.Abs(q) < DoubleSafe || Math.Abs(a) < DoubleSafe)
            {
                return false;
            }
            if (Math.FusedMultiplyAdd(-q, b, a) != 0)
            {
                Raise(Fpscr_.Ixc);
            }
            result = BitConverter.DoubleToUInt64Bits(q);
            return true;
        }
        if (f.ExpBits == 8)
        {
            float a = BitConverter.UInt32BitsToSingle((uint)x), b = BitConverter.UInt32BitsToSingle((uint)y);
            var q = a / b;
            if (!float.IsNormal(q) || MathF.Abs(q) < SingleSafe || MathF.Abs(a) < SingleSafe)
            {
                return false;
            }
            if (MathF.FusedMultiplyAdd(-q, b, a) != 0)
            {
                Raise(Fpscr_.Ixc);
            }
            result = BitConverter.SingleToUInt32Bits(q);
            return true;
        }
        return false;
    }

    private bool TryFastSqrt(ulong x, FpFormat f, out ulong result)
    {
        result = 0;
        if (!FastModes || !IsNormalBits(x, f) || (x & f.SignBit) != 0)
        {
            return false;
        }
        if (f.ExpBits == 11)
        {
            var a = BitConverter.UInt64BitsToDouble(x);
            if (a < DoubleSafe)
            {
                return false;
            }
            var q = Math.Sqrt(a);
            if (Math.FusedMultiplyAdd(-q, q, a) != 0)
            {
                Raise(Fpscr_.Ixc);
            }
            result = BitConverter.DoubleToUInt64Bits(q);
            return true;
        }
        if (f.ExpBits == 8)
        {
            var a = BitConverter.UInt32BitsToSingle((uint)x);
            if (a < SingleSafe)
            {
                return false;
            }
            var q = MathF.Sqrt(a);
            if (MathF.FusedMultiplyAdd(-q, q, a) != 0)
            {
                Raise(Fpscr_.Ixc);
            }
            result = BitConverter.SingleToUInt32Bits(q);
            return true;
        }
        return false;
    }
}
