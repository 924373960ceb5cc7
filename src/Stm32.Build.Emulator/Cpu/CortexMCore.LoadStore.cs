namespace Stm32.Build.Emulator.Cpu;

/// <summary>Loads and stores: multiple (A5.3.5), dual/exclusive/table branch (A5.3.6), single (A5.3.7–A5.3.10).</summary>
public sealed partial class CortexMCore
{
    private readonly uint[] _multipleBuffer = new uint[16];

    /// <summary>Load/store multiple (A5.3.5).</summary>
    private void LoadStoreMultiple32(uint hw1, uint hw2)
    {
        var n = hw1 & 0xF;
        var writeBack = (hw1 & 0x20) != 0;
        var load = (hw1 & 0x10) != 0;
        switch ((hw1 >> 7) & 3)
        {
            case 1:
            case 2:
                var decrementBefore = ((hw1 >> 7) & 3) == 2;
                if (n == 15 || (hw2 & 0x2000) != 0 || System.Numerics.BitOperations.PopCount(hw2) < 2)
                {
                    Undefined();
                    return;
                }
                if (load)
                {
                    if ((hw2 & 0xC000) == 0xC000)
                    {
                        Undefined(); // PC and LR both in the list
                        return;
                    }
                    LoadMultiple(n, hw2, writeBack && (hw2 & (1u << (int)n)) == 0, decrementBefore);
                }
                else
                {
                    if ((hw2 & 0x8000) != 0)
                    {
                        Undefined();
                        return;
                    }
                    StoreMultiple(n, hw2, writeBack, decrementBefore);
                }
                return;
            default:
                Undefined(); // SRS / RFE are not ARMv7-M
                return;
        }
    }

    /// <summary>STM/STMDB/PUSH: every store completes or the instruction faults with no register changed.</summary>
    private void StoreMultiple(uint n, uint list, bool writeBack, bool decrementBefore)
    {
        var r = _r;
        var count = (uint)System.Numerics.BitOperations.PopCount(list);
        if (count == 0)
        {
            Undefined();
            return;
        }
        var start = decrementBefore ? r[n] - (4 * count) : r[n];
        if (!CheckAligned(start, 3))
        {
            return;
        }
        var address = start;
        for (var i = 0; i < 16; i++)
        {
            if ((list & (1u << i)) != 0)
            {
                if (!Write32(address, r[i]))
                {
                    return;
                }
                address += 4;
            }
        }
        if (writeBack)
        {
            r[n] = decrementBefore ? start : start + (4 * count);
        }
    }

    /// <summary>LDM/LDMDB/POP: loads into a buffer first so a fault leaves the registers untouched.</summary>
    private void LoadMultiple(uint n, uint list, bool writeBack, bool decrementBefore)
    {
        var r = _r;
        var count = (uint)System.Numerics.BitOperations.PopCount(list);
        if (count == 0)
        {
            Undefined();
            return;
        }
        var start = decrementBefore ? r[n] - (4 * count) : r[n];
        if (!CheckAligned(start, 3))
        {
            return;
        }
        var buffer = _multipleBuffer;
        var address = start;
        for (var i = 0; i < 16; i++)
        {
            if ((list & (1u << i)) != 0)
            {
                if (!Read32(address, out buffer[i]))
                {
                    return;
                }
                address += 4;
            }
        }
        if (writeBack)
        {
            r[n] = decrementBefore ? start : start + (4 * count);
        }
        for (var i = 0; i < 15; i++)
        {
            if ((list & (1u << i)) != 0)
            {
                r[i] = buffer[i];
            }
        }
        if ((list & 0x8000) != 0)
        {
            BxWritePc(buffer[15]); // LoadWritePC
        }
    }

    /// <summary>Load/store dual or exclusive, table branch (A5.3.6).</summary>
    private void LoadStoreDualExclusive(uint hw1, uint hw2)
    {
        var r = _r;
        var op1 = (hw1 >> 7) & 3;
        var op2 = (hw1 >> 4) & 3;
        var n = hw1 & 0xF;
        var t = (hw2 >> 12) & 0xF;
        if (op1 == 0 && op2 == 0)
        {
            // STREX
            var address = r[n] + ((hw2 & 0xFF) << 2);
            StoreExclusive((hw2 >> 8) & 0xF, t, address, 4);
            return;
        }
        if (op1 == 0 && op2 == 1)
        {
            // LDREX
            var address = r[n] + ((hw2 & 0xFF) << 2);
            if (CheckAligned(address, 3) && Read32(address, out var value))
            {
                r[t] = value;
                SetExclusive(address);
            }
            return;
        }
        if (op1 == 1 && op2 == 0)
        {
            var op3 = (hw2 >> 4) & 0xF;
            if (op3 is 4 or 5)
            {
                StoreExclusive(hw2 & 0xF, t, r[n], op3 == 4 ? 1u : 2u); // STREXB / STREXH
            }
            else
            {
                Undefined();
            }
            return;
        }
        if (op1 == 1 && op2 == 1)
        {
            switch ((hw2 >> 4) & 0xF)
            {
                case 0: // TBB
                {
                    if (Read8(r[n] + r[hw2 & 0xF], out var offset))
                    {
                        _next = r[15] + (offset << 1);
                    }
                    return;
                }
                case 1: // TBH
                {
                    if (Read16(r[n] + (r[hw2 & 0xF] << 1), out var offset))
                    {
                        _next = r[15] + (offset << 1);
                    }
                    return;
                }
                case 4: // LDREXB
                {
                    if (Read8(r[n], out var value))
                    {
                        r[t] = value;
                        SetExclusive(r[n]);
                    }
                    return;
                }
                case 5: // LDREXH
                {
                    var address = r[n];
                    if (CheckAligned(address, 1) && Read16(address, out var value))
                    {
                        r[t] = value;
                        SetExclusive(address);
                    }
                    return;
                }
                default:
                    Undefined();
                    return;
            }
        }

        // LDRD / STRD (immediate, literal): P = hw1[8], U = hw1[7], W = hw1[5] (A7.7.50, A7.7.163)
        var p = (hw1 & 0x100) != 0;
        var u = (hw1 & 0x80) != 0;
        var w = (hw1 & 0x20) != 0;
        var t2 = (hw2 >> 8) & 0xF;
        var imm = (hw2 & 0xFF) << 2;
        var load = (hw1 & 0x10) != 0;
        var baseAddress = n == 15 ? r[15] & ~3u : r[n];
        var offsetAddress = u ? baseAddress + imm : baseAddress - imm;
        var addr = p ? offsetAddress : baseAddress;
        if ((n == 15 && (w || !load)) || t == 15 || t2 == 15 || (load && t == t2))
        {
            Undefined();
            return;
        }
        if (!CheckAligned(addr, 3))
        {
            return;
        }
        if (load)
        {
            if (!Read32(addr, out var lo) || !Read32(addr + 4, out var hi))
            {
                return;
            }
            r[t] = lo;
            r[t2] = hi;
        }
        else if (!Write32(addr, r[t]) || !Write32(addr + 4, r[t2]))
        {
            return;
        }
        if (w)
        {
            r[n] = offsetAddress;
        }
    }

