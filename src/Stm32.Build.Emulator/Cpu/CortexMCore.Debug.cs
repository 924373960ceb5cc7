using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// Halting debug (DDI0403E C1): DHCSR, DCRSR/DCRDR, DEMCR, DFSR, the Flash Patch and Breakpoint unit (C1.11)
/// and the Data Watchpoint and Trace unit's cycle counter (C1.8), plus the debugger's access to the private bus.
/// </summary>
public sealed partial class CortexMCore
{
    // DHCSR (C1.6.2).
    private const uint DhcsrCDebugEn = 1u << 0;
    private const uint DhcsrCHalt = 1u << 1;
    private const uint DhcsrCStep = 1u << 2;
    private const uint DhcsrCMaskInts = 1u << 3;
    private const uint DhcsrCSnapStall = 1u << 5;
    private const uint DhcsrSRegRdy = 1u << 16;
    private const uint DhcsrSHalt = 1u << 17;
    private const uint DhcsrSSleep = 1u << 18;
    private const uint DhcsrSLockup = 1u << 19;
    private const uint DhcsrSRetireSt = 1u << 24;
    private const uint DhcsrSResetSt = 1u << 25;
    private const uint DhcsrDbgKey = 0xA05F;
    // DEMCR (C1.6.5).
    private const uint DemcrVcCoreReset = 1u << 0;
    private const uint DemcrVcMmErr = 1u << 4;
    private const uint DemcrVcNoCpErr = 1u << 5;
    private const uint DemcrVcChkErr = 1u << 6;
    private const uint DemcrVcStatErr = 1u << 7;
    private const uint DemcrVcBusErr = 1u << 8;
    private const uint DemcrVcHardErr = 1u << 10;
    private const uint DemcrMonEn = 1u << 16;
    private const uint DemcrTrcEna = 1u << 24;
    private const uint DemcrWritable = 0x010F07F1;
    /// <summary>DEMCR on ARMv6-M: DWTENA, VC_HARDERR and VC_CORERESET only (DDI0419 C1.6.5).</summary>
    private const uint DemcrWritableV6M = 0x01000401;
    // DFSR (C1.6.1).
    private const uint DfsrHalted = 1u << 0;
    private const uint DfsrBkpt = 1u << 1;
    private const uint DfsrVCatch = 1u << 3;

    private uint _dhcsr;
    private uint _demcr;
    private uint _dfsr;
    private uint _dcrdr;
    private bool _dhcsrResetSticky;
    private long _retiredAtDhcsrRead;
    private bool _haltRequest;
    private bool _stepping;
    private int _stepBudget;
    private bool _lockedUpBeforeHalt;

    // FPB (C1.11): FP_CTRL, FP_REMAP, FP_COMPn.
    private uint _fpCtrlEnable;
    private uint _fpRemap;
    private readonly uint[] _fpComp = new uint[8];
    private bool _fpbArmed;

    // DWT (C1.8): control, cycle counter, other counters and comparators (recorded only).
    private uint _dwtCtrl;
    private uint _dwtCyccnt;
    private readonly uint[] _dwtRegisters = new uint[0x400];

    /// <summary>
    /// FPB comparators: the Cortex-M7 has 8 instruction comparators and an FPB of version 2 (FP_CTRL.REV = 1);
    /// the Cortex-M3/M4 have 6 instruction and 2 literal comparators, version 1 (Cortex-M7 TRM and Cortex-M4 TRM, FPB);
    /// the Cortex-M0/M0+ have a BPU (ARMv6-M C1.11 "Breakpoint unit") with 4 comparators in the FPB v1 format.
    /// </summary>
    private int FpbCodeComparators => _profile.BreakpointComparators;

    private int FpbLiteralComparators => _profile.LiteralComparators;

    private void PowerOnDebugReset()
    {
        _dhcsr = 0;
        _demcr = 0;
        _dfsr = 0;
        _dcrdr = 0;
        _stepping = false;
        _haltRequest = false;
        _fpCtrlEnable = 0;
        _fpRemap = 0;
        Array.Clear(_fpComp);
        _fpbArmed = false;
        _dwtCtrl = 0;
        _dwtCyccnt = 0;
        Array.Clear(_dwtRegisters);
        _itmTcr = 0;
        _itmTer = 0;
    }

