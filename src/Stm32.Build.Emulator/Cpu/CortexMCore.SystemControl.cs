using Stm32.Build.Devices;
using System.Text;
using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// The System Control Space (DDI0403E B3.2–B3.5): SCB, SysTick, NVIC, MPU, FP control and the ID registers,
/// as both the core (load/store) and the debugger (<see cref="ReadPrivate"/>) see them.
/// </summary>
public sealed partial class CortexMCore
{
    // SCB register addresses (B3.2.2, Table B3-4) with their reset behaviour in ResetSystemControl.
    private enum Scs : uint
    {
        Ictr = 0xE000E004, Actlr = 0xE000E008,
        SystCsr = 0xE000E010, SystRvr = 0xE000E014, SystCvr = 0xE000E018, SystCalib = 0xE000E01C,
        Cpuid = 0xE000ED00, Icsr = 0xE000ED04, Vtor = 0xE000ED08, Aircr = 0xE000ED0C, Scr = 0xE000ED10,
        Ccr = 0xE000ED14, Shpr1 = 0xE000ED18, Shpr2 = 0xE000ED1C, Shpr3 = 0xE000ED20, Shcsr = 0xE000ED24,
        Cfsr = 0xE000ED28, Hfsr = 0xE000ED2C, Dfsr = 0xE000ED30, Mmfar = 0xE000ED34, Bfar = 0xE000ED38,
        Afsr = 0xE000ED3C, IdPfr0 = 0xE000ED40, IdIsar4 = 0xE000ED70, Clidr = 0xE000ED78, Ctr = 0xE000ED7C,
        Ccsidr = 0xE000ED80, Csselr = 0xE000ED84, Cpacr = 0xE000ED88,
        MpuType = 0xE000ED90, MpuCtrl = 0xE000ED94, MpuRnr = 0xE000ED98, MpuRbar = 0xE000ED9C, MpuRasr = 0xE000EDA0,
        MpuAliasEnd = 0xE000EDB8,
        Dhcsr = 0xE000EDF0, Dcrsr = 0xE000EDF4, Dcrdr = 0xE000EDF8, Demcr = 0xE000EDFC,
        Stir = 0xE000EF00, Fpccr = 0xE000EF34, Fpcar = 0xE000EF38, Fpdscr = 0xE000EF3C,
        Mvfr0 = 0xE000EF40, Mvfr1 = 0xE000EF44, Mvfr2 = 0xE000EF48,
        CacheMaintenanceFirst = 0xE000EF50, CacheMaintenanceLast = 0xE000EF78,
        Itcmcr = 0xE000EF90, Dtcmcr = 0xE000EF94, Ahbpcr = 0xE000EF98, Cacr = 0xE000EF9C, Ahbscr = 0xE000EFA0, Abfsr = 0xE000EFA8,
    }

    // CFSR bits (B3.2.15).
    private const uint MmfsrIAccViol = 1u << 0;
    private const uint MmfsrDAccViol = 1u << 1;
    private const uint MmfsrMmarValid = 1u << 7;
    private const uint BfsrIBusErr = 1u << 8;
    private const uint BfsrPreciseErr = 1u << 9;
    private const uint BfsrUnstkErr = 1u << 11;
    private const uint BfsrStkErr = 1u << 12;
    private const uint BfsrLspErr = 1u << 13;
    private const uint BfsrBfarValid = 1u << 15;
    private const uint UfsrUndefInstr = 1u << 16;
    private const uint UfsrInvState = 1u << 17;
    private const uint UfsrInvPc = 1u << 18;
    private const uint UfsrNoCp = 1u << 19;
    private const uint UfsrUnaligned = 1u << 24;
    private const uint UfsrDivByZero = 1u << 25;
    // HFSR (B3.2.16).
    private const uint HfsrVectTbl = 1u << 1;
    private const uint HfsrForced = 1u << 30;
    private const uint HfsrDebugEvt = 1u << 31;
    // SHCSR (B3.2.13).
    private const uint ShcsrMemFaultEna = 1u << 16;
    private const uint ShcsrBusFaultEna = 1u << 17;
    private const uint ShcsrUsgFaultEna = 1u << 18;
    // SCR (B3.2.7), CCR (B3.2.8).
    private const uint ScrSleepOnExit = 1u << 1;
    private const uint ScrSleepDeep = 1u << 2;
    private const uint ScrSevOnPend = 1u << 4;
    private const uint CcrNonBaseThrdEna = 1u << 0;
    private const uint CcrUnalignTrp = 1u << 3;
    private const uint CcrDiv0Trp = 1u << 4;
    private const uint CcrStkAlign = 1u << 9;
    // FPCCR (B3.2.21).
    private const uint FpccrLspAct = 1u << 0;
    private const uint FpccrUser = 1u << 1;
    private const uint FpccrThread = 1u << 3;
    private const uint FpccrHfRdy = 1u << 4;
    private const uint FpccrMmRdy = 1u << 5;
    private const uint FpccrBfRdy = 1u << 6;
    private const uint FpccrMonRdy = 1u << 8;
    private const uint FpccrLspEn = 1u << 30;
    private const uint FpccrAspEn = 1u << 31;
    private const uint VtorMask = 0xFFFFFF80; // TBLOFF[31:7]

