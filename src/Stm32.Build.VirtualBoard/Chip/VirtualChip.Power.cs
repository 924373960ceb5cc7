using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class VirtualChip
{
    private bool _nrstLow;
    private bool _powered;
    private long _userRunNs;
    private long _powerOnNs;

    /// <summary>
    /// The level at the chip's NRST pin. Driving it low holds the whole system in reset (the cores stop, the system
    /// bus access ports do not answer, the debug APB does); releasing it is a system reset: the cores restart from
    /// their boot address with their debug state (DHCSR.C_DEBUGEN, DEMCR) kept (ARMv7-M C1.4.1).
    /// </summary>
    public bool NrstLow
    {
        get => _nrstLow;
        set
        {
            if (value == _nrstLow)
            {
                return;
            }
            AdvanceTo(_clock.Nanoseconds);
            _nrstLow = value;
            if (!_powered)
            {
                return;
            }
            if (value)
            {
                EnterSystemReset(ResetCause.Pin);
            }
            else
            {
                LeaveSystemReset(CoreResetKind.System);
            }
        }
    }

    /// <summary>The BOOT0 pin level, sampled when the cores leave reset.</summary>
    public bool Boot0High { get; set; }

    /// <summary>Whether the chip has power.</summary>
    public bool Powered => _powered;

    /// <summary>Raised after every reset the chip goes through (power-on, pin, software, watchdog), with its cause.</summary>
    public event Action<ResetCause>? ResetApplied;

    /// <summary>Virtual time since the last power-on, in nanoseconds.</summary>
    public long TimeSincePowerOnNs => Scheduler.Now - _powerOnNs;

    /// <summary>Removes power: RAM contents and every register are lost; flash and option bytes are kept.</summary>
    public void PowerOff()
    {
        AdvanceTo(_clock.Nanoseconds);
        if (!_powered)
        {
            return;
        }
        _powered = false;
        Family.PowerLost();
        Scheduler.Clear();
        foreach (var core in _cores)
        {
            core.HoldInReset(true);
        }
        _userRunNs = 0;
    }

    /// <summary>Applies power: a power-on reset of everything but the flash array and option bytes.</summary>
    public void PowerOn()
    {
        AdvanceTo(_clock.Nanoseconds);
        if (_powered)
        {
            return;
        }
        PowerOnCore(countReset: true);
    }

    /// <summary>
    /// A system reset (an NRST pulse or AIRCR.SYSRESETREQ): peripherals and the flash interface registers reset,
    /// the cores restart from their boot address keeping their debug state. RAM keeps its contents.
    /// </summary>
    public void SystemReset() => SystemReset(ResetCause.Pin);

    /// <summary>A system reset with its cause (recorded in the trace and in the reset flags of the clock controller).</summary>
    public void SystemReset(ResetCause cause)
    {
        AdvanceTo(_clock.Nanoseconds);
        if (!_powered)
        {
            return;
        }
        EnterSystemReset(cause);
        if (!_nrstLow)
        {
            LeaveSystemReset(CoreResetKind.System);
        }
    }

    /// <inheritdoc />
    public void RequestSystemReset(ResetCause cause)
    {
        // From inside a core's slice or an event: reset now, at the requester's time, and make the running core
        // return so nothing executes past the reset.
        Scheduler.RequestSync();
        if (!_powered)
        {
            return;
        }
        EnterSystemReset(cause);
        if (!_nrstLow)
        {
            LeaveSystemReset(CoreResetKind.System);
        }
    }

    /// <summary>The address the named core boots from (option bytes and BOOT0).</summary>
    public uint BootAddress(string core) => Family.BootAddress(CoreIndex(core), Boot0High);

    /// <summary>
    /// Whether the named core boots user firmware: its boot address lies in user flash and the vector there is
    /// programmed (neither the initial SP nor the reset vector reads as erased flash).
    /// </summary>
    public bool BootsUserFirmware(string core)
    {
        var address = BootAddress(core);
        if (Device.FindBank(address) is null || Device.FindBank(address + 7) is null)
        {
            return false;
        }
        var sp = Family.PeekFlashWord(address);
        var pc = Family.PeekFlashWord(address + 4);
        return sp != 0xFFFF_FFFF && pc != 0xFFFF_FFFF;
    }

    /// <summary>
    /// The virtual time user firmware has been running since the last reset: time during which a core that booted
    /// from a programmed vector in user flash was running (not halted, not locked up, not held in reset).
    /// </summary>
    public TimeSpan UserFirmwareRunTime => TimeSpan.FromTicks(_userRunNs / 100);

    /// <summary>
    /// Catches up with the clock: the cores run interleaved, and flash operations, clocks, timers and watchdogs
    /// happen in time order, up to <paramref name="nanoseconds"/>. Calls with a time in the past do nothing.
    /// </summary>
    public void AdvanceTo(long nanoseconds)
    {
        var before = Scheduler.GlobalNs;
        if (nanoseconds <= before)
        {
            return;
        }
        var running = _powered && !_nrstLow && AnyUserFirmwareRunning();
        Scheduler.AdvanceTo(nanoseconds);
        if (running)
        {
            _userRunNs += Scheduler.GlobalNs - before;
        }
    }

    /// <summary>Whether core <paramref name="index"/> can execute: powered, out of reset, not gated.</summary>
    private bool IsCoreRunnable(int index) => _powered && !_nrstLow && !_hosts[index].Gated && !SupplyLost;

    /// <summary>Whether the core supply has collapsed (set by the power controller; only a power cycle restores it).</summary>
    public bool SupplyLost { get; internal set; }

    private bool AnyUserFirmwareRunning()
    {
        for (var i = 0; i < _cores.Count; i++)
        {
            var state = _cores[i].State;
            if ((state == CoreRunState.Running || state == CoreRunState.Sleeping) && _hosts[i].BootedUserFirmware)
            {
                return true;
            }
        }
        return false;
    }

    private void PowerOnCore(bool countReset)
    {
        _powered = true;
        SupplyLost = false;
        if (countReset)
        {
            _counters.Resets++;
        }
        Memory.ClearVolatile();
        Scheduler.Clear();
        Scheduler.SynchronizeCores();
        _powerOnNs = Scheduler.GlobalNs;
        Trace.Clear();
        Family.PowerOnReset();
        foreach (var peripheral in _peripherals)
        {
            peripheral.Reset(ResetKind.PowerOn);
        }
        _userRunNs = 0;
        foreach (var core in _cores)
        {
            core.HoldInReset(true);
        }
        ResetApplied?.Invoke(ResetCause.PowerOn);
        if (!_nrstLow)
        {
            LeaveSystemReset(CoreResetKind.PowerOn);
        }
        else
        {
            // Held by NRST from power-up: apply the power-on reset now, release when NRST rises (as a system reset
            // that keeps the freshly reset debug state).
            for (var i = 0; i < _cores.Count; i++)
            {
                _cores[i].Reset(CoreResetKind.PowerOn, Family.BootAddress(i, Boot0High));
            }
        }
    }

    private void EnterSystemReset(ResetCause cause)
    {
        _counters.Resets++;
        foreach (var core in _cores)
        {
            core.HoldInReset(true);
        }
        Family.SystemReset();
        foreach (var peripheral in _peripherals)
        {
            peripheral.Reset(ResetKind.System);
        }
        Context.Record(ChipEventKind.SystemReset, "RCC", 0, (uint)cause, $"system reset ({cause})");
        ResetApplied?.Invoke(cause);
        _userRunNs = 0;
    }

    private void LeaveSystemReset(CoreResetKind kind)
    {
        _userRunNs = 0;
        for (var i = 0; i < _cores.Count; i++)
        {
            var description = Device.Cores[i];
            var boot = Family.BootAddress(i, Boot0High);
            _hosts[i].BootedUserFirmware = BootsUserFirmware(description.Name);
            _cores[i].Reset(kind, boot);
            if (Family.CoreBootEnabled(i))
            {
                _cores[i].HoldInReset(false);
                _hosts[i].Gated = false;
            }
            else
            {
                // H7 BCMx = 0: the core's clock stays gated after reset until the other core sets RCC_GCR.BOOT_Cx
                // (RM0399 2.6 and 8.7.x); it stays in reset here.
                _hosts[i].Gated = true;
            }
        }
    }

    /// <summary>Whether the named core is gated at boot by its option byte (BCM4/BCM7 = 0) and has not been released.</summary>
    public bool IsCoreGated(string core) => _hosts[CoreIndex(core)].Gated;

    /// <summary>Releases a core gated by BCMx = 0, as RCC_GCR.BOOT_Cx does when the other core sets it.</summary>
    public void ReleaseGatedCore(string core)
    {
        var index = CoreIndex(core);
        if (_powered && !_nrstLow && _hosts[index].Gated)
        {
            _hosts[index].Gated = false;
            _cores[index].HoldInReset(false);
        }
    }

    /// <summary>What the chip gives one core: its bus view, its clock, events and the system reset request.</summary>
    private sealed class CoreHost(VirtualChip chip, int index) : ICoreHost
    {
        public ISystemBus Bus => chip._coreBuses[index];

        public long ClockHz => chip.Family.CoreClockHz(index);

        public bool ClockStoppedInDeepSleep => chip.Family.DeepSleepStopsCoreClock(index);

        public bool BootedUserFirmware { get; set; }

        public bool Gated { get; set; }

        public void RequestSystemReset() => chip.RequestSystemReset(ResetCause.Software);

        /// <summary>SEV: each core's event output (TXEV) reaches the other cores' event input (RXEV), as on the dual-core STM32H7.</summary>
        public void SendEvent()
        {
            for (var i = 0; i < chip._cores.Count; i++)
            {
                if (i != index)
                {
                    chip.Scheduler.DeliverEvent(chip._cores[i]);
                }
            }
        }

        public void OnCoreEvent(in CoreEvent e) => chip.RecordCoreEvent(index, e);
    }
}