    /// <inheritdoc />
    public BusStatus ReadPrivate(uint address, AccessSize size, out uint value)
    {
        if ((address >> 20) != 0xE00)
        {
            value = 0;
            return BusStatus.Fault;
        }
        return ScsRead(address, size, out value, debugger: true);
    }

    /// <inheritdoc />
    public BusStatus WritePrivate(uint address, AccessSize size, uint value)
    {
        if ((address >> 20) != 0xE00)
        {
            return BusStatus.Fault;
        }
        return ScsWrite(address, size, value, debugger: true);
    }

    private uint ReadDhcsr(bool debugger)
    {
        var v = (_dhcsr & (DhcsrCDebugEn | DhcsrCHalt | DhcsrCStep | DhcsrCMaskInts | DhcsrCSnapStall)) | DhcsrSRegRdy;
        var retired = InstructionsRetired;
        switch (_state)
        {
            case CoreRunState.Halted:
                v |= DhcsrSHalt;
                if (_lockedUpBeforeHalt)
                {
                    v |= DhcsrSLockup;
                }
                break;
            case CoreRunState.Sleeping:
                v |= DhcsrSSleep;
                break;
            case CoreRunState.LockedUp:
                v |= DhcsrSLockup;
                break;
        }
        if (retired != _retiredAtDhcsrRead)
        {
            v |= DhcsrSRetireSt;
        }
        if (_dhcsrResetSticky)
        {
            v |= DhcsrSResetSt;
        }
        if (debugger)
        {
            // S_RETIRE_ST and S_RESET_ST clear on read (C1.6.2).
            _retiredAtDhcsrRead = retired;
            _dhcsrResetSticky = false;
        }
        return v;
    }

    private void WriteDhcsr(uint value, bool debugger)
    {
        if (!debugger || (value >> 16) != DhcsrDbgKey)
        {
            return; // writes without DBGKEY, and software writes, are ignored
        }
        var c = value & (DhcsrCDebugEn | DhcsrCHalt | DhcsrCStep | DhcsrCMaskInts | (_isV6M ? 0 : DhcsrCSnapStall));
        if ((c & DhcsrCDebugEn) == 0)
        {
            c = 0;
        }
        _dhcsr = c;
        UpdateFpbArmed();
        if ((c & DhcsrCHalt) != 0)
        {
            if (_state is CoreRunState.Running or CoreRunState.Sleeping or CoreRunState.LockedUp)
            {
                _dfsr |= DfsrHalted;
                EnterDebugHalt(CoreStopCause.HaltRequest);
            }
            return;
        }
        if (_state == CoreRunState.Halted)
        {
            // Leaving debug state; C_STEP (with C_HALT clear) runs one instruction and halts again.
            _stepping = (c & DhcsrCStep) != 0;
            _stepBudget = 1;
            _state = _lockedUpBeforeHalt ? CoreRunState.LockedUp : CoreRunState.Running;
            LastStopCause = CoreStopCause.None;
            _exceptionCheck = true;
            UpdateAttention();
        }
    }

    private void EnterDebugHalt(CoreStopCause cause)
    {
        _lockedUpBeforeHalt = _state == CoreRunState.LockedUp;
        _state = CoreRunState.Halted;
        _dhcsr |= DhcsrCHalt;
        _stepping = false;
        LastStopCause = cause;
        UpdateAttention();
        var e = CoreEvent.Halted(_cycles, _pc, cause switch
        {
            CoreStopCause.Breakpoint => CoreHaltCause.Breakpoint,
            CoreStopCause.HardwareBreakpoint => CoreHaltCause.HardwareBreakpoint,
            CoreStopCause.Step => CoreHaltCause.Step,
            CoreStopCause.VectorCatch => CoreHaltCause.VectorCatch,
            _ => CoreHaltCause.HaltRequest,
        });
        _host.OnCoreEvent(in e);
    }

