namespace Stm32.Build.Execution;

/// <summary>Where a core is, as the debug logic (DHCSR) and the board see it.</summary>
public enum CoreRunState
{
    /// <summary>Executing (or, for a core model that does not execute, nominally running).</summary>
    Running,
    /// <summary>In debug state (DHCSR.S_HALT).</summary>
    Halted,
    /// <summary>Waiting in WFI/WFE (DHCSR.S_SLEEP); <see cref="IExecutableCore.DeepSleep"/> says whether SLEEPDEEP was set.</summary>
    Sleeping,
    /// <summary>Locked up after an unrecoverable fault (DHCSR.S_LOCKUP).</summary>
    LockedUp,
    /// <summary>Held in reset by the board (NRST low, power off).</summary>
    InReset,
}

/// <summary>The kind of reset applied to a core (ARMv7-M B1.5.5, debug resets C1.4).</summary>
public enum CoreResetKind
{
    /// <summary>Power-on reset: everything, including the debug logic (DHCSR, DEMCR, FPB), is reset.</summary>
    PowerOn,
    /// <summary>System reset (NRST pin, AIRCR.SYSRESETREQ, watchdog): the core resets, the debug logic keeps its state.</summary>
    System,
    /// <summary>Local core reset (AIRCR.VECTRESET on ARMv7-M); debug state kept.</summary>
    Local,
}

/// <summary>What the board gives a core: its bus, its clock and a way to ask for a system reset.</summary>
public interface ICoreHost
{
    /// <summary>The system bus as this core sees it (the core's own private peripheral bus is not routed here).</summary>
    ISystemBus Bus { get; }

    /// <summary>The core clock in Hz, which converts virtual time to cycles (64 MHz HSI after reset on the H7).</summary>
    long ClockHz { get; }

    /// <summary>Called when the core writes AIRCR.SYSRESETREQ with a valid VECTKEY: the board resets the system.</summary>
    void RequestSystemReset();
}

/// <summary>
/// The execution seam of the virtual board: a core model plugged into the board. The board owns memory,
/// peripherals, pins and time; the core owns its registers, its private peripheral bus (the System Control
/// Space with DHCSR, DCRSR, DCRDR, DEMCR, AIRCR, SysTick, NVIC, FPB) and its execution.
/// The board ships a core that never executes (it halts and reports registers only); the instruction emulator
/// provides one that runs Thumb-2 code. Both are driven the same way by the virtual ST-LINK.
/// </summary>
public interface IExecutableCore
{
    /// <summary>The core's name from the device data (<c>CM7</c>, <c>CM4</c>).</summary>
    string Name { get; }

    /// <summary>The current run state.</summary>
    CoreRunState State { get; }

    /// <summary>Whether the core is sleeping with SCR.SLEEPDEEP set (stop mode entry on the STM32).</summary>
    bool DeepSleep { get; }

    /// <summary>Instructions retired since the last power-on reset (for counters and reports).</summary>
    long InstructionsRetired { get; }

    /// <summary>
    /// A read from the core's private peripheral bus (0xE0000000–0xE00FFFFF) by the debugger through the core's
    /// access port. Debug register semantics (DHCSR key, S_REGRDY, DCRSR transfers) live behind this.
    /// </summary>
    BusStatus ReadPrivate(uint address, AccessSize size, out uint value);

    /// <summary>A write to the core's private peripheral bus by the debugger.</summary>
    BusStatus WritePrivate(uint address, AccessSize size, uint value);

    /// <summary>
    /// Applies a reset. <paramref name="vectorTable"/> is the boot address the board selected (option bytes and
    /// BOOT pin); on leaving reset the core loads SP and PC from it, unless it is held in reset.
    /// </summary>
    void Reset(CoreResetKind kind, uint vectorTable);

    /// <summary>Holds the core in reset (true) or releases it (false), as NRST or the power controller does.</summary>
    void HoldInReset(bool held);

    /// <summary>
    /// Lets the core run for up to <paramref name="cycles"/> core clock cycles and returns how many it used.
    /// A halted, locked-up or held core returns at once; a sleeping core may skip ahead to its next event.
    /// </summary>
    long Advance(long cycles);

    /// <summary>Monotonic core clock cycles consumed since the core was created (executed or skipped); exact inside a bus access the core makes.</summary>
    long Cycles => InstructionsRetired;

    /// <summary>The address of the instruction being executed; exact inside a bus access the core makes.</summary>
    uint CurrentInstructionAddress => 0;

    /// <summary>Drives a level-sensitive external interrupt input (NVIC position, 0-based).</summary>
    void SetInterruptLine(int irq, bool asserted) { }

    /// <summary>The event input (RXEV): sets the event register and wakes WFE.</summary>
    void SignalEvent() { }

    /// <summary>Asks a core inside <see cref="Advance"/> to return at the next instruction boundary.</summary>
    void Yield() { }
}
