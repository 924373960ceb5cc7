using System.Globalization;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using FieldAccess = Stm32.Build.VirtualBoard.Peripherals.FieldAccess;
using RegisterField = Stm32.Build.VirtualBoard.Peripherals.RegisterField;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// Stop, Standby and Shutdown of a single-core STM32 (F1, F4, F7, L4, G4, G0), from the family's
/// <see cref="LowPowerProfile"/>: when the core sleeps with SCB_SCR.SLEEPDEEP, the PWR control register decides the
/// mode (PDDS, or LPMS). The entry is observed at the end of the core's slice, as the H7's domains are
/// (<c>H7DomainPower</c>), and recorded in the chip trace (<c>LowPowerEntered</c>, or <c>LowPowerEnteredWithDebug</c>
/// when the DBGMCU bit of that mode is set). What follows is what the manuals' low-power and DBGMCU sections say:
/// <list type="bullet">
/// <item>Stop: the core clock stops (SysTick and the DWT counter with it) unless DBGMCU_CR.DBG_STOP keeps FCLK/HCLK
/// running (<see cref="ClockStopsInDeepSleep"/>); without DBG_STOP the debug access port fails (the SW-DP still reads
/// DPIDR: blackmagic issue #351, probe-rs issue #2851) until an interrupt or event wakes the core or NRST resets it.</item>
/// <item>Standby: SBF is set (kept through system resets, cleared by CSBF or a power-on); the core domain is off, so
/// without DBG_STANDBY the whole SW-DP is silent. Only NRST, the IWDG, a WKUP pin (<see cref="WakeUpPin"/>) or an RTC
/// event end it, always with a reset; SRAM is lost (zeroed by the model).</item>
/// <item>Shutdown (L4/G4/G0): as Standby without SBF and without a debug option; the IWDG is off in it.</item>
/// </list>
/// Sleep (WFI without SLEEPDEEP) changes nothing here. The clock tree is not changed on Stop entry (the manuals'
/// return to HSI/MSI after Stop is not modelled).
/// </summary>
public sealed class LowPowerControl : IDebugBlocker
{
    private readonly VirtualChip _chip;
    private readonly Peripheral _pwr;
    private readonly LowPowerProfile _profile;
    private readonly Func<uint> _dbgmcuCr;
    private readonly Register _control;
    private readonly Register _status;
    private LowPowerMode _mode;
    private string _modeName = "";

