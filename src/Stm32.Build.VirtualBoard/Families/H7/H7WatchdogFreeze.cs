using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The debug freeze of one H7 watchdog: whether its counter stops now because the core that owns a set freeze bit
/// is halted. The chip's <see cref="IDebugFreeze"/> answers when one is composed; otherwise the DBGMCU freeze
/// registers are read through the bus (RM0399 DBGMCU registers; bit positions from the register tables:
/// DBGMCU_APB4FZ1/FZ2 DBG_WDGLSD1 = IWDG1 bit 18, DBG_WDGLSD2 = IWDG2 bit 19; DBGMCU_APB3FZ1/FZ2 WWDG1 bit 6;
/// DBGMCU_APB1LFZ1/FZ2 DBG_WWDG2 bit 11). Register FZ1 freezes while the Cortex-M7 is halted, FZ2 while the
/// Cortex-M4 is.
/// </summary>
internal sealed class H7WatchdogFreeze
{
    private readonly PeripheralContext _context;
    private readonly uint _fz1, _fz2;
    private readonly int _bit;
    private IDebugFreeze? _freeze;
    private bool _resolved;

    private H7WatchdogFreeze(PeripheralContext context, string peripheral, uint fz1Offset, uint fz2Offset, int bit)
    {
        _context = context;
        Peripheral = peripheral;
        var dbgmcu = context.TablePeripheral("DBGMCU")?.BaseAddress ?? 0x5C00_1000;
        _fz1 = dbgmcu + fz1Offset;
        _fz2 = dbgmcu + fz2Offset;
        _bit = bit;
    }

    /// <summary>The name <see cref="IDebugFreeze"/> knows the watchdog by (<c>IWDG1</c>, <c>WWDG2</c>).</summary>
    public string Peripheral { get; }

    /// <summary>The freeze of IWDG <paramref name="number"/> (1 or 2).</summary>
    public static H7WatchdogFreeze Iwdg(PeripheralContext context, int number) =>
        new(context, $"IWDG{number}", 0x54, 0x58, number == 2 ? 19 : 18);

    /// <summary>The freeze of WWDG <paramref name="number"/> (1 or 2).</summary>
    public static H7WatchdogFreeze Wwdg(PeripheralContext context, int number) => number == 2
        ? new(context, "WWDG2", 0x3C, 0x40, 11)
        : new(context, "WWDG1", 0x34, 0x38, 6);

    /// <summary>Whether the counter is frozen now.</summary>
    public bool IsFrozen()
    {
        if (!_resolved)
        {
            _freeze = _context.Chip.Find<IDebugFreeze>();
            _resolved = true;
        }
        if (_freeze is { } freeze)
        {
            return freeze.IsFrozen(Peripheral);
        }
        return (BitSet(0) && _context.Chip.IsCoreHalted(0))
            || (_context.Chip.Cores.Count > 1 && BitSet(1) && _context.Chip.IsCoreHalted(1));
    }

    /// <summary>Whether the freeze bit of CPU <paramref name="cpu"/> is set (the watchdog stops while that core is halted).</summary>
    public bool BitSet(int cpu)
    {
        if (_context.Chip is not VirtualChip chip || cpu >= chip.Device.Cores.Count)
        {
            return false;
        }
        var bus = chip.SystemBus(chip.Device.Cores[cpu].Name);
        return bus.Read(cpu == 0 ? _fz1 : _fz2, AccessSize.Word, out var value) == BusStatus.Ok && (value & (1u << _bit)) != 0;
    }

    /// <summary>How the watchdog behaves under a halted debugger, in words, for the trace.</summary>
    public string Describe()
    {
        var cores = _context.Chip.Cores.Count;
        var frozen = Enumerable.Range(0, Math.Min(2, cores)).Where(BitSet).Select(i => _context.Device.Cores[i].Name).ToList();
        return frozen.Count == 0
            ? $"not frozen under debug (DBGMCU freeze bit of {Peripheral} clear): it keeps counting while a debugger halts the core"
            : $"frozen while {string.Join(" or ", frozen)} is halted (DBGMCU freeze bit set)";
    }
}
