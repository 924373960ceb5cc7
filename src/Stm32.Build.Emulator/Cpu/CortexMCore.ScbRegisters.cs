using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// SCB registers with behaviour beyond storage (B3.2: ICSR, AIRCR, SHCSR) and which System Control Space registers
/// a profile implements (ARMv6-M's subset, the FP extension's registers, the MPU).
/// </summary>
public sealed partial class CortexMCore
{
    /// <summary>MPU regions: 16 on the Cortex-M7, 8 on the M3/M4/M0+ (the STM32 parts' MPU), none on the Cortex-M0.</summary>
    private uint MpuRegions => _profile.Model switch
    {
        CortexModel.M7 => 16,
        CortexModel.M0 => 0,
        _ => 8,
    };

    /// <summary>The System Control Space registers ARMv6-M has (DDI0419 B3.2, B3.3, B3.5, C1.6).</summary>
    private bool IsV6MRegister(uint a) => (Scs)a switch
    {
        Scs.Cpuid or Scs.Icsr or Scs.Vtor or Scs.Aircr or Scs.Scr or Scs.Ccr or Scs.Shpr2 or Scs.Shpr3 or Scs.Shcsr or Scs.Dfsr => true,
        Scs.SystCsr or Scs.SystRvr or Scs.SystCvr or Scs.SystCalib => true,
        Scs.MpuType or Scs.MpuCtrl or Scs.MpuRnr or Scs.MpuRbar or Scs.MpuRasr => true,
        Scs.Dhcsr or Scs.Dcrsr or Scs.Dcrdr or Scs.Demcr => true,
        _ => a >= 0xE000EFD0 && a <= 0xE000EFFC,
    };

    /// <summary>The FP extension's registers, RAZ/WI without an FPU (B3.2.20, B3.2.21–B3.2.23, B4.1).</summary>
    private static bool IsFpRegister(uint a) =>
        (Scs)a is Scs.Cpacr or Scs.Fpccr or Scs.Fpcar or Scs.Fpdscr or Scs.Mvfr0 or Scs.Mvfr1 or Scs.Mvfr2;

    private void RescheduleTimer(bool debugger)
    {
        if (!debugger)
        {
            _timerReschedule = true;
            _attention = true;
        }
    }

    private static uint Merge(uint old, uint value, uint laneMask) => (old & ~laneMask) | (value & laneMask);

    private uint ReadIcsr()
    {
        var pending = HighestPending(out _);
        var v = (_s.Ipsr & 0x1FF) | ((uint)(pending & 0x1FF) << 12);
        if (_activeCount <= 1 && !_isV6M)
        {
            v |= 1u << 11; // RETTOBASE (ARMv7-M only)
        }
        for (var n = 16; n < _exceptionCount; n++)
        {
            if (_pendingEx[n])
            {
                v |= 1u << 22; // ISRPENDING
                break;
            }
        }
        if (_pendingEx[ExcSysTick]) { v |= 1u << 26; }
        if (_pendingEx[ExcPendSv]) { v |= 1u << 28; }
        if (_pendingEx[ExcNmi]) { v |= 1u << 31; }
        return v;
    }

    private void WriteIcsr(uint value)
    {
        if ((value & (1u << 31)) != 0) { SetPending(ExcNmi); }
        if ((value & (1u << 28)) != 0) { SetPending(ExcPendSv); }
        if ((value & (1u << 27)) != 0) { _pendingEx[ExcPendSv] = false; }
        if ((value & (1u << 26)) != 0) { SetPending(ExcSysTick); }
        if ((value & (1u << 25)) != 0) { _pendingEx[ExcSysTick] = false; }
    }

    private void WriteAircr(uint value)
    {
        if ((value >> 16) != 0x05FA)
        {
            return; // VECTKEY must be 0x05FA (B3.2.6)
        }
        _aircr = _isV6M ? 0 : value & 0x700; // PRIGROUP: ARMv7-M only
        _exceptionCheck = true;
        _attention = true;
        if ((value & 4) != 0)
        {
            if (_state == CoreRunState.Running)
            {
                // SYSRESETREQ: asked of the host between instructions, so a host that resets at once sees a consistent core.
                _systemResetRequested = true;
            }
            else
            {
                // A core that executes nothing (halted in debug state, locked up, asleep) still asserts the request to
                // the system at once (ARMv7-M B3.2.6: SYSRESETREQ signals the external system; C1.4.1: a debugger
                // resets a halted core this way, and DEMCR.VC_CORERESET halts it again at the reset vector).
                _host.RequestSystemReset();
            }
        }
        else if ((value & 1) != 0 && _state == CoreRunState.Halted && !_isV6M)
        {
            Reset(CoreResetKind.Local, _vtor); // VECTRESET: only defined while halted in debug state
        }
        else if ((value & 2) != 0 && _state == CoreRunState.Halted)
        {
            // VECTCLRACTIVE: clears active state, IPSR and pending-return state, debug use only.
            Array.Clear(_activeEx);
            _activeCount = 0;
            _s.Ipsr = 0;
            PendAssertedLines();
        }
    }

    private uint ReadShcsr()
    {
        if (_isV6M)
        {
            return _pendingEx[ExcSvCall] ? 1u << 15 : 0; // SVCALLPENDED only (DDI0419 C1.6.?, debug extension)
        }
        uint v = _shcsr & (ShcsrMemFaultEna | ShcsrBusFaultEna | ShcsrUsgFaultEna);
        if (_activeEx[ExcMemManage]) { v |= 1u << 0; }
        if (_activeEx[ExcBusFault]) { v |= 1u << 1; }
        if (_activeEx[ExcUsageFault]) { v |= 1u << 3; }
        if (_activeEx[ExcSvCall]) { v |= 1u << 7; }
        if (_activeEx[ExcDebugMonitor]) { v |= 1u << 8; }
        if (_activeEx[ExcPendSv]) { v |= 1u << 10; }
        if (_activeEx[ExcSysTick]) { v |= 1u << 11; }
        if (_pendingEx[ExcUsageFault]) { v |= 1u << 12; }
        if (_pendingEx[ExcMemManage]) { v |= 1u << 13; }
        if (_pendingEx[ExcBusFault]) { v |= 1u << 14; }
        if (_pendingEx[ExcSvCall]) { v |= 1u << 15; }
        return v;
    }

    private void WriteShcsr(uint value)
    {
        if (_isV6M)
        {
            _pendingEx[ExcSvCall] = (value & (1u << 15)) != 0;
            _exceptionCheck = true;
            _attention = true;
            return;
        }
        _shcsr = value & (ShcsrMemFaultEna | ShcsrBusFaultEna | ShcsrUsgFaultEna);
        _pendingEx[ExcUsageFault] = (value & (1u << 12)) != 0;
        _pendingEx[ExcMemManage] = (value & (1u << 13)) != 0;
        _pendingEx[ExcBusFault] = (value & (1u << 14)) != 0;
        _pendingEx[ExcSvCall] = (value & (1u << 15)) != 0;
        _exceptionCheck = true;
        _attention = true;
    }
}