    /// <summary>Attaches the low-power behaviour to <paramref name="pwr"/>'s registers and to the chip.</summary>
    /// <param name="chip">The chip whose core is watched.</param>
    /// <param name="pwr">The family's PWR peripheral (already composed).</param>
    /// <param name="profile">Where the family keeps its controls.</param>
    /// <param name="dbgmcuCr">DBGMCU_CR as stored (0 when the chip has no DBGMCU model).</param>
    public LowPowerControl(VirtualChip chip, Peripheral pwr, LowPowerProfile profile, Func<uint> dbgmcuCr)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(pwr);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(dbgmcuCr);
        _chip = chip;
        _pwr = pwr;
        _profile = profile;
        _dbgmcuCr = dbgmcuCr;
        var registers = pwr.Registers;
        _control = (registers.At(profile.ControlOffset) ?? registers.Define(profile.ControlOffset, profile.ControlName)).Modelled();
        _status = (registers.At(profile.StatusOffset) ?? registers.Define(profile.StatusOffset, profile.StatusName)).Modelled();
        var clear = (registers.At(profile.ClearOffset) ?? registers.Define(profile.ClearOffset, profile.ClearName)).Modelled();
        Flag(_status, profile.SbfBit, "SBF").WithFlag(() => StandbyFlag);
        Clear(clear, profile.CsbfBit, "CSBF").OnWrite(v => StandbyFlag &= v == 0);
        if (profile.WufBit is int wuf)
        {
            Flag(_status, wuf, "WUF").WithFlag(() => WakeUpFlag);
        }
        if (profile.CwufBit is int cwuf)
        {
            Clear(clear, cwuf, "CWUF").OnWrite(v => WakeUpFlag &= v == 0);
        }
        chip.Scheduler.SliceEnded += Update;
        chip.ResetApplied += OnReset;
        chip.AddDebugBlocker(this);
    }

    /// <summary>The family's profile.</summary>
    public LowPowerProfile Profile => _profile;

    /// <summary>The low-power mode the chip is in now (observed at the end of the core's last slice).</summary>
    public LowPowerMode Mode => _mode;

    /// <summary>The manual's name of that mode (<c>Stop</c>, <c>Stop 1</c>, <c>Standby</c> …), empty in Run.</summary>
    public string ModeName => _modeName;

    /// <summary>SBF: the chip was in Standby (cleared by CSBF or a power-on reset, not by a system reset).</summary>
    public bool StandbyFlag { get; private set; }

    /// <summary>WUF (F1/F4): a wake-up event was received (cleared by CWUF or a power-on reset).</summary>
    public bool WakeUpFlag { get; private set; }

    /// <summary>Whether DBGMCU_CR.DBG_STOP is set.</summary>
    public bool DebugInStop => (_dbgmcuCr() & (1u << LowPowerProfile.DbgStopBit)) != 0;

    /// <summary>Whether DBGMCU_CR.DBG_STANDBY is set.</summary>
    public bool DebugInStandby => _profile.HasDbgStandby && (_dbgmcuCr() & (1u << LowPowerProfile.DbgStandbyBit)) != 0;

    /// <summary>
    /// Whether the core clock stops while the core sleeps deeply with the PWR selection in force now: in Stop unless
    /// DBG_STOP keeps FCLK/HCLK for the debugger; always in Standby and Shutdown (only a reset ends those).
    /// </summary>
    public bool ClockStopsInDeepSleep => _profile.Select(_control.Value).Mode switch
    {
        LowPowerMode.Stop => !DebugInStop,
        _ => true,
    };

    /// <summary>
    /// A rising edge on a WKUP pin: in Standby or Shutdown (and on the F1/F4 with PWR_CSR.EWUP set) it sets WUF where
    /// the family has it and resets the chip, which then starts again with SBF set. Returns whether it woke the chip.
    /// </summary>
    public bool WakeUpPin()
    {
        if (_mode is not (LowPowerMode.Standby or LowPowerMode.Shutdown))
        {
            return false;
        }
        if (_profile.EwupBit is int ewup && (_status.Value & (1u << ewup)) == 0)
        {
            return false;
        }
        WakeUpFlag |= _profile.WufBit is not null;
        _chip.SystemReset(ResetCause.Pin);
        return true;
    }

    private static RegisterField Flag(Register register, int bit, string name)
    {
        var field = register.FindField(name) ?? register.AddField(bit, 1, name, FieldAccess.ReadOnly);
        register.Override(field.Name, FieldAccess.ReadOnly);
        return field;
    }

    private static RegisterField Clear(Register register, int bit, string name)
    {
        var field = register.FindField(name) ?? register.AddField(bit, 1, name, FieldAccess.WriteOnly);
        register.Override(field.Name, FieldAccess.WriteOnly);
        return field;
    }

    private bool CoreInDeepSleep => _chip.Cores.Count > 0 && _chip.Cores[0].State == CoreRunState.Sleeping && _chip.Cores[0].DeepSleep;

    private void Update(int core)
    {
        if (core != 0 || (_mode == LowPowerMode.Run && !CoreInDeepSleep))
        {
            return; // the common case, once per slice
        }
        if (_mode == LowPowerMode.Run)
        {
            Enter();
            return;
        }
        var state = _chip.Cores[0].State;
        if (CoreInDeepSleep || state != CoreRunState.Running)
        {
            // Still asleep; or halted by a debugger the DBGMCU bits let in (it ends the low-power state without a reset).
            if (state == CoreRunState.Halted)
            {
                _mode = LowPowerMode.Run;
                _modeName = "";
            }
            return;
        }
        if (_mode == LowPowerMode.Stop)
        {
            _mode = LowPowerMode.Run; // an interrupt or event woke the core: Stop ends, execution continues after WFI
            _modeName = "";
            return;
        }
        // Standby/Shutdown ends only with a reset: an event that reached the core (an RTC alarm through EXTI) is a
        // wake-up event (WUF on the F1/F4), and the chip starts again from its reset vector.
        WakeUpFlag |= _profile.WufBit is not null;
        _chip.RequestSystemReset(ResetCause.Pin);
    }

    private void Enter()
    {
        var (mode, name) = _profile.Select(_control.Value);
        _mode = mode;
        _modeName = name;
        if (mode == LowPowerMode.Standby)
        {
            StandbyFlag = true;
        }
        var kept = mode switch
        {
            LowPowerMode.Stop => DebugInStop,
            LowPowerMode.Standby => DebugInStandby,
            _ => false,
        };
        var coreName = _chip.Device.Cores[0].Name;
        var selection = _profile.PddsBit is int pdds
            ? string.Create(CultureInfo.InvariantCulture, $"{_profile.ControlName}.PDDS = {(_control.Value >> pdds) & 1}")
            : string.Create(CultureInfo.InvariantCulture, $"{_profile.ControlName}.LPMS = {_control.Value & 7}");
        var message = mode switch
        {
            LowPowerMode.Stop when kept => $"{name} mode entered ({selection}, the {coreName} in deep sleep); DBGMCU_CR.DBG_STOP keeps the clocks and the debug access port running",
            LowPowerMode.Stop => $"{name} mode entered ({selection}, the {coreName} in deep sleep) without DBGMCU_CR.DBG_STOP: the core clock stops and the debug access port stops answering until an interrupt wakes the core or NRST resets it",
            LowPowerMode.Standby when kept => $"{name} mode entered ({selection}, the {coreName} in deep sleep); DBGMCU_CR.DBG_STANDBY keeps the digital part powered and the debug port answering; only a reset ends it",
            LowPowerMode.Standby => $"{name} mode entered ({selection}, the {coreName} in deep sleep) without DBGMCU_CR.DBG_STANDBY: the core domain is powered off and the debug port is silent until NRST, a WKUP pin, the RTC or the IWDG resets the chip",
            _ => $"{name} mode entered ({selection}, the {coreName} in deep sleep): the core domain is powered off and no debug bit keeps it; the debug port is silent until NRST, a WKUP pin or the RTC resets the chip",
        };
        var pc = _chip.Cores[0].CurrentInstructionAddress;
        _chip.Trace.Add(new ChipEvent(_chip.Scheduler.CoreTime(0), kept ? ChipEventKind.LowPowerEnteredWithDebug : ChipEventKind.LowPowerEntered,
            0, pc, "PWR." + _profile.ControlName[4..], _pwr.BaseAddress + _profile.ControlOffset, _control.Value, message));
    }

    private void OnReset(ResetCause cause)
    {
        var wasOff = _mode is LowPowerMode.Standby or LowPowerMode.Shutdown;
        _mode = LowPowerMode.Run;
        _modeName = "";
        if (cause == ResetCause.PowerOn)
        {
            StandbyFlag = false;
            WakeUpFlag = false;
            return;
        }
        if (wasOff && !DebugInStandby)
        {
            _chip.Memory.ClearVolatile(); // SRAM was not powered in Standby/Shutdown
        }
    }

    /// <inheritdoc />
    public string? Reason => _mode switch
    {
        LowPowerMode.Stop when !DebugInStop =>
            $"the chip is in {_modeName} mode and DBGMCU_CR.DBG_STOP is clear: the core's access port stops answering until an interrupt wakes it (connect under reset, or set the bit before the firmware sleeps)",
        LowPowerMode.Standby when !DebugInStandby =>
            $"the chip is in {_modeName} mode and DBGMCU_CR.DBG_STANDBY is clear: the core domain is powered off and the debug port does not answer until NRST, a WKUP pin or the IWDG resets the chip (connect under reset)",
        LowPowerMode.Shutdown =>
            $"the chip is in {_modeName} mode: the core domain is powered off and the debug port does not answer until NRST, a WKUP pin or the RTC resets the chip (connect under reset)",
        _ => null,
    };

    /// <inheritdoc />
    public bool SilencesDebugPort => _mode switch
    {
        LowPowerMode.Standby => !DebugInStandby,
        LowPowerMode.Shutdown => true,
        _ => false,
    };

    /// <inheritdoc />
    public string? AccessPortReason(int apIndex) => Reason;
}
