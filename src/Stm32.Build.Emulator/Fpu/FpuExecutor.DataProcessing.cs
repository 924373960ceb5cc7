using Stm32.Build.Emulator.Cpu;

namespace Stm32.Build.Emulator.Fpu;

public sealed partial class FpuExecutor
{
    /// <summary>Floating-point data-processing (DDI0403E A6.4 table "Floating-point data-processing instructions").</summary>
    private FpuOutcome DataProcessing(uint i, CpuState s)
    {
        var dbl = (i & (1u << 8)) != 0;
        if (dbl && !DoublePrecision)
        {
            return FpuOutcome.Undefined;
        }
        var opc1 = (i >> 20) & 0xB;  // bits 23,21,20 (bit 22 is D)
        var op = (i & (1u << 6)) != 0;
        var f = Format(dbl);
        if (opc1 != 0xB)
        {
            int d = RegD(i, dbl), n = RegN(i, dbl), m = RegM(i, dbl);
            if (!ValidRegs(dbl, d, n, m))
            {
                return FpuOutcome.Undefined;
            }
            ulong vn = Read(s, n, dbl), vm = Read(s, m, dbl), vd = Read(s, d, dbl);
            var fp = Begin(s);
            ulong result;
            switch (opc1)
            {
                case 0x0: // VMLA / VMLS: d = d + (±(n*m)), two roundings
                    {
                        var product = fp.Mul(vn, vm, f);
                        result = fp.Add(vd, op ? Negate(product, f) : product, f);
                        Count(op ? "VMLS" : "VMLA");
                        break;
                    }
                case 0x1: // VNMLS (op=0): d = -d + n*m; VNMLA (op=1): d = -d - n*m
                    {
                        var product = fp.Mul(vn, vm, f);
                        result = fp.Add(Negate(vd, f), op ? Negate(product, f) : product, f);
                        Count(op ? "VNMLA" : "VNMLS");
                        break;
                    }
                case 0x2: // VMUL / VNMUL
                    result = fp.Mul(vn, vm, f);
                    if (op)
                    {
                        result = Negate(result, f);
                    }
                    Count(op ? "VNMUL" : "VMUL");
                    break;
                case 0x3: // VADD / VSUB
                    result = op ? fp.Sub(vn, vm, f) : fp.Add(vn, vm, f);
                    Count(op ? "VSUB" : "VADD");
                    break;
                case 0x8: // VDIV
                    if (op)
                    {
                        return FpuOutcome.Undefined;
                    }
                    result = fp.Div(vn, vm, f);
                    Count("VDIV");
                    break;
                case 0x9: // VFNMS (op=0): d = -d + n*m; VFNMA (op=1): d = -d - n*m, fused
                    result = fp.MulAdd(Negate(vd, f), op ? Negate(vn, f) : vn, vm, f);
                    Count(op ? "VFNMA" : "VFNMS");
                    break;
                case 0xA: // VFMA (op=0): d = d + n*m; VFMS (op=1): d = d - n*m, fused
                    result = fp.MulAdd(vd, op ? Negate(vn, f) : vn, vm, f);
                    Count(op ? "VFMS" : "VFMA");
                    break;
                default:
                    return FpuOutcome.Undefined;
            }
            End(s);
            Write(s, d, dbl, result);
            return FpuOutcome.Executed;
        }
        if (!op)
        {
            // opc3 = x0: VMOV (immediate); imm8 = bits 19:16 : 3:0; bits 7:4 must be 0000.
            if ((i & 0xB0) != 0)
            {
                return FpuOutcome.Undefined;
            }
            var d = RegD(i, dbl);
            if (!ValidRegs(dbl, d))
            {
                return FpuOutcome.Undefined;
            }
            Write(s, d, dbl, ExpandImmediate(((i >> 12) & 0xF0) | (i & 0xF), dbl));
            Count("VMOV.imm");
            return FpuOutcome.Executed;
        }
        return OtherDataProcessing(i, s, dbl);
    }

    /// <summary>FPNeg: flips the sign bit (NaNs included, no exception).</summary>
    private static ulong Negate(ulong bits, FpFormat f) => bits ^ f.SignBit;

