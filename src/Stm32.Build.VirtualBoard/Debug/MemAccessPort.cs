using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Debug;

/// <summary>The outcome of one AP register access, as the DP turns it into an ACK and sticky flags.</summary>
public enum ApResult
{
    /// <summary>The access completed.</summary>
    Ok,
    /// <summary>The bus transaction failed (slave error, nothing mapped, AP unable to reach its bus): STICKYERR.</summary>
    BusError,
}

/// <summary>
/// One MEM-AP (ADIv5.2 IHI0031 chapter C2) in front of the bus the chip gives it: CSW (Size, AddrInc single and
/// packed, DeviceEn, TrInProg, Prot), TAR with auto-increment wrapping inside 1 KiB (C2.2.2: only TAR[9:0] are
/// guaranteed to increment), DRW with byte lanes, BD0–BD3, CFG, BASE and IDR.
/// </summary>
public sealed class MemAccessPort
{
    // CSW fields (ADIv5.2 C2.6.4): position, width, access.
    private const int CswSizeShift = 0;          // [2:0] RW: 0 = byte, 1 = halfword, 2 = word
    private const uint CswSizeMask = 0x7;
    private const int CswAddrIncShift = 4;       // [5:4] RW: 0 = off, 1 = single, 2 = packed
    private const uint CswAddrIncMask = 0x3u << CswAddrIncShift;
    private const uint CswDeviceEn = 1u << 6;    // [6] RO: the AP can issue transactions
    private const uint CswTrInProg = 1u << 7;    // [7] RO: a transfer is in progress (always 0: transfers complete at once)
    private const uint CswModeMask = 0xFu << 8;  // [11:8] RW: 0 = basic mode only (barrier support not modelled)
    private const uint CswProtMask = 0x7Fu << 24; // [30:24] RW: bus protection (HPROT/PPROT), passed through unmodelled
    private const uint CswDbgSwEnable = 1u << 31; // [31] RW: debug software access enable
    private const uint CswWritable = CswSizeMask | CswAddrIncMask | CswProtMask | CswDbgSwEnable;

    /// <summary>CSW after reset: word size, no increment, HPROT privileged data (Prot = 0x03); DeviceEn is computed on read.</summary>
    public const uint CswResetValue = 0x03000002;

    private readonly IDebugPortTarget _target;
    private uint _csw = CswResetValue;

    /// <summary>Creates the AP <paramref name="index"/> of the given kind.</summary>
    public MemAccessPort(int index, AccessPortKind kind, IDebugPortTarget target)
    {
        Index = index;
        Kind = kind;
        _target = target;
        Idr = AccessPortIdentity.Idr(kind);
        Base = AccessPortIdentity.Base(index, kind);
    }

    /// <summary>The APSEL index.</summary>
    public int Index { get; }

    /// <summary>AHB-AP or APB-AP.</summary>
    public AccessPortKind Kind { get; }

    /// <summary>The IDR value.</summary>
    public uint Idr { get; }

    /// <summary>The BASE value (ROM table address with the format and present bits).</summary>
    public uint Base { get; }

    /// <summary>The transfer address register.</summary>
    public uint Tar { get; private set; }

    /// <summary>The CSW as read by a debugger (DeviceEn reflects whether the AP can reach its bus now).</summary>
    public uint Csw => (_csw & ~(CswDeviceEn | CswTrInProg)) | (_target.IsAccessPortAvailable(Index) ? CswDeviceEn : 0);

    /// <summary>The address of the last failed bus transaction, when the last transaction failed.</summary>
    public uint? LastFaultAddress { get; private set; }

    /// <summary>Resets the AP registers (debug power-down or power cycle).</summary>
    public void Reset()
    {
        _csw = CswResetValue;
        Tar = 0;
        LastFaultAddress = null;
    }

    /// <summary>Reads the AP register at <paramref name="address"/> (APBANKSEL:A[3:2]).</summary>
    public ApResult Read(byte address, out uint value)
    {
        value = 0;
        switch ((MemApRegister)address)
        {
            case MemApRegister.Csw: value = Csw; return ApResult.Ok;
            case MemApRegister.Tar: value = Tar; return ApResult.Ok;
            case MemApRegister.Drw: return Transfer(write: false, ref value, Tar, advance: true);
            case MemApRegister.Bd0 or MemApRegister.Bd1 or MemApRegister.Bd2 or MemApRegister.Bd3:
                return BankedTransfer(write: false, address, ref value);
            case MemApRegister.Cfg: value = 0; return ApResult.Ok;
            case MemApRegister.Base: value = Base; return ApResult.Ok;
            case MemApRegister.Idr: value = Idr; return ApResult.Ok;
            default: return ApResult.Ok; // TAR high word, MBT and reserved addresses: RAZ (C2.6)
        }
    }

    /// <summary>Writes the AP register at <paramref name="address"/>.</summary>
    public ApResult Write(byte address, uint value)
    {
        switch ((MemApRegister)address)
        {
            case MemApRegister.Csw:
                var size = value & CswSizeMask;
                var inc = (value & CswAddrIncMask) >> CswAddrIncShift;
                // Reserved Size (64-bit and up) and AddrInc (0b11) values keep the previous field (IMPLEMENTATION DEFINED in C2.6.4).
                var newCsw = _csw & ~CswWritable;
                newCsw |= value & (CswProtMask | CswDbgSwEnable);
                newCsw |= size <= 2 ? size : _csw & CswSizeMask;
                newCsw |= inc <= 2 ? inc << CswAddrIncShift : _csw & CswAddrIncMask;
                _csw = newCsw & ~CswModeMask;
                return ApResult.Ok;
            case MemApRegister.Tar: Tar = value; return ApResult.Ok;
            case MemApRegister.Drw: return Transfer(write: true, ref value, Tar, advance: true);
            case MemApRegister.Bd0 or MemApRegister.Bd1 or MemApRegister.Bd2 or MemApRegister.Bd3:
                return BankedTransfer(write: true, address, ref value);
            default: return ApResult.Ok; // read-only and reserved registers: writes ignored
        }
    }

