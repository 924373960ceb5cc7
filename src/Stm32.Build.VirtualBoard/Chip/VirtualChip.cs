using Stm32.Build.Devices;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// A virtual STM32 composed from data: the device data's memories and cores, the board it sits on, and the
/// family's blocks (<see cref="ChipFamily"/>) on one bus map per master. The cores are the instruction emulator
/// unless a core factory says otherwise, and run interleaved on the chip's timeline (<see cref="ChipScheduler"/>),
/// which follows the board's <see cref="VirtualClock"/>: the chip only moves when <see cref="AdvanceTo"/> is called.
/// </summary>
public sealed partial class VirtualChip : IChipServices
{
    private readonly VirtualClock _clock;
    private readonly BoardCounters _counters;
    private readonly List<IExecutableCore> _cores = [];
    private readonly List<CoreHost> _hosts = [];
    private readonly List<ComposedTarget> _targets = [];
    private readonly List<Peripheral> _peripherals = [];
    private readonly Dictionary<string, InterruptLine> _interrupts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IDebugBlocker> _debugBlockers = [];
    private bool _interruptsWired;

    /// <summary>Creates the chip, powered and out of reset, booting as its option bytes and BOOT0 say.</summary>
    /// <param name="device">The device data (e.g. <c>DeviceCatalog.BuiltIn.Get("STM32H747XI")</c>).</param>
    /// <param name="clock">The board's virtual clock.</param>
    /// <param name="counters">The board's counters (erases, programs, resets are counted here).</param>
    /// <param name="coreFactory">Creates the core models; null gives the instruction emulator.</param>
    /// <param name="board">The board the chip sits on; null gives <see cref="BoardDescription.Bare"/>.</param>
    public VirtualChip(DeviceDescription device, VirtualClock clock, BoardCounters counters,
        Func<CoreDescription, ICoreHost, IExecutableCore>? coreFactory = null, BoardDescription? board = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(counters);
        Device = device;
        Board = board ?? BoardDescription.Bare(device.Name);
        _clock = clock;
        _counters = counters;
        Family = ChipFamily.For(device, counters);
        Scheduler = new ChipScheduler();
        Context = new PeripheralContext(device, Board, Scheduler, UnmodelledAccesses, Trace, this);
        Memory = new ChipMemory(device);
        SystemMemoryImage.Fill(device, Memory);
        Context.Tables = Enumerable.Range(0, device.Cores.Count)
            .Select(i => Family.RegisterTableName(device, i) is { } name ? RegisterTable.Load(name) : null)
            .ToList();
        Family.Compose(this, Context);
        ComposeTablePeripherals();
        BuildBusMaps();
        var factory = coreFactory ?? ((description, host) => new CortexMCore(description, host));
        for (var i = 0; i < device.Cores.Count; i++)
        {
            var host = new CoreHost(this, i);
            _hosts.Add(host);
            var core = factory(device.Cores[i], host);
            _cores.Add(core);
            var index = i;
            Scheduler.AddCore(core, () => Family.CoreClockHz(index), () => IsCoreRunnable(index));
        }
        WireInterrupts();
        PowerOnCore(countReset: true);
    }

    /// <summary>The device data the chip was built from.</summary>
    public DeviceDescription Device { get; }

    /// <summary>The board the chip sits on.</summary>
    public BoardDescription Board { get; }

    /// <summary>The family model (flash interface, clocks, boot selection).</summary>
    public ChipFamily Family { get; }

    /// <summary>The cores in device order (CM7, then CM4 on dual-core parts).</summary>
    public IReadOnlyList<IExecutableCore> Cores => _cores;

    /// <summary>The virtual clock the chip follows.</summary>
    public VirtualClock Clock => _clock;

    /// <summary>The chip's timeline.</summary>
    public ChipScheduler Scheduler { get; }

    /// <summary>The services peripherals use.</summary>
    public PeripheralContext Context { get; }

    /// <summary>What firmware did (supply, pins, low power, watchdogs, flash, faults), with time and instruction address.</summary>
    public ChipTrace Trace { get; } = new();

    /// <summary>Accesses to registers and bits the chip does not model, each logged once.</summary>
    public UnmodelledAccessLog UnmodelledAccesses { get; } = new();

    /// <summary>The peripherals on the bus.</summary>
    public IReadOnlyList<Peripheral> Peripherals => _peripherals;

    internal ChipMemory Memory { get; }

    internal BoardCounters Counters => _counters;

    /// <summary>Adds a peripheral at its base address, seen by every core and debugger (called by the family while composing).</summary>
    public void Compose(Peripheral peripheral)
    {
        ArgumentNullException.ThrowIfNull(peripheral);
        _peripherals.Add(peripheral);
        _targets.Add(new ComposedTarget(peripheral.BaseAddress, peripheral.Size, peripheral, []));
    }

    /// <summary>Adds a bus target (memory, a block that is not register-based) (called by the family while composing).</summary>
    public void Compose(ComposedTarget target) => _targets.Add(target ?? throw new ArgumentNullException(nameof(target)));

    /// <summary>Adds a condition that silences the debug port (called by blocks while composing).</summary>
    public void AddDebugBlocker(IDebugBlocker blocker) => _debugBlockers.Add(blocker ?? throw new ArgumentNullException(nameof(blocker)));

