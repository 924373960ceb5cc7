using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// A Cortex-M core model that never executes an instruction: it has the registers and the debug logic
/// (DHCSR, DCRSR/DCRDR, DEMCR, DFSR, AIRCR, FPB, DWT) a debugger uses, takes its reset vector from the boot
/// address, halts on request or on a reset vector catch, and otherwise sits "running" at its reset handler.
/// </summary>
/// <remarks>
/// Reset behaviour (ARMv7-M B1.5.5 and C1.4): a power-on reset clears the debug logic; a system or local reset
/// keeps DHCSR's control bits and DEMCR. On leaving reset the core loads MSP from [vector table] and PC from
/// [vector table + 4] (EPSR.T from bit 0). When VC_CORERESET and C_DEBUGEN are set it halts there (DFSR.VCATCH);
/// when C_HALT is still set from before the reset it halts as well (DFSR.HALTED). A vector whose reset handler
/// has bit 0 clear, or that cannot be read, would make the first instruction fault (INVSTATE or a bus fault on the
/// vector fetch); the HardFault handler fetched from the same (erased) table faults again, which is lockup
/// (B1.5.15): the model goes to <see cref="CoreRunState.LockedUp"/> with PC 0xEFFFFFFE, or halts when VC_HARDERR
/// catches the first HardFault.
/// </remarks>
public sealed partial class HaltOnlyCore : IExecutableCore
{
    /// <summary>The PC a locked-up ARMv7-M core reports (B1.5.15: execution at 0xEFFFFFFE).</summary>
    public const uint LockupAddress = 0xEFFF_FFFE;

    private readonly ICoreHost _host;
    private readonly UnmodelledAccessLog? _log;
    private readonly CoreDescription _description;
    private readonly uint[] _r = new uint[16];
    private readonly uint[] _s = new uint[32];
    private uint _msp, _psp, _xpsr, _special, _fpscr;
    private uint _dhcsr, _demcr, _dfsr, _dcrdr;
    private bool _sResetSticky, _heldInReset, _lockedUp, _halted;
    private uint _vectorTable;

    /// <summary>Creates the core for one core of the device data.</summary>
    /// <param name="description">The core in the device data (name, architecture, CPUID).</param>
    /// <param name="host">The board's services for the core (bus, clock, system reset).</param>
    /// <param name="log">Where writes to registers the core does not model are recorded; null keeps them in <see cref="UnmodelledWrites"/> only.</param>
    public HaltOnlyCore(CoreDescription description, ICoreHost host, UnmodelledAccessLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(host);
        _description = description;
        _host = host;
        _log = log;
        IsCortexM7 = description.Architecture.Contains("M7", StringComparison.OrdinalIgnoreCase);
        InitializeSystemRegisters();
        _heldInReset = true;
    }

    /// <inheritdoc />
    public string Name => _description.Name;

    /// <summary>Whether the core is a Cortex-M7 (FPv5 double precision, FPB v2) rather than a Cortex-M4 (FPv4-SP).</summary>
    public bool IsCortexM7 { get; }

    /// <inheritdoc />
    public CoreRunState State =>
        _heldInReset ? CoreRunState.InReset
        : _halted ? CoreRunState.Halted
        : _lockedUp ? CoreRunState.LockedUp
        : CoreRunState.Running;

    /// <inheritdoc />
    public bool DeepSleep => false;

    /// <inheritdoc />
    public long InstructionsRetired => 0;

    /// <inheritdoc />
    /// <remarks>Counts the cycles granted while nominally running (nothing executes).</remarks>
    public long Cycles { get; private set; }

    /// <inheritdoc />
    public uint CurrentInstructionAddress => _r[15];

    /// <inheritdoc />
    /// <remarks>This core never takes an exception: the line is only range-checked.</remarks>
    public void SetInterruptLine(int irq, bool asserted)
    {
        if (irq < 0 || irq >= _description.InterruptCount)
        {
            throw new ArgumentOutOfRangeException(nameof(irq), irq, $"{Name} has interrupt lines 0 to {_description.InterruptCount - 1}");
        }
    }

    /// <inheritdoc />
    /// <remarks>This core never sleeps: the event has no effect.</remarks>
    public void SignalEvent()
    {
    }

    /// <inheritdoc />
    /// <remarks><see cref="Advance"/> never executes anything here, so there is nothing to interrupt.</remarks>
    public void Yield()
    {
    }

    /// <summary>The program counter (the debug return address while halted).</summary>
    public uint ProgramCounter => _r[15];

    /// <summary>The main stack pointer.</summary>
    public uint MainStackPointer => _msp;

