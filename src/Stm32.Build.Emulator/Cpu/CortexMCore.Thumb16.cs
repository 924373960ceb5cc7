namespace Stm32.Build.Emulator.Cpu;

/// <summary>The 16-bit Thumb encodings (DDI0403E A5.2).</summary>
public sealed partial class CortexMCore
{
    private void Execute16(uint op)
    {
        var r = _r;
        switch (op >> 11)
        {
            case 0b00000: // LSL (immediate) T1; MOV (register) T2 when imm5 == 0
            case 0b00001: // LSR (immediate)
            case 0b00010: // ASR (immediate)
            {
                var type = DecodeImmShift(op >> 11, (op >> 6) & 31, out var amount);
                var result = ShiftC(r[(op >> 3) & 7], type, amount, _s.C, out var carry);
                r[op & 7] = result;
                if (!InItBlock)
                {
                    SetNz(result);
                    _s.C = carry;
                }
                return;
            }
            case 0b00011: // ADD/SUB register or 3-bit immediate (A5.2.1)
            {
                var n = r[(op >> 3) & 7];
                var m = (op >> 6) & 7;
                var operand = (op & 0x400) != 0 ? m : r[m];
                var setFlags = !InItBlock;
                r[op & 7] = (op & 0x200) == 0
                    ? AddWithCarry(n, operand, false, setFlags)
                    : AddWithCarry(n, ~operand, true, setFlags);
                return;
            }
            case 0b00100: // MOV (immediate)
            {
                var imm = op & 0xFF;
                r[(op >> 8) & 7] = imm;
                if (!InItBlock)
                {
                    SetNz(imm);
                }
                return;
            }
            case 0b00101: // CMP (immediate)
                AddWithCarry(r[(op >> 8) & 7], ~(op & 0xFF), true, true);
                return;
            case 0b00110: // ADD (immediate) T2
            {
                var d = (op >> 8) & 7;
                r[d] = AddWithCarry(r[d], op & 0xFF, false, !InItBlock);
                return;
            }
            case 0b00111: // SUB (immediate) T2
            {
                var d = (op >> 8) & 7;
                r[d] = AddWithCarry(r[d], ~(op & 0xFF), true, !InItBlock);
                return;
            }
            case 0b01000:
                if ((op & 0x400) == 0)
                {
                    DataProcessing16(op);
                }
                else
                {
                    SpecialDataAndBranch16(op);
                }
                return;
            case 0b01001: // LDR (literal)
            {
                var address = (r[15] & ~3u) + ((op & 0xFF) << 2);
                if (Read32(address, out var value))
                {
                    r[(op >> 8) & 7] = value;
                }
                return;
            }
            case 0b01010:
            case 0b01011:
                LoadStoreRegister16(op);
                return;
            case 0b01100: // STR (immediate) T1
            {
                var address = r[(op >> 3) & 7] + (((op >> 6) & 31) << 2);
                if (CheckUnalignedTrap(address, 3))
                {
                    Write32(address, r[op & 7]);
                }
                return;
            }
            case 0b01101: // LDR (immediate) T1
            {
                var address = r[(op >> 3) & 7] + (((op >> 6) & 31) << 2);
                if (CheckUnalignedTrap(address, 3) && Read32(address, out var value))
                {
                    r[op & 7] = value;
                }
                return;
            }
            case 0b01110: // STRB (immediate)
                Write8(r[(op >> 3) & 7] + ((op >> 6) & 31), r[op & 7]);
                return;
            case 0b01111: // LDRB (immediate)
            {
                if (Read8(r[(op >> 3) & 7] + ((op >> 6) & 31), out var value))
                {
                    r[op & 7] = value;
                }
                return;
            }
            case 0b10000: // STRH (immediate)
            {
                var address = r[(op >> 3) & 7] + (((op >> 6) & 31) << 1);
                if (CheckUnalignedTrap(address, 1))
                {
                    Write16(address, r[op & 7]);
                }
                return;
            }
            case 0b10001: // LDRH (immediate)
            {
                var address = r[(op >> 3) & 7] + (((op >> 6) & 31) << 1);
                if (CheckUnalignedTrap(address, 1) && Read16(address, out var value))
                {
                    r[op & 7] = value;
                }
                return;
            }
            case 0b10010: // STR (immediate) T2, SP-relative
            {
                var address = r[13] + ((op & 0xFF) << 2);
                if (CheckUnalignedTrap(address, 3))
                {
                    Write32(address, r[(op >> 8) & 7]);
                }
                return;
            }
            case 0b10011: // LDR (immediate) T2, SP-relative
            {
                var address = r[13] + ((op & 0xFF) << 2);
                if (CheckUnalignedTrap(address, 3) && Read32(address, out var value))
                {
                    r[(op >> 8) & 7] = value;
                }
                return;
            }
            case 0b10100: // ADR T1
                r[(op >> 8) & 7] = (r[15] & ~3u) + ((op & 0xFF) << 2);
                return;
            case 0b10101: // ADD (SP plus immediate) T1
                r[(op >> 8) & 7] = r[13] + ((op & 0xFF) << 2);
                return;
            case 0b10110:
            case 0b10111:
                Miscellaneous16(op);
                return;
            case 0b11000: // STM T1 (always writes back)
                StoreMultiple(op >> 8 & 7, op & 0xFF, writeBack: true, decrementBefore: false);
                return;
            case 0b11001: // LDM T1 (writes back unless Rn is in the list)
            {
                var n = (op >> 8) & 7;
                LoadMultiple(n, op & 0xFF, writeBack: (op & (1u << (int)n)) == 0, decrementBefore: false);
                return;
            }
            case 0b11010:
            case 0b11011:
            {
                var cond = (op >> 8) & 0xF;
                if (cond == 0xE)
                {
                    Undefined(); // UDF
                }
                else if (cond == 0xF)
                {
                    RaiseSvc();
                }
                else if (ConditionPassed(cond))
                {
                    _next = r[15] + (SignExtend(op & 0xFF, 8) << 1);
                }
                return;
            }
            case 0b11100: // B T2
                _next = r[15] + (SignExtend(op & 0x7FF, 11) << 1);
                return;
            default:
                Undefined();
                return;
        }
    }

