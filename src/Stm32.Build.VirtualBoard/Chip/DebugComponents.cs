using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Families.H7;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// The STM32H7's system debug block as seen on the debug APB (AP2, from 0xE00E0000) and on the system bus (from
/// 0x5C000000): the system ROM table, DBGMCU at +0x1000 and the SWO trace funnel SWTF at +0x4000 (the offsets
/// OpenOCD's target/stm32h7x.cfg and probe-rs's STM32H7 sequence use: DBGMCU 0xE00E1000, SWTF 0xE00E4000).
/// Trace is not modelled: the funnel's control register is stored and logged. Other offsets are bus faults.
/// </summary>
internal sealed class DebugComponents
{
    /// <summary>DBGMCU's offset in the block (0xE00E1000 - 0xE00E0000).</summary>
    internal const uint DbgmcuOffset = 0x1000;

    /// <summary>The SWO trace funnel's offset in the block (0xE00E4000 - 0xE00E0000).</summary>
    internal const uint SwtfOffset = 0x4000;

    /// <summary>The size of the block the model answers (ROM table to SWTF).</summary>
    internal const uint Size = 0x5000;

    /// <summary>CoreSight trace funnel (CSTF) part number 0x908 and ROM table part used for the system ROM table.</summary>
    private const uint FunnelPart = 0x908;

    /// <summary>The size of DBGMCU's register block (RM0399 2.3.2 / 61.5: 1 KiB).</summary>
    internal const uint DbgmcuSize = 0x400;

    private readonly H7Dbgmcu _dbgmcu;
    private readonly UnmodelledAccessLog _log;
    private readonly uint _apbBase;
    private uint _swtfControl;

    public DebugComponents(H7Dbgmcu dbgmcu, UnmodelledAccessLog log, uint apbBase)
    {
        _dbgmcu = dbgmcu;
        _log = log;
        _apbBase = apbBase;
    }

    public void PowerOnReset() => _swtfControl = 0x300; // CSTF_CTRL reset: HT (hold time) = 3, no slave port enabled

    public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value)
    {
        value = 0;
        if (offset is >= DbgmcuOffset and < DbgmcuOffset + DbgmcuSize)
        {
            return _dbgmcu.Read(offset - DbgmcuOffset, size, initiator, out value);
        }
        uint word;
        if (offset < 0x1000)
        {
            word = RomTable(offset & ~3u);
        }
        else if (offset is >= SwtfOffset and < SwtfOffset + 0x1000)
        {
            var local = (offset - SwtfOffset) & ~3u;
            word = local == 0 ? _swtfControl : CoreSightId(local, FunnelPart, componentClass: 0x9) ?? 0;
        }
        else
        {
            return BusStatus.Fault;
        }
        value = Lanes.Extract(word, offset, size);
        return BusStatus.Ok;
    }

    public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator)
    {
        if (offset is >= DbgmcuOffset and < DbgmcuOffset + DbgmcuSize)
        {
            return _dbgmcu.Write(offset - DbgmcuOffset, size, value, initiator);
        }
        if (offset < 0x1000)
        {
            return BusStatus.Ok; // ROM table: read-only
        }
        if (offset is >= SwtfOffset and < SwtfOffset + 0x1000)
        {
            if ((offset & ~3u) == SwtfOffset && size == AccessSize.Word)
            {
                _swtfControl = value & 0xFFF;
                _log.Add(new UnmodelledAccess("SWTF", "CTRL", _apbBase + offset, value & 0xFFF,
                    "stored; SWO trace is not modelled"));
            }
            return BusStatus.Ok;
        }
        return BusStatus.Fault;
    }

    /// <summary>
    /// The system ROM table (CoreSight ROM table format): entries to DBGMCU and SWTF, then the end marker. The
    /// part number used is DEV_ID-independent (0x000, designer ST JEP106 0x20); the other debug APB components
    /// (SWO, CTIs, ETF, TPIU) are not listed because they are not modelled.
    /// </summary>
    private static uint RomTable(uint offset) => offset switch
    {
        0x000 => DbgmcuOffset | 3,
        0x004 => SwtfOffset | 3,
        0x008 => 0,
        0xFCC => 1,
        _ => CoreSightId(offset, part: 0x000, componentClass: 0x1, designerSt: true) ?? 0,
    };

    private static uint? CoreSightId(uint offset, uint part, uint componentClass, bool designerSt = false) => offset switch
    {
        0xFD0 => designerSt ? 0x00u : 0x04u,          // PIDR4: JEP106 continuation code (ARM 4, ST 0)
        0xFE0 => part & 0xFF,                        // PIDR0: part[7:0]
        0xFE4 => (part >> 8) | (designerSt ? 0x00u : 0xB0u), // PIDR1: part[11:8], JEP106 id[3:0]
        0xFE8 => designerSt ? 0x0Au : 0x0Bu,         // PIDR2: JEP106 id[6:4] with JEDEC bit
        0xFEC => 0,
        0xFF0 => 0x0D,
        0xFF4 => componentClass << 4,
        0xFF8 => 0x05,
        0xFFC => 0xB1,
        _ => null,
    };
}
