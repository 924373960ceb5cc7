using System.Numerics;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>The 32-bit Thumb encodings (DDI0403E A5.3): dispatch, data processing and branches.</summary>
public sealed partial class CortexMCore
{
    private void Execute32(uint hw1, uint hw2)
    {
        if (_isV6M)
        {
            Execute32V6M(hw1, hw2);
            return;
        }
        switch ((hw1 >> 11) & 3)
        {
            case 1:
                if ((hw1 & 0x400) != 0)
                {
                    Coprocessor(hw1, hw2);
                }
                else if ((hw1 & 0x200) != 0)
                {
                    DataProcessingShiftedRegister(hw1, hw2);
                }
                else if ((hw1 & 0x40) == 0)
                {
                    LoadStoreMultiple32(hw1, hw2);
                }
                else
                {
                    LoadStoreDualExclusive(hw1, hw2);
                }
                return;
            case 2:
                if ((hw2 & 0x8000) != 0)
                {
                    BranchesAndMiscellaneous(hw1, hw2);
                }
                else if ((hw1 & 0x200) == 0)
                {
                    DataProcessingModifiedImmediate(hw1, hw2);
                }
                else
                {
                    DataProcessingPlainImmediate(hw1, hw2);
                }
                return;
            default:
                if ((hw1 & 0x400) != 0)
                {
                    Coprocessor(hw1, hw2);
                    return;
                }
                switch ((hw1 >> 7) & 0xF)
                {
                    case 0b0000:
                    case 0b0001:
                    case 0b0010:
                    case 0b0011:
                        LoadStoreSingle(hw1, hw2);
                        return;
                    case 0b0100:
                    case 0b0101:
                        DataProcessingRegister(hw1, hw2);
                        return;
                    case 0b0110:
                        Multiply32(hw1, hw2);
                        return;
                    default:
                        LongMultiplyDivide(hw1, hw2);
                        return;
                }
        }
    }

    /// <summary>Data processing (modified immediate) (A5.3.1).</summary>
    private void DataProcessingModifiedImmediate(uint hw1, uint hw2)
    {
        var imm12 = ((hw1 & 0x400) << 1) | ((hw2 >> 4) & 0x700) | (hw2 & 0xFF);
        var imm = ThumbExpandImmC(imm12, _s.C, out var carry);
        DataProcessingOperation((hw1 >> 5) & 0xF, (hw1 & 0x10) != 0, hw1 & 0xF, (hw2 >> 8) & 0xF, imm, carry);
    }

    /// <summary>Data processing (shifted register) (A5.3.11).</summary>
    private void DataProcessingShiftedRegister(uint hw1, uint hw2)
    {
        var opcode = (hw1 >> 5) & 0xF;
        var n = hw1 & 0xF;
        var d = (hw2 >> 8) & 0xF;
        var imm5 = ((hw2 >> 10) & 0x1C) | ((hw2 >> 6) & 3);
        var type = DecodeImmShift((hw2 >> 4) & 3, imm5, out var amount);
        var rm = _r[hw2 & 0xF];
        if (opcode == 0x6)
        {
            // PKHBT / PKHTB (A7.7.93), DSP extension
            if ((hw1 & 0x10) != 0 || IsBadRegister(d) || !_hasDsp)
            {
                Undefined();
                return;
            }
            var rn = _r[n];
            var shifted = ShiftC(rm, type, amount, _s.C, out _);
            _r[d] = (hw2 & 0x20) != 0
                ? (shifted & 0xFFFF) | (rn & 0xFFFF0000)
                : (rn & 0xFFFF) | (shifted & 0xFFFF0000);
            return;
        }
        var operand = ShiftC(rm, type, amount, _s.C, out var carry);
        DataProcessingOperation(opcode, (hw1 & 0x10) != 0, n, d, operand, carry);
    }

    /// <summary>The shared data-processing operations of A5.3.1 and A5.3.11.</summary>
    private void DataProcessingOperation(uint opcode, bool setFlags, uint n, uint d, uint operand, bool carry)
    {
        var r = _r;
        if (d == 15 && (!setFlags || (opcode != 0x0 && opcode != 0x4 && opcode != 0x8 && opcode != 0xD)))
        {
            Undefined();
            return;
        }
        uint result;
        switch (opcode)
        {
            case 0x0: // AND / TST
                result = r[n] & operand;
                break;
            case 0x1: // BIC
                result = r[n] & ~operand;
                break;
            case 0x2: // ORR / MOV
                result = n == 15 ? operand : r[n] | operand;
                break;
            case 0x3: // ORN / MVN
                result = n == 15 ? ~operand : r[n] | ~operand;
                break;
            case 0x4: // EOR / TEQ
                result = r[n] ^ operand;
                break;
            case 0x8: // ADD / CMN
                result = AddWithCarry(r[n], operand, false, setFlags);
                goto Arithmetic;
            case 0xA: // ADC
                result = AddWithCarry(r[n], operand, _s.C, setFlags);
                goto Arithmetic;
            case 0xB: // SBC
                result = AddWithCarry(r[n], ~operand, _s.C, setFlags);
                goto Arithmetic;
            case 0xD: // SUB / CMP
                result = AddWithCarry(r[n], ~operand, true, setFlags);
                goto Arithmetic;
            case 0xE: // RSB
                result = AddWithCarry(~r[n], operand, true, setFlags);
                goto Arithmetic;
            default:
                Undefined();
                return;
        }
        if (setFlags)
        {
            SetNz(result);
            _s.C = carry;
        }
    Arithmetic:
        if (d != 15)
        {
            r[d] = result;
        }
    }

