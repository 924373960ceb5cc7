using System.Globalization;
using System.Text;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;
using Stm32.Build.Images;

namespace Stm32.Build.Emulator.Machine;

/// <summary>
/// A standalone machine: one emulated core on a <see cref="MachineBus"/>, for tests and <c>stm32 sim run</c>.
/// Load an image, reset, then <see cref="Run"/> until a BKPT, lockup, sleep with no wake-up or the instruction limit.
/// </summary>
public sealed class EmulatorMachine : ICoreHost
{
    private const uint DhcsrAddress = 0xE000EDF0;
    private bool _resetRequested;

    private EmulatorMachine(DeviceDescription device, CoreDescription core, long clockHz)
    {
        Device = device;
        CoreDescription = core;
        ClockHz = clockHz;
        Memory = new MachineBus(device, core.Name);
        Core = new CortexMCore(core, this);
        BootAddress = core.DefaultBootAddress;
    }

    /// <summary>Creates a machine for a device and core from the built-in device data (64 MHz, the H7's reset clock).</summary>
    /// <exception cref="Stm32Exception">The device or the core is unknown, or the core is not one the emulator implements (STM7010).</exception>
    public static EmulatorMachine Create(string device = "STM32H747XI", string core = "CM7", long clockHz = 64_000_000) =>
        Create(DeviceCatalog.BuiltIn.Get(device), core, clockHz);

    /// <summary>Creates a machine for a core of <paramref name="description"/> (device data from anywhere, e.g. a test's own part).</summary>
    /// <exception cref="Stm32Exception">The core is unknown (STM7007) or not one the emulator implements (STM7010).</exception>
    public static EmulatorMachine Create(DeviceDescription description, string core, long clockHz = 64_000_000)
    {
        ArgumentNullException.ThrowIfNull(description);
        var coreDescription = description.FindCore(core) ?? throw new Stm32Exception(new Diagnostic(
            DiagnosticCodes.EmulatorUnknownCore, DiagnosticSeverity.Error,
            $"device {description.Name} has no core '{core}'; its cores are {string.Join(", ", description.Cores.Select(c => c.Name))}"));
        return new EmulatorMachine(description, coreDescription, clockHz);
    }

    /// <summary>The device.</summary>
    public DeviceDescription Device { get; }

    /// <summary>The emulated core's device data.</summary>
    public CoreDescription CoreDescription { get; }

    /// <summary>The emulated core.</summary>
    public CortexMCore Core { get; }

    /// <summary>The machine's memory.</summary>
    public MachineBus Memory { get; }

    /// <inheritdoc />
    public ISystemBus Bus => Memory;

    /// <inheritdoc />
    /// <remarks>Settable: the core reads it again at every <see cref="IExecutableCore.Advance"/>.</remarks>
    public long ClockHz { get; set; }

    /// <summary>Whether the core's clock stops in deep sleep (false: a bare machine has no Stop mode; SysTick keeps counting).</summary>
    public bool ClockStoppedInDeepSleep { get; set; }

    /// <summary>The vector table address the core boots from (the core's BOOT-low address by default).</summary>
    public uint BootAddress { get; set; }

    /// <summary>How many system resets the program requested (AIRCR.SYSRESETREQ).</summary>
    public int SystemResets { get; private set; }

    /// <summary>Most fault events kept per run (HardFault, MemManage, BusFault, UsageFault entries and lockup).</summary>
    public const int MaxRecordedFaults = 64;

    private readonly List<CoreEvent> _faults = [];

    /// <summary>The faults the core took since the last <see cref="Reset"/>, in order (at most <see cref="MaxRecordedFaults"/>).</summary>
    public IReadOnlyList<CoreEvent> Faults => _faults;

    /// <inheritdoc />
    public void OnCoreEvent(in CoreEvent e)
    {
        var fault = e.Kind == CoreEventKind.Lockup || (e.Kind == CoreEventKind.ExceptionEntry && e.Exception is >= 3 and <= 6);
        if (fault && _faults.Count < MaxRecordedFaults)
        {
            _faults.Add(e);
        }
    }

