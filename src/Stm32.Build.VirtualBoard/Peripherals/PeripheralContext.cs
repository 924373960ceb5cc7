using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>What a chip gives its peripherals beyond their registers; implemented by the chip.</summary>
public interface IChipServices
{
    /// <summary>The cores in device order.</summary>
    IReadOnlyList<IExecutableCore> Cores { get; }

    /// <summary>The interrupt output named <paramref name="name"/> in the register tables (created and wired on first use).</summary>
    InterruptLine Interrupt(string name);

    /// <summary>The peripheral of type <typeparamref name="T"/>, or null.</summary>
    T? Find<T>() where T : class;

    /// <summary>Every peripheral of type <typeparamref name="T"/>.</summary>
    IEnumerable<T> FindAll<T>() where T : class;

    /// <summary>Resets the system (NRST-like: cores restart, peripherals reset, debug and backup domains kept).</summary>
    void RequestSystemReset(ResetCause cause);

    /// <summary>The core clock of core <paramref name="index"/> changed: it must end its slice and re-read it.</summary>
    void CoreClockChanged(int index);

    /// <summary>Raised after every reset the chip goes through, with its cause (a clock controller keeps reset flags).</summary>
    event Action<ResetCause>? ResetApplied;

    /// <summary>Adds a condition that silences the debug port (SWD pins taken, supply lost, a domain asleep).</summary>
    void AddDebugBlocker(IDebugBlocker blocker);

    /// <summary>Whether core <paramref name="index"/> is halted in debug state now.</summary>
    bool IsCoreHalted(int index);

    /// <summary>Whether core <paramref name="index"/> is in debug mode (a debugger set DHCSR.C_DEBUGEN).</summary>
    bool IsCoreInDebugMode(int index);
}

/// <summary>A condition under which the debug port stops answering (SWD pins taken, supply lost, a domain asleep).</summary>
public interface IDebugBlocker
{
    /// <summary>Why the debug port does not answer now, or null when this condition does not hold.</summary>
    string? Reason { get; }

    /// <summary>
    /// Whether, while <see cref="Reason"/> holds, the whole SW-DP stops driving the line (no acknowledge at all: the
    /// supply collapsed, the SWD pins were taken) rather than only access-port transactions failing while the DP
    /// still answers (a domain in Stop: the debugger reads DPIDR, its memory accesses fail).
    /// </summary>
    bool SilencesDebugPort { get; }

    /// <summary>Why access port <paramref name="apIndex"/> cannot make transactions now, or null (usually <see cref="Reason"/>).</summary>
    string? AccessPortReason(int apIndex);
}

/// <summary>The clock tree as the cores and peripherals need it (implemented by a family's clock controller model).</summary>
public interface IClockTree
{
    /// <summary>The clock of core <paramref name="coreIndex"/> in Hz.</summary>
    long CoreClockHz(int coreIndex);

    /// <summary>
    /// A named clock in Hz, 0 when off or unknown. Names: <c>sys</c>, <c>hclk</c>, <c>pclk1</c>…<c>pclk4</c> (per
    /// family), oscillators <c>hsi</c>, <c>csi</c>, <c>hsi48</c>, <c>hse</c>, <c>lse</c>, <c>lsi</c>, PLL outputs
    /// <c>pll1_p</c>…, and a peripheral's kernel clock by its name in lower case (<c>usart1</c>, <c>iwdg1</c>).
    /// </summary>
    long ClockHz(string name);
}

/// <summary>The debug freeze of peripherals (DBGMCU APBxFZ registers): counters stop while the core that owns the bit is halted.</summary>
public interface IDebugFreeze
{
    /// <summary>
    /// Whether <paramref name="peripheral"/> (e.g. <c>IWDG1</c>, <c>WWDG1</c>, <c>TIM2</c>) is frozen now: its freeze
    /// bit is set for a core and that core is halted in debug state.
    /// </summary>
    bool IsFrozen(string peripheral);
}

/// <summary>
/// The chip's services for its peripherals: the device and board data, the timeline, interrupt lines, the other
/// blocks, resets, and the trace that records what firmware did (with the time, core and instruction address).
/// </summary>
public sealed class PeripheralContext
{
    /// <summary>Creates the context of one chip.</summary>
    public PeripheralContext(DeviceDescription device, BoardDescription board, ChipScheduler scheduler, UnmodelledAccessLog log, ChipTrace trace, IChipServices chip)
    {
        Device = device ?? throw new ArgumentNullException(nameof(device));
        Board = board ?? throw new ArgumentNullException(nameof(board));
        Scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        Log = log ?? throw new ArgumentNullException(nameof(log));
        Trace = trace ?? throw new ArgumentNullException(nameof(trace));
        Chip = chip ?? throw new ArgumentNullException(nameof(chip));
    }

    /// <summary>The register table of each core (null where none is known), in device core order.</summary>
    public IReadOnlyList<RegisterTable?> Tables { get; internal set; } = [];

    /// <summary>
    /// The register-table entry of peripheral <paramref name="name"/> as the first core that has one sees it, or null
    /// (models declare their registers from it: <c>Registers.Declare(info)</c>).
    /// </summary>
    public PeripheralInfo? TablePeripheral(string name)
    {
        foreach (var table in Tables)
        {
            if (table?.Find(name) is { } info)
            {
                return info;
            }
        }
        return null;
    }

    /// <summary>The device data.</summary>
    public DeviceDescription Device { get; }

    /// <summary>The board the chip is soldered on (supply wiring, oscillators, pins).</summary>
    public BoardDescription Board { get; }

    /// <summary>The chip's timeline.</summary>
    public ChipScheduler Scheduler { get; }

    /// <summary>The log of unmodelled accesses.</summary>
    public UnmodelledAccessLog Log { get; }

    /// <summary>What firmware did, for reports and the preflight.</summary>
    public ChipTrace Trace { get; }

    /// <summary>The chip.</summary>
    public IChipServices Chip { get; }

    /// <summary>The time of the access being handled (see <see cref="ChipScheduler.Now"/>).</summary>
    public long Now => Scheduler.Now;

    /// <summary>Sees the firmware's peripheral accesses (a dry run's observation point), or null.</summary>
    public IPeripheralAccessObserver? AccessObserver { get; set; }

    /// <summary>The index of the core whose instruction is running now, or -1.</summary>
    public int CurrentCore => Scheduler.ActiveCore;

    /// <summary>The address of the instruction making the current access, or 0 outside core execution.</summary>
    public uint CurrentPc => Scheduler.ActiveCore is var c and >= 0 && c < Chip.Cores.Count ? Chip.Cores[c].CurrentInstructionAddress : 0;

    /// <summary>The interrupt output named <paramref name="name"/>.</summary>
    public InterruptLine Interrupt(string name) => Chip.Interrupt(name);

    /// <summary>The peripheral of type <typeparamref name="T"/>; a missing one is an error in the chip's composition.</summary>
    public T Get<T>() where T : class =>
        Chip.Find<T>() ?? throw new InvalidOperationException($"the {Device.Name} model has no {typeof(T).Name}");

    /// <summary>Records what firmware (or hardware) did, stamped with the time, core and instruction address.</summary>
    public ChipEvent Record(ChipEventKind kind, string source, uint address, uint value, string message)
    {
        var e = new ChipEvent(Now, kind, CurrentCore, CurrentPc, source, address, value, message);
        Trace.Add(e);
        return e;
    }
}