    private uint _vtor;
    private bool _systemResetRequested;
    private bool _timerReschedule;
    private uint _aircr;
    private uint _scr;
    private uint _ccr;
    private uint _shcsr;
    private uint _cfsr;
    private uint _hfsr;
    private uint _mmfar;
    private uint _bfar;
    private uint _cpacr;
    private uint _actlr;
    private uint _fpccr;
    private uint _fpcar;
    private uint _fpdscr;
    private uint _csselr;
    private uint _mpuCtrl;
    private uint _mpuRnr;
    private readonly uint[] _mpuRbar = new uint[16];
    private readonly uint[] _mpuRasr = new uint[16];
    private readonly uint[] _implementationControl = new uint[8]; // ITCMCR, DTCMCR, AHBPCR, CACR, AHBSCR, -, ABFSR
    private readonly StringBuilder _itm = new();

    /// <summary>How many accesses reached private peripheral bus addresses this model does not implement (read as zero, writes ignored).</summary>
    public long UnmodelledPrivateAccesses { get; private set; }

    private void ResetSystemControl()
    {
        Array.Clear(_pendingEx);
        Array.Clear(_activeEx);
        Array.Clear(_irqEnabled);
        Array.Clear(_priority);
        _activeCount = 0;
        _aircr = 0;
        _scr = 0;
        // CCR: STKALIGN set out of reset; the Cortex-M7 also resets BP (branch prediction) set (Cortex-M7 TRM 3.x, CCR).
        // ARMv6-M: CCR is read-only with STKALIGN and UNALIGN_TRP set (DDI0419 B3.2.8): unaligned accesses always fault.
        _ccr = _isV6M ? CcrStkAlign | CcrUnalignTrp : CcrStkAlign | (_isM7 ? 1u << 18 : 0);
        _shcsr = 0;
        _cfsr = _hfsr = _mmfar = _bfar = 0;
        _cpacr = 0;
        _actlr = 0;
        _fpccr = FpccrAspEn | FpccrLspEn;
        _fpcar = 0;
        _fpdscr = 0;
        _csselr = 0;
        _mpuCtrl = _mpuRnr = 0;
        Array.Clear(_mpuRbar);
        Array.Clear(_mpuRasr);
        Array.Clear(_implementationControl);
        _systCsr = 0;
        _systRvr = 0;
        _systCvr = 0;
        _systPhase = 0;
        _hasPendingExcReturn = false;
        _systemResetRequested = false;
        _timerReschedule = false;
        _exceptionCheck = false;
        _stepping = false;
        _sleepIsWfe = false;
        PendAssertedLines();
    }

    /// <summary>Reads the SCS or another private peripheral bus block.</summary>
    private BusStatus ScsRead(uint address, AccessSize size, out uint value, bool debugger)
    {
        SyncTime(); // SysTick and the DWT cycle counter are exact at the access
        var word = ReadPrivateWord(address & ~3u, debugger);
        var shift = (int)(address & 3) * 8;
        value = size switch
        {
            AccessSize.Word => word,
            AccessSize.HalfWord => (word >> shift) & 0xFFFF,
            _ => (word >> shift) & 0xFF,
        };
        return BusStatus.Ok;
    }

    /// <summary>Writes the SCS or another private peripheral bus block.</summary>
    private BusStatus ScsWrite(uint address, AccessSize size, uint value, bool debugger)
    {
        SyncTime();
        var aligned = address & ~3u;
        if (size == AccessSize.Word)
        {
            WritePrivateWord(aligned, value, 0xFFFFFFFF, debugger);
            return BusStatus.Ok;
        }
        var shift = (int)(address & 3) * 8;
        var laneMask = (size == AccessSize.HalfWord ? 0xFFFFu : 0xFFu) << shift;
        WritePrivateWord(aligned, (value << shift) & laneMask, laneMask, debugger);
        return BusStatus.Ok;
    }

