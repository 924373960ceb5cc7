using System.Globalization;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// An STM32H7 independent watchdog, IWDG1 or IWDG2 (RM0399 chapter 44 IWDG; RM0433/RM0468 for the single-core parts):
/// <list type="bullet">
/// <item>IWDG_KR keys: 0xCCCC starts the watchdog (and the LSI), 0x5555 opens PR/RLR/WINR to writes, 0xAAAA reloads
/// the counter from RLR; any other value closes the write access again.</item>
/// <item>PR (/4 … /256), RLR and WINR: writes accepted only while the access is open; each starts an update that keeps
/// SR.PVU/RVU/WVU set for <see cref="UpdateLsiCycles"/> LSI periods (RM0399 IWDG_SR: the update "takes up to 5 LSI
/// cycles"). A new prescaler divides from the write on; a new reload value applies at the next reload; a WINR write
/// reloads the counter (ST's HAL relies on it).</item>
/// <item>The 12-bit down-counter runs at LSI / prescaler on the chip's timeline (LSI from the clock tree, 32 kHz
/// without one); it expires (RLR + 1) prescaled periods after a reload, which resets the system
/// (ResetCause.IndependentWatchdog). A reload while the counter is above WINR (window mode) resets the system too.</item>
/// <item>The hardware watchdog option (FLASH_OPTSR IWDGx_SW = 0, in the option bytes in effect): the watchdog runs
/// from every reset.</item>
/// <item>The debug freeze (DBGMCU, <see cref="H7WatchdogFreeze"/>): the counter stops while frozen. The halt state of
/// a core is not announced to the chip, so the watchdog samples it every <see cref="FreezePollNs"/> of virtual time
/// while running (and at every access of its registers): a halt or resume takes effect within 1 ms.</item>
/// </list>
/// Chip trace: <see cref="ChipEventKind.WatchdogStarted"/> (with how it behaves under a halted debugger) and
/// <see cref="ChipEventKind.WatchdogReset"/>. Not modelled: the freeze in Stop/Standby (FZ_IWDG_STOP/SDBY), the
/// early-wakeup interrupt of later IWDG versions (absent on the H7).
/// </summary>
public sealed class H7Iwdg : Peripheral
{
    /// <summary>The LSI frequency without a clock tree (RM0399 LSI: 32 kHz).</summary>
    public const long ResetLsiHz = 32_000;

    /// <summary>The LSI periods a PR/RLR/WINR update keeps its SR flag set.</summary>
    public const int UpdateLsiCycles = 5;

    /// <summary>How often a running watchdog samples the debug freeze (1 ms of virtual time).</summary>
    public const long FreezePollNs = 1_000_000;

    private readonly int _number;
    private readonly H7WatchdogFreeze _freeze;
    private readonly PeripheralClock _lsi;
    private readonly Register _pr, _rlr, _winr;
    private readonly long[] _updateUntil = new long[3];
    private bool _access;
    private ScheduledEvent? _event;
    private double _ticks;
    private long _since;
    private uint _reload;
    private bool _frozen;

