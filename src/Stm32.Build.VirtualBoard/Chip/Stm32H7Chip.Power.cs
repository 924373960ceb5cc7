using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class Stm32H7Chip
{
    private readonly List<CoreHost> _hosts = [];
    private bool _nrstLow;
    private bool _powered;
    private long _lastAdvanceNs;
    private long _userRunNs;

    /// <summary>
    /// The level at the chip's NRST pin. Driving it low holds the whole system in reset (the cores stop, the
    /// AXI/AHB access ports do not answer, the debug APB does); releasing it is a system reset: the cores restart
    /// from their boot address with their debug state (DHCSR.C_DEBUGEN, DEMCR) kept (ARMv7-M C1.4.1).
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
                EnterSystemReset();
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

    /// <summary>Removes power: RAM contents and every register are lost; flash and option bytes are kept.</summary>
    public void PowerOff()
    {
        AdvanceTo(_clock.Nanoseconds);
        if (!_powered)
        {
            return;
        }
        _powered = false;
        _flash.AbortOnPowerLoss();
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
        PowerOnCore();
    }

    /// <summary>
    /// A system reset (an NRST pulse or AIRCR.SYSRESETREQ): peripherals and the flash interface registers reset,
    /// the cores restart from their boot address keeping their debug state. RAM keeps its contents.
    /// </summary>
    public void SystemReset()
    {
        AdvanceTo(_clock.Nanoseconds);
        if (!_powered)
        {
            return;
        }
        EnterSystemReset();
        if (!_nrstLow)
        {
            LeaveSystemReset(CoreResetKind.System);
        }
    }

    /// <summary>
    /// The boot address of the named core (RM0399 2.6, table "Boot modes"): with BOOT0 low BOOT_CMx_ADD0 &lt;&lt; 16,
    /// with BOOT0 high BOOT_CMx_ADD1 &lt;&lt; 16, from the option bytes in effect (the *_CUR registers).
    /// </summary>
    public uint BootAddress(string core)
    {
        var index = CoreIndex(core);
        return _flash.Options.BootAddress(index, Boot0High);
    }

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
        var sp = _flash.PeekWord(address);
        var pc = _flash.PeekWord(address + 4);
        return sp != 0xFFFF_FFFF && pc != 0xFFFF_FFFF;
    }

    /// <summary>
    /// The virtual time user firmware has been running since the last reset: time during which a core that booted
    /// from a programmed vector in user flash was running (not halted, not locked up, not held in reset).
    /// </summary>
    public TimeSpan UserFirmwareRunTime => TimeSpan.FromTicks(_userRunNs / 100);

    /// <summary>
    /// Catches up with the clock: accounts the user-firmware run time, lets the cores advance, and completes
    /// the flash operations (programs, erases, option changes, CRC) due by <paramref name="nanoseconds"/>.
    /// Calls with a time in the past do nothing.
    /// </summary>
    public void AdvanceTo(long nanoseconds)
    {
        var delta = nanoseconds - _lastAdvanceNs;
        if (delta <= 0)
        {
            return;
        }
        // Move the mark first: a core may request a system reset while advancing, which comes back here.
        _lastAdvanceNs = nanoseconds;
        if (_powered)
        {
            _flash.CompleteDue(nanoseconds);
            if (!_nrstLow && AnyUserFirmwareRunning())
            {
                _userRunNs += delta;
            }
            for (var i = 0; i < _cores.Count; i++)
            {
                var cycles = (long)((Int128)delta * _hosts[i].ClockHz / 1_000_000_000);
                if (cycles > 0)
                {
                    _cores[i].Advance(cycles);
                }
            }
        }
    }

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

    private void PowerOnCore(bool countReset = true)
    {
        _powered = true;
        if (countReset)
        {
            _counters.Resets++;
        }
        ClearVolatileMemory();
        _flash.PowerOnReset();
        _dbgmcu.PowerOnReset();
        _debugComponents.PowerOnReset();
        _userRunNs = 0;
        foreach (var core in _cores)
        {
            core.HoldInReset(true);
        }
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
                _cores[i].Reset(CoreResetKind.PowerOn, BootAddress(Device.Cores[i].Name));
            }
        }
    }

    private void EnterSystemReset()
    {
        _counters.Resets++;
        foreach (var core in _cores)
        {
            core.HoldInReset(true);
        }
        _flash.SystemReset();
        _userRunNs = 0;
    }

    private void LeaveSystemReset(CoreResetKind kind)
    {
        _userRunNs = 0;
        for (var i = 0; i < _cores.Count; i++)
        {
            var description = Device.Cores[i];
            var boot = BootAddress(description.Name);
            _hosts[i].BootedUserFirmware = BootsUserFirmware(description.Name);
            _cores[i].Reset(kind, boot);
            if (_flash.Options.CoreBootEnabled(i))
            {
                _cores[i].HoldInReset(false);
                _hosts[i].Gated = false;
            }
            else
            {
                // BCMx = 0: the core's clock stays gated after reset until the other core sets RCC_GCR.BOOT_Cx
                // (RM0399 2.6 and 8.5.x); it stays in reset here.
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

    private int CoreIndex(string core)
    {
        for (var i = 0; i < Device.Cores.Count; i++)
        {
            if (string.Equals(Device.Cores[i].Name, core, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new Diagnostics.Stm32Exception(new Diagnostics.Diagnostic(
            Diagnostics.DiagnosticCodes.UnknownCore, Diagnostics.DiagnosticSeverity.Error,
            $"the {Device.Name} has no core '{core}'; its cores are {string.Join(", ", Device.Cores.Select(c => c.Name))}"));
    }

    /// <summary>What the chip gives one core: its bus view, its clock and the system reset request.</summary>
    private sealed class CoreHost(Stm32H7Chip chip, CoreDescription core) : ICoreHost
    {
        public ISystemBus Bus { get; } = new ChipBus(chip, core.Name, privateCore: null);

        /// <summary>64 MHz: the HSI clock the H7 runs from after reset (RM0399 8.5.2).</summary>
        public long ClockHz => 64_000_000;

        public bool BootedUserFirmware { get; set; }

        public bool Gated { get; set; }

        public void RequestSystemReset() => chip.SystemReset();
    }
}