    private void CheckVectorCatch(int exception)
    {
        if ((_dhcsr & DhcsrCDebugEn) == 0)
        {
            return;
        }
        var bit = exception switch
        {
            ExcHardFault => DemcrVcHardErr,
            ExcMemManage => DemcrVcMmErr,
            ExcBusFault => DemcrVcBusErr,
            ExcUsageFault when (_cfsr & UfsrNoCp) != 0 => DemcrVcNoCpErr,
            ExcUsageFault when (_cfsr & (UfsrUnaligned | UfsrDivByZero)) != 0 => DemcrVcChkErr,
            ExcUsageFault => DemcrVcStatErr,
            _ => 0u,
        };
        if (bit != 0 && (_demcr & bit) != 0)
        {
            _dfsr |= DfsrVCatch;
            EnterDebugHalt(CoreStopCause.VectorCatch);
        }
    }

    /// <summary>DCRSR write (C1.6.3): moves a register to or from DCRDR; REGSEL as in Table C1-?: R0–R15, xPSR, MSP, PSP, special, FPSCR, S0–S31.</summary>
    private void WriteDcrsr(uint value)
    {
        var regsel = value & 0x7F;
        var write = (value & (1u << 16)) != 0;
        if (write)
        {
            WriteCoreRegister(regsel, _dcrdr);
        }
        else if (TryReadCoreRegister(regsel, out var v))
        {
            _dcrdr = v;
        }
    }

    /// <summary>Reads a core register by its DCRSR REGSEL number (C1.6.3); false for a reserved number.</summary>
    public bool TryReadCoreRegister(uint regsel, out uint value)
    {
        if (!RegisterSelectable(regsel))
        {
            value = 0;
            return false;
        }
        switch (regsel)
        {
            case <= 12:
            case 13:
            case 14:
                value = _r[regsel];
                return true;
            case 15: value = _pc; return true;
            case 16: value = _s.Xpsr; return true;
            case 17: value = _s.Msp; return true;
            case 18: value = _s.Psp; return true;
            case 20:
                value = ((_s.Control & 7) << 24) | ((_s.Faultmask & 1) << 16) | ((_s.Basepri & 0xFF) << 8) | (_s.Primask & 1);
                return true;
            case 33: value = _s.Fpscr; return true;
            case >= 64 and <= 95: value = _s.S[regsel - 64]; return true;
            default: value = 0; return false;
        }
    }

    /// <summary>Writes a core register by its DCRSR REGSEL number (C1.6.3); false for a reserved number.</summary>
    public bool WriteCoreRegister(uint regsel, uint value)
    {
        if (!RegisterSelectable(regsel))
        {
            return false;
        }
        switch (regsel)
        {
            case <= 12:
            case 14:
                _r[regsel] = value;
                return true;
            case 13: _r[13] = value & ~3u; return true;
            case 15: Pc = value; return true;
            case 16: _s.Xpsr = value; return true;
            case 17: _s.Msp = value & ~3u; return true;
            case 18: _s.Psp = value & ~3u; return true;
            case 20:
                _s.Primask = value & 1;
                _s.Basepri = _isV6M ? 0 : (value >> 8) & _priorityMask;
                _s.Faultmask = _isV6M ? 0 : (value >> 16) & 1;
                var msp = _s.Msp;
                var psp = _s.Psp;
                _s.Control = (value >> 24) & ControlMask;
                _r[13] = _s.PspActive ? psp : msp;
                _s.BankedSp = _s.PspActive ? msp : psp;
                _exceptionCheck = true;
                UpdateAttention();
                return true;
            case 33: _s.Fpscr = value; return true;
            case >= 64 and <= 95: _s.S[regsel - 64] = value; return true;
            default: return false;
        }
    }

    /// <summary>DCRSR REGSEL values of this profile: R0–R15, xPSR, MSP, PSP, CONTROL/PRIMASK; FPSCR and S0–S31 with an FPU.</summary>
    private bool RegisterSelectable(uint regsel) => regsel <= 18 || regsel == 20 || (_hasFpu && (regsel == 33 || regsel is >= 64 and <= 95));

