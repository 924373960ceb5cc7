using System.Globalization;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>The kinds of event the chip records about what firmware did to it (the preflight's evidence).</summary>
public enum ChipEventKind
{
    /// <summary>The supply configuration was latched (PWR_CR3 on the H7); <see cref="ChipEvent.Value"/> holds it.</summary>
    SupplyConfigured,
    /// <summary>The core supply collapsed: the configuration does not match the board's wiring.</summary>
    SupplyLost,
    /// <summary>A debug pin (SWDIO, SWCLK, JTDI, JTDO, NJTRST) was taken away from its debug function.</summary>
    DebugPinReassigned,
    /// <summary>A core entered a low-power mode (Stop/Standby) and the debug port stops answering in it.</summary>
    LowPowerEntered,
    /// <summary>A core entered a low-power mode with the DBGMCU bits that keep the debug port alive.</summary>
    LowPowerEnteredWithDebug,
    /// <summary>An independent or window watchdog was started; <see cref="ChipEvent.Message"/> says whether it freezes under debug.</summary>
    WatchdogStarted,
    /// <summary>A watchdog expired and reset the system.</summary>
    WatchdogReset,
    /// <summary>Firmware erased flash (sector or bank).</summary>
    FlashErased,
    /// <summary>Firmware programmed flash.</summary>
    FlashProgrammed,
    /// <summary>Firmware started an option-byte change (which ones in the message).</summary>
    OptionBytesChanged,
    /// <summary>A core took a fault exception (HardFault, MemManage, BusFault, UsageFault).</summary>
    CoreFault,
    /// <summary>A core locked up.</summary>
    CoreLockup,
    /// <summary>The system was reset (by a core, a watchdog, NRST or the power controller).</summary>
    SystemReset,
    /// <summary>A core clock changed (the source and frequency in the message).</summary>
    ClockChanged,
    /// <summary>A core started waiting in WFI/WFE.</summary>
    CoreSleep,
    /// <summary>
    /// The chip runs outside its specified operating conditions (the message says which): a clock faster than the
    /// flash wait states or the voltage scale allow, VOS0 while the SMPS supplies VCORE directly.
    /// </summary>
    OutOfSpec,
}

/// <summary>One thing firmware did, with when and where.</summary>
/// <param name="TimeNs">Virtual time since the last power-on, in nanoseconds.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Core">The core whose instruction caused it, or -1 (hardware, debugger).</param>
/// <param name="Pc">The address of that instruction (0 when <paramref name="Core"/> is -1).</param>
/// <param name="Source">The peripheral and register, e.g. <c>PWR.CR3</c>.</param>
/// <param name="Address">The register's address (0 when not a register access).</param>
/// <param name="Value">The value written or latched.</param>
/// <param name="Message">The event in words.</param>
public sealed record ChipEvent(long TimeNs, ChipEventKind Kind, int Core, uint Pc, string Source, uint Address, uint Value, string Message)
{
    /// <summary>The time in milliseconds.</summary>
    public double TimeMs => TimeNs / 1e6;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{TimeMs:0.000} ms {Kind} core {Core} pc 0x{Pc:X8} {Source}: {Message}");
}

/// <summary>The chip's record of <see cref="ChipEvent"/>s, oldest first, bounded.</summary>
public sealed class ChipTrace
{
    /// <summary>The most events kept (later ones are counted, not stored).</summary>
    public const int Capacity = 10_000;

    private readonly List<ChipEvent> _events = [];

    /// <summary>The events.</summary>
    public IReadOnlyList<ChipEvent> Events => _events;

    /// <summary>Events not stored because the trace was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Raised for every event (after it is stored).</summary>
    public event Action<ChipEvent>? Recorded;

    /// <summary>Records an event.</summary>
    public void Add(ChipEvent e)
    {
        if (_events.Count < Capacity)
        {
            _events.Add(e);
        }
        else
        {
            Dropped++;
        }
        Recorded?.Invoke(e);
    }

    /// <summary>Forgets every event.</summary>
    public void Clear()
    {
        _events.Clear();
        Dropped = 0;
    }
}