    /// <summary>The peripheral named <paramref name="name"/> (case-insensitive), or null.</summary>
    public Peripheral? FindPeripheral(string name) =>
        _peripherals.Find(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public T? Find<T>() where T : class =>
        _peripherals.OfType<T>().FirstOrDefault() ?? Family as T;

    /// <inheritdoc />
    public IEnumerable<T> FindAll<T>() where T : class => _peripherals.OfType<T>();

    /// <inheritdoc />
    public InterruptLine Interrupt(string name)
    {
        if (!_interrupts.TryGetValue(name, out var line))
        {
            line = new InterruptLine(name, Scheduler);
            _interrupts[name] = line;
            if (_interruptsWired)
            {
                Connect(name, line);
            }
        }
        return line;
    }

    /// <inheritdoc />
    public void CoreClockChanged(int index)
    {
        if (Scheduler.ActiveCore == index)
        {
            Scheduler.RequestSync();
        }
    }

    /// <summary>Raised for every event a core reports (exception entry, sleep, wake, lockup, debug halt), with the core index.</summary>
    public event Action<int, CoreEvent>? CoreEventRaised;

    /// <summary>Records faults and lockups in the trace with their fault status registers, and passes every core event on.</summary>
    private void RecordCoreEvent(int index, in CoreEvent e)
    {
        var name = Device.Cores[index].Name;
        switch (e.Kind)
        {
            case CoreEventKind.ExceptionEntry when e.Exception is >= 3 and <= 6:
                var fault = e.Exception switch { 3 => "HardFault", 4 => "MemManage", 5 => "BusFault", _ => "UsageFault" };
                Trace.Add(new ChipEvent(Scheduler.Now, ChipEventKind.CoreFault, index, e.Pc, name, 0, (uint)e.Exception,
                    $"{name} took {fault} at 0x{e.Pc:X8}{FaultStatus(index)}"));
                break;
            case CoreEventKind.Lockup:
                Trace.Add(new ChipEvent(Scheduler.Now, ChipEventKind.CoreLockup, index, e.Pc, name, 0, 0,
                    $"{name} locked up (fault while handling a fault, or a fault at reset) at 0x{e.Pc:X8}{FaultStatus(index)}"));
                break;
            case CoreEventKind.Sleep:
                Trace.Add(new ChipEvent(Scheduler.Now, ChipEventKind.CoreSleep, index, e.Pc, name, 0, e.DeepSleep ? 1u : 0u,
                    $"{name} waits in {(e.WaitForEvent ? "WFE" : "WFI")}{(e.DeepSleep ? " with SLEEPDEEP" : "")}"));
                if (e.DeepSleep && Scheduler.ActiveCore == index)
                {
                    Scheduler.RequestSync(); // the slice ends at the entry: blocks following the domains see it on time
                }
                break;
        }
        CoreEventRaised?.Invoke(index, e);
    }

    /// <summary>CFSR, HFSR and BFAR as a debugger would read them (ARMv7-M B3.2.15–B3.2.18), for fault messages.</summary>
    private string FaultStatus(int index)
    {
        var core = _cores[index];
        if (core.ReadPrivate(0xE000_ED28, AccessSize.Word, out var cfsr) != BusStatus.Ok
            || core.ReadPrivate(0xE000_ED2C, AccessSize.Word, out var hfsr) != BusStatus.Ok
            || core.ReadPrivate(0xE000_ED38, AccessSize.Word, out var bfar) != BusStatus.Ok)
        {
            return "";
        }
        return $" (CFSR 0x{cfsr:X8}, HFSR 0x{hfsr:X8}, BFAR 0x{bfar:X8})";
    }

    /// <inheritdoc />
    public bool IsCoreHalted(int index) => _cores[index].State == CoreRunState.Halted;

    /// <inheritdoc />
    public bool IsCoreInDebugMode(int index) => _cores[index].DebugEnabled;

    /// <summary>The index of the named core; an unknown name is a coded error.</summary>
    public int CoreIndex(string core)
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

    /// <summary>
    /// Every peripheral of the register tables that no model covers becomes a <see cref="TablePeripheral"/>: it
    /// reads its reset values, keeps what is written and is logged once, instead of faulting like unmapped space.
    /// </summary>
    private void ComposeTablePeripherals()
    {
        var covered = _targets.Select(t => (Start: (ulong)t.Start, End: (ulong)t.Start + t.Size)).ToList();
        foreach (var table in Context.Tables)
        {
            if (table is null)
            {
                continue;
            }
            foreach (var info in table.Peripherals)
            {
                var start = (ulong)info.BaseAddress;
                var end = start + Math.Max(info.Size, 4u);
                if (start >= PrivateBusStart)
                {
                    continue; // the cores' private peripheral bus (NVIC, SCB, SysTick, MPU, FPU) belongs to the cores
                }
                if (covered.Any(c => start < c.End && c.Start < end))
                {
                    continue;
                }
                covered.Add((start, end));
                Compose(new TablePeripheral(Context, info.Name, info.BaseAddress, Math.Max(info.Size, 4u), block => block.Declare(info)));
            }
        }
        InterruptNumbers ??= (core, name) => Context.Tables[core]?.FindInterrupt(name)?.Number;
    }

    /// <summary>
    /// Connects every interrupt line a block asked for to the NVIC inputs of the cores, by the interrupt numbers
    /// of the device's vector table (<see cref="ChipFamily"/> supplies them through <see cref="InterruptNumbers"/>).
    /// </summary>
    private void WireInterrupts()
    {
        _interruptsWired = true;
        foreach (var (name, line) in _interrupts)
        {
            Connect(name, line);
        }
    }

    private void Connect(string name, InterruptLine line)
    {
        for (var i = 0; i < _cores.Count; i++)
        {
            if (InterruptNumbers?.Invoke(i, name) is int irq and >= 0)
            {
                line.Connect(_cores[i], irq);
            }
        }
    }

    /// <summary>The NVIC position of interrupt <c>name</c> on core <c>index</c>, or null (set by the family while composing).</summary>
    internal Func<int, string, int?>? InterruptNumbers { get; set; }
}