    private uint ReadPrivateWord(uint a, bool debugger)
    {
        if (a >= 0xE000E100 && a < 0xE000E600)
        {
            return ReadNvic(a);
        }
        if (a >= 0xE0001000 && a < 0xE0002000)
        {
            return ReadDwt(a);
        }
        if (a >= 0xE0002000 && a < 0xE0003000)
        {
            return ReadFpb(a);
        }
        if (a < 0xE0001000)
        {
            return ReadItm(a);
        }
        if (_isV6M && !IsV6MRegister(a))
        {
            UnmodelledPrivateAccesses++;
            return 0; // not in the ARMv6-M System Control Space: reserved, RAZ/WI
        }
        if (!_hasFpu && IsFpRegister(a))
        {
            return 0; // no FPU: CPACR, FPCCR, FPCAR, FPDSCR and MVFR0–2 are RAZ/WI
        }
        switch ((Scs)a)
        {
            case Scs.Ictr: return (uint)((_exceptionCount - 16) / 32 - 1);
            case Scs.Actlr: return _actlr;
            case Scs.SystCsr:
            {
                var v = _systCsr;
                if (!debugger)
                {
                    _systCsr &= ~SystCountFlag; // COUNTFLAG clears on a read by software
                }
                return v;
            }
            case Scs.SystRvr: return _systRvr;
            case Scs.SystCvr: return _systCvr;
            case Scs.SystCalib: return SystCalibValue;
            case Scs.Cpuid: return _description.CpuId;
            case Scs.Icsr: return ReadIcsr();
            case Scs.Vtor: return _profile.HasVtor ? _vtor : 0;
            case Scs.Aircr: return 0xFA050000 | (_aircr & 0x700);
            case Scs.Scr: return _scr;
            case Scs.Ccr: return _ccr;
            case Scs.Shpr1:
            case Scs.Shpr2:
            case Scs.Shpr3:
            {
                var first = (int)(a - (uint)Scs.Shpr1) + 4;
                return _priority[first] | ((uint)_priority[first + 1] << 8) | ((uint)_priority[first + 2] << 16) | ((uint)_priority[first + 3] << 24);
            }
            case Scs.Shcsr: return ReadShcsr();
            case Scs.Cfsr: return _cfsr;
            case Scs.Hfsr: return _hfsr;
            case Scs.Dfsr: return _dfsr;
            case Scs.Mmfar: return _mmfar;
            case Scs.Bfar: return _bfar;
            case Scs.Afsr: return 0;
            case Scs.Clidr: return _isM7 ? 0x09000003u : 0;
            case Scs.Ctr: return _isM7 ? 0x8303C003u : 0;
            case Scs.Ccsidr: return _isM7 ? ((_csselr & 1) != 0 ? 0xF01FE019u : 0xF003E019u) : 0;
            case Scs.Csselr: return _csselr;
            case Scs.Cpacr: return _cpacr;
            case Scs.MpuType: return MpuRegions << 8; // DREGION; unified MPU
            case Scs.MpuCtrl: return _mpuCtrl;
            case Scs.MpuRnr: return _mpuRnr;
            case Scs.Dhcsr: return ReadDhcsr(debugger);
            case Scs.Dcrsr: return 0;
            case Scs.Dcrdr: return _dcrdr;
            case Scs.Demcr: return _demcr;
            case Scs.Fpccr: return _fpccr;
            case Scs.Fpcar: return _fpcar;
            case Scs.Fpdscr: return _fpdscr;
            // MVFR0–2: FPv5 on the Cortex-M7 (double precision adds MVFR0.DP), FPv4-SP on the Cortex-M4 (the TRMs' FPU chapters).
            case Scs.Mvfr0: return _profile.Fpu == CoreFpu.FpV5D16 ? 0x10110221u : 0x10110021u;
            case Scs.Mvfr1: return _isM7 ? 0x12000011u : 0x11000011u;
            case Scs.Mvfr2: return _isM7 ? 0x00000040u : 0;
        }
        if (a >= (uint)Scs.MpuRbar && a <= (uint)Scs.MpuAliasEnd && MpuRegions != 0)
        {
            var region = (int)(_mpuRnr & 0xF);
            return ((a - (uint)Scs.MpuRbar) & 4) == 0 ? (_mpuRbar[region] & ~0xFu) | (uint)region : _mpuRasr[region];
        }
        if (a >= (uint)Scs.IdPfr0 && a <= (uint)Scs.IdIsar4)
        {
            return (_isM7 ? IdRegistersM7 : IdRegistersM4)[(a - (uint)Scs.IdPfr0) / 4]; // the M3 TRM lists the M4's values
        }
        if (_isM7 && a >= (uint)Scs.Itcmcr && a <= (uint)Scs.Abfsr)
        {
            return _implementationControl[(a - (uint)Scs.Itcmcr) / 4];
        }
        if (a >= 0xE000EFD0 && a <= 0xE000EFFC)
        {
            return ScsPeripheralId[(a - 0xE000EFD0) / 4];
        }
        UnmodelledPrivateAccesses++;
        return 0;
    }

