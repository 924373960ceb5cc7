using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

public sealed partial class CortexMCore
{
    /// <summary>A cached <see cref="MemoryWindow"/>, flattened for the hot path.</summary>
    private sealed class Window(byte[] data, uint start, bool writable)
    {
        public readonly byte[] Data = data;
        public readonly uint Start = start;
        public readonly uint Length = (uint)data.Length;
        public readonly bool Writable = writable;
    }

    // The window cache, one entry per megabyte. The fast paths read _pages, which is _pageCache except while an idle
    // loop is being checked (then it is empty, so that every data access takes the slow path and is observed).
    private readonly Window?[] _pageCache = new Window?[4096];
    private static readonly Window?[] s_noPages = new Window?[4096];
    private Window?[] _pages;
    private byte[] _codeData = [];
    private uint _codeStart;
    private uint _codeLimit; // offsets below this can fetch 4 bytes

    // Local exclusive monitor (A3.4.1).
    private bool _exclusive;
    private uint _exclusiveAddress;

    private readonly FpuMemoryAdapter _fpuMemory;

    /// <summary>Drops every cached memory window (call after the board remaps or replaces memory).</summary>
    public void InvalidateMemoryCache()
    {
        Array.Clear(_pageCache);
        _codeData = [];
        _codeStart = 0;
        _codeLimit = 0;
    }

    /// <summary>
    /// The vendor part of the external private peripheral bus (ARMv7-M B3.1, table B3-1: 0xE0040000-0xE00FFFFF is the
    /// External PPB; the Cortex-M3/M4 place their TPIU at 0xE0040000 and ETM at 0xE0041000, and the ROM table at
    /// 0xE00FF000): the chip's blocks there, such as the STM32F1/F4 DBGMCU at 0xE0042000, are reached through the bus.
    /// </summary>
    private const uint VendorPpbStart = 0xE004_2000, VendorPpbEnd = 0xE00F_F000;

    /// <summary>Whether a load or store at <paramref name="a"/> is handled by the core's own private peripheral bus.</summary>
    private static bool IsCorePrivate(uint a) => (a >> 20) == 0xE00 && (a < VendorPpbStart || a >= VendorPpbEnd);

