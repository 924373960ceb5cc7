namespace Stm32.Build.Diagnostics;

// STM1500–STM1539: the brick-hazard preflight (src/Stm32.Build.Preflight): what the image does to the board in its
// first milliseconds, observed on the virtual board before anything is programmed. docs/preflight.md explains each.
public static partial class DiagnosticCodes
{
    /// <summary>The firmware latches a supply configuration (PWR_CR3) that the board's declared wiring cannot take: the core supply collapses and the debug port goes silent after every reset.</summary>
    public const string PreflightSupplyMismatch = "STM1500";

    /// <summary>The firmware latches a supply configuration and the board's wiring is neither declared nor remembered: the finding names the wiring it requires.</summary>
    public const string PreflightSupplyWiringUnknown = "STM1501";

    /// <summary>The firmware latches a supply configuration different from the one the board last ran with (the remembered board, by its unique ID).</summary>
    public const string PreflightSupplyDiffersFromRemembered = "STM1502";

    /// <summary>The firmware takes SWDIO or SWCLK (PA13/PA14) away from the debug port: the probe loses the target after every reset.</summary>
    public const string PreflightSwdPinsTaken = "STM1505";

    /// <summary>The firmware takes a JTAG-only pin (PA15 JTDI, PB3 JTDO/SWO, PB4 NJTRST): JTAG and SWO stop working, SWD keeps working.</summary>
    public const string PreflightJtagPinsTaken = "STM1506";

    /// <summary>A core enters Stop or Standby (WFI/WFE with SLEEPDEEP) without the DBGMCU bits that keep the debugger connected in that mode.</summary>
    public const string PreflightLowPowerWithoutDebug = "STM1510";

    /// <summary>An independent watchdog is started without its DBGMCU freeze bit: it resets the chip while a debugger halts the core.</summary>
    public const string PreflightWatchdogNotFrozen = "STM1512";

    /// <summary>The firmware changes option bytes (RDP, BCM7/BCM4, boot addresses, write protection, user options): the change outlives every reset and erase.</summary>
    public const string PreflightOptionBytesChanged = "STM1520";

    /// <summary>The firmware erases or programs flash itself (outside what the programmer wrote).</summary>
    public const string PreflightFlashWrittenByFirmware = "STM1521";

    /// <summary>A core takes a HardFault (or another fault) during boot.</summary>
    public const string PreflightFault = "STM1525";

    /// <summary>A core locks up during boot (a fault it cannot handle, or an unusable vector table).</summary>
    public const string PreflightLockup = "STM1526";

    /// <summary>A core waits for ever: it polls one peripheral register whose polled bits never change (a ready flag the board cannot set).</summary>
    public const string PreflightEndlessWait = "STM1530";

    /// <summary>The image cannot be run on the virtual board (no vector table at the boot address, code only in RAM, an initial SP or reset handler the core cannot use).</summary>
    public const string PreflightImageNotRunnable = "STM1535";

    /// <summary>The preflight could not check part of the image (a device without a virtual model: info). A remembered board that cannot be used is the store's own warning, STM1546.</summary>
    public const string PreflightNotChecked = "STM1536";

    /// <summary>A preflight option is invalid (a board for another device, a supply name the device does not have, a time budget out of range).</summary>
    public const string PreflightInvalidRequest = "STM1537";

    /// <summary>The preflight found hazards and the flash was stopped before anything was erased (the hazards are listed before it).</summary>
    public const string PreflightFlashStopped = "STM1538";

    /// <summary>The ELF file's debugging information entries (<c>.debug_info</c>) cannot be read (wholly or partly): code inlined from another function is named by the inlined function's line, not by its call site. A warning.</summary>
    public const string DebugInfoUnreadable = "STM1539";
}