    /// <inheritdoc />
    public void RequestSystemReset() => _resetRequested = true;

    /// <inheritdoc />
    /// <remarks>A machine with one core: the event has nowhere to go.</remarks>
    public void SendEvent()
    {
    }

    /// <summary>Loads an image file (ELF, HEX, SREC, BIN per <see cref="ImageReader"/>) at its load addresses.</summary>
    public void LoadFile(string path) => LoadImage(ImageReader.Read(path));

    /// <summary>Loads every segment of <paramref name="image"/> at its load address (LMA).</summary>
    /// <exception cref="Stm32Exception">STM7001 when the image is empty or a segment lies outside the device's memory.</exception>
    public void LoadImage(FirmwareImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.IsEmpty)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.EmulatorImageNotLoadable, DiagnosticSeverity.Error,
                "the image has no loadable data", image.SourcePath));
        }
        foreach (var segment in image.Segments)
        {
            Load(segment.Address, segment.Data.Span, image.SourcePath);
        }
    }

    /// <summary>Copies raw bytes into memory.</summary>
    /// <exception cref="Stm32Exception">STM7001 when a byte lies outside the device's memory.</exception>
    public void Load(uint address, ReadOnlySpan<byte> bytes, string? file = null)
    {
        if (!Memory.Load(address, bytes))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.EmulatorImageNotLoadable, DiagnosticSeverity.Error,
                $"{bytes.Length} bytes at {Diagnostic.Hex(address)} do not fit in the memory of {Device.Name} ({CoreDescription.Name})",
                file, Address: address));
        }
        Core.InvalidateMemoryCache();
    }

    /// <summary>Power-on reset: the core loads SP and PC from the vector table at <see cref="BootAddress"/>.</summary>
    /// <exception cref="Stm32Exception">STM7002 when the vector table holds no usable stack pointer and reset handler.</exception>
    public void Reset()
    {
        if (Memory.Read(BootAddress, AccessSize.Word, out var sp) != BusStatus.Ok
            || Memory.Read(BootAddress + 4, AccessSize.Word, out var pc) != BusStatus.Ok
            || (sp == 0xFFFFFFFF && pc == 0xFFFFFFFF) || (sp == 0 && pc == 0))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.EmulatorNoVectorTable, DiagnosticSeverity.Error,
                $"no vector table at the boot address {Diagnostic.Hex(BootAddress)}: load an image whose vector table is there",
                Address: BootAddress));
        }
        Core.Reset(CoreResetKind.PowerOn, BootAddress);
        Core.EnableItmCapture();
        // Halting debug on, as a debugger would: BKPT then halts instead of escalating to HardFault.
        Core.WritePrivate(DhcsrAddress, AccessSize.Word, 0xA05F0001);
        SystemResets = 0;
        _faults.Clear();
    }

    /// <summary>Runs until BKPT, lockup, a sleep nothing can end, or <paramref name="maxInstructions"/> instructions.</summary>
    public RunResult Run(long maxInstructions)
    {
        var start = Core.InstructionsRetired;
        long cycles = 0;
        var reason = StopReason.InstructionLimit;
        var maxCycles = maxInstructions <= long.MaxValue / 64 ? Math.Max(maxInstructions * 64, 1_000_000) : long.MaxValue;
        while (true)
        {
            var done = Core.InstructionsRetired - start;
            if (done >= maxInstructions || cycles >= maxCycles)
            {
                reason = StopReason.InstructionLimit;
                break;
            }
            var state = Core.State;
            if (state == CoreRunState.Halted)
            {
                reason = Core.LastStopCause == CoreStopCause.Breakpoint ? StopReason.Breakpoint : StopReason.Halted;
                break;
            }
            if (state == CoreRunState.LockedUp)
            {
                reason = StopReason.Lockup;
                break;
            }
            if (state == CoreRunState.Sleeping && !Core.CanWakeUp)
            {
                reason = StopReason.SleepForever;
                break;
            }
            var chunk = Math.Min(maxInstructions - done, 1_000_000);
            cycles += Core.Advance(chunk);
            if (_resetRequested)
            {
                _resetRequested = false;
                SystemResets++;
                if (SystemResets > 1000)
                {
                    reason = StopReason.ResetLoop;
                    break;
                }
                Core.Reset(CoreResetKind.System, BootAddress);
            }
        }
        return CreateResult(reason, Core.InstructionsRetired - start, cycles);
    }

    private RunResult CreateResult(StopReason reason, long instructions, long cycles)
    {
        var registers = new uint[16];
        for (uint i = 0; i < 16; i++)
        {
            Core.TryReadCoreRegister(i, out registers[i]);
        }
        Core.TryReadCoreRegister(16, out var xpsr);
        Core.TryReadMemory(0xE000ED28, AccessSize.Word, out var cfsr);
        Core.TryReadMemory(0xE000ED2C, AccessSize.Word, out var hfsr);
        Core.TryReadMemory(0xE000ED38, AccessSize.Word, out var bfar);
        return new RunResult(reason, registers, xpsr, instructions, cycles, cfsr, hfsr, bfar, Core.ItmText,
            Memory.PeripheralAccesses.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)).ToArray())
        {
            Faults = [.. _faults],
            FastForwardedCycles = Core.FastForwardedCycles,
            SleptCycles = Core.SleptCycles,
        };
    }
}

