using System.Globalization;
using Stm32.Build.Execution;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// What differs between the STM32 window watchdogs that share one register set (CR: T[6:0], WDGA bit 7; CFR: W[6:0],
/// EWI bit 9, WDGTB; SR: EWIF bit 0): where CFR.WDGTB sits, the kernel clock, the interrupt and the debug freeze.
/// </summary>
public sealed record WindowWatchdogProfile
{
    /// <summary>CFR.WDGTB's first bit: 7 on the F1/F4/F7 (WWDG_CFR in the "Window watchdog (WWDG)" chapter of RM0008, RM0090, RM0385), 11 on the H7 (RM0399 45.5.2).</summary>
    public required int PrescalerPosition { get; init; }

    /// <summary>CFR.WDGTB's width: 2 on the F1/F4/F7 (÷1 … ÷8), 3 on the H7 (÷1 … ÷128).</summary>
    public required int PrescalerWidth { get; init; }

    /// <summary>The clock tree's name of the watchdog's PCLK (<c>wwdg</c>, <c>wwdg1</c>).</summary>
    public required string ClockName { get; init; }

    /// <summary>That clock without a clock tree (the reset PCLK).</summary>
    public required long ResetPclkHz { get; init; }

    /// <summary>The early-wakeup interrupt's name in the register tables (<c>WWDG</c>, <c>WWDG1</c>).</summary>
    public required string InterruptName { get; init; }

    /// <summary>Whether the counter is frozen now (its DBGMCU freeze bit set and the core halted).</summary>
    public required Func<bool> IsFrozen { get; init; }

    /// <summary>The freeze bit and its state in words, for the chip trace.</summary>
    public required Func<string> DescribeFreeze { get; init; }

    /// <summary>
    /// The F1/F4/F7 watchdog on APB1 (WDGTB bits 8:7, interrupt <c>WWDG</c>, the RCC's <c>WWDGEN</c> clock), frozen
    /// while the core is halted with <paramref name="freezeBit"/> (DBGMCU_APB1_FZ.DBG_WWDG_STOP bit 11 on the F4/F7,
    /// DBGMCU_CR.DBG_WWDG_STOP bit 9 on the F1).
    /// </summary>
    public static WindowWatchdogProfile Apb1(long resetPclkHz, Func<bool> isFrozen, Func<bool> freezeBitSet, string freezeBit) => new()
    {
        PrescalerPosition = 7,
        PrescalerWidth = 2,
        ClockName = "wwdg",
        ResetPclkHz = resetPclkHz,
        InterruptName = "WWDG",
        IsFrozen = isFrozen,
        DescribeFreeze = () => freezeBitSet()
            ? $"{freezeBit} is set: it stops while the core is halted"
            : $"{freezeBit} is clear: it keeps counting while a debugger halts the core",
    };
}

/// <summary>
/// An STM32 window watchdog (the "Window watchdog (WWDG)" chapter of RM0008, RM0090 and RM0385; RM0399 chapter 45):
/// <list type="bullet">
/// <item>The 7-bit down-counter (WWDG_CR.T) counts at PCLK / 4096 / 2^WDGTB on the chip's timeline; reads of T return
/// it. WDGA and EWI are set by software and cleared only by a reset.</item>
/// <item>With WDGA set, a reset follows when T6 clears (the counter passes from 0x40 to 0x3F), when software writes
/// CR with T6 = 0, or when it writes CR while the counter is above the window W (a refresh too early).</item>
/// <item>The early wakeup: when the counter reaches 0x40, SR.EWIF is set (rc_w0) and, with CFR.EWI, the interrupt is
/// asserted until EWIF is cleared.</item>
/// <item>The debug freeze (<see cref="WindowWatchdogProfile.IsFrozen"/>), sampled every 1 ms while counting.</item>
/// </list>
/// The reset is a system reset (<see cref="ResetCause.WindowWatchdog"/>); a family whose watchdog can reset one CPU
/// only (the dual-core H7) overrides <see cref="Expired"/>. The counter is free-running on silicon; the model follows
/// it only while WDGA or EWI is set (a free-running EWIF with both clear is not raised).
/// </summary>
public class WindowWatchdog : Peripheral
{
    /// <summary>How often a counting watchdog samples the debug freeze, in nanoseconds.</summary>
    public const long FreezePollNs = IndependentWatchdog.FreezePollNs;

    private readonly WindowWatchdogProfile _profile;
    private readonly PeripheralClock _pclk;
    private readonly Register _cr, _cfr, _sr;
    private readonly InterruptLine _interrupt;
    private ScheduledEvent? _event;
    private uint _load = 0x7F;
    private double _ticks;
    private long _handled;
    private long _since;
    private bool _frozen;
    private long _countAnnouncedAt = -1;
    private uint _counterBeforeWrite;