    /// <summary>
    /// ID_PFR0, ID_PFR1, ID_DFR0, ID_AFR0, ID_MMFR0–3, ID_ISAR0–4 (B4.1.2–B4.1.4) of the Cortex-M7, as its
    /// Technical Reference Manual lists them (the same values QEMU's cortex-m7 model, target/arm/tcg/cpu-v7m.c, reports).
    /// </summary>
    private static readonly uint[] IdRegistersM7 =
    [
        0x00000030, 0x00000200, 0x00100000, 0x00000000,
        0x00100030, 0x00000000, 0x01000000, 0x00000000,
        0x01101110, 0x02112000, 0x20232231, 0x01111131, 0x01310132,
    ];

    /// <summary>The same registers of the Cortex-M4 and the Cortex-M3 (Cortex-M4 and M3 TRMs; QEMU's cortex-m3/m4 models agree).</summary>
    private static readonly uint[] IdRegistersM4 =
    [
        0x00000030, 0x00000200, 0x00100000, 0x00000000,
        0x00000030, 0x00000000, 0x00000000, 0x00000000,
        0x01141110, 0x02111000, 0x21112231, 0x01111110, 0x01310102,
    ];

    /// <summary>SCS peripheral ID registers PID4–PID7, PID0–PID3, CID0–CID3 (ARMv7-M B3.2 / CoreSight layout).</summary>
    private static readonly uint[] ScsPeripheralId =
    [
        0x04, 0x00, 0x00, 0x00, 0x0C, 0xB0, 0x0B, 0x00, 0x0D, 0xE0, 0x05, 0xB1,
    ];

