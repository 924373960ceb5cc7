using Stm32.Build.Emulator.Cpu;

namespace Stm32.Build.Emulator.Fpu;

public sealed partial class FpuExecutor
{
    /// <summary>8, 16 and 32-bit transfers between core and FP registers (A6.6): VMOV core↔S, VMOV core↔D[x], VMRS, VMSR.</summary>
    private FpuOutcome RegisterTransfer(uint i, CpuState s)
    {
        var load = (i & (1u << 20)) != 0;     // L: to the core register
        var a = (i >> 21) & 0x7;              // bits 23:21
        var t = (int)((i >> 12) & 0xF);
        var single = (i & (1u << 8)) == 0;    // C bit: 0 = coprocessor 10
        if (single && a == 0)
        {
            if ((i & 0x7F) != 0x10 || t is 13 or 15)
            {
                return FpuOutcome.Undefined;
            }
            var n = SingleReg(i, 16, 7);
            if (load)
            {
                s.R[t] = s.S[n];
            }
            else
            {
                s.S[n] = s.R[t];
            }
            Count(load ? "VMOV.R.S" : "VMOV.S.R");
            return FpuOutcome.Executed;
        }
        if (single && a == 7)
        {
            if (((i >> 16) & 0xF) != 1)
            {
                return FpuOutcome.Undefined; // only FPSCR exists on the M profile
            }
            if (load)
            {
                if (t == 15)
                {
                    // VMRS APSR_nzcv, FPSCR
                    s.N = (s.Fpscr & Fpscr.N) != 0;
                    s.Z = (s.Fpscr & Fpscr.Z) != 0;
                    s.C = (s.Fpscr & Fpscr.C) != 0;
                    s.V = (s.Fpscr & Fpscr.V) != 0;
                }
                else if (t == 13)
                {
                    return FpuOutcome.Undefined;
                }
                else
                {
                    s.R[t] = s.Fpscr;
                }
                Count("VMRS");
            }
            else
            {
                if (t is 13 or 15)
                {
                    return FpuOutcome.Undefined;
                }
                s.Fpscr = s.R[t] & Fpscr.WritableMask;
                Count("VMSR");
            }
            return FpuOutcome.Executed;
        }
        if (!single && (a & 0x6) == 0 && (i & 0x7F) == 0x10)
        {
            // VMOV.32 Dd[x], Rt / VMOV.32 Rt, Dn[x]: bits 23:21 = 00x with x the word index; D:Vd from bit 7 and 19:16.
            if (t is 13 or 15)
            {
                return FpuOutcome.Undefined;
            }
            var dreg = (int)(((i >> 7) & 1) << 4 | ((i >> 16) & 0xF));
            if (dreg >= 16)
            {
                return FpuOutcome.Undefined;
            }
            var index = (int)(a & 1);
            if (load)
            {
                s.R[t] = s.S[2 * dreg + index];
            }
            else
            {
                s.S[2 * dreg + index] = s.R[t];
            }
            Count(load ? "VMOV.R.Dx" : "VMOV.Dx.R");
            return FpuOutcome.Executed;
        }
        return FpuOutcome.Undefined;
    }

    /// <summary>64-bit transfers (A6.7): VMOV two core registers ↔ two S registers or one D register.</summary>
    private FpuOutcome Transfer64(uint i, CpuState s)
    {
        if ((i & 0xD0) != 0x10)
        {
            return FpuOutcome.Undefined;
        }
        var toCore = (i & (1u << 20)) != 0;
        var t = (int)((i >> 12) & 0xF);
        var t2 = (int)((i >> 16) & 0xF);
        if (t is 13 or 15 || t2 is 13 or 15 || (toCore && t == t2))
        {
            return FpuOutcome.Undefined;
        }
        var dbl = (i & (1u << 8)) != 0;
        int lo, hi;
        if (dbl)
        {
            var m = DoubleReg(i, 0, 5);
            if (m >= 16)
            {
                return FpuOutcome.Undefined;
            }
            lo = 2 * m;
            hi = 2 * m + 1;
        }
        else
        {
            lo = SingleReg(i, 0, 5);
            if (lo == 31)
            {
                return FpuOutcome.Undefined;
            }
            hi = lo + 1;
        }
        if (toCore)
        {
            s.R[t] = s.S[lo];
            s.R[t2] = s.S[hi];
        }
        else
        {
            s.S[lo] = s.R[t];
            s.S[hi] = s.R[t2];
        }
        Count(dbl ? (toCore ? "VMOV.RR.D" : "VMOV.D.RR") : (toCore ? "VMOV.RR.SS" : "VMOV.SS.RR"));
        return FpuOutcome.Executed;
    }