    /// <summary>Data processing (plain binary immediate) (A5.3.3).</summary>
    private void DataProcessingPlainImmediate(uint hw1, uint hw2)
    {
        var r = _r;
        var n = hw1 & 0xF;
        var d = (hw2 >> 8) & 0xF;
        var imm12 = ((hw1 & 0x400) << 1) | ((hw2 >> 4) & 0x700) | (hw2 & 0xFF);
        var imm5 = ((hw2 >> 10) & 0x1C) | ((hw2 >> 6) & 3);
        var low5 = hw2 & 0x1F;
        switch ((hw1 >> 4) & 0x1F)
        {
            case 0x00: // ADDW / ADR (add)
                r[d] = n == 15 ? (r[15] & ~3u) + imm12 : r[n] + imm12;
                return;
            case 0x04: // MOVW
                r[d] = ((hw1 & 0xF) << 12) | imm12;
                return;
            case 0x0A: // SUBW / ADR (subtract)
                r[d] = n == 15 ? (r[15] & ~3u) - imm12 : r[n] - imm12;
                return;
            case 0x0C: // MOVT
                r[d] = (r[d] & 0xFFFF) | (((hw1 & 0xF) << 12 | imm12) << 16);
                return;
            case 0x10:
            case 0x12:
            {
                var sh = (hw1 & 0x20) != 0;
                if (sh && imm5 == 0)
                {
                    if (!_hasDsp)
                    {
                        Undefined();
                        return;
                    }
                    // SSAT16 (A7.7.153), DSP extension
                    var bits = (int)(hw2 & 0xF) + 1;
                    var lo = SignedSat((short)r[n], bits, out var s1);
                    var hi = SignedSat((short)(r[n] >> 16), bits, out var s2);
                    r[d] = ((uint)lo & 0xFFFF) | ((uint)hi << 16);
                    _s.Q |= s1 | s2;
                    return;
                }
                // SSAT (A7.7.152)
                var operand = sh ? (int)r[n] >> (int)imm5 : (int)(r[n] << (int)imm5);
                r[d] = (uint)SignedSat(operand, (int)low5 + 1, out var sat);
                _s.Q |= sat;
                return;
            }
            case 0x14: // SBFX
            {
                var width = (int)low5 + 1;
                if (imm5 + width > 32)
                {
                    Undefined();
                    return;
                }
                r[d] = SignExtend(r[n] >> (int)imm5, width);
                return;
            }
            case 0x16: // BFI / BFC
            {
                var msb = (int)low5;
                var lsb = (int)imm5;
                if (msb < lsb)
                {
                    Undefined();
                    return;
                }
                var mask = (uint)(((1UL << (msb - lsb + 1)) - 1) << lsb);
                var source = n == 15 ? 0 : r[n] << lsb;
                r[d] = (r[d] & ~mask) | (source & mask);
                return;
            }
            case 0x18:
            case 0x1A:
            {
                var sh = (hw1 & 0x20) != 0;
                if (sh && imm5 == 0)
                {
                    if (!_hasDsp)
                    {
                        Undefined();
                        return;
                    }
                    // USAT16 (A7.7.213), DSP extension
                    var bits = (int)(hw2 & 0xF);
                    var lo = UnsignedSat((short)r[n], bits, out var s1);
                    var hi = UnsignedSat((short)(r[n] >> 16), bits, out var s2);
                    r[d] = ((uint)lo & 0xFFFF) | ((uint)hi << 16);
                    _s.Q |= s1 | s2;
                    return;
                }
                // USAT (A7.7.212)
                var operand = sh ? (int)r[n] >> (int)imm5 : (int)(r[n] << (int)imm5);
                r[d] = (uint)UnsignedSat(operand, (int)low5, out var sat);
                _s.Q |= sat;
                return;
            }
            case 0x1C: // UBFX
            {
                var width = (int)low5 + 1;
                if (imm5 + width > 32)
                {
                    Undefined();
                    return;
                }
                r[d] = (uint)((r[n] >> (int)imm5) & ((1UL << width) - 1));
                return;
            }
            default:
                Undefined();
                return;
        }
    }