    private void SetExclusive(uint address)
    {
        _exclusive = true;
        _exclusiveAddress = address;
    }

    /// <summary>STREX/STREXB/STREXH: stores and writes 0 to Rd when the local monitor is set for the address, else writes 1.</summary>
    private void StoreExclusive(uint d, uint t, uint address, uint size)
    {
        if (!CheckAligned(address, size - 1))
        {
            return;
        }
        if (_exclusive && _exclusiveAddress == address)
        {
            var ok = size switch
            {
                4 => Write32(address, _r[t]),
                2 => Write16(address, _r[t]),
                _ => Write8(address, _r[t]),
            };
            if (!ok)
            {
                return;
            }
            _r[d] = 0;
        }
        else
        {
            _r[d] = 1;
        }
        _exclusive = false;
    }

    /// <summary>Load/store single data item (A5.3.7–A5.3.10).</summary>
    private void LoadStoreSingle(uint hw1, uint hw2)
    {
        var r = _r;
        var size = (hw1 >> 5) & 3;
        var load = (hw1 & 0x10) != 0;
        var signed = (hw1 & 0x100) != 0;
        var n = hw1 & 0xF;
        var t = (hw2 >> 12) & 0xF;
        if (size == 3 || (signed && (!load || size == 2)))
        {
            Undefined();
            return;
        }
        uint address;
        var writeBack = false;
        uint offsetAddress = 0;
        if (n == 15)
        {
            if (!load)
            {
                Undefined();
                return;
            }
            var imm12 = hw2 & 0xFFF;
            address = (hw1 & 0x80) != 0 ? (r[15] & ~3u) + imm12 : (r[15] & ~3u) - imm12;
        }
        else if ((hw1 & 0x80) != 0)
        {
            address = r[n] + (hw2 & 0xFFF);
        }
        else if ((hw2 & 0x800) != 0)
        {
            var imm8 = hw2 & 0xFF;
            var p = (hw2 & 0x400) != 0;
            var u = (hw2 & 0x200) != 0;
            var w = (hw2 & 0x100) != 0;
            if (!p && !w)
            {
                Undefined();
                return;
            }
            offsetAddress = u ? r[n] + imm8 : r[n] - imm8;
            address = p ? offsetAddress : r[n];
            writeBack = w;
            if (writeBack && n == t)
            {
                Undefined();
                return;
            }
        }
        else if ((hw2 & 0xFC0) == 0)
        {
            address = r[n] + (r[hw2 & 0xF] << (int)((hw2 >> 4) & 3));
        }
        else
        {
            Undefined();
            return;
        }

        if (load)
        {
            if (t == 15 && size != 2)
            {
                return; // PLD / PLI and their unallocated hint space: no effect
            }
            uint value;
            switch (size)
            {
                case 0:
                    if (!Read8(address, out value))
                    {
                        return;
                    }
                    if (signed)
                    {
                        value = SignExtend(value, 8);
                    }
                    break;
                case 1:
                    if (!CheckUnalignedTrap(address, 1) || !Read16(address, out value))
                    {
                        return;
                    }
                    if (signed)
                    {
                        value = SignExtend(value, 16);
                    }
                    break;
                default:
                    if (t == 15 && (address & 3) != 0)
                    {
                        Undefined();
                        return;
                    }
                    if (!CheckUnalignedTrap(address, 3) || !Read32(address, out value))
                    {
                        return;
                    }
                    break;
            }
            if (writeBack)
            {
                r[n] = offsetAddress;
            }
            if (t == 15)
            {
                BxWritePc(value);
            }
            else
            {
                r[t] = value;
            }
            return;
        }

        if (t == 15)
        {
            Undefined();
            return;
        }
        var ok = size switch
        {
            0 => Write8(address, r[t]),
            1 => CheckUnalignedTrap(address, 1) && Write16(address, r[t]),
            _ => CheckUnalignedTrap(address, 3) && Write32(address, r[t]),
        };
        if (ok && writeBack)
        {
            r[n] = offsetAddress;
        }
    }
}