    private FpuOutcome OtherDataProcessing(uint i, CpuState s, bool dbl)
    {
        var opc2 = (i >> 16) & 0xF;
        var bit7 = (i & (1u << 7)) != 0;
        var f = Format(dbl);
        switch (opc2)
        {
            case 0x0: // VMOV (register) / VABS
            case 0x1: // VNEG / VSQRT
                {
                    int d = RegD(i, dbl), m = RegM(i, dbl);
                    if (!ValidRegs(dbl, d, m))
                    {
                        return FpuOutcome.Undefined;
                    }
                    var vm = Read(s, m, dbl);
                    ulong result;
                    if (opc2 == 0)
                    {
                        result = bit7 ? vm & ~f.SignBit : vm;
                        Count(bit7 ? "VABS" : "VMOV.reg");
                    }
                    else if (!bit7)
                    {
                        result = Negate(vm, f);
                        Count("VNEG");
                    }
                    else
                    {
                        result = Begin(s).Sqrt(vm, f);
                        End(s);
                        Count("VSQRT");
                    }
                    Write(s, d, dbl, result);
                    return FpuOutcome.Executed;
                }
            case 0x2:
            case 0x3:
                return HalfConvert(i, s, dbl);
            case 0x4:
            case 0x5: // VCMP / VCMPE (opc2<0> = compare with zero)
                {
                    int d = RegD(i, dbl), m = RegM(i, dbl);
                    if (!ValidRegs(dbl, d, m) || (opc2 == 5 && (i & 0x2F) != 0))
                    {
                        return FpuOutcome.Undefined;
                    }
                    var other = opc2 == 5 ? 0UL : Read(s, m, dbl);
                    var flags = Begin(s).Compare(Read(s, d, dbl), other, f, signalOnQuietNaN: bit7);
                    End(s);
                    s.Fpscr = (s.Fpscr & 0x0FFFFFFF) | flags;
                    Count(bit7 ? "VCMPE" : "VCMP");
                    return FpuOutcome.Executed;
                }
            case 0x6: // VRINTR (op=0) / VRINTZ (op=1), FPv5
            case 0x7 when !bit7: // VRINTX, FPv5
                {
                    if (!Fpv5)
                    {
                        return FpuOutcome.Undefined;
                    }
                    int d = RegD(i, dbl), m = RegM(i, dbl);
                    if (!ValidRegs(dbl, d, m))
                    {
                        return FpuOutcome.Undefined;
                    }
                    var rounding = opc2 == 6 && bit7 ? FpRounding.TowardZero : FpscrRounding(s);
                    var result = Begin(s).RoundInt(Read(s, m, dbl), f, rounding, exact: opc2 == 7);
                    End(s);
                    Write(s, d, dbl, result);
                    Count(opc2 == 7 ? "VRINTX" : bit7 ? "VRINTZ" : "VRINTR");
                    return FpuOutcome.Executed;
                }
            case 0x7: // VCVT between double and single: sz=0 converts S[m] to D[d]; sz=1 converts D[m] to S[d]
                {
                    if (!DoublePrecision)
                    {
                        return FpuOutcome.Undefined;
                    }
                    int d = RegD(i, !dbl), m = RegM(i, dbl);
                    if (!ValidRegs(!dbl, d) || !ValidRegs(dbl, m))
                    {
                        return FpuOutcome.Undefined;
                    }
                    var result = Begin(s).Convert(Read(s, m, dbl), f, Format(!dbl));
                    End(s);
                    Write(s, d, !dbl, result);
                    Count(dbl ? "VCVT.F32.F64" : "VCVT.F64.F32");
                    return FpuOutcome.Executed;
                }
            case 0x8: // VCVT integer to float: source S[m], bit7 = signed
                {
                    int d = RegD(i, dbl), m = RegM(i, false);
                    if (!ValidRegs(dbl, d))
                    {
                        return FpuOutcome.Undefined;
                    }
                    var result = Begin(s).FromFixed(s.S[m], f, unsigned: !bit7, fractionBits: 0);
                    End(s);
                    Write(s, d, dbl, result);
                    Count(bit7 ? "VCVT.F.S32" : "VCVT.F.U32");
                    return FpuOutcome.Executed;
                }
            case 0xA:
            case 0xB:
            case 0xE:
            case 0xF:
                return FixedConvert(i, s, dbl);
            case 0xC:
            case 0xD: // VCVT / VCVTR float to integer: destination S[d], opc2<0> = signed, bit7 = round towards zero
                {
                    int d = RegD(i, false), m = RegM(i, dbl);
                    if (!ValidRegs(dbl, m))
                    {
                        return FpuOutcome.Undefined;
                    }
                    var rounding = bit7 ? FpRounding.TowardZero : FpscrRounding(s);
                    var result = Begin(s).ToFixed(Read(s, m, dbl), f, unsigned: opc2 == 0xC, fractionBits: 0, rounding);
                    End(s);
                    s.S[d] = result;
                    Count(bit7 ? "VCVT" : "VCVTR", opc2 == 0xC ? ".U32.F" : ".S32.F");
                    return FpuOutcome.Executed;
                }
            default:
                return FpuOutcome.Undefined;
        }
    }

