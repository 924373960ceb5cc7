using System.Globalization;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using FieldAccess = Stm32.Build.VirtualBoard.Peripherals.FieldAccess;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>The STM32H7 power domains (RM0399 7.2: D1 with the Cortex-M7, D2 with the Cortex-M4, D3 with the system control).</summary>
public enum H7PowerDomain
{
    /// <summary>D1: Cortex-M7, AXI SRAM, flash interface.</summary>
    D1,
    /// <summary>D2: Cortex-M4 (dual-core parts), SRAM1–3, most communication peripherals.</summary>
    D2,
    /// <summary>D3: RCC, PWR, EXTI, SRAM4, the system's always-running part while the system runs.</summary>
    D3,
}

/// <summary>A domain's power state (RM0399 7.6, table "Low-power mode summary").</summary>
public enum H7DomainState
{
    /// <summary>DRun: clocked.</summary>
    Run,
    /// <summary>DStop: clocks stopped, contents kept.</summary>
    Stop,
    /// <summary>DStandby: powered down.</summary>
    Standby,
}

/// <summary>
/// The domains' low-power states, derived from the cores and PWR as RM0399 7.6–7.7 describe: a core sleeping with
/// SCR.SLEEPDEEP (CStop) puts its domain in DStop, or DStandby when every CPU sets PDDS_Dx; D2 stays in DRun while the
/// Cortex-M7 runs with a D2 peripheral allocated; D3 follows when D1 and D2 are both down and no CPU sets RUN_D3
/// (system Stop; system Standby when PDDS_D3 and both domains are in DStandby). On single-core parts D2 follows D1.
/// It records each entry in the chip trace (LowPowerEntered, or LowPowerEnteredWithDebug when DBGMCU keeps that
/// domain's debug alive), sets PWR's Stop/Standby flags, stops the PLLs on system Stop (through the RCC), and
/// silences the debug access ports of a domain that is down without its DBGMCU bit (<see cref="IDebugBlocker"/>):
/// the SW-DP still answers DPIDR, memory accesses through that domain's access port fail (blackmagic issue #351:
/// STM32F7/L0 in WFI answer only the DPIDR read; probe-rs issue #2851: SWD WAIT to every AP access of a sleeping
/// STM32), and in system Standby without DBGSTBY_D3 nothing answers (VCORE off).
/// </summary>
public sealed class H7DomainPower : IDebugBlocker
{
    private readonly VirtualChip _chip;
    private readonly H7Pwr _pwr;
    private readonly H7Rcc _rcc;
    private readonly H7Dbgmcu _dbgmcu;
    private readonly H7DomainState[] _states = new H7DomainState[3];

    internal H7DomainPower(VirtualChip chip, H7Pwr pwr, H7Rcc rcc, H7Dbgmcu dbgmcu)
    {
        _chip = chip;
        _pwr = pwr;
        _rcc = rcc;
        _dbgmcu = dbgmcu;
        chip.Scheduler.SliceEnded += Update;
        chip.ResetApplied += _ => Array.Clear(_states);
    }

    /// <summary>Raised when a domain's state changes (observed at the end of the changing core's slice).</summary>
    public event Action<H7PowerDomain, H7DomainState>? Changed;

    /// <summary>Whether the backup domain is writable (PWR_CR1.DBP).</summary>
    internal bool BackupDomainWritable => _pwr.BackupDomainWritable;

    /// <summary>The state of <paramref name="domain"/> now, from the cores' run states and PWR's control bits.</summary>
    public H7DomainState State(H7PowerDomain domain)
    {
        if (_chip.SupplyLost || !_chip.Powered)
        {
            return H7DomainState.Run;
        }
        var d1 = CoreStopped(0) ? Down(1) : H7DomainState.Run;
        if (domain == H7PowerDomain.D1)
        {
            return d1;
        }
        var d2 = _chip.Cores.Count > 1
            ? CoreStopped(1) && !(d1 == H7DomainState.Run && _rcc.HasD2Allocation(0)) ? Down(2) : H7DomainState.Run
            : d1 == H7DomainState.Run ? H7DomainState.Run : Down(2);
        if (domain == H7PowerDomain.D2)
        {
            return d2;
        }
        if (d1 == H7DomainState.Run || d2 == H7DomainState.Run || _pwr.D3KeptRunning)
        {
            return H7DomainState.Run;
        }
        return _pwr.StandbySelected(3) && d1 == H7DomainState.Standby && d2 == H7DomainState.Standby ? H7DomainState.Standby : H7DomainState.Stop;
    }

    private H7DomainState Down(int domain) => _pwr.StandbySelected(domain) ? H7DomainState.Standby : H7DomainState.Stop;

    private bool CoreStopped(int index) =>
        index < _chip.Cores.Count && _chip.Cores[index].State == CoreRunState.Sleeping && _chip.Cores[index].DeepSleep;

