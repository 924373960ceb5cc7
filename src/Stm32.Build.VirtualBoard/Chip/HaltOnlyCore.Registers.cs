using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class HaltOnlyCore
{
    /// <summary>FP_CTRL of the Cortex-M7 (FPB v2, REV = 1 in bits 31:28; 8 instruction comparators, no literal ones).</summary>
    internal const uint FpCtrlCortexM7 = 0x1000_0080;
    /// <summary>FP_CTRL of the Cortex-M4 (FPB v1; 6 instruction comparators, 2 literal comparators).</summary>
    internal const uint FpCtrlCortexM4 = 0x0000_0260;
    /// <summary>DWT_CTRL with NUMCOMP = 4 (bits 31:28) as on both cores (Cortex-M7 and M4 TRMs, DWT).</summary>
    internal const uint DwtCtrlReset = 0x4000_0000;
    /// <summary>MVFR0/MVFR1 of the Cortex-M7 with the double-precision FPv5 (M7 TRM, FPU programmers' model).</summary>
    internal static readonly (uint Mvfr0, uint Mvfr1, uint Mvfr2) FpuCortexM7 = (0x1011_0221, 0x1200_0011, 0x0000_0040);
    /// <summary>MVFR0/MVFR1 of the Cortex-M4 with the single-precision FPv4 (M4 TRM, FPU programmers' model).</summary>
    internal static readonly (uint Mvfr0, uint Mvfr1, uint Mvfr2) FpuCortexM4 = (0x1011_0021, 0x1100_0011, 0x0000_0000);

    /// <summary>The PPB ROM table base (ARMv7-M C1.2.1, 0xE00FF000) and its entries (SCS, DWT, FPB, ITM).</summary>
    public const uint RomTableBase = 0xE00F_F000;

    /// <summary>The processor ROM table (Cortex-M7 TRM, "ROM table"), the AP BASE the debugger starts from.</summary>
    public const uint ProcessorRomTableBase = 0xE00F_E000;

    private readonly Dictionary<uint, uint> _scb = [];
    private uint _hfsr;
    private uint _fpCtrl;
    private uint _dwtCtrl;
    private uint _dwtCycleCount;
    private readonly Dictionary<uint, uint> _debugUnitRegisters = [];

    /// <summary>Writes this core received but does not model (address, value), oldest first, at most 1000.</summary>
    public IReadOnlyList<(uint Address, uint Value)> UnmodelledWrites => _unmodelled;

    private readonly List<(uint Address, uint Value)> _unmodelled = [];

    private void InitializeSystemRegisters()
    {
        ResetSystemRegisters(CoreResetKind.PowerOn);
        ResetDebugUnits();
    }

    private void ResetSystemRegisters(CoreResetKind kind)
    {
        _scb.Clear();
        _hfsr = 0;
        // CCR: STKALIGN set on reset (B3.2.8); on the Cortex-M7 the caches' enables are clear.
        _scb[(uint)PpbRegister.CCR] = 0x0000_0200;
        _scb[(uint)PpbRegister.SYST_CALIB] = 0x4000_0000;
    }

    private void ResetDebugUnits()
    {
        _fpCtrl = IsCortexM7 ? FpCtrlCortexM7 : FpCtrlCortexM4;
        _dwtCtrl = DwtCtrlReset;
        _dwtCycleCount = 0;
        _debugUnitRegisters.Clear();
    }

    /// <inheritdoc />
    public BusStatus ReadPrivate(uint address, AccessSize size, out uint value)
    {
        var aligned = address & ~3u;
        var word = ReadWord(aligned);
        value = Lanes.Extract(word, address, size);
        return BusStatus.Ok;
    }

    /// <inheritdoc />
    public BusStatus WritePrivate(uint address, AccessSize size, uint value)
    {
        var aligned = address & ~3u;
        if (size != AccessSize.Word)
        {
            // Sub-word writes merge into the register's current value (the SCS allows byte access to most registers).
            var shift = (int)(address & 3) * 8;
            var mask = ((1u << ((int)size * 8)) - 1) << shift;
            value = (PeekWord(aligned) & ~mask) | ((value << shift) & mask);
        }
        WriteWord(aligned, value);
        return BusStatus.Ok;
    }

    private uint PeekWord(uint aligned) => aligned switch
    {
        (uint)PpbRegister.DHCSR => _dhcsr,
        (uint)PpbRegister.DEMCR => _demcr,
        _ => _scb.GetValueOrDefault(aligned, _debugUnitRegisters.GetValueOrDefault(aligned)),
    };

    private uint ReadWord(uint aligned)
    {
        switch (aligned)
        {
            case (uint)PpbRegister.DHCSR:
                return ReadDhcsr();
            case (uint)PpbRegister.DCRSR:
                return 0; // write-only
            case (uint)PpbRegister.DCRDR:
                return _dcrdr;
            case (uint)PpbRegister.DEMCR:
                return _demcr;
            case (uint)PpbRegister.DFSR:
                return _dfsr;
            case (uint)PpbRegister.HFSR:
                return _hfsr;
            case (uint)PpbRegister.CPUID:
                return _description.CpuId;
            case (uint)PpbRegister.AIRCR:
                return AircrBits.VectKeyStat << 16 | (_scb.GetValueOrDefault(aligned) & AircrBits.PRIGROUP);
            case (uint)PpbRegister.ICTR:
                return 4; // up to 160 interrupt lines (the H7 has 150)
            case (uint)PpbRegister.MVFR0:
                return IsCortexM7 ? FpuCortexM7.Mvfr0 : FpuCortexM4.Mvfr0;
            case (uint)PpbRegister.MVFR1:
                return IsCortexM7 ? FpuCortexM7.Mvfr1 : FpuCortexM4.Mvfr1;
            case (uint)PpbRegister.MVFR2:
                return IsCortexM7 ? FpuCortexM7.Mvfr2 : 0;
            case (uint)PpbRegister.FP_CTRL:
                return _fpCtrl;
            case (uint)PpbRegister.DWT_CTRL:
                return _dwtCtrl;
            case (uint)PpbRegister.DWT_CYCCNT:
                return _dwtCycleCount;
            case (uint)PpbRegister.ICSR:
                return 0; // no exception active or pending: nothing executes
        }
        if (aligned >= ProcessorRomTableBase)
        {
            return ReadRomTable(aligned);
        }
        if (CoreSightId(aligned) is uint id)
        {
            return id;
        }
        return _scb.TryGetValue(aligned, out var stored) ? stored : _debugUnitRegisters.GetValueOrDefault(aligned);
    }

    private uint ReadDhcsr()
    {
        var value = _dhcsr & DhcsrBits.ControlMask;
        value |= DhcsrBits.S_REGRDY;
        switch (State)
        {
            case CoreRunState.Halted:
                value |= DhcsrBits.S_HALT;
                break;
            case CoreRunState.LockedUp:
                value |= DhcsrBits.S_LOCKUP;
                break;
            case CoreRunState.Sleeping:
                value |= DhcsrBits.S_SLEEP;
                break;
        }
        if (_sResetSticky)
        {
            value |= DhcsrBits.S_RESET_ST;
            // Cleared on read, unless the core is still held in reset (C1.6.3).
            _sResetSticky = _heldInReset;
        }
        return value;
    }

    private void WriteWord(uint aligned, uint value)
    {
        switch (aligned)
        {
            case (uint)PpbRegister.DHCSR:
                WriteDhcsr(value);
                return;
            case (uint)PpbRegister.DCRSR:
                TransferRegister(value);
                return;
            case (uint)PpbRegister.DCRDR:
                _dcrdr = value;
                return;
            case (uint)PpbRegister.DEMCR:
                _demcr = value & DemcrBits.WritableMask;
                return;
            case (uint)PpbRegister.DFSR:
                _dfsr &= ~value;
                return;
            case (uint)PpbRegister.HFSR:
                _hfsr &= ~value;
                return;
            case (uint)PpbRegister.CFSR:
                _scb[aligned] = _scb.GetValueOrDefault(aligned) & ~value;
                return;
            case (uint)PpbRegister.AIRCR:
                WriteAircr(value);
                return;
            case (uint)PpbRegister.CPUID:
            case (uint)PpbRegister.MVFR0:
            case (uint)PpbRegister.MVFR1:
            case (uint)PpbRegister.MVFR2:
            case (uint)PpbRegister.ICTR:
            case (uint)PpbRegister.SYST_CALIB:
                return; // read-only
            case (uint)PpbRegister.FP_CTRL:
                // KEY (bit 1) must be written as 1 for ENABLE to change (C1.11.3).
                if ((value & 2) != 0)
                {
                    _fpCtrl = (_fpCtrl & ~1u) | (value & 1);
                }
                return;
            case (uint)PpbRegister.DWT_CTRL:
                _dwtCtrl = (_dwtCtrl & 0xF000_0000) | (value & 0x0FFF_FFFF);
                return;
            case (uint)PpbRegister.DWT_CYCCNT:
                _dwtCycleCount = value;
                return;
        }
        if (IsDebugUnitRegister(aligned))
        {
            // FPB comparators, DWT comparators/masks/functions, ITM: stored so a debugger reads back what it wrote;
            // no breakpoint or watchpoint ever fires in a core that does not execute.
            _debugUnitRegisters[aligned] = value;
            return;
        }
        if (aligned is >= 0xE000_E000 and < 0xE000_F000)
        {
            _scb[aligned] = value;
            if (value != 0 && IsUnmodelledScs(aligned))
            {
                LogUnmodelled(aligned, value);
            }
            return;
        }
        LogUnmodelled(aligned, value);
    }

    private void WriteDhcsr(uint value)
    {
        if (value >> 16 != DhcsrBits.DebugKey)
        {
            return; // C1.6.3: writes without DBGKEY are ignored
        }
        var control = value & DhcsrBits.ControlMask;
        _dhcsr = control;
        if ((control & DhcsrBits.C_DEBUGEN) == 0 || _heldInReset)
        {
            if ((control & DhcsrBits.C_DEBUGEN) == 0 && _halted)
            {
                _halted = false; // leaving debug with debug disabled resumes the core
            }
            return;
        }
        if ((control & DhcsrBits.C_HALT) != 0)
        {
            if (!_halted)
            {
                EnterDebug(DfsrBits.HALTED);
            }
            return;
        }
        if (_halted)
        {
            if ((control & DhcsrBits.C_STEP) != 0)
            {
                // A step: the halt-only core cannot execute the instruction; it stays halted at the same PC.
                _dfsr |= DfsrBits.HALTED;
                return;
            }
            _halted = false;
        }
    }

    private void WriteAircr(uint value)
    {
        if (value >> 16 != AircrBits.VectKey)
        {
            return; // B3.2.6: writes without VECTKEY are ignored
        }
        _scb[(uint)PpbRegister.AIRCR] = value & AircrBits.PRIGROUP;
        if ((value & AircrBits.SYSRESETREQ) != 0)
        {
            _host.RequestSystemReset();
        }
        else if ((value & AircrBits.VECTRESET) != 0)
        {
            Reset(CoreResetKind.Local, _vectorTable);
        }
    }

    private void LogUnmodelled(uint address, uint value)
    {
        if (_unmodelled.Count < UnmodelledAccessLog.Capacity)
        {
            _unmodelled.Add((address, value));
        }
        _log?.Add(new UnmodelledAccess(Name, $"PPB 0x{address:X8}", address, value,
            "stored; the halt-only core does not execute, so this register has no effect"));
    }

    private static bool IsDebugUnitRegister(uint address) =>
        address is >= 0xE000_0000 and < 0xE000_3000;

    private static bool IsUnmodelledScs(uint address) => address switch
    {
        (uint)PpbRegister.VTOR or (uint)PpbRegister.SCR or (uint)PpbRegister.CCR or (uint)PpbRegister.SHPR1
            or (uint)PpbRegister.SHPR2 or (uint)PpbRegister.SHPR3 or (uint)PpbRegister.CPACR
            or (uint)PpbRegister.FPCCR or (uint)PpbRegister.FPDSCR => false,
        _ => true,
    };

    /// <summary>
    /// CoreSight identification registers at the top of each 4 KiB debug component (ARM CoreSight / ARMv7-M C1.2):
    /// PIDR4 0xFD0, PIDR0..3 0xFE0..0xFEC, CIDR0..3 0xFF0..0xFFC. Part numbers as the Cortex-M TRMs list them:
    /// SCS 0x00C, DWT 0x002, FPB 0x003 (FPB v2 on the M7: 0x00E), ITM 0x001; designer ARM (JEP106 0x3B, "BB").
    /// </summary>
    private uint? CoreSightId(uint address)
    {
        var offset = address & 0xFFF;
        if (offset < 0xFD0)
        {
            return null;
        }
        uint? part = (address & ~0xFFFu) switch
        {
            0xE000_E000 => 0x00C,
            0xE000_1000 => 0x002,
            0xE000_2000 => IsCortexM7 ? 0x00Eu : 0x003u,
            0xE000_0000 => 0x001,
            _ => null,
        };
        if (part is not uint p)
        {
            return null;
        }
        return offset switch
        {
            0xFD0 => 0x04,
            0xFE0 => p & 0xFF,
            0xFE4 => 0xB0 | (p >> 8),
            0xFE8 => 0x0B,
            0xFF0 => 0x0D,
            0xFF4 => 0xE0, // class 0xE: generic IP component (C1.2)
            0xFF8 => 0x05,
            0xFFC => 0xB1,
            _ => 0,
        };
    }

    /// <summary>
    /// The ROM tables (ARMv7-M C1.2.1; CoreSight ROM table format): the processor ROM table at 0xE00FE000, where the
    /// probe's AP BASE points, with one entry to the PPB ROM table at 0xE00FF000, which lists SCS, DWT, FPB and ITM.
    /// Part numbers as OpenOCD's arm_adi_v5.c names them: Cortex-M7 ROM 0x4C8, Cortex-M7 PPB ROM 0x4C7,
    /// Cortex-M4 ROM 0x4C4. ETM, CTI and TPIU are not modelled and not listed. Entries: offset from the table with
    /// bit 0 "present" and bit 1 "32-bit format".
    /// </summary>
    private uint ReadRomTable(uint address)
    {
        static uint Entry(uint table, uint target) => ((target - table) & 0xFFFF_F000) | 3;
        var table = address & ~0xFFFu;
        var offset = address & 0xFFF;
        var processorTable = table == ProcessorRomTableBase;
        uint part = processorTable ? (IsCortexM7 ? 0x4C8u : 0x4C4u) : (IsCortexM7 ? 0x4C7u : 0x4C4u);
        return offset switch
        {
            0x000 => processorTable ? Entry(table, RomTableBase) : Entry(table, 0xE000_E000), // PPB ROM table / SCS
            0x004 => processorTable ? 0 : Entry(table, 0xE000_1000), // end / DWT
            0x008 => processorTable ? 0 : Entry(table, 0xE000_2000), // FPB
            0x00C => processorTable ? 0 : Entry(table, 0xE000_0000), // ITM
            0xFCC => 1,                                              // MEMTYPE: system memory present
            0xFD0 => 0x04,
            0xFE0 => part & 0xFF,
            0xFE4 => 0xB0 | (part >> 8),
            0xFE8 => 0x0B,
            0xFF0 => 0x0D,
            0xFF4 => 0x10, // class 0x1: ROM table
            0xFF8 => 0x05,
            0xFFC => 0xB1,
            _ => 0,
        };
    }
}