    /// <summary>xPSR (EPSR.T is bit 24).</summary>
    public uint Xpsr => _xpsr;

    /// <summary>DHCSR's control bits as last written with the key.</summary>
    public uint DebugControl => _dhcsr;

    /// <summary>DEMCR.</summary>
    public uint Demcr => _demcr;

    /// <summary>The vector table the core last reset from.</summary>
    public uint VectorTable => _vectorTable;

    /// <inheritdoc />
    public void Reset(CoreResetKind kind, uint vectorTable)
    {
        _vectorTable = vectorTable;
        if (kind == CoreResetKind.PowerOn)
        {
            _dhcsr = 0;
            _demcr = 0;
            _dfsr = 0;
            _dcrdr = 0;
            ResetDebugUnits();
        }
        else
        {
            _dhcsr &= DhcsrBits.C_DEBUGEN | DhcsrBits.C_HALT | DhcsrBits.C_MASKINTS;
        }
        _sResetSticky = true;
        ResetSystemRegisters(kind);
        Array.Clear(_r);
        Array.Clear(_s);
        _msp = _psp = _xpsr = _special = _fpscr = 0;
        _lockedUp = false;
        _halted = false;
        if (!_heldInReset)
        {
            LeaveReset();
        }
    }

    /// <inheritdoc />
    public void HoldInReset(bool held)
    {
        if (held == _heldInReset)
        {
            return;
        }
        _heldInReset = held;
        if (held)
        {
            _sResetSticky = true;
            _halted = false;
            _lockedUp = false;
        }
        else
        {
            LeaveReset();
        }
    }

    /// <inheritdoc />
    public long Advance(long cycles)
    {
        if (State != CoreRunState.Running || cycles <= 0)
        {
            return 0;
        }
        // Nominally running: time passes, nothing executes, the cycle counter counts when enabled.
        Cycles += cycles;
        if ((_demcr & DemcrBits.TRCENA) != 0 && (_dwtCtrl & 1) != 0)
        {
            _dwtCycleCount += (uint)cycles;
        }
        return cycles;
    }

    private void LeaveReset()
    {
        var busSp = _host.Bus.Read(_vectorTable, AccessSize.Word, out var sp);
        var busPc = _host.Bus.Read(_vectorTable + 4, AccessSize.Word, out var pc);
        _msp = sp & ~3u;
        _r[13] = _msp;
        _r[14] = 0xFFFF_FFFF;
        _r[15] = pc & ~1u;
        _xpsr = (pc & 1) << 24;
        var debug = (_dhcsr & DhcsrBits.C_DEBUGEN) != 0;
        if (debug && (_demcr & DemcrBits.VC_CORERESET) != 0)
        {
            EnterDebug(DfsrBits.VCATCH);
            return;
        }
        if (debug && (_dhcsr & DhcsrBits.C_HALT) != 0)
        {
            EnterDebug(DfsrBits.HALTED);
            return;
        }
        var faults = busSp != BusStatus.Ok || busPc != BusStatus.Ok || (pc & 1) == 0 || !IsExecutable(pc & ~1u);
        if (faults)
        {
            TakeUnrecoverableFault(debug);
        }
    }

    /// <summary>The first instruction cannot execute: HardFault, whose handler comes from the same table.</summary>
    private void TakeUnrecoverableFault(bool debug)
    {
        var hardFault = _host.Bus.Read(_vectorTable + 12, AccessSize.Word, out var handler);
        if (debug && (_demcr & DemcrBits.VC_HARDERR) != 0)
        {
            // The catch happens on entry to the HardFault handler (C1.6.6).
            _r[15] = handler & ~1u;
            _xpsr = ((handler & 1) << 24) | 3; // IPSR = 3, HardFault
            _hfsr |= 1u << 30; // FORCED
            EnterDebug(DfsrBits.VCATCH);
            return;
        }
        if (hardFault == BusStatus.Ok && (handler & 1) == 1 && IsExecutable(handler & ~1u))
        {
            // A usable HardFault handler: the core would run it; the model sits in it.
            _r[15] = handler & ~1u;
            _xpsr = (1u << 24) | 3;
            _hfsr |= 1u << 30;
            return;
        }
        _lockedUp = true;
        _r[15] = LockupAddress;
    }

    private bool IsExecutable(uint address) =>
        address < 0xE000_0000 && _host.Bus.Read(address & ~1u, AccessSize.HalfWord, out _) == BusStatus.Ok;

    private void EnterDebug(uint reason)
    {
        _halted = true;
        _lockedUp = false;
        _dfsr |= reason;
    }
}