    /// <summary>Data processing (A5.2.2).</summary>
    private void DataProcessing16(uint op)
    {
        var r = _r;
        var d = op & 7;
        var m = r[(op >> 3) & 7];
        var n = r[d];
        var setFlags = !InItBlock;
        uint result;
        bool carry;
        switch ((op >> 6) & 0xF)
        {
            case 0x0: result = n & m; break; // AND
            case 0x1: result = n ^ m; break; // EOR
            case 0x2: // LSL (register)
                result = ShiftC(n, 0, m & 0xFF, _s.C, out carry);
                r[d] = result;
                if (setFlags) { SetNz(result); _s.C = carry; }
                return;
            case 0x3: // LSR (register)
                result = ShiftC(n, 1, m & 0xFF, _s.C, out carry);
                r[d] = result;
                if (setFlags) { SetNz(result); _s.C = carry; }
                return;
            case 0x4: // ASR (register)
                result = ShiftC(n, 2, m & 0xFF, _s.C, out carry);
                r[d] = result;
                if (setFlags) { SetNz(result); _s.C = carry; }
                return;
            case 0x5: r[d] = AddWithCarry(n, m, _s.C, setFlags); return; // ADC
            case 0x6: r[d] = AddWithCarry(n, ~m, _s.C, setFlags); return; // SBC
            case 0x7: // ROR (register)
                result = ShiftC(n, 3, m & 0xFF, _s.C, out carry);
                r[d] = result;
                if (setFlags) { SetNz(result); _s.C = carry; }
                return;
            case 0x8: SetNz(n & m); return; // TST
            case 0x9: r[d] = AddWithCarry(~m, 0, true, setFlags); return; // RSB #0 (NEG): Rd = 0 - Rn (Rn in bits 5:3)
            case 0xA: AddWithCarry(n, ~m, true, true); return; // CMP
            case 0xB: AddWithCarry(n, m, false, true); return; // CMN
            case 0xC: result = n | m; break; // ORR
            case 0xD: result = n * m; break; // MUL
            case 0xE: result = n & ~m; break; // BIC
            default: result = ~m; break; // MVN
        }
        r[d] = result;
        if (setFlags)
        {
            SetNz(result);
        }
    }

    /// <summary>Special data instructions and branch and exchange (A5.2.3).</summary>
    private void SpecialDataAndBranch16(uint op)
    {
        var r = _r;
        var m = (op >> 3) & 0xF;
        var d = ((op >> 4) & 8) | (op & 7);
        switch ((op >> 8) & 3)
        {
            case 0: // ADD (register) T2
                WriteRegAlu(d, r[d] + r[m]);
                return;
            case 1: // CMP (register) T2
                AddWithCarry(r[d], ~r[m], true, true);
                return;
            case 2: // MOV (register) T1
                WriteRegAlu(d, r[m]);
                return;
            default:
                if ((op & 0x80) == 0)
                {
                    BxWritePc(r[m]); // BX
                }
                else
                {
                    var target = r[m]; // BLX (register)
                    r[14] = _next | 1;
                    BxWritePc(target);
                }
                return;
        }
    }