    /// <summary>Observes the domains after core <paramref name="core"/>'s slice: records entries, sets flags.</summary>
    private void Update(int core)
    {
        if (_states[0] == H7DomainState.Run && _states[1] == H7DomainState.Run && _states[2] == H7DomainState.Run
            && !CoreStopped(0) && !CoreStopped(1))
        {
            return; // nothing sleeps deeply and nothing was down: the common case, once per slice
        }
        for (var i = 0; i < 3; i++)
        {
            var domain = (H7PowerDomain)i;
            var state = State(domain);
            if (state == _states[i])
            {
                continue;
            }
            _states[i] = state;
            if (state != H7DomainState.Run)
            {
                Entered(domain, state, core);
            }
            Changed?.Invoke(domain, state);
        }
    }

    private void Entered(H7PowerDomain domain, H7DomainState state, int sliceCore)
    {
        var core = domain switch { H7PowerDomain.D1 => 0, H7PowerDomain.D2 when _chip.Cores.Count > 1 => 1, _ => sliceCore };
        var stop = state == H7DomainState.Stop;
        var debugKept = stop ? _dbgmcu.DebugInStop(domain) : _dbgmcu.DebugInStandby(domain);
        _pwr.SetLowPowerFlags((domain, stop) switch
        {
            (H7PowerDomain.D3, true) => 1u << 5,
            (H7PowerDomain.D3, false) => 1u << 6,
            (H7PowerDomain.D1, false) => 1u << 7,
            (H7PowerDomain.D2, false) => 1u << 8,
            _ => 0u,
        });
        if (domain == H7PowerDomain.D3)
        {
            _rcc.EnterSystemStop();
        }
        if (!stop)
        {
            _chip.UnmodelledAccesses.Add(new UnmodelledAccess("PWR", "CPUCR.PDDS_" + domain, 0, 0,
                "DStandby is entered, but the domain's RAM and registers are kept and leaving it does not reset the domain"));
        }
        var bit = stop ? "DBGSTOP_" : "DBGSTBY_";
        var mode = stop ? "DStop" : "DStandby";
        var coreName = core >= 0 && core < _chip.Device.Cores.Count ? _chip.Device.Cores[core].Name : "the system";
        var message = debugKept
            ? $"{domain} domain in {mode} ({coreName} in deep sleep); DBGMCU_CR.{bit}{domain} keeps its debug access port answering"
            : $"{domain} domain in {mode} ({coreName} in deep sleep) without DBGMCU_CR.{bit}{domain}: the debug access port of the domain stops answering until it wakes";
        var time = core >= 0 && core < _chip.Cores.Count ? _chip.Scheduler.CoreTime(core) : _chip.Scheduler.GlobalNs;
        var pc = core >= 0 && core < _chip.Cores.Count ? _chip.Cores[core].CurrentInstructionAddress : 0;
        _chip.Trace.Add(new ChipEvent(time, debugKept ? ChipEventKind.LowPowerEnteredWithDebug : ChipEventKind.LowPowerEntered,
            core, pc, "PWR.CPUCR", _pwr.BaseAddress + 0x10, _pwr.CpuControl(Math.Max(core, 0)).Value, message));
    }

    /// <inheritdoc />
    public string? Reason => _chip.Device.AccessPorts.Select(ap => AccessPortReason(ap.Index)).FirstOrDefault(r => r is not null);

    /// <summary>System Standby without DBGSTBY_D3 powers VCORE down: the SW-DP itself is gone.</summary>
    public bool SilencesDebugPort => State(H7PowerDomain.D3) == H7DomainState.Standby && !_dbgmcu.DebugInStandby(H7PowerDomain.D3);

    /// <inheritdoc />
    public string? AccessPortReason(int apIndex)
    {
        var domain = DomainOf(apIndex);
        var state = State(domain);
        if (state == H7DomainState.Run)
        {
            return null;
        }
        var stop = state == H7DomainState.Stop;
        if (stop ? _dbgmcu.DebugInStop(domain) : _dbgmcu.DebugInStandby(domain))
        {
            return null;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"the {domain} domain is in {(stop ? "DStop" : "DStandby")} and DBGMCU_CR.{(stop ? "DBGSTOP_" : "DBGSTBY_")}{domain} is clear: access port {apIndex} stops answering until it wakes (connect under reset, or set the bit before the firmware sleeps)");
    }

    /// <summary>The domain an access port reaches: a core's port its core's domain (CM7: D1, CM4: D2), the others D3.</summary>
    private H7PowerDomain DomainOf(int apIndex)
    {
        var cores = _chip.Device.Cores;
        for (var i = 0; i < cores.Count; i++)
        {
            if (cores[i].AccessPort == apIndex)
            {
                return i == 0 ? H7PowerDomain.D1 : H7PowerDomain.D2;
            }
        }
        return H7PowerDomain.D3;
    }
}