    private ApResult BankedTransfer(bool write, byte address, ref uint value)
    {
        // BDn reach TAR[31:4] + n*4 with a word access; TAR is not changed (C2.6.1).
        var target = (Tar & ~0xFu) | (uint)(address - (byte)MemApRegister.Bd0);
        return BusAccess(write, target, AccessSize.Word, ref value, lane: 0);
    }

    private ApResult Transfer(bool write, ref uint value, uint address, bool advance)
    {
        var sizeCode = _csw & CswSizeMask;
        var size = sizeCode switch { 0 => AccessSize.Byte, 1 => AccessSize.HalfWord, _ => AccessSize.Word };
        var addrInc = (_csw & CswAddrIncMask) >> CswAddrIncShift;
        var bytes = (uint)size;
        if (addrInc == 2 && size != AccessSize.Word)
        {
            // Packed transfers (C2.2.5): one DRW access carries 4/size bus transfers, lowest address in the lowest lanes.
            var count = 4 / bytes;
            uint packed = write ? value : 0;
            var data = value;
            for (var i = 0u; i < count; i++)
            {
                var lane = (int)((Tar & 3) * 8);
                var item = write ? (data >> (int)(i * bytes * 8)) << lane : 0;
                var result = BusAccess(write, Tar, size, ref item, lane);
                if (result != ApResult.Ok)
                {
                    value = 0;
                    return result;
                }
                if (!write)
                {
                    var mask = bytes == 1 ? 0xFFu : 0xFFFFu;
                    packed |= ((item >> lane) & mask) << (int)(i * bytes * 8);
                }
                Tar = Increment(Tar, bytes);
            }
            value = packed;
            return ApResult.Ok;
        }

        var laneBits = (int)((address & (size == AccessSize.Word ? 0u : 3u)) * 8);
        var outcome = BusAccess(write, address, size, ref value, laneBits);
        if (outcome == ApResult.Ok && advance && addrInc != 0)
        {
            Tar = Increment(Tar, bytes);
        }
        return outcome;
    }

    /// <summary>One bus transaction; <paramref name="value"/> carries the data in its byte lanes (32-bit DRW image).</summary>
    private ApResult BusAccess(bool write, uint address, AccessSize size, ref uint value, int lane)
    {
        // The AHB-AP/APB-AP align the address to the access size (ADIv5.2 C2.2.3: unaligned TAR is IMPLEMENTATION DEFINED).
        var aligned = address & ~((uint)size - 1);
        var bus = _target.AccessPortBus(Index);
        if (bus is null || !_target.IsAccessPortAddressReachable(Index, aligned))
        {
            LastFaultAddress = aligned;
            return ApResult.BusError;
        }
        BusStatus status;
        if (write)
        {
            var mask = size switch { AccessSize.Byte => 0xFFu, AccessSize.HalfWord => 0xFFFFu, _ => 0xFFFFFFFFu };
            status = bus.Write(aligned, size, (value >> lane) & mask);
        }
        else
        {
            status = bus.Read(aligned, size, out var data);
            value = size == AccessSize.Word ? data : data << lane;
        }
        if (status != BusStatus.Ok)
        {
            LastFaultAddress = aligned;
            return ApResult.BusError;
        }
        LastFaultAddress = null;
        return ApResult.Ok;
    }

    /// <summary>TAR auto-increment: only the low 10 bits are guaranteed to increment (wraps inside the 1 KiB block, C2.2.2).</summary>
    public static uint Increment(uint tar, uint by) => (tar & ~0x3FFu) | ((tar + by) & 0x3FFu);
}

/// <summary>
/// The identification values the H7's access ports report. Sources: a J-Link connection log of an STM32H753VI
/// (SW-DP 0x6BA02477; AP[0] and AP[1] AHB-AP IDR 0x84770001, AP[2] APB-AP IDR 0x54770002, AP[0] ROM base
/// 0xE00FE000); RM0399 section 61 (the Cortex-M4 AHB-AP on AP3 of the H745/H747 and the APB-D ROM table at 0xE00E0000).
/// </summary>
public static class AccessPortIdentity
{
    /// <summary>AHB-AP IDR on the H7 (revision 8, ARM JEP106, MEM-AP class, AHB3 type).</summary>
    public const uint AhbApIdr = 0x84770001;
    /// <summary>APB-AP IDR on the H7 (revision 5, ARM JEP106, MEM-AP class, APB type).</summary>
    public const uint ApbApIdr = 0x54770002;

    /// <summary>The IDR for an AP kind.</summary>
    public static uint Idr(AccessPortKind kind) => kind == AccessPortKind.ApbAp ? ApbApIdr : AhbApIdr;

    /// <summary>
    /// BASE: bit 1 = ADIv5 format, bit 0 = a debug entry is present. The core APs point at the core's ROM table
    /// (0xE00FE000), the APB-AP at the APB-D ROM table (0xE00E0000); the D3 AHB-AP has no debug entry.
    /// </summary>
    public static uint Base(int index, AccessPortKind kind) => (index, kind) switch
    {
        (_, AccessPortKind.ApbAp) => 0xE00E0003,
        (1, _) => 0x00000002,
        _ => 0xE00FE003,
    };
}