    /// <summary>Branches and miscellaneous control (A5.3.4).</summary>
    private void BranchesAndMiscellaneous(uint hw1, uint hw2)
    {
        var op1 = (hw2 >> 12) & 7;
        var op = (hw1 >> 4) & 0x7F;
        var s = (hw1 >> 10) & 1;
        var j1 = (hw2 >> 13) & 1;
        var j2 = (hw2 >> 11) & 1;
        if ((op1 & 5) == 0)
        {
            if ((op & 0x38) != 0x38)
            {
                // B T3 (conditional)
                var offset = (s << 20) | (j2 << 19) | (j1 << 18) | ((hw1 & 0x3F) << 12) | ((hw2 & 0x7FF) << 1);
                if (ConditionPassed((hw1 >> 6) & 0xF))
                {
                    _next = _r[15] + SignExtend(offset, 21);
                }
                return;
            }
            switch (op)
            {
                case 0x38:
                case 0x39:
                    MoveToSpecialRegister(hw1 & 0xF, hw2 & 0xFF, (hw2 >> 10) & 3);
                    return;
                case 0x3A:
                    if ((hw2 & 0x700) != 0)
                    {
                        Undefined(); // CPS has no 32-bit encoding in ARMv7-M
                        return;
                    }
                    Hint(hw2 & 0xFF);
                    return;
                case 0x3B:
                    switch ((hw2 >> 4) & 0xF)
                    {
                        case 2: _exclusive = false; return; // CLREX
                        case 4: // DSB
                        case 5: // DMB
                        case 6: // ISB
                            return;
                        default: Undefined(); return;
                    }
                case 0x3E:
                case 0x3F:
                    MoveFromSpecialRegister((hw2 >> 8) & 0xF, hw2 & 0xFF);
                    return;
                default:
                    Undefined(); // includes UDF.W (op1 010, op 1111111)
                    return;
            }
        }
        if ((op1 & 5) == 4)
        {
            Undefined(); // BLX (immediate) does not exist in ARMv7-M
            return;
        }
        var i1 = ~(j1 ^ s) & 1;
        var i2 = ~(j2 ^ s) & 1;
        var imm = (s << 24) | (i1 << 23) | (i2 << 22) | ((hw1 & 0x3FF) << 12) | ((hw2 & 0x7FF) << 1);
        var target = _r[15] + SignExtend(imm, 25);
        if ((op1 & 4) != 0)
        {
            _r[14] = _next | 1; // BL
        }
        _next = target;
    }

    /// <summary>Data processing (register) (A5.3.12): shifts by register, extends, parallel and miscellaneous operations.</summary>
    private void DataProcessingRegister(uint hw1, uint hw2)
    {
        var r = _r;
        var op1 = (hw1 >> 4) & 0xF;
        var op2 = (hw2 >> 4) & 0xF;
        var n = hw1 & 0xF;
        var d = (hw2 >> 8) & 0xF;
        var m = hw2 & 0xF;
        if ((hw2 & 0xF000) != 0xF000 || d == 15)
        {
            Undefined();
            return;
        }
        if (op1 < 8)
        {
            if (op2 == 0)
            {
                // LSL/LSR/ASR/ROR (register)
                var result = ShiftC(r[n], (op1 >> 1) & 3, r[m] & 0xFF, _s.C, out var carry);
                r[d] = result;
                if ((op1 & 1) != 0)
                {
                    SetNz(result);
                    _s.C = carry;
                }
                return;
            }
            // Without the DSP extension only the plain extends exist: SXTH, UXTH, SXTB, UXTB (Rn = PC).
            if ((op2 & 8) == 0 || op1 > 5 || (!_hasDsp && (n != 15 || op1 is 2 or 3)))
            {
                Undefined();
                return;
            }
            var rotated = BitOperations.RotateRight(r[m], (int)((hw2 >> 4) & 3) * 8);
            var add = n != 15 ? r[n] : 0;
            switch (op1)
            {
                case 0: r[d] = add + SignExtend(rotated, 16); return; // SXTAH / SXTH
                case 1: r[d] = add + (rotated & 0xFFFF); return; // UXTAH / UXTH
                case 2: // SXTAB16 / SXTB16
                    r[d] = (((add & 0xFFFF) + SignExtend(rotated & 0xFF, 8)) & 0xFFFF)
                        | (((add >> 16) + SignExtend((rotated >> 16) & 0xFF, 8)) << 16);
                    return;
                case 3: // UXTAB16 / UXTB16
                    r[d] = (((add & 0xFFFF) + (rotated & 0xFF)) & 0xFFFF)
                        | (((add >> 16) + ((rotated >> 16) & 0xFF)) << 16);
                    return;
                case 4: r[d] = add + SignExtend(rotated, 8); return; // SXTAB / SXTB
                default: r[d] = add + (rotated & 0xFF); return; // UXTAB / UXTB
            }
        }
        if ((op2 & 8) == 0)
        {
            if ((op2 & 3) == 3 || (op1 & 7) is 3 or 7 || !_hasDsp)
            {
                Undefined();
                return;
            }
            r[d] = ParallelAddSubtract(op1 & 7, (op2 & 4) != 0, op2 & 3, r[n], r[m]);
            return;
        }
        if ((op1 & 4) == 0 && (op2 & 4) == 0 && (_hasDsp || (op1 & 3) is 1 or 3))
        {
            // Without the DSP extension: REV, REV16, RBIT, REVSH and CLZ only (no QADD family, no SEL).
            MiscellaneousOperation(op1 & 3, op2 & 3, n, d, m);
            return;
        }
        Undefined();
    }
}