/// <summary>Why <see cref="EmulatorMachine.Run"/> returned.</summary>
public enum StopReason
{
    /// <summary>A BKPT instruction halted the core.</summary>
    Breakpoint,
    /// <summary>The instruction limit was reached.</summary>
    InstructionLimit,
    /// <summary>The core locked up (unrecoverable fault).</summary>
    Lockup,
    /// <summary>The core sleeps (WFI/WFE) with no interrupt source that could wake it.</summary>
    SleepForever,
    /// <summary>The core halted for another debug reason (vector catch, FPB breakpoint).</summary>
    Halted,
    /// <summary>The program kept requesting system resets.</summary>
    ResetLoop,
}

/// <summary>The outcome of <see cref="EmulatorMachine.Run"/>.</summary>
/// <param name="Reason">Why the run stopped.</param>
/// <param name="Registers">R0–R15 (R15 is the address of the next instruction).</param>
/// <param name="Xpsr">The xPSR.</param>
/// <param name="Instructions">Instructions retired during the run.</param>
/// <param name="Cycles">Core cycles that passed (sleep included).</param>
/// <param name="Cfsr">SCB CFSR at the end (fault status).</param>
/// <param name="Hfsr">SCB HFSR at the end.</param>
/// <param name="Bfar">SCB BFAR at the end.</param>
/// <param name="ItmOutput">Text written to ITM stimulus port 0.</param>
/// <param name="PeripheralAccesses">Peripheral addresses the program touched (read as zero, writes ignored).</param>
public sealed record RunResult(
    StopReason Reason,
    IReadOnlyList<uint> Registers,
    uint Xpsr,
    long Instructions,
    long Cycles,
    uint Cfsr,
    uint Hfsr,
    uint Bfar,
    string ItmOutput,
    IReadOnlyList<(uint Address, PeripheralAccessCount Count)> PeripheralAccesses)
{
    /// <summary>The faults taken since the machine's reset (exception entries 3–6 and lockup), at most <see cref="EmulatorMachine.MaxRecordedFaults"/>.</summary>
    public IReadOnlyList<CoreEvent> Faults { get; init; } = [];

    /// <summary>Cycles of idle polling loops the core fast-forwarded since it was created.</summary>
    public long FastForwardedCycles { get; init; }

    /// <summary>Cycles the core slept in WFI/WFE since it was created.</summary>
    public long SleptCycles { get; init; }

    /// <summary>The PC at the stop.</summary>
    public uint Pc => Registers[15];

    /// <summary>
    /// The coded finding for a run that did not end at a breakpoint: STM7003 lockup (error), STM7004 instruction
    /// limit (error), STM7005 sleep with nothing to wake the core (warning); null for a breakpoint or halt.
    /// </summary>
    public Diagnostic? ToDiagnostic(string? file = null) => Reason switch
    {
        StopReason.Lockup => new Diagnostic(DiagnosticCodes.EmulatorLockup, DiagnosticSeverity.Error,
            $"the core locked up after {Instructions} instructions (CFSR {Diagnostic.Hex(Cfsr)}, HFSR {Diagnostic.Hex(Hfsr)}): a fault inside the HardFault handler or an unusable vector",
            file, Address: Pc),
        StopReason.InstructionLimit => new Diagnostic(DiagnosticCodes.EmulatorInstructionLimit, DiagnosticSeverity.Error,
            $"the program did not stop within {Instructions} instructions; it was at {Diagnostic.Hex(Pc)}", file, Address: Pc),
        StopReason.SleepForever => new Diagnostic(DiagnosticCodes.EmulatorSleepForever, DiagnosticSeverity.Warning,
            $"the core sleeps at {Diagnostic.Hex(Pc)} with no enabled interrupt or SysTick to wake it", file, Address: Pc),
        StopReason.ResetLoop => new Diagnostic(DiagnosticCodes.EmulatorFault, DiagnosticSeverity.Error,
            "the program keeps requesting system resets (AIRCR.SYSRESETREQ)", file, Address: Pc),
        _ => null,
    };

    /// <summary>A human-readable report: stop reason, registers, counts and peripheral accesses.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append("stop: ").Append(Reason switch
        {
            StopReason.Breakpoint => "breakpoint (BKPT)",
            StopReason.InstructionLimit => "instruction limit reached",
            StopReason.Lockup => "lockup (unrecoverable fault)",
            StopReason.SleepForever => "sleeping with nothing to wake the core",
            StopReason.ResetLoop => "repeated system resets",
            _ => "halted",
        }).Append(" at ").Append(Diagnostic.Hex(Pc)).AppendLine();
        sb.Append("instructions: ").Append(Instructions.ToString(inv)).Append(", cycles: ").Append(Cycles.ToString(inv)).AppendLine();
        for (var i = 0; i < 16; i++)
        {
            var name = i switch { 13 => "sp", 14 => "lr", 15 => "pc", _ => "r" + i.ToString(inv) };
            sb.Append(name.PadLeft(3)).Append(" = ").Append(Diagnostic.Hex(Registers[i])).Append(i % 4 == 3 ? Environment.NewLine : "  ");
        }
        sb.Append("xpsr = ").Append(Diagnostic.Hex(Xpsr)).AppendLine();
        if (Cfsr != 0 || Hfsr != 0)
        {
            sb.Append("cfsr = ").Append(Diagnostic.Hex(Cfsr)).Append("  hfsr = ").Append(Diagnostic.Hex(Hfsr))
                .Append("  bfar = ").Append(Diagnostic.Hex(Bfar)).AppendLine();
        }
        foreach (var fault in Faults)
        {
            sb.Append("fault: ").Append(fault.Kind == CoreEventKind.Lockup ? "lockup" : fault.Exception switch
            {
                3 => "HardFault",
                4 => "MemManage",
                5 => "BusFault",
                _ => "UsageFault",
            }).Append(" at ").Append(Diagnostic.Hex(fault.Pc)).Append(", cycle ").Append(fault.Cycles.ToString(inv)).AppendLine();
        }
        if (PeripheralAccesses.Count > 0)
        {
            sb.Append("peripheral accesses (read as 0, writes ignored): ").Append(PeripheralAccesses.Count.ToString(inv)).AppendLine();
            foreach (var (address, count) in PeripheralAccesses.Take(50))
            {
                sb.Append("  ").Append(Diagnostic.Hex(address)).Append(": ").Append(count.Reads.ToString(inv)).Append(" reads, ")
                    .Append(count.Writes.ToString(inv)).AppendLine(" writes");
            }
        }
        if (ItmOutput.Length > 0)
        {
            sb.AppendLine("itm output:").AppendLine(ItmOutput);
        }
        return sb.ToString();
    }
}