    /// <summary>The FPv5 unconditional encodings (hw1 = 0xFExx): VSEL, VMAXNM/VMINNM, VRINTA/N/P/M, VCVTA/N/P/M.</summary>
    private FpuOutcome Fpv5Instruction(uint i, CpuState s)
    {
        var dbl = (i & (1u << 8)) != 0;
        if (dbl && !DoublePrecision)
        {
            return FpuOutcome.Undefined;
        }
        var f = Format(dbl);
        if ((i & (1u << 23)) == 0)
        {
            // VSEL<cc>: bits 21:20 = eq, vs, ge, gt
            int d = RegD(i, dbl), n = RegN(i, dbl), m = RegM(i, dbl);
            if (!ValidRegs(dbl, d, n, m) || (i & (1u << 6)) != 0)
            {
                return FpuOutcome.Undefined;
            }
            var cc = (i >> 20) & 3;
            var take = cc switch
            {
                0 => s.Z,
                1 => s.V,
                2 => s.N == s.V,
                _ => !s.Z && s.N == s.V,
            };
            Write(s, d, dbl, Read(s, take ? n : m, dbl));
            Count("VSEL");
            return FpuOutcome.Executed;
        }
        var opc = (i >> 20) & 0xB;
        if (opc == 0x8)
        {
            int d = RegD(i, dbl), n = RegN(i, dbl), m = RegM(i, dbl);
            if (!ValidRegs(dbl, d, n, m))
            {
                return FpuOutcome.Undefined;
            }
            var min = (i & (1u << 6)) != 0;
            var fp = Begin(s);
            var result = min ? fp.MinNum(Read(s, n, dbl), Read(s, m, dbl), f) : fp.MaxNum(Read(s, n, dbl), Read(s, m, dbl), f);
            End(s);
            Write(s, d, dbl, result);
            Count(min ? "VMINNM" : "VMAXNM");
            return FpuOutcome.Executed;
        }
        if (opc == 0xB && (i & (1u << 6)) != 0)
        {
            var rounding = ((i >> 16) & 3) switch
            {
                0 => FpRounding.TiesAway,
                1 => FpRounding.TiesToEven,
                2 => FpRounding.TowardPlusInfinity,
                _ => FpRounding.TowardMinusInfinity,
            };
            var kind = (i >> 18) & 3;
            if (kind == 2 && (i & (1u << 7)) == 0)
            {
                // VRINTA/N/P/M: no inexact exception
                int d = RegD(i, dbl), m = RegM(i, dbl);
                if (!ValidRegs(dbl, d, m))
                {
                    return FpuOutcome.Undefined;
                }
                var result = Begin(s).RoundInt(Read(s, m, dbl), f, rounding, exact: false);
                End(s);
                Write(s, d, dbl, result);
                Count("VRINT", "ANPM"[(int)((i >> 16) & 3)]);
                return FpuOutcome.Executed;
            }
            if (kind == 3)
            {
                // VCVTA/N/P/M: to a 32-bit integer in S[d]; bit 7 = signed
                int d = RegD(i, false), m = RegM(i, dbl);
                if (!ValidRegs(dbl, m))
                {
                    return FpuOutcome.Undefined;
                }
                var signed = (i & (1u << 7)) != 0;
                s.S[d] = Begin(s).ToFixed(Read(s, m, dbl), f, unsigned: !signed, fractionBits: 0, rounding);
                End(s);
                Count("VCVT", "ANPM"[(int)((i >> 16) & 3)]);
                return FpuOutcome.Executed;
            }
        }
        return FpuOutcome.Undefined;
    }
}