    // ---- FPB -----------------------------------------------------------------------------------------------

    private uint ReadFpb(uint a)
    {
        if (a == 0xE0002000)
        {
            var numCode = (uint)FpbCodeComparators;
            var rev = _isM7 ? 1u : 0u;
            return (rev << 28) | ((numCode & 0x70) << 8) | ((uint)FpbLiteralComparators << 8) | ((numCode & 0xF) << 4) | _fpCtrlEnable;
        }
        if (a == 0xE0002004)
        {
            return _isM7 || _isV6M ? 0 : (1u << 29) | (_fpRemap & 0x1FFFFFE0); // RMPSPT on the Cortex-M3/M4; no remap in a BPU
        }
        var index = (int)((a - 0xE0002008) / 4);
        if (a >= 0xE0002008 && index < FpbCodeComparators + FpbLiteralComparators)
        {
            return _fpComp[index];
        }
        if (a >= 0xE0002FD0)
        {
            return 0; // CoreSight ID registers: not modelled
        }
        UnmodelledPrivateAccesses++;
        return 0;
    }

    private void WriteFpb(uint a, uint value)
    {
        if (a == 0xE0002000)
        {
            if ((value & 2) != 0)
            {
                _fpCtrlEnable = value & 1; // KEY must be written as 1 for the write to take effect
            }
        }
        else if (a == 0xE0002004)
        {
            _fpRemap = value;
        }
        else
        {
            var index = (int)((a - 0xE0002008) / 4);
            if (a >= 0xE0002008 && index < FpbCodeComparators + FpbLiteralComparators)
            {
                _fpComp[index] = value;
            }
        }
        UpdateFpbArmed();
    }

    private void UpdateFpbArmed()
    {
        var armed = false;
        if (_fpCtrlEnable != 0 && (_dhcsr & DhcsrCDebugEn) != 0)
        {
            for (var i = 0; i < FpbCodeComparators; i++)
            {
                armed |= (_fpComp[i] & 1) != 0;
            }
        }
        _fpbArmed = armed;
        UpdateAttention();
    }

    private bool FpbMatches(uint pc)
    {
        for (var i = 0; i < FpbCodeComparators; i++)
        {
            var comp = _fpComp[i];
            if ((comp & 1) == 0)
            {
                continue;
            }
            if (_isM7)
            {
                // FPB version 2: BPADDR[31:1], BE in bit 0.
                if ((comp & ~1u) == pc)
                {
                    return true;
                }
            }
            else
            {
                // FPB version 1: COMP[28:2] within the code region, REPLACE[31:30] selects the halfword.
                var replace = comp >> 30;
                var wordAddress = comp & 0x1FFFFFFC;
                if (((replace & 1) != 0 && pc == wordAddress) || ((replace & 2) != 0 && pc == wordAddress + 2))
                {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- DWT -----------------------------------------------------------------------------------------------

    private uint ReadDwt(uint a) => a switch
    {
        0xE0001000 when _isV6M => 2u << 28, // NUMCOMP = 2, no cycle counter (Cortex-M0+ TRM, DWT)
        0xE0001004 when _isV6M => 0,
        0xE0001000 => (4u << 28) | _dwtCtrl, // NUMCOMP = 4
        0xE0001004 => _dwtCyccnt,
        0xE000101C => _pc, // DWT_PCSR
        _ => _dwtRegisters[(a - 0xE0001000) / 4],
    };

    private void WriteDwt(uint a, uint value)
    {
        switch (a)
        {
            case 0xE0001000 or 0xE0001004 when _isV6M: break;
            case 0xE0001000: _dwtCtrl = value & 0x0FFFFFFF; break;
            case 0xE0001004: _dwtCyccnt = value; break;
            case 0xE000101C: break;
            default: _dwtRegisters[(a - 0xE0001000) / 4] = value; break;
        }
    }
}
