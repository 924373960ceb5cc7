using System.Numerics;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>Multiply, divide, saturating and DSP/SIMD instructions (A5.3.13–A5.3.16).</summary>
public sealed partial class CortexMCore
{
    /// <summary>Multiply, multiply accumulate and absolute difference (A5.3.15).</summary>
    private void Multiply32(uint hw1, uint hw2)
    {
        var r = _r;
        var op1 = (hw1 >> 4) & 7;
        var op2 = (hw2 >> 4) & 3;
        var n = hw1 & 0xF;
        var a = (hw2 >> 12) & 0xF;
        var d = (hw2 >> 8) & 0xF;
        var m = hw2 & 0xF;
        if (IsBadRegister(d) || IsBadRegister(n) || IsBadRegister(m) || a == 13)
        {
            Undefined();
            return;
        }
        var rn = r[n];
        var rm = r[m];
        var accumulate = a != 15;
        var ra = accumulate ? r[a] : 0;
        if (op1 != 0 && !_hasDsp)
        {
            Undefined(); // halfword, dual, word-by-halfword and most-significant-word multiplies, USAD8: DSP extension
            return;
        }
        switch (op1)
        {
            case 0:
                if (op2 == 0)
                {
                    r[d] = rn * rm + ra; // MUL / MLA
                }
                else if (op2 == 1 && accumulate)
                {
                    r[d] = ra - rn * rm; // MLS
                }
                else
                {
                    Undefined();
                }
                return;
            case 1:
            {
                // SMULxy / SMLAxy (A7.7.172, A7.7.160)
                var x = (hw2 & 0x20) != 0 ? (short)(rn >> 16) : (short)rn;
                var y = (hw2 & 0x10) != 0 ? (short)(rm >> 16) : (short)rm;
                long result = (long)x * y + (int)ra;
                r[d] = (uint)result;
                if (result != (int)result)
                {
                    _s.Q = true;
                }
                return;
            }
            case 2:
            case 4:
            {
                if ((op2 & 2) != 0)
                {
                    Undefined();
                    return;
                }
                // SMUAD/SMLAD (op1 2), SMUSD/SMLSD (op1 4) with optional operand exchange (X)
                var mm = (op2 & 1) != 0 ? BitOperations.RotateRight(rm, 16) : rm;
                long p1 = (long)(short)rn * (short)mm;
                long p2 = (long)(short)(rn >> 16) * (short)(mm >> 16);
                long result = (op1 == 2 ? p1 + p2 : p1 - p2) + (int)ra;
                r[d] = (uint)result;
                if (result != (int)result)
                {
                    _s.Q = true;
                }
                return;
            }
            case 3:
            {
                if ((op2 & 2) != 0)
                {
                    Undefined();
                    return;
                }
                // SMULWy / SMLAWy (A7.7.174, A7.7.162)
                var y = (op2 & 1) != 0 ? (short)(rm >> 16) : (short)rm;
                long result = (((long)(int)rn * y) >> 16) + (int)ra;
                r[d] = (uint)result;
                if (result != (int)result)
                {
                    _s.Q = true;
                }
                return;
            }
            case 5:
            case 6:
            {
                if ((op2 & 2) != 0 || (op1 == 6 && !accumulate))
                {
                    Undefined();
                    return;
                }
                // SMMUL/SMMLA (op1 5), SMMLS (op1 6), R = rounding (A7.7.166–A7.7.168)
                long product = (long)(int)rn * (int)rm;
                long acc = (long)ra << 32;
                long result = op1 == 5 ? acc + product : acc - product;
                if ((op2 & 1) != 0)
                {
                    result += 0x80000000L;
                }
                r[d] = (uint)(result >> 32);
                return;
            }
            default:
            {
                if (op2 != 0)
                {
                    Undefined();
                    return;
                }
                // USAD8 / USADA8 (A7.7.205, A7.7.206)
                var sum = ra;
                for (var i = 0; i < 32; i += 8)
                {
                    var diff = (int)((rn >> i) & 0xFF) - (int)((rm >> i) & 0xFF);
                    sum += (uint)Math.Abs(diff);
                }
                r[d] = sum;
                return;
            }
        }
    }