    /// <summary>Declares the watchdog from its register-table entry.</summary>
    public WindowWatchdog(PeripheralContext context, PeripheralInfo info, WindowWatchdogProfile profile) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
        _pclk = new PeripheralClock(context, profile.ClockName, profile.ResetPclkHz);
        Registers.Declare(info);
        _cr = Registers["CR"].Override("WDGA", Peripherals.FieldAccess.SetOnly);
        _cfr = Registers["CFR"].Override("EWI", Peripherals.FieldAccess.SetOnly);
        _sr = Registers["SR"];
        _cr["T"].WithValue(() =>
        {
            var counter = Counter;
            AnnounceNextCount();
            return counter;
        });
        _cr.OnWrite(CrWritten);
        _cfr.OnWrite((_, _) => Reschedule());
        _sr.OnWrite((_, _) => UpdateInterrupt());
        _interrupt = context.Interrupt(profile.InterruptName);
    }

    /// <summary>Whether the watchdog is activated (CR.WDGA).</summary>
    public bool Activated => (_cr.Value & 0x80) != 0;

    /// <summary>The counter now.</summary>
    public uint Counter
    {
        get
        {
            Fold();
            return (uint)((_load - (long)Math.Floor(_ticks)) & 0x7F);
        }
    }

    private bool Counting => Activated || (_cfr.Value & (1u << 9)) != 0;

    private long Pclk => _pclk.Hz;

    private int PrescalerShift => (int)((_cfr.Value >> _profile.PrescalerPosition) & ((1u << _profile.PrescalerWidth) - 1));

    private double TickNs => Pclk > 0 ? 4096.0 * (1 << PrescalerShift) * 1e9 / Pclk : double.PositiveInfinity;

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        Context.Scheduler.Cancel(_event);
        _event = null;
        _load = _cr.ResetValue & 0x7F;
        _ticks = 0;
        _handled = 0;
        _since = Context.Now;
        _frozen = false;
        _interrupt.Set(false);
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        _counterBeforeWrite = Counter;
        return base.WriteWord(offset, value, laneMask, initiator);
    }

    /// <summary>
    /// The watchdog expired for <paramref name="why"/> (its counter is already stopped): records it and resets the
    /// system. Overridden where the reset can be narrower (the H7's per-CPU scope).
    /// </summary>
    protected virtual void Expired(string why)
    {
        Context.Record(ChipEventKind.WatchdogReset, Name, BaseAddress, _load, $"{Name} {why}: system reset");
        Context.Chip.RequestSystemReset(ResetCause.WindowWatchdog);
    }

    /// <summary>The reload value last written to T (for the trace).</summary>
    protected uint Load => _load;

    private void CrWritten(uint old, uint now)
    {
        var wasActive = (old & 0x80) != 0;
        var window = _cfr.Value & 0x7F;
        if (wasActive && _counterBeforeWrite > window)
        {
            Expire(string.Create(CultureInfo.InvariantCulture, $"refreshed outside the window (counter 0x{_counterBeforeWrite:X2} above W 0x{window:X2})"));
            return;
        }
        _load = now & 0x7F;
        _ticks = 0;
        _handled = 0;
        _since = Context.Now;
        if (Activated && (now & 0x40) == 0)
        {
            Expire("CR written with T6 = 0");
            return;
        }
        if (!wasActive && Activated)
        {
            _frozen = _profile.IsFrozen();
            Context.Record(ChipEventKind.WatchdogStarted, $"{Name}.CR", _cr.Address, now, string.Create(CultureInfo.InvariantCulture,
                $"{Name} activated: resets when the counter passes 0x3F, {(_load - 0x3F) * TickNs / 1e6:0.###} ms from now (PCLK {Pclk} Hz / 4096 / {1 << PrescalerShift}), window 0x{window:X2}; {_profile.DescribeFreeze()}"));
        }
        Reschedule();
    }

    /// <summary>
    /// Makes the counter's next decrement after a read an event of the chip's timeline, so a core polling T (for the
    /// window, or for a count) is never run or fast-forwarded past the moment the value it waits for appears.
    /// </summary>
    private void AnnounceNextCount()
    {
        if (!Counting || _frozen || double.IsInfinity(TickNs))
        {
            return;
        }
        var next = _since + (long)Math.Ceiling((Math.Floor(_ticks) + 1 - _ticks) * TickNs);
        if (next != _countAnnouncedAt)
        {
            _countAnnouncedAt = next;
            Context.Scheduler.Schedule(next, () => { }, Name + " count");
        }
    }

    private void Fold()
    {
        var now = Context.Now;
        if (Counting && !_frozen && now > _since && !double.IsInfinity(TickNs))
        {
            _ticks += (now - _since) / TickNs;
        }
        _since = Math.Max(_since, now);
    }

    /// <summary>Counts, re-reads the freeze, raises EWIF at 0x40, resets at 0x3F, and schedules the next look.</summary>
    private void Sample()
    {
        _event = null;
        Fold();
        _frozen = _profile.IsFrozen();
        var elapsed = (long)Math.Floor(_ticks + 1e-9);
        if (NextEarlyWakeup(_handled) <= elapsed)
        {
            _sr.Value |= 1; // EWIF: the counter reached 0x40
            UpdateInterrupt();
        }
        _handled = Math.Max(_handled, elapsed);
        if (Activated && elapsed >= _load - 0x3F)
        {
            Expire("counter passed 0x40 without a refresh (T6 cleared)");
            return;
        }
        Reschedule();
    }

    /// <summary>The first count after <paramref name="after"/> at which the counter is 0x40 (it wraps at 7 bits).</summary>
    private long NextEarlyWakeup(long after)
    {
        long k = ((_load - 0x40) % 128 + 128) % 128;
        if (k <= after)
        {
            k += 128 * ((after - k) / 128 + 1);
        }
        return k;
    }

    private void Reschedule()
    {
        Context.Scheduler.Cancel(_event);
        _event = null;
        if (!Counting || Pclk <= 0)
        {
            return;
        }
        Fold();
        var due = Context.Now + FreezePollNs;
        if (!_frozen)
        {
            var target = NextEarlyWakeup(_handled);
            if (Activated)
            {
                target = Math.Min(target, _load - 0x3F);
            }
            due = Math.Min(due, _since + (long)Math.Ceiling((target - _ticks) * TickNs));
        }
        _event = Context.Scheduler.Schedule(Math.Max(due, Context.Now), Sample, Name + " counter");
    }

    private void UpdateInterrupt() => _interrupt.Set((_sr.Value & 1) != 0 && (_cfr.Value & (1u << 9)) != 0);

    private void Expire(string why)
    {
        Context.Scheduler.Cancel(_event);
        _event = null;
        Expired(why);
    }
}