    /// <summary>VCVTB/VCVTT (half ↔ single; half ↔ double on FPv5): opc2&lt;0&gt; = 1 converts to half, bit 7 (T) selects the top half.</summary>
    private FpuOutcome HalfConvert(uint i, CpuState s, bool dbl)
    {
        var toHalf = (i & (1u << 16)) != 0;
        var topHalf = (i & (1u << 7)) != 0;
        var ahp = (s.Fpscr & Fpscr.Ahp) != 0;
        var fp = Begin(s);
        if (toHalf)
        {
            int d = RegD(i, false), m = RegM(i, dbl);
            if (!ValidRegs(dbl, m))
            {
                return FpuOutcome.Undefined;
            }
            var half = (uint)fp.Convert(Read(s, m, dbl), Format(dbl), FpFormat.Half, ahp);
            End(s);
            s.S[d] = topHalf ? (s.S[d] & 0x0000FFFF) | (half << 16) : (s.S[d] & 0xFFFF0000) | half;
        }
        else
        {
            int d = RegD(i, dbl), m = RegM(i, false);
            if (!ValidRegs(dbl, d))
            {
                return FpuOutcome.Undefined;
            }
            var half = topHalf ? s.S[m] >> 16 : s.S[m] & 0xFFFF;
            var result = fp.Convert(half, FpFormat.Half, Format(dbl), ahp);
            End(s);
            Write(s, d, dbl, result);
        }
        Count(topHalf ? "VCVTT" : "VCVTB");
        return FpuOutcome.Executed;
    }

    /// <summary>VCVT between floating point and fixed point: opc2&lt;2&gt; = to fixed, opc2&lt;0&gt; = unsigned, bit 7 = 32-bit (sx), imm4:i = imm5.</summary>
    private FpuOutcome FixedConvert(uint i, CpuState s, bool dbl)
    {
        var toFixed = (i & (1u << 18)) != 0;
        var unsigned = (i & (1u << 16)) != 0;
        var size = (i & (1u << 7)) != 0 ? 32 : 16;
        var imm5 = (int)(((i & 0xF) << 1) | ((i >> 5) & 1));
        var fractionBits = size - imm5;
        if (fractionBits < 0)
        {
            return FpuOutcome.Undefined;
        }
        var d = RegD(i, dbl);
        if (!ValidRegs(dbl, d))
        {
            return FpuOutcome.Undefined;
        }
        var f = Format(dbl);
        var fp = Begin(s);
        if (toFixed)
        {
            var value = fp.ToFixed(Read(s, d, dbl), f, unsigned, fractionBits, FpRounding.TowardZero, size);
            End(s);
            // A D register receives the result extended to 64 bits (sign-extended when signed).
            Write(s, d, dbl, dbl && !unsigned ? (ulong)(long)(int)value : value);
        }
        else
        {
            // FixedToFP with round_to_nearest = TRUE: this VCVT ignores FPSCR.RMode (VCVT from integer does not).
            var value = fp.FromFixed((uint)Read(s, d, dbl), f, unsigned, fractionBits, FpRounding.TiesToEven, size);
            End(s);
            Write(s, d, dbl, value);
        }
        Count("VCVT.fixed");
        return FpuOutcome.Executed;
    }
}