    private void WritePrivateWord(uint a, uint value, uint laneMask, bool debugger)
    {
        if (a >= 0xE000E100 && a < 0xE000E600)
        {
            WriteNvic(a, value, laneMask);
            return;
        }
        if (a >= 0xE0001000 && a < 0xE0002000)
        {
            WriteDwt(a, Merge(ReadDwt(a), value, laneMask));
            return;
        }
        if (a >= 0xE0002000 && a < 0xE0003000)
        {
            WriteFpb(a, Merge(ReadFpb(a), value, laneMask));
            return;
        }
        if (a < 0xE0001000)
        {
            WriteItm(a, value, laneMask);
            return;
        }
        if ((_isV6M && !IsV6MRegister(a)) || (!_hasFpu && IsFpRegister(a)))
        {
            UnmodelledPrivateAccesses += _isV6M && !IsV6MRegister(a) ? 1 : 0;
            return; // reserved on this profile (RAZ/WI)
        }
        switch ((Scs)a)
        {
            case Scs.Actlr: _actlr = Merge(_actlr, value, laneMask); return;
            case Scs.SystCsr:
                _systCsr = (_systCsr & SystCountFlag) | (Merge(_systCsr, value, laneMask) & 7);
                RescheduleTimer(debugger);
                return;
            case Scs.SystRvr:
                _systRvr = Merge(_systRvr, value, laneMask) & 0x00FFFFFF;
                RescheduleTimer(debugger);
                return;
            case Scs.SystCvr:
                _systCvr = 0; // any write clears the counter and COUNTFLAG (B3.3.3)
                _systCsr &= ~SystCountFlag;
                _systPhase = 0;
                RescheduleTimer(debugger);
                return;
            case Scs.Icsr: WriteIcsr(value & laneMask); return;
            case Scs.Vtor:
                if (_profile.HasVtor)
                {
                    _vtor = Merge(_vtor, value, laneMask) & VtorMask;
                }
                return;
            case Scs.Aircr: WriteAircr(Merge(ReadPrivateWord(a, debugger), value, laneMask)); return;
            case Scs.Scr: _scr = Merge(_scr, value, laneMask) & (ScrSleepOnExit | ScrSleepDeep | ScrSevOnPend); return;
            case Scs.Ccr when _isV6M:
                return; // read-only on ARMv6-M
            case Scs.Ccr:
            {
                var writable = 0x0000031Bu | (_isM7 ? 0x70000u : 0);
                var v = Merge(_ccr, value, laneMask);
                _ccr = (_ccr & ~writable) | (v & writable);
                if (_isM7)
                {
                    _ccr |= CcrStkAlign; // RES1 on the Cortex-M7
                }
                return;
            }
            case Scs.Shpr1:
            case Scs.Shpr2:
            case Scs.Shpr3:
            {
                var first = (int)(a - (uint)Scs.Shpr1) + 4;
                for (var i = 0; i < 4; i++)
                {
                    if (((laneMask >> (8 * i)) & 0xFF) != 0 && first + i is not (7 or 8 or 9 or 10 or 13) && !(_isV6M && first + i < 11 || _isV6M && first + i == 12))
                    {
                        _priority[first + i] = (byte)((value >> (8 * i)) & _priorityMask);
                    }
                }
                _exceptionCheck = true;
                _attention = true;
                return;
            }
            case Scs.Shcsr: WriteShcsr(Merge(ReadShcsr(), value, laneMask)); return;
            case Scs.Cfsr: _cfsr &= ~(value & laneMask); return;
            case Scs.Hfsr: _hfsr &= ~(value & laneMask); return;
            case Scs.Dfsr: _dfsr &= ~(value & laneMask); return;
            case Scs.Mmfar: _mmfar = Merge(_mmfar, value, laneMask); return;
            case Scs.Bfar: _bfar = Merge(_bfar, value, laneMask); return;
            case Scs.Csselr: _csselr = Merge(_csselr, value, laneMask) & 0xF; return;
            case Scs.Cpacr: _cpacr = Merge(_cpacr, value, laneMask) & 0x00F00000; return;
            case Scs.MpuCtrl when MpuRegions != 0: _mpuCtrl = Merge(_mpuCtrl, value, laneMask) & 7; return;
            case Scs.MpuRnr when MpuRegions != 0: _mpuRnr = Merge(_mpuRnr, value, laneMask) & 0xFF; return;
            case Scs.Dhcsr: WriteDhcsr(value, debugger); return;
            case Scs.Dcrsr: WriteDcrsr(value); return;
            case Scs.Dcrdr: _dcrdr = Merge(_dcrdr, value, laneMask); return;
            case Scs.Demcr: _demcr = Merge(_demcr, value, laneMask) & (_isV6M ? DemcrWritableV6M : DemcrWritable); return;
            case Scs.Stir:
                if (debugger || _s.Privileged || (_ccr & 2) != 0)
                {
                    var irq = (int)(value & 0x1FF) + 16;
                    if (irq < 16 + _profile.Interrupts)
                    {
                        SetPending(irq);
                    }
                }
                return;
            case Scs.Fpccr:
            {
                var v = Merge(_fpccr, value, laneMask);
                _fpccr = (_fpccr & ~0xC0000001u) | (v & 0xC0000001u);
                return;
            }
            case Scs.Fpcar: _fpcar = Merge(_fpcar, value, laneMask) & ~7u; return;
            case Scs.Fpdscr: _fpdscr = Merge(_fpdscr, value, laneMask) & 0x07C00000; return;
        }
        if (a >= (uint)Scs.MpuRbar && a <= (uint)Scs.MpuAliasEnd && MpuRegions != 0)
        {
            if (((a - (uint)Scs.MpuRbar) & 4) == 0)
            {
                var v = Merge(_mpuRbar[_mpuRnr & 0xF], value, laneMask);
                if ((v & 0x10) != 0)
                {
                    _mpuRnr = v & 0xF; // VALID: the region number comes with the address
                }
                _mpuRbar[_mpuRnr & 0xF] = v & ~0x1Fu;
            }
            else
            {
                _mpuRasr[_mpuRnr & 0xF] = Merge(_mpuRasr[_mpuRnr & 0xF], value, laneMask);
            }
            return;
        }
        if (_isM7 && a >= (uint)Scs.CacheMaintenanceFirst && a <= (uint)Scs.CacheMaintenanceLast)
        {
            return; // cache and branch predictor maintenance: accepted, no cache is modelled
        }
        if (_isM7 && a >= (uint)Scs.Itcmcr && a <= (uint)Scs.Abfsr)
        {
            var index = (a - (uint)Scs.Itcmcr) / 4;
            _implementationControl[index] = Merge(_implementationControl[index], value, laneMask);
            return;
        }
        UnmodelledPrivateAccesses++;
    }
}
