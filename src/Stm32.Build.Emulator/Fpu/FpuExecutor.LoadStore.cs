using Stm32.Build.Emulator.Cpu;

namespace Stm32.Build.Emulator.Fpu;

public sealed partial class FpuExecutor
{
    /// <summary>
    /// Extension register load/store (A6.5): VLDR, VSTR, VLDM, VSTM, VPUSH (VSTMDB SP!), VPOP (VLDMIA SP!), and the
    /// 64-bit transfers that share the space (opcode 0010x). Memory is accessed before the base is written back,
    /// so a faulting access leaves the base register unchanged.
    /// </summary>
    private FpuOutcome LoadStore(uint i, CpuState s, IFpuMemory memory)
    {
        var p = (i & (1u << 24)) != 0;
        var u = (i & (1u << 23)) != 0;
        var w = (i & (1u << 21)) != 0;
        var load = (i & (1u << 20)) != 0;
        var rn = (int)((i >> 16) & 0xF);
        var dbl = (i & (1u << 8)) != 0;
        var imm8 = i & 0xFF;
        if (!p && !u && !w)
        {
            return (i & (1u << 22)) != 0 ? Transfer64(i, s) : FpuOutcome.Undefined;
        }
        if (p == u && w)
        {
            return FpuOutcome.Undefined;
        }
        var d = RegD(i, dbl);
        var baseValue = rn == 15 ? s.R[15] & ~3u : s.R[rn];
        if (p && !w)
        {
            // VLDR / VSTR: offset imm8 * 4, added or subtracted; PC-relative uses Align(PC, 4).
            if (!ValidRegs(dbl, d))
            {
                return FpuOutcome.Undefined;
            }
            var address = u ? baseValue + (imm8 << 2) : baseValue - (imm8 << 2);
            var ok = Transfer(s, memory, load, address, dbl ? 2 * d : d, dbl ? 2 : 1);
            Count(load ? "VLDR" : "VSTR", dbl ? ".64" : ".32");
            return ok ? FpuOutcome.Executed : FpuOutcome.MemoryFault;
        }
        // VLDM / VSTM (IA with optional write-back, DB with write-back).
        var words = (int)imm8;
        var firstWord = dbl ? 2 * d : d;
        if (rn == 15 && w)
        {
            return FpuOutcome.Undefined;
        }
        if (words == 0 || (dbl && (words & 1) != 0) || firstWord + words > 32 || (dbl && d + words / 2 > 16))
        {
            return FpuOutcome.Undefined;
        }
        var start = u ? baseValue : baseValue - ((uint)words << 2);
        if (!Transfer(s, memory, load, start, firstWord, words))
        {
            return FpuOutcome.MemoryFault;
        }
        if (w)
        {
            s.R[rn] = u ? baseValue + ((uint)words << 2) : baseValue - ((uint)words << 2);
        }
        var name = rn == 13 && w && ((load && u) || (!load && !u)) ? (load ? "VPOP" : "VPUSH") : (load ? "VLDM" : "VSTM");
        Count(name, dbl ? ".64" : ".32");
        return FpuOutcome.Executed;
    }

    /// <summary>Moves <paramref name="words"/> consecutive words between memory and S[first]... (a D register is S[2d], S[2d+1], low word first).</summary>
    private static bool Transfer(CpuState s, IFpuMemory memory, bool load, uint address, int first, int words)
    {
        for (var k = 0; k < words; k++)
        {
            var at = unchecked(address + (uint)(4 * k));
            if (load)
            {
                if (!memory.TryRead32(at, out var value))
                {
                    return false;
                }
                s.S[first + k] = value;
            }
            else if (!memory.TryWrite32(at, s.S[first + k]))
            {
                return false;
            }
        }
        return true;
    }
}
