namespace Stm32.Build.Execution;

/// <summary>What happened in a core, as reported through <see cref="ICoreHost.OnCoreEvent"/>.</summary>
public enum CoreEventKind : byte
{
    /// <summary>
    /// The core entered an exception handler (ARMv7-M B1.5.6, ARMv6-M B1.5.6), tail-chained ones included.
    /// <see cref="CoreEvent.Exception"/> is the exception number (3 HardFault, 4 MemManage, 5 BusFault,
    /// 6 UsageFault, 11 SVCall, 15 SysTick, 16 + n for external interrupt n); <see cref="CoreEvent.Pc"/> is the
    /// return address the exception stacked: for a fault, the faulting instruction; for SVC, the instruction after
    /// it; for an interrupt, the instruction that was about to execute.
    /// </summary>
    ExceptionEntry,

    /// <summary>
    /// The core went to sleep in WFI or WFE (or on exception return with SCR.SLEEPONEXIT). <see cref="CoreEvent.Pc"/>
    /// is the address of the WFI/WFE instruction (for sleep-on-exit, the return address),
    /// <see cref="CoreEvent.DeepSleep"/> is SCR.SLEEPDEEP and <see cref="CoreEvent.WaitForEvent"/> tells WFE from WFI.
    /// </summary>
    Sleep,

    /// <summary>The core woke from WFI/WFE sleep; <see cref="CoreEvent.Pc"/> is the instruction it resumes at.</summary>
    Wake,

    /// <summary>
    /// The core locked up (ARMv7-M B1.5.15: a fault it could not escalate). <see cref="CoreEvent.Pc"/> is the return
    /// address of the exception whose entry failed (the PC the core then reports is 0xEFFFFFFE).
    /// </summary>
    Lockup,

    /// <summary>
    /// The core entered debug state (DHCSR.S_HALT); <see cref="CoreEvent.HaltCause"/> says why and
    /// <see cref="CoreEvent.Pc"/> is the debug return address.
    /// </summary>
    DebugHalt,
}

/// <summary>Why a core entered debug state (ARMv7-M C1.5, DFSR).</summary>
public enum CoreHaltCause : byte
{
    /// <summary>Not a debug halt event.</summary>
    None,
    /// <summary>The debugger wrote DHCSR.C_HALT (DFSR.HALTED).</summary>
    HaltRequest,
    /// <summary>A single step (DHCSR.C_STEP) completed (DFSR.HALTED).</summary>
    Step,
    /// <summary>A BKPT instruction executed with halting debug enabled (DFSR.BKPT).</summary>
    Breakpoint,
    /// <summary>A Flash Patch and Breakpoint (or ARMv6-M BPU) comparator matched (DFSR.BKPT).</summary>
    HardwareBreakpoint,
    /// <summary>A vector catch (DEMCR.VC_*) matched: reset or a fault handler entry (DFSR.VCATCH).</summary>
    VectorCatch,
}

/// <summary>
/// One observation of a core, passed by reference to <see cref="ICoreHost.OnCoreEvent"/> so that reporting costs no
/// allocation. The fields that do not apply to <see cref="Kind"/> are zero.
/// </summary>
public readonly struct CoreEvent
{
    private CoreEvent(CoreEventKind kind, long cycles, uint pc, int exception, bool deepSleep, bool waitForEvent, bool tailChained, CoreHaltCause haltCause)
    {
        Kind = kind;
        Cycles = cycles;
        Pc = pc;
        Exception = exception;
        DeepSleep = deepSleep;
        WaitForEvent = waitForEvent;
        TailChained = tailChained;
        HaltCause = haltCause;
    }

    /// <summary>What happened.</summary>
    public CoreEventKind Kind { get; }

    /// <summary>The core's <see cref="IExecutableCore.Cycles"/> when it happened.</summary>
    public long Cycles { get; }

    /// <summary>The address the event is attributed to (see <see cref="CoreEventKind"/>).</summary>
    public uint Pc { get; }

    /// <summary>For <see cref="CoreEventKind.ExceptionEntry"/>: the exception number.</summary>
    public int Exception { get; }

    /// <summary>For <see cref="CoreEventKind.Sleep"/>: SCR.SLEEPDEEP was set (Stop/Standby entry on an STM32).</summary>
    public bool DeepSleep { get; }

    /// <summary>For <see cref="CoreEventKind.Sleep"/>: the core sleeps in WFE (true) or WFI / sleep-on-exit (false).</summary>
    public bool WaitForEvent { get; }

    /// <summary>For <see cref="CoreEventKind.ExceptionEntry"/>: the exception was tail-chained from the return of another.</summary>
    public bool TailChained { get; }

    /// <summary>For <see cref="CoreEventKind.DebugHalt"/>: why the core halted.</summary>
    public CoreHaltCause HaltCause { get; }

    /// <summary>An exception entry.</summary>
    public static CoreEvent ExceptionEntered(long cycles, int exception, uint returnAddress, bool tailChained) =>
        new(CoreEventKind.ExceptionEntry, cycles, returnAddress, exception, false, false, tailChained, CoreHaltCause.None);

    /// <summary>Sleep entry.</summary>
    public static CoreEvent SleepEntered(long cycles, uint pc, bool deepSleep, bool waitForEvent) =>
        new(CoreEventKind.Sleep, cycles, pc, 0, deepSleep, waitForEvent, false, CoreHaltCause.None);

    /// <summary>Wake-up from sleep.</summary>
    public static CoreEvent WokeUp(long cycles, uint pc) =>
        new(CoreEventKind.Wake, cycles, pc, 0, false, false, false, CoreHaltCause.None);

    /// <summary>Lockup entry.</summary>
    public static CoreEvent LockedUp(long cycles, uint pc) =>
        new(CoreEventKind.Lockup, cycles, pc, 0, false, false, false, CoreHaltCause.None);

    /// <summary>Debug halt entry.</summary>
    public static CoreEvent Halted(long cycles, uint pc, CoreHaltCause cause) =>
        new(CoreEventKind.DebugHalt, cycles, pc, 0, false, false, false, cause);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        CoreEventKind.ExceptionEntry => $"exception {Exception} at 0x{Pc:X8}{(TailChained ? " (tail-chained)" : string.Empty)}, cycle {Cycles}",
        CoreEventKind.Sleep => $"{(WaitForEvent ? "WFE" : "WFI")} sleep{(DeepSleep ? " (deep)" : string.Empty)} at 0x{Pc:X8}, cycle {Cycles}",
        CoreEventKind.Wake => $"wake at 0x{Pc:X8}, cycle {Cycles}",
        CoreEventKind.Lockup => $"lockup at 0x{Pc:X8}, cycle {Cycles}",
        _ => $"debug halt ({HaltCause}) at 0x{Pc:X8}, cycle {Cycles}",
    };
}