    /// <summary>Load/store single data item, register offset (A5.2.4).</summary>
    private void LoadStoreRegister16(uint op)
    {
        var r = _r;
        var address = r[(op >> 3) & 7] + r[(op >> 6) & 7];
        var t = op & 7;
        uint value;
        switch ((op >> 9) & 7)
        {
            case 0: // STR
                if (CheckUnalignedTrap(address, 3)) { Write32(address, r[t]); }
                return;
            case 1: // STRH
                if (CheckUnalignedTrap(address, 1)) { Write16(address, r[t]); }
                return;
            case 2: // STRB
                Write8(address, r[t]);
                return;
            case 3: // LDRSB
                if (Read8(address, out value)) { r[t] = SignExtend(value, 8); }
                return;
            case 4: // LDR
                if (CheckUnalignedTrap(address, 3) && Read32(address, out value)) { r[t] = value; }
                return;
            case 5: // LDRH
                if (CheckUnalignedTrap(address, 1) && Read16(address, out value)) { r[t] = value; }
                return;
            case 6: // LDRB
                if (Read8(address, out value)) { r[t] = value; }
                return;
            default: // LDRSH
                if (CheckUnalignedTrap(address, 1) && Read16(address, out value)) { r[t] = SignExtend(value, 16); }
                return;
        }
    }

    /// <summary>Miscellaneous 16-bit instructions (A5.2.5).</summary>
    private void Miscellaneous16(uint op)
    {
        var r = _r;
        switch ((op >> 8) & 0xF)
        {
            case 0x0: // ADD/SUB (SP plus immediate)
                r[13] = (op & 0x80) == 0 ? r[13] + ((op & 0x7F) << 2) : r[13] - ((op & 0x7F) << 2);
                return;
            case 0x1:
            case 0x3:
            case 0x9:
            case 0xB: // CBZ / CBNZ
            {
                if (_isV6M)
                {
                    Undefined(); // ARMv7-M only
                    return;
                }
                var zero = r[op & 7] == 0;
                var nonZero = (op & 0x800) != 0;
                if (zero != nonZero)
                {
                    _next = r[15] + ((((op >> 9) & 1) << 6) | (((op >> 3) & 31) << 1));
                }
                return;
            }
            case 0x2: // SXTH, SXTB, UXTH, UXTB
            {
                var m = r[(op >> 3) & 7];
                r[op & 7] = ((op >> 6) & 3) switch
                {
                    0 => SignExtend(m, 16),
                    1 => SignExtend(m, 8),
                    2 => m & 0xFFFF,
                    _ => m & 0xFF,
                };
                return;
            }
            case 0x4:
            case 0x5: // PUSH
                StoreMultiple(13, (op & 0xFF) | ((op & 0x100) << 6), writeBack: true, decrementBefore: true);
                return;
            case 0x6:
                if ((op & 0xFFE8) == 0xB660)
                {
                    ChangeProcessorState(disable: (op & 0x10) != 0, primask: (op & 2) != 0, faultmask: (op & 1) != 0);
                }
                else
                {
                    Undefined();
                }
                return;
            case 0xA:
            {
                var m = r[(op >> 3) & 7];
                var d = op & 7;
                switch ((op >> 6) & 3)
                {
                    case 0: r[d] = BinaryReverse(m); return; // REV
                    case 1: r[d] = ((m & 0x00FF00FFu) << 8) | ((m >> 8) & 0x00FF00FFu); return; // REV16
                    case 3: r[d] = SignExtend(((m & 0xFF) << 8) | ((m >> 8) & 0xFF), 16); return; // REVSH
                    default: Undefined(); return;
                }
            }
            case 0xC:
            case 0xD: // POP
                LoadMultiple(13, (op & 0xFF) | ((op & 0x100) << 7), writeBack: true, decrementBefore: false);
                return;
            case 0xE: // BKPT
                Breakpoint();
                return;
            case 0xF:
                if ((op & 0xF) != 0)
                {
                    if (_isV6M)
                    {
                        Undefined(); // IT is ARMv7-M only
                        return;
                    }
                    _s.ItState = op & 0xFF; // IT (A7.7.38); takes effect from the next instruction
                    return;
                }
                Hint((op >> 4) & 0xF);
                return;
            default:
                Undefined();
                return;
        }
    }

    /// <summary>NOP-compatible hints (A5.2.5, A5.3.4): NOP, YIELD, WFE, WFI, SEV; others execute as NOP.</summary>
    private void Hint(uint hint)
    {
        switch (hint)
        {
            case 2:
                WaitForEvent();
                break;
            case 3:
                WaitForInterrupt();
                break;
            case 4:
                SendEvent();
                break;
        }
    }
}
