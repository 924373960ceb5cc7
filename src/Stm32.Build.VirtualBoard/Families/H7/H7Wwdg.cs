using System.Globalization;
using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// An STM32H7 window watchdog, WWDG1 (APB3, CPU1) or WWDG2 (APB1, CPU2) (RM0399 chapter 45 WWDG; RM0433/RM0468):
/// <list type="bullet">
/// <item>The 7-bit down-counter (WWDG_CR.T) counts at PCLK / 4096 / 2^WDGTB (WWDG_CFR.WDGTB) on the chip's timeline;
/// reads of T return it. WDGA and EWI are set by software and cleared only by a reset.</item>
/// <item>With WDGA set, a reset follows when T6 clears (the counter passes from 0x40 to 0x3F), when software writes
/// CR with T6 = 0, or when it writes CR while the counter is above the window W (a refresh too early).</item>
/// <item>The early wakeup: when the counter reaches 0x40, SR.EWIF is set (rc_w0) and, with CFR.EWI, the WWDGx
/// interrupt is asserted until EWIF is cleared.</item>
/// <item>The reset scope (RM0399 RCC_GCR WW1RSC bit 0 / WW2RSC bit 1, read by name from the RCC): 1 = a system reset
/// (ResetCause.WindowWatchdog); 0 (the reset value) = a reset of the watchdog's own CPU only (ST's HAL: "system reset
/// not only CPUx reset (default)"), which the model applies as that core restarting from its boot address with the
/// watchdog reset too. Single-core parts always reset the system.</item>
/// <item>The debug freeze through <see cref="H7WatchdogFreeze"/>, sampled every 1 ms while counting.</item>
/// </list>
/// The counter is free-running on silicon; the model follows it only while WDGA or EWI is set (a free-running EWIF
/// with both clear is not raised).
/// </summary>
public sealed class H7Wwdg : Peripheral
{
    /// <summary>The PCLK without a clock tree (HSI 64 MHz, bus prescalers 1 after reset).</summary>
    public const long ResetPclkHz = 64_000_000;

    private readonly int _number;
    private readonly H7WatchdogFreeze _freeze;
    private readonly PeripheralClock _pclk;
    private readonly Register _cr, _cfr, _sr;
    private readonly InterruptLine _interrupt;
    private ScheduledEvent? _event;
    private uint _load = 0x7F;
    private double _ticks;
    private long _handled;
    private long _since;
    private bool _frozen;
    private uint _counterBeforeWrite;
    private long _countAnnouncedAt = -1;

    /// <summary>Declares WWDG <paramref name="number"/> (1 or 2) from its register-table entry.</summary>
    public H7Wwdg(PeripheralContext context, PeripheralInfo info, int number) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _number = number;
        _freeze = H7WatchdogFreeze.Wwdg(context, number);
        _pclk = new PeripheralClock(context, $"wwdg{number}", ResetPclkHz);
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
        _interrupt = context.Interrupt($"WWDG{number}");
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

    private double TickNs => Pclk > 0 ? 4096.0 * (1 << (int)((_cfr.Value >> 11) & 7)) * 1e9 / Pclk : double.PositiveInfinity;

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
            _frozen = _freeze.IsFrozen();
            Context.Record(ChipEventKind.WatchdogStarted, $"{Name}.CR", _cr.Address, now, string.Create(CultureInfo.InvariantCulture,
                $"{Name} activated: resets when the counter passes 0x3F, {(_load - 0x3F) * TickNs / 1e6:0.###} ms from now (PCLK {Pclk} Hz / 4096 / {1 << (int)((_cfr.Value >> 11) & 7)}), window 0x{window:X2}; {_freeze.Describe()}"));
        }
        Reschedule();
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
        _frozen = _freeze.IsFrozen();
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
        var due = Context.Now + H7Iwdg.FreezePollNs;
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

    /// <summary>
    /// After a read of T: an event at the next decrement, so a core polling the counter (waiting for the window) is not
    /// run or fast-forwarded past the moment its value changes. One event per decrement, however often T is read.
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

    private void UpdateInterrupt() => _interrupt.Set((_sr.Value & 1) != 0 && (_cfr.Value & (1u << 9)) != 0);

    private void Expire(string why)
    {
        Context.Scheduler.Cancel(_event);
        _event = null;
        var system = Context.Chip.Cores.Count < 2 || SystemScope();
        Context.Record(ChipEventKind.WatchdogReset, Name, BaseAddress, _load,
            $"{Name} {why}: {(system ? "system reset" : $"reset of {Context.Device.Cores[_number - 1].Name} (RCC_GCR.WW{_number}RSC = 0)")}");
        if (system)
        {
            if (_number == 2)
            {
                Context.Chip.Find<H7Rcc>()?.NoteWatchdogReset("WWDG2"); // RCC_RSR.WWDG2RSTF rather than WWDG1RSTF
            }
            Context.Chip.RequestSystemReset(ResetCause.WindowWatchdog);
            return;
        }
        Reset(ResetKind.System);
        var core = _number - 1;
        Context.Scheduler.ScheduleIn(0, () =>
        {
            if (Context.Chip is VirtualChip chip)
            {
                chip.Cores[core].Reset(CoreResetKind.System, chip.BootAddress(chip.Device.Cores[core].Name));
            }
        }, Name + " CPU reset");
    }

    /// <summary>RCC_GCR.WWxRSC: whether this watchdog resets the whole system.</summary>
    private bool SystemScope()
    {
        var rcc = Context.Chip.FindAll<Peripheral>().FirstOrDefault(p => string.Equals(p.Name, "RCC", StringComparison.OrdinalIgnoreCase));
        return rcc?.Registers.Find("GCR") is { } gcr && (gcr.Value & (1u << (_number - 1))) != 0;
    }
}
