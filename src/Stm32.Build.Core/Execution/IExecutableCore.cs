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

/// <summary>
/// What the board gives a core: its bus, its clock, a way to ask for a system reset, the TXEV output and an
/// observation channel. The core calls these members from inside <see cref="IExecutableCore.Advance"/>
/// (and <see cref="SendEvent"/> / <see cref="OnCoreEvent"/> also from debugger accesses); the host may call back
/// into the core (<see cref="IExecutableCore.Yield"/>, <see cref="IExecutableCore.SetInterruptLine"/>,
/// <see cref="IExecutableCore.Cycles"/>) from inside any of them.
/// </summary>
public interface ICoreHost
{
    /// <summary>The system bus as this core sees it (the core's own private peripheral bus is not routed here).</summary>
    ISystemBus Bus { get; }

    /// <summary>
    /// The core clock in Hz (64 MHz HSI after reset on the H7). It may change between two
    /// <see cref="IExecutableCore.Advance"/> calls (RCC switching to the PLL): the core reads it again at every
    /// Advance and wherever it needs it (SysTick calibration), never caching it across calls.
    /// </summary>
    long ClockHz { get; }

    /// <summary>
    /// Whether the core's clock stops while it sleeps with SCR.SLEEPDEEP set (the chip's Stop mode: on an STM32 every
    /// clock of the domain stops unless the DBGMCU's DBG_STOP bit keeps it running, e.g. RM0399 7.6 and 60.5.8,
    /// RM0090 38.16.3). While it is stopped, SysTick and the DWT cycle counter do not count, so only an interrupt line
    /// or an event from outside the core wakes it. Read every time the core sleeps deeply; false keeps the clock running.
    /// </summary>
    bool ClockStoppedInDeepSleep { get; }

    /// <summary>Called when the core writes AIRCR.SYSRESETREQ with a valid VECTKEY: the board resets the system.</summary>
    void RequestSystemReset();

    /// <summary>
    /// Called when the core executes SEV (its TXEV output, ARMv7-M B1.5.18): the host routes the event to the other
    /// cores' <see cref="IExecutableCore.SignalEvent"/> (on the STM32H745/H747 each core's TXEV drives the other's
    /// RXEV). The executing core has already set its own event register. A host with one core ignores it.
    /// </summary>
    void SendEvent();

    /// <summary>
    /// Observes what the core did (exception entry, sleep, wake, lockup, debug halt) without scripting anything.
    /// Called synchronously at the moment it happens; <see cref="CoreEvent.Cycles"/> equals the core's
    /// <see cref="IExecutableCore.Cycles"/> then. The event is passed by reference: reporting allocates nothing.
    /// A host that observes nothing ignores it. (No default members: the seam is also built for .NET Framework.)
    /// </summary>
    void OnCoreEvent(in CoreEvent e);
}

/// <summary>
/// The execution seam of the virtual board: a core model plugged into the board. The board owns memory,
/// peripherals, pins and time; the core owns its registers, its private peripheral bus (the System Control
/// Space with DHCSR, DCRSR, DCRDR, DEMCR, AIRCR, SysTick, NVIC, FPB) and its execution.
/// The instruction emulator (<c>CortexMCore</c>) is the board's core; tests may plug in their own. Every core model
/// is driven the same way by the virtual ST-LINK.
/// </summary>
public interface IExecutableCore
{
    /// <summary>The core's name from the device data (<c>CM7</c>, <c>CM4</c>).</summary>
    string Name { get; }

    /// <summary>The current run state.</summary>
    CoreRunState State { get; }

    /// <summary>Whether the core is sleeping with SCR.SLEEPDEEP set (stop mode entry on the STM32).</summary>
    bool DeepSleep { get; }

    /// <summary>
    /// Whether a debugger has enabled halting debug (DHCSR.C_DEBUGEN, ARMv7-M C1.6.2 / ARMv6-M C1.6.3): the core is
    /// in debug mode, as some STM32 parts' debug registers require before the firmware may read them.
    /// </summary>
    bool DebugEnabled { get; }

    /// <summary>Instructions retired since the last power-on reset (for counters and reports).</summary>
    long InstructionsRetired { get; }

    /// <summary>
    /// Core clock cycles consumed since the core was created: executed, or skipped while sleeping or while an idle
    /// loop is fast-forwarded (one instruction is one cycle). Monotonic, never reset. Exact when read from inside a
    /// bus access the core is making: it is then the cycle at which the accessing instruction starts, so the host
    /// timestamps the access as <c>sliceStart + (Cycles - cyclesAtSliceStart) / ClockHz</c>.
    /// </summary>
    long Cycles { get; }

    /// <summary>
    /// The address of the instruction being executed, exact inside a bus access the core makes (during exception
    /// stacking, the stacked return address; during unstacking, the returning instruction). Between instructions it
    /// is the address of the next instruction.
    /// </summary>
    uint CurrentInstructionAddress { get; }

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
    /// Drives the level-sensitive external interrupt input <paramref name="irq"/> (the NVIC position, 0-based;
    /// the device's <c>interruptCount</c> lines exist). While the line is asserted and the interrupt is not active it
    /// is pending; a rising edge pends it (also while active); when its handler returns with the line still asserted
    /// it pends again (ARMv7-M B3.4.1, ARMv6-M B3.4 "level-sensitive interrupts"); deasserting it does not clear a
    /// pending state. An asserted, enabled line wakes WFI, and WFE when SCR.SEVONPEND is set or the interrupt
    /// preempts. Callable at any time, from inside a bus access of this or another core too.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="irq"/> is not an implemented line.</exception>
    void SetInterruptLine(int irq, bool asserted);

    /// <summary>
    /// The RXEV input: sets the event register (ARMv7-M B1.5.18) and wakes a core sleeping in WFE.
    /// The host calls it with another core's <see cref="ICoreHost.SendEvent"/> (or an EXTI event line).
    /// </summary>
    void SignalEvent();

    /// <summary>
    /// Asks a core that is inside <see cref="Advance"/> to return at the next instruction boundary (the host needs
    /// control: a peripheral scheduled an event earlier than the slice end, the clock changed, a reset is due).
    /// Callable from inside a bus access or a host callback of the same core; ignored when the core is not in Advance.
    /// </summary>
    void Yield();

    /// <summary>
    /// Lets the core run for up to <paramref name="cycles"/> core clock cycles and returns how many it used.
    /// A halted, locked-up or held core returns 0 at once; a sleeping core skips ahead to its next event; a core
    /// spinning in an idle polling loop (no store that changes anything, the same state at every iteration, the same
    /// values loaded) may skip to the end of the budget, bounded by its own SysTick. The host therefore sizes each
    /// budget to end at its next scheduled event: any peripheral value the core can read must change only at such an
    /// event (as interrupt lines must). Returns early after <see cref="Yield"/> or a system reset request.
    /// </summary>
    long Advance(long cycles);
}
