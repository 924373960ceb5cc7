namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// The clock of one peripheral model, from the chip's <see cref="IClockTree"/> when one is composed, else the reset
/// clock the caller names (on the H7: the 64 MHz HSI feeds every bus and kernel clock after reset, the LSI runs at
/// 32 kHz; RM0399 RCC "clock after reset"). The clock tree is looked up once, at the first use after the chip is
/// composed (register accesses and resets only happen then).
/// </summary>
public sealed class PeripheralClock
{
    private readonly PeripheralContext _context;
    private IClockTree? _tree;
    private bool _resolved;

    /// <summary>The clock named <paramref name="name"/> (lower case, e.g. <c>usart1</c>, <c>lsi</c>).</summary>
    public PeripheralClock(PeripheralContext context, string name, long resetHz)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        Name = (name ?? throw new ArgumentNullException(nameof(name))).ToLowerInvariant();
        ResetHz = resetHz;
    }

    /// <summary>The clock's name in the clock tree.</summary>
    public string Name { get; }

    /// <summary>The frequency without a clock tree.</summary>
    public long ResetHz { get; }

    private IClockTree? Tree
    {
        get
        {
            if (!_resolved)
            {
                _tree = _context.Chip.Find<IClockTree>();
                _resolved = true;
            }
            return _tree;
        }
    }

    /// <summary>The frequency now in Hz (0 while off).</summary>
    public long Hz => Tree is { } tree ? tree.ClockHz(Name) : ResetHz;

    /// <summary>
    /// Whether the peripheral's clock runs (its RCC enable bit is set for a core): a peripheral whose clock is off
    /// ignores writes and reads as 0, as on silicon. Without a clock tree every peripheral is clocked.
    /// </summary>
    public bool IsRunning => Tree is not { } tree || tree.ClockHz(Name) > 0;
}

/// <summary>
/// A peripheral interrupt that reaches each core's NVIC separately (the H7 EXTI's per-CPU pending registers drive the
/// same NVIC position of both cores independently). The NVIC positions come from each core's register table, through
/// the chip's interrupt wiring; the line is resolved when first driven (after the chip is wired).
/// </summary>
public sealed class PerCoreInterrupt
{
    private readonly PeripheralContext _context;
    private readonly bool[] _levels = new bool[8];

    /// <summary>Creates the interrupt named <paramref name="name"/> in the register tables (e.g. <c>EXTI15_10</c>).</summary>
    public PerCoreInterrupt(PeripheralContext context, string name)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        Name = name ?? throw new ArgumentNullException(nameof(name));
    }

    /// <summary>The interrupt's name.</summary>
    public string Name { get; }

    /// <summary>Whether the line to core <paramref name="core"/> is asserted.</summary>
    public bool IsAsserted(int core) => core >= 0 && core < _levels.Length && _levels[core];

    /// <summary>Drives the line to core <paramref name="core"/> only; a change reaches that core's NVIC input.</summary>
    public void Set(int core, bool asserted)
    {
        if (core < 0 || core >= _levels.Length || core >= _context.Chip.Cores.Count || _levels[core] == asserted)
        {
            return;
        }
        _levels[core] = asserted;
        var target = _context.Chip.Cores[core];
        foreach (var (c, irq) in _context.Interrupt(Name).Targets)
        {
            if (ReferenceEquals(c, target))
            {
                _context.Scheduler.DeliverInterrupt(c, irq, asserted);
            }
        }
    }

    /// <summary>Every core's line low (a reset of the peripheral).</summary>
    public void Clear()
    {
        for (var i = 0; i < _levels.Length; i++)
        {
            Set(i, false);
        }
    }
}
