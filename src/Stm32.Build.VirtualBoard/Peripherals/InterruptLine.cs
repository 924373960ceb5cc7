using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// A peripheral's interrupt output, wired to the NVIC input of every core that has it (the register table of each
/// core names its interrupt numbers). Level-sensitive, as STM32 peripheral interrupts are: the line stays asserted
/// while the peripheral's flag and enable are set, and the NVIC pends it again after the handler if it still is.
/// </summary>
public sealed class InterruptLine
{
    private readonly List<(IExecutableCore Core, int Irq)> _targets = [];
    private readonly ChipScheduler? _scheduler;

    /// <summary>Creates an unconnected line; with <paramref name="scheduler"/>, a change reaches a sleeping core at the time it happens (<see cref="ChipScheduler.DeliverInterrupt"/>).</summary>
    public InterruptLine(string name, ChipScheduler? scheduler = null)
    {
        Name = name;
        _scheduler = scheduler;
    }

    /// <summary>The interrupt's name in the register table, e.g. <c>USART1</c>.</summary>
    public string Name { get; }

    /// <summary>Whether the line is asserted.</summary>
    public bool Asserted { get; private set; }

    /// <summary>The cores and NVIC positions the line reaches.</summary>
    public IReadOnlyList<(IExecutableCore Core, int Irq)> Targets => _targets;

    /// <summary>Connects the line to NVIC input <paramref name="irq"/> of <paramref name="core"/>.</summary>
    public void Connect(IExecutableCore core, int irq)
    {
        ArgumentNullException.ThrowIfNull(core);
        _targets.Add((core, irq));
        if (Asserted)
        {
            Drive(core, irq, true);
        }
    }

    /// <summary>Drives the line; only a change reaches the cores.</summary>
    public void Set(bool asserted)
    {
        if (asserted == Asserted)
        {
            return;
        }
        Asserted = asserted;
        foreach (var (core, irq) in _targets)
        {
            Drive(core, irq, asserted);
        }
    }

    /// <summary>A pulse (an event-type interrupt): pends the interrupt once on every connected core.</summary>
    public void Pulse()
    {
        if (Asserted)
        {
            return;
        }
        foreach (var (core, irq) in _targets)
        {
            Drive(core, irq, true);
            Drive(core, irq, false);
        }
    }

    private void Drive(IExecutableCore core, int irq, bool asserted)
    {
        if (_scheduler is null)
        {
            core.SetInterruptLine(irq, asserted);
        }
        else
        {
            _scheduler.DeliverInterrupt(core, irq, asserted);
        }
    }
}
