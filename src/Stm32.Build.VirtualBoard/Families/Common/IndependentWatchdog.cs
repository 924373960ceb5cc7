using System.Globalization;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// The independent watchdog of the STM32F1, F4, F7, L4, G4 and G0 (RM0008 chapter 19, RM0090 chapter 21, RM0385/RM0410,
/// RM0351/RM0394, RM0440 and RM0444 "Independent watchdog": the same block; registers from the IWDG register table:
/// KR, PR, RLR, SR — named IWDG_KR … in ST's G0B1 SVD — and on the F7/L4/G4/G0 WINR, whose window is not modelled: it
/// keeps what is written):
/// <list type="bullet">
/// <item>IWDG_KR: 0xCCCC starts it (and the LSI), 0xAAAA reloads the counter from RLR, 0x5555 opens PR and RLR to
/// writes, any other value closes them again (21.3.2, 21.4.1).</item>
/// <item>IWDG_PR (/4 … /256) and IWDG_RLR (12 bits): written only while open; each write keeps SR.PVU/RVU set for
/// <see cref="UpdateLsiCycles"/> LSI periods (RM0090 21.4.4, RM0008 19.4.4: the update "takes up to 5 RC 40 kHz
/// oscillator cycles").</item>
/// <item>The counter runs at LSI / prescaler (the family's LSI frequency); (RLR + 1) periods after a reload the
/// system is reset (<see cref="ResetCause.IndependentWatchdog"/>, RCC_CSR.IWDGRSTF).</item>
/// <item>The hardware watchdog option (F4 FLASH_OPTCR.WDG_SW = 0, RM0090 3.9.10; F7 IWDG_SW = 0, RM0385 3.7.6; F1
/// option byte USER.WDG_SW = 0, RM0008 19.3.1; L4/G4/G0 FLASH_OPTR.IWDG_SW = 0, RM0351/RM0440/RM0444 3.7.8): it runs
/// from every reset. The family says whether the option is in effect.</item>
/// <item>The debug freeze (F4 DBGMCU_APB1_FZ.DBG_IWDG_STOP, F1 DBGMCU_CR.DBG_IWDG_STOP, while the core is halted:
/// the chip's <see cref="IDebugFreeze"/>): a running watchdog samples it every <see cref="FreezePollNs"/> of virtual
/// time, so a halt or resume takes effect within 1 ms.</item>
/// </list>
/// </summary>
public sealed class IndependentWatchdog : Peripheral
{
    /// <summary>The LSI periods a PR/RLR update keeps its SR flag set.</summary>
    public const int UpdateLsiCycles = 5;

    /// <summary>How often a running watchdog samples the debug freeze (1 ms of virtual time).</summary>
    public const long FreezePollNs = 1_000_000;

    private readonly Register _pr, _rlr, _kr;
    private readonly long _lsiHz;
    private readonly Func<bool> _hardwareMode;
    private readonly Func<bool> _freezeConfigured;
    private readonly string _hardwareOption;
    private readonly long[] _updateUntil = new long[2];
    private bool _access;
    private long _remainingNs;
    private long _since;
    private ScheduledEvent? _event;
    private IDebugFreeze? _freeze;

