using Stm32.Build.VirtualBoard.Peripherals;

namespace Stm32.Build.VirtualBoard.Running;

/// <summary>What a board run found (<see cref="BoardRun.Run"/>).</summary>
/// <param name="TimeMs">The virtual time the firmware ran, in milliseconds.</param>
/// <param name="Board">The board's name.</param>
/// <param name="Cores">Each core's end state, in device order.</param>
/// <param name="Resets">System resets during the run (a watchdog, SYSRESETREQ, the power controller).</param>
/// <param name="Supply">The supply configuration, on a chip that has one to latch; null otherwise.</param>
/// <param name="DebugPortAnswers">Whether a debugger connecting at the end would be answered.</param>
/// <param name="DebugPortReason">Why it would not, or null.</param>
/// <param name="Uart">The text the board's console UART transmitted.</param>
/// <param name="Unmodelled">Registers the firmware touched that have no behaviour (each logged once).</param>
/// <param name="Events">What the chip recorded, in order (supply, debug pins, low power, watchdogs, flash, faults, resets).</param>
public sealed record BoardRunReport(
    double TimeMs,
    string Board,
    IReadOnlyList<BoardRunCore> Cores,
    int Resets,
    BoardRunSupply? Supply,
    bool DebugPortAnswers,
    string? DebugPortReason,
    string Uart,
    IReadOnlyList<UnmodelledAccess> Unmodelled,
    IReadOnlyList<ChipEvent> Events)
{
    /// <summary>Whether the run ended badly: a core locked up or the supply was lost.</summary>
    public bool Failed => Cores.Any(c => c.State == BoardRunCore.LockedUp) || Supply is { Lost: true };
}

/// <summary>One core at the end of a board run.</summary>
/// <param name="Name">The core (<c>CM7</c>, <c>CM4</c>).</param>
/// <param name="State">One of <see cref="Running"/>, <see cref="Sleeping"/>, <see cref="Halted"/>, <see cref="LockedUp"/>, <see cref="Unpowered"/>, <see cref="Gated"/>, <see cref="InReset"/>.</param>
/// <param name="Pc">The address of the instruction it executes next (or last, when stopped).</param>
/// <param name="Faults">The fault exceptions it took, in order (at most 64).</param>
public sealed record BoardRunCore(string Name, string State, uint Pc, IReadOnlyList<BoardRunFault> Faults)
{
    /// <summary>Executing.</summary>
    public const string Running = "running";
    /// <summary>Waiting in WFI/WFE.</summary>
    public const string Sleeping = "sleeping";
    /// <summary>In debug state.</summary>
    public const string Halted = "halted";
    /// <summary>Locked up after a fault at reset or a fault while handling a fault.</summary>
    public const string LockedUp = "lockedUp";
    /// <summary>The chip (or its core supply) has no power.</summary>
    public const string Unpowered = "unpowered";
    /// <summary>Held by its boot option (the H7's BCM4/BCM7 cleared) until the other core releases it.</summary>
    public const string Gated = "gated";
    /// <summary>Held in reset.</summary>
    public const string InReset = "inReset";
}

/// <summary>A fault exception a core took.</summary>
/// <param name="Kind"><c>HardFault</c>, <c>MemManage</c>, <c>BusFault</c> or <c>UsageFault</c>.</param>
/// <param name="Pc">The address of the instruction that faulted.</param>
public sealed record BoardRunFault(string Kind, uint Pc);

/// <summary>The supply configuration of a board run.</summary>
/// <param name="Written">The supply bits the firmware latched (PWR_CR3 on the H7), or null when it wrote none.</param>
/// <param name="Accepted">Whether the board's wiring takes it (true when nothing was written).</param>
/// <param name="Lost">Whether the core supply collapsed.</param>
public sealed record BoardRunSupply(uint? Written, bool Accepted, bool Lost);
