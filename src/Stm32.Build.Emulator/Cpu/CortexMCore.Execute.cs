using System.Numerics;
using System.Runtime.CompilerServices;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>Instruction fetch, conditional execution and the ALU helpers of ARMv7-M A2.2 and A7.4.</summary>
public sealed partial class CortexMCore
{
    /// <summary>
    /// Fetches and executes the instruction at <see cref="_pc"/>, which takes one cycle; a fault leaves it to
    /// <see cref="BeforeInstruction"/>. The cycle counter advances after the instruction, so a bus access it makes
    /// sees <see cref="Cycles"/> as the cycle the instruction started in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ExecuteOne()
    {
        var pc = _pc;
        if (!_s.Thumb)
        {
            // EPSR.T clear: every instruction is an INVSTATE UsageFault (A2.3.1).
            RaiseUsageFault(UfsrInvState);
            _cycles++;
            return;
        }
        if (!Fetch(pc, out var hw1, out var hw2))
        {
            _cycles++;
            return;
        }
        _r[15] = pc + 4;
        var it = _s.ItState;
        if (hw1 < 0xE800)
        {
            _next = pc + 2;
            if (it == 0 || ConditionPassed(it >> 4))
            {
                Execute16(hw1);
            }
        }
        else
        {
            _next = pc + 4;
            if (it == 0 || ConditionPassed(it >> 4))
            {
                Execute32(hw1, hw2);
            }
        }
        _pc = _next;
        if (it != 0)
        {
            // ITAdvance (A7.3.2) for the instruction that ran in the IT block.
            _s.ItState = (it & 7) == 0 ? 0 : (it & 0xE0) | ((it << 1) & 0x1F);
        }
        _cycles++;
    }

    /// <summary>ConditionPassed for a 4-bit condition code (A7.3.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ConditionPassed(uint cond)
    {
        var s = _s;
        var result = (cond >> 1) switch
        {
            0 => s.Z,
            1 => s.C,
            2 => s.N,
            3 => s.V,
            4 => s.C && !s.Z,
            5 => s.N == s.V,
            6 => !s.Z && s.N == s.V,
            _ => true,
        };
        return (cond & 1) != 0 && cond != 15 ? !result : result;
    }

    /// <summary>Whether the current instruction sits in an IT block (16-bit data processing then leaves flags alone).</summary>
    private bool InItBlock => _s.ItState != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetNz(uint result)
    {
        _s.N = (int)result < 0;
        _s.Z = result == 0;
    }

    /// <summary>AddWithCarry (A2.2.1): returns the sum and sets the flags when <paramref name="setFlags"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint AddWithCarry(uint x, uint y, bool carryIn, bool setFlags)
    {
        ulong unsignedSum = (ulong)x + y + (carryIn ? 1u : 0u);
        var result = (uint)unsignedSum;
        if (setFlags)
        {
            _s.N = (int)result < 0;
            _s.Z = result == 0;
            _s.C = (unsignedSum >> 32) != 0;
            _s.V = ((~(x ^ y) & (x ^ result)) >> 31) != 0;
        }
        return result;
    }

    /// <summary>Shift_C (A7.4.2) with the decoded shift type (0 LSL, 1 LSR, 2 ASR, 3 ROR, 4 RRX) and amount.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ShiftC(uint value, uint type, uint amount, bool carryIn, out bool carryOut)
    {
        if (amount == 0 && type != 4)
        {
            carryOut = carryIn;
            return value;
        }
        switch (type)
        {
            case 0:
                if (amount < 32)
                {
                    carryOut = ((value >> (int)(32 - amount)) & 1) != 0;
                    return value << (int)amount;
                }
                carryOut = amount == 32 && (value & 1) != 0;
                return 0;
            case 1:
                if (amount < 32)
                {
                    carryOut = ((value >> (int)(amount - 1)) & 1) != 0;
                    return value >> (int)amount;
                }
                carryOut = amount == 32 && (value >> 31) != 0;
                return 0;
            case 2:
                if (amount < 32)
                {
                    carryOut = ((value >> (int)(amount - 1)) & 1) != 0;
                    return (uint)((int)value >> (int)amount);
                }
                carryOut = (value >> 31) != 0;
                return (uint)((int)value >> 31);
            case 3:
            {
                var r = BitOperations.RotateRight(value, (int)(amount & 31));
                carryOut = (r >> 31) != 0;
                return r;
            }
            default: // RRX
                carryOut = (value & 1) != 0;
                return (value >> 1) | (carryIn ? 0x80000000u : 0);
        }
    }