    /// <summary>
    /// Declares the IWDG from its register-table entry: its counter runs at <paramref name="lsiHz"/>;
    /// <paramref name="hardwareMode"/> says whether the option bytes start it at reset, <paramref name="freezeConfigured"/>
    /// whether the debugger asked for it to stop while the core is halted (reported when it starts);
    /// <paramref name="hardwareOption"/> names the option bit that selects the hardware watchdog (reported when it starts).
    /// </summary>
    public IndependentWatchdog(PeripheralContext context, PeripheralInfo info, long lsiHz, Func<bool> hardwareMode, Func<bool> freezeConfigured,
        string hardwareOption = "WDG_SW")
        : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lsiHz);
        _lsiHz = lsiHz;
        _hardwareMode = hardwareMode ?? throw new ArgumentNullException(nameof(hardwareMode));
        _freezeConfigured = freezeConfigured ?? throw new ArgumentNullException(nameof(freezeConfigured));
        _hardwareOption = hardwareOption ?? throw new ArgumentNullException(nameof(hardwareOption));
        Registers.Declare(info);
        _pr = Reg("PR");
        _rlr = Reg("RLR");
        _kr = Reg("KR");
        _kr.OnWrite((_, value) => Key(value & 0xFFFF));
        Protect(_pr, 0);
        Protect(_rlr, 1);
        var sr = Reg("SR");
        sr["PVU"].WithFlag(() => Context.Now < _updateUntil[0]);
        sr["RVU"].WithFlag(() => Context.Now < _updateUntil[1]);
    }

    /// <summary>Whether the watchdog runs.</summary>
    public bool Running { get; private set; }

    /// <summary>The prescaler divider in effect (PR: 0 → /4 … 6 and 7 → /256).</summary>
    public int Prescaler => 4 << (int)Math.Min(6u, _pr.Value & 7);

    private long PeriodNs => (long)((Prescaler * 1e9 / _lsiHz) * ((_rlr.Value & 0xFFF) + 1));

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        Context.Scheduler.Cancel(_event);
        _event = null;
        Array.Clear(_updateUntil);
        _access = false;
        Running = false;
        if (_hardwareMode())
        {
            Start($"hardware watchdog: option byte {_hardwareOption} = 0 starts it at reset");
        }
    }

    /// <summary>A register by its manual name, or with the <c>IWDG_</c> prefix some SVDs give it.</summary>
    private Register Reg(string name) => Registers.Find(name) ?? Registers.Find("IWDG_" + name) ?? Registers[name];

    private void Protect(Register register, int index) => register.OnWrite((old, value) =>
    {
        if (!_access)
        {
            register.Value = old; // RM0090 21.4.2/21.4.3: write access needs the 0x5555 key
            return;
        }
        _updateUntil[index] = Context.Now + (long)(UpdateLsiCycles * 1e9 / _lsiHz);
        // The flag falls at a known time: an event there, so a core polling SR is not run (or fast-forwarded) past it.
        Context.Scheduler.Schedule(_updateUntil[index], () => { }, $"{Name} update done");
    });

    private void Key(uint key)
    {
        _kr.Value = 0;
        switch (key)
        {
            case 0xCCCC:
                _access = false;
                if (!Running)
                {
                    Start("started by software (IWDG_KR = 0xCCCC)");
                }
                else
                {
                    Reload();
                }
                break;
            case 0xAAAA:
                _access = false;
                if (Running)
                {
                    Reload();
                }
                break;
            case 0x5555:
                _access = true;
                break;
            default:
                _access = false;
                break;
        }
    }

    private void Start(string how)
    {
        Running = true;
        var frozen = _freezeConfigured();
        Context.Record(ChipEventKind.WatchdogStarted, $"{Name}.KR", _kr.Address, 0xCCCC, string.Create(CultureInfo.InvariantCulture,
            $"{Name} {how}: {PeriodNs / 1e6:0.###} ms timeout, {(frozen ? "frozen" : "not frozen")} while the core is halted (DBGMCU DBG_IWDG_STOP)"));
        Reload();
    }

    private void Reload()
    {
        _remainingNs = PeriodNs;
        _since = Context.Now;
        Arm();
    }

    private void Arm()
    {
        Context.Scheduler.Cancel(_event);
        _event = Context.Scheduler.Schedule(Context.Now + Math.Min(_remainingNs, FreezePollNs), Tick, Name);
    }

    /// <summary>Counts the time since the last sample unless frozen; expires, or samples again.</summary>
    private void Tick()
    {
        _event = null;
        var elapsed = Context.Now - _since;
        _since = Context.Now;
        if ((_freeze ??= Context.Chip.Find<IDebugFreeze>()) is not { } freeze || !freeze.IsFrozen(Name))
        {
            _remainingNs -= elapsed;
        }
        if (_remainingNs > 0)
        {
            Arm();
            return;
        }
        Running = false;
        Context.Record(ChipEventKind.WatchdogReset, Name, BaseAddress, _rlr.Value, $"{Name} expired: system reset");
        Context.Chip.RequestSystemReset(ResetCause.IndependentWatchdog);
    }
}