    /// <summary>BadReg (A5.1.3 "SP and PC"): SP or PC where the encoding makes them UNPREDICTABLE.</summary>
    private static bool IsBadRegister(uint r) => r == 13 || r == 15;

    /// <summary>Long multiply, long multiply accumulate and divide (A5.3.16).</summary>
    private void LongMultiplyDivide(uint hw1, uint hw2)
    {
        var r = _r;
        var op1 = (hw1 >> 4) & 7;
        var op2 = (hw2 >> 4) & 0xF;
        var n = hw1 & 0xF;
        var lo = (hw2 >> 12) & 0xF;
        var hi = (hw2 >> 8) & 0xF;
        var m = hw2 & 0xF;
        if (IsBadRegister(n) || IsBadRegister(m) || IsBadRegister(hi))
        {
            Undefined();
            return;
        }
        var rn = r[n];
        var rm = r[m];
        if (op1 is 1 or 3)
        {
            if (op2 != 0xF || lo != 15)
            {
                Undefined();
                return;
            }
            // SDIV / UDIV (A7.7.127, A7.7.195); divide by zero traps when CCR.DIV_0_TRP
            if (rm == 0)
            {
                if ((_ccr & CcrDiv0Trp) != 0)
                {
                    RaiseUsageFault(UfsrDivByZero);
                    return;
                }
                r[hi] = 0;
                return;
            }
            if (op1 == 1)
            {
                r[hi] = rm == 0xFFFFFFFF && rn == 0x80000000 ? 0x80000000 : (uint)((int)rn / (int)rm);
            }
            else
            {
                r[hi] = rn / rm;
            }
            return;
        }
        // RdLo == RdHi is UNPREDICTABLE; like QEMU we execute it and the high word wins.
        if (IsBadRegister(lo))
        {
            Undefined();
            return;
        }
        if (!_hasDsp && op2 != 0)
        {
            Undefined(); // SMLALxy, SMLALD, SMLSLD, UMAAL: DSP extension
            return;
        }
        var acc = ((ulong)r[hi] << 32) | r[lo];
        ulong result;
        switch (op1)
        {
            case 0 when op2 == 0: // SMULL
                result = (ulong)((long)(int)rn * (int)rm);
                break;
            case 2 when op2 == 0: // UMULL
                result = (ulong)rn * rm;
                break;
            case 4 when op2 == 0: // SMLAL
                result = acc + (ulong)((long)(int)rn * (int)rm);
                break;
            case 4 when (op2 & 0xC) == 8: // SMLALxy
            {
                var x = (op2 & 2) != 0 ? (short)(rn >> 16) : (short)rn;
                var y = (op2 & 1) != 0 ? (short)(rm >> 16) : (short)rm;
                result = acc + (ulong)((long)x * y);
                break;
            }
            case 4 when (op2 & 0xE) == 0xC: // SMLALD{X}
            case 5 when (op2 & 0xE) == 0xC: // SMLSLD{X}
            {
                var mm = (op2 & 1) != 0 ? BitOperations.RotateRight(rm, 16) : rm;
                long p1 = (long)(short)rn * (short)mm;
                long p2 = (long)(short)(rn >> 16) * (short)(mm >> 16);
                result = acc + (ulong)(op1 == 4 ? p1 + p2 : p1 - p2);
                break;
            }
            case 6 when op2 == 0: // UMLAL
                result = acc + (ulong)rn * rm;
                break;
            case 6 when op2 == 6: // UMAAL
                result = (ulong)rn * rm + r[lo] + r[hi];
                break;
            default:
                Undefined();
                return;
        }
        r[lo] = (uint)result;
        r[hi] = (uint)(result >> 32);
    }