    /// <summary>Declares IWDG <paramref name="number"/> (1 or 2) from its register-table entry.</summary>
    public H7Iwdg(PeripheralContext context, PeripheralInfo info, int number) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _number = number;
        _freeze = H7WatchdogFreeze.Iwdg(context, number);
        _lsi = new PeripheralClock(context, "lsi", ResetLsiHz);
        Registers.Declare(info);
        _pr = Registers["PR"];
        _rlr = Registers["RLR"];
        _winr = Registers["WINR"];
        Registers["KR"].OnWrite((_, value) => Key(value & 0xFFFF));
        Protect(_pr, 0);
        Protect(_rlr, 1);
        Protect(_winr, 2);
        var sr = Registers["SR"];
        sr["PVU"].WithFlag(() => Context.Now < _updateUntil[0]);
        sr["RVU"].WithFlag(() => Context.Now < _updateUntil[1]);
        sr["WVU"].WithFlag(() => Context.Now < _updateUntil[2]);
    }

    /// <summary>Whether the watchdog runs.</summary>
    public bool Running { get; private set; }

    /// <summary>The counter value now (RLR after a reload, counting down), or null when stopped.</summary>
    public uint? Counter
    {
        get
        {
            if (!Running)
            {
                return null;
            }
            Fold();
            return (uint)Math.Max(0, _reload - Math.Floor(_ticks));
        }
    }

    /// <summary>The prescaler divider in effect (PR: 0 → /4 … 6 and 7 → /256).</summary>
    public int Prescaler => 4 << (int)Math.Min(6u, _pr.Value & 7);

    /// <summary>The virtual time the watchdog resets the system if nothing reloads it and it is not frozen, or null.</summary>
    public long? ExpiresAt
    {
        get
        {
            if (!Running || _frozen)
            {
                return null;
            }
            Fold();
            return _since + (long)Math.Ceiling((_reload + 1 - _ticks) * TickNs);
        }
    }

    private double TickNs => Prescaler * 1e9 / Lsi;

    private long Lsi => _lsi.Hz is > 0 and var hz ? hz : ResetLsiHz;

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        Context.Scheduler.Cancel(_event);
        _event = null;
        Array.Clear(_updateUntil);
        _access = false;
        Running = false;
        _ticks = 0;
        if (Context.Chip.Find<H7Family>() is { Flash: { } flash })
        {
            var field = _number == 2 ? FlashOptSr.IWDG2_SW : FlashOptSr.IWDG1_SW;
            if (!field.IsSet(flash.Options.Optsr))
            {
                Start($"hardware watchdog: option byte {field.Name} = 0 starts it at reset");
            }
        }
    }

    /// <inheritdoc />
    protected override Stm32.Build.Execution.BusStatus ReadWord(uint offset, BusInitiator initiator, out uint value)
    {
        Sample();
        return base.ReadWord(offset, initiator, out value);
    }

    /// <inheritdoc />
    protected override Stm32.Build.Execution.BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        Fold(); // count what passed at the old prescaler before a write can change it
        return base.WriteWord(offset, value, laneMask, initiator);
    }

    private void Key(uint key)
    {
        Sample();
        Registers["KR"].Value = 0;
        switch (key)
        {
            case 0xCCCC:
                if (!Running)
                {
                    Start("started by software (IWDG_KR = 0xCCCC)");
                }
                _access = false;
                break;
            case 0x5555:
                _access = true;
                break;
            case 0xAAAA:
                _access = false;
                Refresh();
                break;
            default:
                _access = false;
                break;
        }
    }

    private void Protect(Register register, int flag)
    {
        register.OnWrite((old, _) =>
        {
            if (!_access)
            {
                register.Value = old; // write access closed: RM0399 IWDG_KR, "write access protection"
                return;
            }
            Fold();
            _updateUntil[flag] = Context.Now + (long)Math.Ceiling(UpdateLsiCycles * 1e9 / Lsi);
            // The flag falls at a known time: an event there, so a core polling SR is not run (or fast-forwarded) past it.
            Context.Scheduler.Schedule(_updateUntil[flag], () => { }, $"{Name} update done");
            if (flag == 2 && Running)
            {
                _ticks = 0; // writing WINR reloads the counter
                _reload = _rlr.Value & 0xFFF;
            }
            Reschedule();
        });
    }

    private void Start(string how)
    {
        Running = true;
        _reload = _rlr.Value & 0xFFF;
        _ticks = 0;
        _since = Context.Now;
        _frozen = _freeze.IsFrozen();
        Context.Record(ChipEventKind.WatchdogStarted, $"{Name}.KR", Registers["KR"].Address, 0xCCCC, string.Create(CultureInfo.InvariantCulture,
            $"{Name} {how}: timeout {(_reload + 1) * TickNs / 1e6:0.###} ms (LSI {Lsi} Hz / {Prescaler}, RLR {_reload}); {_freeze.Describe()}"));
        Reschedule();
    }

    private void Refresh()
    {
        if (!Running)
        {
            return;
        }
        Fold();
        var counter = (uint)Math.Max(0, _reload - Math.Floor(_ticks));
        var window = _winr.Value & 0xFFF;
        if (counter > window)
        {
            Expire(string.Create(CultureInfo.InvariantCulture, $"reloaded outside the window (counter {counter} above WINR {window})"));
            return;
        }
        _reload = _rlr.Value & 0xFFF;
        _ticks = 0;
        Reschedule();
    }

    /// <summary>Accounts the prescaled periods counted since the last fold (none while frozen).</summary>
    private void Fold()
    {
        var now = Context.Now;
        if (Running && !_frozen && now > _since)
        {
            _ticks += (now - _since) / TickNs;
        }
        _since = Math.Max(_since, now);
    }

    /// <summary>Folds, re-reads the freeze state, and expires or reschedules.</summary>
    private void Sample()
    {
        if (!Running)
        {
            return;
        }
        Fold();
        _frozen = _freeze.IsFrozen();
        if (_ticks >= _reload + 1 - 1e-9)
        {
            Expire(string.Create(CultureInfo.InvariantCulture, $"counter reached 0 ({(_reload + 1) * TickNs / 1e6:0.###} ms without a reload)"));
            return;
        }
        Reschedule();
    }

    private void Reschedule()
    {
        Context.Scheduler.Cancel(_event);
        _event = null;
        if (!Running)
        {
            return;
        }
        var due = Context.Now + FreezePollNs;
        if (!_frozen)
        {
            due = Math.Min(due, _since + (long)Math.Ceiling((_reload + 1 - _ticks) * TickNs));
        }
        _event = Context.Scheduler.Schedule(due, Sample, Name + " counter");
    }

    private void Expire(string why)
    {
        Running = false;
        Context.Scheduler.Cancel(_event);
        _event = null;
        Context.Record(ChipEventKind.WatchdogReset, Name, BaseAddress, _reload, $"{Name} {why}: system reset");
        if (_number == 2)
        {
            Context.Chip.Find<H7Rcc>()?.NoteWatchdogReset("IWDG2"); // RCC_RSR.IWDG2RSTF rather than IWDG1RSTF
        }
        Context.Chip.RequestSystemReset(ResetCause.IndependentWatchdog);
    }
}