    /// <summary>DecodeImmShift (A7.4.2): maps the 2-bit type and imm5 to (type, amount), RRX as type 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint DecodeImmShift(uint type, uint imm5, out uint amount)
    {
        switch (type)
        {
            case 0:
                amount = imm5;
                return 0;
            case 1:
            case 2:
                amount = imm5 == 0 ? 32 : imm5;
                return type;
            default:
                if (imm5 == 0)
                {
                    amount = 1;
                    return 4;
                }
                amount = imm5;
                return 3;
        }
    }

    /// <summary>ThumbExpandImm_C (A5.3.2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ThumbExpandImmC(uint imm12, bool carryIn, out bool carryOut)
    {
        if ((imm12 & 0xC00) == 0)
        {
            carryOut = carryIn;
            var imm8 = imm12 & 0xFF;
            return ((imm12 >> 8) & 3) switch
            {
                0 => imm8,
                1 => (imm8 << 16) | imm8,
                2 => (imm8 << 24) | (imm8 << 8),
                _ => imm8 * 0x01010101u,
            };
        }
        var value = BitOperations.RotateRight(0x80 | (imm12 & 0x7F), (int)(imm12 >> 7));
        carryOut = (value >> 31) != 0;
        return value;
    }

    /// <summary>Sign-extends the low <paramref name="bits"/> bits of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SignExtend(uint value, int bits) => (uint)((int)(value << (32 - bits)) >> (32 - bits));

    /// <summary>SignedSatQ (A2.2.1): saturates to an n-bit signed value; <paramref name="saturated"/> says whether it did.</summary>
    private static long SignedSat(long value, int n, out bool saturated)
    {
        var max = (1L << (n - 1)) - 1;
        var min = -(1L << (n - 1));
        saturated = value > max || value < min;
        return value > max ? max : value < min ? min : value;
    }

    /// <summary>UnsignedSatQ (A2.2.1).</summary>
    private static long UnsignedSat(long value, int n, out bool saturated)
    {
        var max = (1L << n) - 1;
        saturated = value > max || value < 0;
        return value > max ? max : value < 0 ? 0 : value;
    }

    /// <summary>Writes a register that may be the PC from a data-processing result (ALUWritePC: a branch without interworking).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteRegAlu(uint d, uint value)
    {
        if (d == 15)
        {
            _next = value & ~1u;
        }
        else
        {
            _r[d] = value;
        }
    }

    /// <summary>BXWritePC / LoadWritePC (A2.3.1): interworking branch, EXC_RETURN in Handler mode.</summary>
    private void BxWritePc(uint address)
    {
        if (_s.Ipsr != 0 && (address >> 28) == 0xF)
        {
            _pendingExcReturn = address;
            _hasPendingExcReturn = true;
            _attention = true;
            _next = _pc; // until the return completes, the returning instruction is the current one
            return;
        }
        _s.Thumb = (address & 1) != 0;
        _next = address & ~1u;
    }

    /// <summary>Raises an UNDEFINSTR UsageFault (a HardFault on ARMv6-M) for an undefined or unpredictable encoding.</summary>
    private void Undefined() => RaiseUsageFault(UfsrUndefInstr);

    private static uint ReverseBits(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        return BinaryReverse(x);
    }

    private static uint BinaryReverse(uint x) => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
}