    /// <summary>
    /// Parallel addition and subtraction (A5.3.13): <paramref name="op"/> is hw1[6:4] (ADD8 0, ADD16 1, ASX 2,
    /// SUB8 4, SUB16 5, SAX 6), <paramref name="unsigned"/> hw2[6], <paramref name="kind"/> hw2[5:4]
    /// (0 plain with GE flags, 1 saturating, 2 halving).
    /// </summary>
    private uint ParallelAddSubtract(uint op, bool unsigned, uint kind, uint rn, uint rm)
    {
        var halves = op is 1 or 2 or 5 or 6;
        var lanes = halves ? 2 : 4;
        var width = halves ? 16 : 8;
        var laneMask = (1u << width) - 1;
        uint result = 0;
        uint ge = 0;
        for (var i = 0; i < lanes; i++)
        {
            // Operands for lane i; ASX/SAX cross the halves.
            var shiftA = i * width;
            var shiftB = op switch { 2 or 6 => (1 - i) * width, _ => i * width };
            var a = Lane(rn >> shiftA, width, unsigned);
            var b = Lane(rm >> shiftB, width, unsigned);
            bool subtract = op switch
            {
                0 or 1 => false,
                4 or 5 => true,
                2 => i == 0, // ASX: low lane = Rn.lo - Rm.hi, high lane = Rn.hi + Rm.lo
                _ => i == 1, // SAX: low lane = Rn.lo + Rm.hi, high lane = Rn.hi - Rm.lo
            };
            var v = subtract ? a - b : a + b;
            long laneResult;
            switch (kind)
            {
                case 0:
                    laneResult = v;
                    var set = unsigned ? (subtract ? v >= 0 : v >= (1L << width)) : v >= 0;
                    if (set)
                    {
                        ge |= (halves ? 3u : 1u) << (halves ? 2 * i : i);
                    }
                    break;
                case 1:
                    laneResult = unsigned ? UnsignedSat(v, width, out _) : SignedSat(v, width, out _);
                    break;
                default:
                    laneResult = v >> 1;
                    break;
            }
            result |= ((uint)laneResult & laneMask) << shiftA;
        }
        if (kind == 0)
        {
            _s.GE = ge;
        }
        return result;
    }

    private static long Lane(uint value, int width, bool unsigned) =>
        unsigned ? value & ((1u << width) - 1) : (int)SignExtend(value & ((1u << width) - 1), width);

    /// <summary>Miscellaneous operations (A5.3.14): QADD/QDADD/QSUB/QDSUB, REV/REV16/RBIT/REVSH, SEL, CLZ.</summary>
    private void MiscellaneousOperation(uint op1, uint op2, uint n, uint d, uint m)
    {
        var r = _r;
        var rn = r[n];
        var rm = r[m];
        switch (op1)
        {
            case 0:
            {
                // QADD, QDADD, QSUB, QDSUB: Rd = sat(Rm +/- [sat(2 *)] Rn) (A7.7.97 ...)
                long operand = (int)rn;
                var doubled = false;
                if ((op2 & 1) != 0)
                {
                    operand = SignedSat(2 * operand, 32, out doubled);
                }
                long sum = (op2 & 2) == 0 ? (long)(int)rm + operand : (long)(int)rm - operand;
                r[d] = (uint)SignedSat(sum, 32, out var sat);
                _s.Q |= sat || doubled;
                return;
            }
            case 1:
                if (n != m)
                {
                    Undefined();
                    return;
                }
                r[d] = op2 switch
                {
                    0 => BinaryReverse(rm), // REV
                    1 => ((rm & 0x00FF00FFu) << 8) | ((rm >> 8) & 0x00FF00FFu), // REV16
                    2 => ReverseBits(rm), // RBIT
                    _ => SignExtend(((rm & 0xFF) << 8) | ((rm >> 8) & 0xFF), 16), // REVSH
                };
                return;
            case 2:
                if (op2 != 0)
                {
                    Undefined();
                    return;
                }
                // SEL (A7.7.124)
                uint sel = 0;
                for (var i = 0; i < 4; i++)
                {
                    var mask = 0xFFu << (8 * i);
                    sel |= ((_s.GE >> i) & 1) != 0 ? rn & mask : rm & mask;
                }
                r[d] = sel;
                return;
            default:
                if (op2 != 0 || n != m)
                {
                    Undefined();
                    return;
                }
                r[d] = (uint)BitOperations.LeadingZeroCount(rm); // CLZ
                return;
        }
    }
}