    private Window? FindWindow(uint address)
    {
        if (address >= 0xE0000000)
        {
            return null; // the private peripheral bus and vendor system area are never plain memory
        }
        var w = _pageCache[address >> 20];
        if (w is not null && address - w.Start < w.Length)
        {
            return w;
        }
        var mw = _bus.GetWindow(address);
        if (mw is null || mw.Data.Length < 4 || address < mw.Start || address >= mw.End)
        {
            return null;
        }
        w = new Window(mw.Data, mw.Start, mw.Writable);
        _pageCache[address >> 20] = w;
        return w;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load32(byte[] data, uint offset) =>
        Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(data), (nint)offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load16(byte[] data, uint offset) =>
        Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(data), (nint)offset));

    /// <summary>Fetches the halfwords at <paramref name="pc"/>; false (with a prefetch fault raised) when the fetch fails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Fetch(uint pc, out uint hw1, out uint hw2)
    {
        var off = pc - _codeStart;
        if (off < _codeLimit)
        {
            var word = Load32(_codeData, off);
            hw1 = word & 0xFFFF;
            hw2 = word >> 16;
            return true;
        }
        return FetchSlow(pc, out hw1, out hw2);
    }

    private bool FetchSlow(uint pc, out uint hw1, out uint hw2)
    {
        hw1 = hw2 = 0;
        if (IsExecuteNever(pc))
        {
            RaiseMemManage(MmfsrIAccViol, pc, addressValid: false);
            return false;
        }
        var w = FindWindow(pc);
        if (w is not null && pc - w.Start <= w.Length - 4)
        {
            _codeData = w.Data;
            _codeStart = w.Start;
            _codeLimit = w.Length - 3;
            var word = Load32(w.Data, pc - w.Start);
            hw1 = word & 0xFFFF;
            hw2 = word >> 16;
            return true;
        }
        if (_bus.Read(pc, AccessSize.HalfWord, out hw1) != BusStatus.Ok)
        {
            RaiseBusFault(BfsrIBusErr, pc, addressValid: false);
            return false;
        }
        hw1 &= 0xFFFF;
        if (hw1 >= 0xE800)
        {
            if (_bus.Read(pc + 2, AccessSize.HalfWord, out hw2) != BusStatus.Ok)
            {
                RaiseBusFault(BfsrIBusErr, pc + 2, addressValid: false);
                return false;
            }
            hw2 &= 0xFFFF;
        }
        return true;
    }

    /// <summary>The default memory map's execute-never regions (B3.1, Table B3-1): peripheral, device and system space.</summary>
    private static bool IsExecuteNever(uint address) =>
        (address >= 0x40000000 && address < 0x60000000) || address >= 0xA0000000;

    // ---- data accesses -------------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Read32(uint a, out uint v)
    {
        var w = _pages[a >> 20];
        if (w is not null)
        {
            var off = a - w.Start;
            if (off < w.Length - 3)
            {
                v = Load32(w.Data, off);
                return true;
            }
        }
        return ReadSlow(a, AccessSize.Word, out v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Read16(uint a, out uint v)
    {
        var w = _pages[a >> 20];
        if (w is not null)
        {
            var off = a - w.Start;
            if (off < w.Length - 1)
            {
                v = Load16(w.Data, off);
                return true;
            }
        }
        return ReadSlow(a, AccessSize.HalfWord, out v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Read8(uint a, out uint v)
    {
        var w = _pages[a >> 20];
        if (w is not null)
        {
            var off = a - w.Start;
            if (off < w.Length)
            {
                v = w.Data[off];
                return true;
            }
        }
        return ReadSlow(a, AccessSize.Byte, out v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Write32(uint a, uint v)
    {
        var w = _pages[a >> 20];
        if (w is not null && w.Writable)
        {
            var off = a - w.Start;
            if (off < w.Length - 3)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w.Data), (nint)off), v);
                return true;
            }
        }
        return WriteSlow(a, AccessSize.Word, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Write16(uint a, uint v)
    {
        var w = _pages[a >> 20];
        if (w is not null && w.Writable)
        {
            var off = a - w.Start;
            if (off < w.Length - 1)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w.Data), (nint)off), (ushort)v);
                return true;
            }
        }
        return WriteSlow(a, AccessSize.HalfWord, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Write8(uint a, uint v)
    {
        var w = _pages[a >> 20];
        if (w is not null && w.Writable)
        {
            var off = a - w.Start;
            if (off < w.Length)
            {
                w.Data[off] = (byte)v;
                return true;
            }
        }
        return WriteSlow(a, AccessSize.Byte, v);
    }

    private bool ReadSlow(uint a, AccessSize size, out uint v)
    {
        var ok = ReadSlowCore(a, size, out v);
        if (_idleCheck && ok)
        {
            ObserveLoad(a, size, v);
        }
        return ok;
    }

    private bool ReadSlowCore(uint a, AccessSize size, out uint v)
    {
        var n = (uint)size;
        if ((a & (n - 1)) != 0)
        {
            // Unaligned word/halfword: only LDR/LDRH/STR/STRH reach here unaligned (checked by the callers).
            v = 0;
            for (uint i = 0; i < n; i++)
            {
                if (!ReadSlowCore(a + i, AccessSize.Byte, out var b))
                {
                    return false;
                }
                v |= b << (int)(8 * i);
            }
            return true;
        }
        if (IsCorePrivate(a))
        {
            if (ScsRead(a, size, out v, debugger: false) == BusStatus.Ok)
            {
                return true;
            }
            RaiseBusFault(BfsrPreciseErr, a, addressValid: true);
            return false;
        }
        var w = FindWindow(a);
        if (w is not null && a - w.Start <= w.Length - n)
        {
            var off = a - w.Start;
            v = size switch
            {
                AccessSize.Word => Load32(w.Data, off),
                AccessSize.HalfWord => Load16(w.Data, off),
                _ => w.Data[off],
            };
            return true;
        }
        if (_bus.Read(a, size, out v) != BusStatus.Ok)
        {
            RaiseBusFault(BfsrPreciseErr, a, addressValid: true);
            return false;
        }
        v &= n == 4 ? 0xFFFFFFFF : (1u << (int)(8 * n)) - 1;
        return true;
    }

    private bool WriteSlow(uint a, AccessSize size, uint v)
    {
        var n = (uint)size;
        if ((a & (n - 1)) != 0)
        {
            for (uint i = 0; i < n; i++)
            {
                if (!WriteSlow(a + i, AccessSize.Byte, v >> (int)(8 * i)))
                {
                    return false;
                }
            }
            return true;
        }
        if (IsCorePrivate(a))
        {
            NoteExternalEffect(); // a store to the private peripheral bus always has an effect
            if (ScsWrite(a, size, v, debugger: false) == BusStatus.Ok)
            {
                return true;
            }
            RaiseBusFault(BfsrPreciseErr, a, addressValid: true);
            return false;
        }
        var w = FindWindow(a);
        if (w is not null && w.Writable && a - w.Start <= w.Length - n)
        {
            var off = a - w.Start;
            if (_idleCheck)
            {
                ObserveRamStore(w.Data, off, size, v);
            }
            switch (size)
            {
                case AccessSize.Word:
                    Unsafe.WriteUnaligned(ref w.Data[off], v);
                    break;
                case AccessSize.HalfWord:
                    Unsafe.WriteUnaligned(ref w.Data[off], (ushort)v);
                    break;
                default:
                    w.Data[off] = (byte)v;
                    break;
            }
            return true;
        }
        NoteExternalEffect(); // a store the bus handles (peripheral, flash, memory without a window) has an effect
        if (_bus.Write(a, size, v) != BusStatus.Ok)
        {
            RaiseBusFault(BfsrPreciseErr, a, addressValid: true);
            return false;
        }
        return true;
    }

    /// <summary>Checks alignment for an access that must be aligned (LDM/STM, LDRD/STRD, exclusives); raises UNALIGNED otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CheckAligned(uint a, uint mask)
    {
        if ((a & mask) == 0)
        {
            return true;
        }
        RaiseUsageFault(UfsrUnaligned);
        return false;
    }

    /// <summary>Checks an LDR/STR/LDRH/STRH address against CCR.UNALIGN_TRP.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CheckUnalignedTrap(uint a, uint mask)
    {
        if ((a & mask) == 0 || (_ccr & CcrUnalignTrp) == 0)
        {
            return true;
        }
        RaiseUsageFault(UfsrUnaligned);
        return false;
    }

    /// <summary>Memory as FP load/store instructions see it.</summary>
    private sealed class FpuMemoryAdapter(CortexMCore core) : IFpuMemory
    {
        public bool TryRead32(uint address, out uint value)
        {
            if (!core.CheckAligned(address, 3))
            {
                value = 0;
                return false;
            }
            return core.Read32(address, out value);
        }

        public bool TryWrite32(uint address, uint value) =>
            core.CheckAligned(address, 3) && core.Write32(address, value);
    }

    // ---- access for debuggers, tests and machines (no faults, no side effects on the core) ----------------

    /// <summary>Reads memory as the core sees it (SCS included) without raising faults; false when the access fails.</summary>
    public bool TryReadMemory(uint address, AccessSize size, out uint value)
    {
        if ((address >> 20) == 0xE00)
        {
            return ScsRead(address, size, out value, debugger: true) == BusStatus.Ok;
        }
        return _bus.Read(address, size, out value) == BusStatus.Ok;
    }

    /// <summary>Writes memory as the core sees it (SCS included) without raising faults; false when the access fails.</summary>
    public bool TryWriteMemory(uint address, AccessSize size, uint value)
    {
        if ((address >> 20) == 0xE00)
        {
            return ScsWrite(address, size, value, debugger: true) == BusStatus.Ok;
        }
        return _bus.Write(address, size, value) == BusStatus.Ok;
    }
}
