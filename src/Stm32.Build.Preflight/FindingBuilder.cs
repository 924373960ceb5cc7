using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.H7;
using Stm32.Build.VirtualBoard.Peripherals;

namespace Stm32.Build.Preflight;

/// <summary>Turns the evidence of one dry run (the chip trace, faults, waits) into findings.</summary>
internal sealed partial class FindingBuilder(PreflightRequest request, BootRun run, CodeLocator locator)
{
    private readonly List<PreflightFinding> _findings = [];

    public IReadOnlyList<PreflightFinding> Build()
    {
        var events = run.Chip.Trace.Events;
        Supply(events);
        DebugPins(events);
        LowPower(events);
        Watchdogs(events);
        FlashWrites(events);
        OptionBytes(events);
        Faults();
        Waits();
        return _findings;
    }

    private static string Ms(double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture);

    private string CoreName(int core) => core >= 0 && core < run.Chip.Device.Cores.Count ? run.Chip.Device.Cores[core].Name : "the chip";

    private string? FileOf(int core) =>
        request.Images.FirstOrDefault(i => string.Equals(i.Core, CoreName(core), StringComparison.OrdinalIgnoreCase))?.Path;

    /// <summary>" at 0x08000412 in HAL_PWREx_ConfigSupply+0x1a (pwr.c:27)".</summary>
    private string At(uint pc) => pc == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" at 0x{pc:X8}{locator.Where(pc)}");

    private PreflightFinding Located(PreflightFinding finding, int core, long timeNs, uint pc, uint? value = null) => finding with
    {
        Core = core >= 0 ? CoreName(core) : null,
        TimeMs = Math.Round(run.Ms(timeNs), 3),
        Address = pc == 0 ? null : pc,
        Value = value,
        Symbol = pc == 0 ? null : locator.Function(pc),
        Source = pc == 0 ? null : locator.Source(pc),
        File = FileOf(core),
    };

    private void Supply(IReadOnlyList<ChipEvent> events)
    {
        if (events.FirstOrDefault(e => e.Kind == ChipEventKind.SupplyConfigured) is not { } latched)
        {
            return;
        }
        var smps = H7SupplyConfiguration.HasSmps(request.Device);
        if (H7SupplyConfiguration.IsPowerOnDefault(latched.Value, smps))
        {
            return;
        }
        var written = H7SupplyConfiguration.Describe(latched.Value, smps);
        var needs = H7SupplyConfiguration.Decode(latched.Value, smps);
        var t = Ms(run.Ms(latched.TimeNs));
        var what = $"{CoreName(latched.Core)} latches the supply configuration PWR_CR3 = {written} {t} ms after reset{At(latched.Pc)}";
        var brick = $"after flashing, the core supply collapses {t} ms after every reset: the download verifies, then the debug port stops answering " +
                    "('Target is not responding', 'No STM32 target found') and connect-under-reset fails too; only BOOT0 high, a power cycle and a full erase bring the board back, " +
                    "and the next flash of this image does it again";
        var declared = SupplyEvidence.Declared(request);
        var remembered = SupplyEvidence.Remembered(request);
        var lost = events.Any(e => e.Kind == ChipEventKind.SupplyLost);
        if (declared is { } d)
        {
            if (lost || !H7SupplyConfiguration.Accepts(d, latched.Value, smps))
            {
                _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightSupplyMismatch, DiagnosticSeverity.Error,
                    $"{what}; the board{(request.Board is { } b ? $" '{b.Name}'" : "")} is wired for {SupplyWiringNames.Name(d)} ({SupplyWiringNames.HalName(d)}, declared)",
                    brick, $"configure the supply the board is wired for: HAL_PWREx_ConfigSupply({SupplyWiringNames.HalName(d)}) in SystemClock_Config " +
                    "(CubeMX: RCC > Power Parameters > Supply Source); if the board really is wired otherwise, declare that wiring (--supply / Stm32BoardSupply)"),
                    latched.Core, latched.TimeNs, latched.Pc, latched.Value));
                return;
            }
        }
        if (remembered is { } r && request.Remembered is { } memory && !H7SupplyConfiguration.Accepts(r, latched.Value, smps))
        {
            _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightSupplyDiffersFromRemembered, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture,
                    $"{what}; this board (chip {memory.UniqueId}) last ran with PWR_CR3 = {H7SupplyConfiguration.Describe(memory.PwrCr3, smps)} (observed {memory.Observed:yyyy-MM-dd HH:mm})"),
                brick, $"build the image with the supply this board runs with (HAL_PWREx_ConfigSupply({SupplyWiringNames.HalName(r)})); if the board was rewired, declare the new wiring (--supply / Stm32BoardSupply)"),
                latched.Core, latched.TimeNs, latched.Pc, latched.Value));
            return;
        }
        if (declared is null && remembered is null)
        {
            var required = needs is { } n ? $"{SupplyWiringNames.Name(n)} ({SupplyWiringNames.HalName(n)})" : "a wiring no board has";
            _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightSupplyWiringUnknown, DiagnosticSeverity.Warning,
                $"{what}; the board's supply wiring is neither declared nor remembered, and this configuration requires a board wired for {required}",
                $"on a board wired any other way the core supply collapses {t} ms after every reset and the debug port stops answering; only BOOT0 high, a power cycle and a full erase recover it",
                "declare the board (--board / --supply, Stm32Board / Stm32BoardSupply) so the preflight can check the wiring"),
                latched.Core, latched.TimeNs, latched.Pc, latched.Value));
        }
    }

    private void DebugPins(IReadOnlyList<ChipEvent> events)
    {
        var pins = events.Where(e => e.Kind == ChipEventKind.DebugPinReassigned && e.Core >= 0).ToList();
        var swd = pins.Where(e => e.Message.StartsWith("SWDIO", StringComparison.Ordinal) || e.Message.StartsWith("SWCLK", StringComparison.Ordinal)).ToList();
        var jtag = pins.Except(swd).ToList();
        if (swd.Count > 0)
        {
            var first = swd[0];
            var t = Ms(run.Ms(first.TimeNs));
            _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightSwdPinsTaken, DiagnosticSeverity.Error,
                $"{CoreName(first.Core)} takes the SWD pins away from the debug port {t} ms after reset{At(first.Pc)}: {PinChanges(swd)}",
                $"after flashing, the debug port stops answering {t} ms after every reset ('Target is not responding'); connect-under-reset still gets in, " +
                "because the pins are debug pins again while NRST is held",
                "keep PA13/PA14 as SYS_JTMS-SWDIO/SYS_JTCK-SWCLK (CubeMX: SYS > Debug: Serial Wire) or reassign them only after the debugger had its chance (a delay or a button)"),
                first.Core, first.TimeNs, first.Pc, first.Value));
        }
        if (jtag.Count > 0)
        {
            var first = jtag[0];
            _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightJtagPinsTaken, DiagnosticSeverity.Warning,
                $"{CoreName(first.Core)} takes JTAG/trace pins {Ms(run.Ms(first.TimeNs))} ms after reset{At(first.Pc)}: {PinChanges(jtag)}",
                "JTAG probes and SWO trace stop working after every reset; SWD keeps working",
                "use SWD (Serial Wire) for debugging, or keep PA15/PB3/PB4 in their debug function (CubeMX: SYS > Debug: JTAG)"),
                first.Core, first.TimeNs, first.Pc, first.Value));
        }
    }

    /// <summary>"SWDIO (PA13) switched from AF0 to output; ..." from the trace messages (the part before the effect).</summary>
    private static string PinChanges(IEnumerable<ChipEvent> events) =>
        string.Join("; ", events.Select(e => e.Message.Split(':')[0]).Distinct());

    private void LowPower(IReadOnlyList<ChipEvent> events)
    {
        var seen = new HashSet<(int, string)>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Kind != ChipEventKind.LowPowerEntered || e.Core < 0 || !run.ImageCores.Contains(e.Core))
            {
                continue;
            }
            var domain = e.Message.Split(' ')[0];
            if (!seen.Add((e.Core, domain)))
            {
                continue;
            }
            // One stop that a wake-up ended (the Cortex-M4 parked in D2 Stop until the Cortex-M7 releases it, as
            // CubeMX's dual-core boot does) leaves the debugger a way in; a core still asleep at the end, or one that
            // goes back to sleep, does not.
            var entries = events.Count(x => x.Kind == ChipEventKind.LowPowerEntered && x.Core == e.Core && x.Message.StartsWith(domain + " ", StringComparison.Ordinal));
            var core = run.Chip.Cores[e.Core];
            if (entries == 1 && !(core.State == Execution.CoreRunState.Sleeping && core.DeepSleep))
            {
                continue;
            }
            // A single stop still in progress when the core supply collapsed says nothing about the firmware: the
            // wake-up it waits for (the other core's release) never came because the chip lost power, which the
            // supply finding already names as the cause.
            if (entries == 1 && events.FirstOrDefault(x => x.Kind == ChipEventKind.SupplyLost) is { } collapse && collapse.TimeNs >= e.TimeNs)
            {
                continue;
            }
            // The WFI/WFE itself is the core's last sleep event before the domain went down.
            var sleep = events.Take(i).LastOrDefault(s => s.Kind == ChipEventKind.CoreSleep && s.Core == e.Core);
            var pc = sleep?.Pc ?? e.Pc;
            var t = Ms(run.Ms(sleep?.TimeNs ?? e.TimeNs));
            var how = sleep is null ? "" : $" ({sleep.Message.Replace(CoreName(e.Core) + " ", "")})";
            _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightLowPowerWithoutDebug, DiagnosticSeverity.Error,
                $"{CoreName(e.Core)} enters low power {t} ms after reset{how}{At(pc)}: {e.Message}",
                $"after flashing, from {t} ms after every reset the debugger cannot halt the {CoreName(e.Core)} or read memory while it sleeps ('Target is not responding'); " +
                "only a wake-up or connect-under-reset gets in",
                "in debug builds set the DBGMCU low-power debug bits before entering Stop/Standby (HAL_DBGMCU_EnableDBGSleepMode, HAL_DBGMCU_EnableDBGStopMode, " +
                "HAL_DBGMCU_EnableDBGStandbyMode, HAL_EnableDomain3DBGStopMode: DBGMCU_CR), or enter low power only after the debugger had its chance"),
                e.Core, sleep?.TimeNs ?? e.TimeNs, pc, e.Value));
        }
    }

    private void Watchdogs(IReadOnlyList<ChipEvent> events)
    {
        var starts = events.Where(e => e.Kind == ChipEventKind.WatchdogStarted && e.Core >= 0 && e.Source.StartsWith("IWDG", StringComparison.Ordinal)).ToList();
        // One finding per watchdog: the first start (firmware restarted by its own watchdog starts it again each time).
        foreach (var e in starts.DistinctBy(e => e.Source.Split('.')[0]))
        {
            var name = e.Source.Split('.')[0];
            var again = starts.Count(s => s.Source.Split('.')[0] == name) - 1;
            var cpu = name == "IWDG2" ? 1 : 0;
            if (run.Chip.Family.WatchdogFreeze(name, cpu) is not { } freeze || freeze.Frozen)
            {
                continue; // frozen (possibly set after the start, before the end of the run): not a hazard
            }
            var bit = freeze.Bit;
            var t = Ms(run.Ms(e.TimeNs));
            _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightWatchdogNotFrozen, DiagnosticSeverity.Warning,
                $"{CoreName(e.Core)} starts {name} {t} ms after reset{At(e.Pc)} without {bit}: {e.Message}"
                + (again > 0 ? string.Create(CultureInfo.InvariantCulture, $" (started again after each of {again} reset(s) during the dry run)") : ""),
                $"whenever a debugger halts the {CoreName(cpu)} (after flashing, at a breakpoint) {name} keeps counting and resets the chip; the debug session is lost, again after every timeout",
                $"in debug builds freeze it under debug before HAL_IWDG_Init: __HAL_DBGMCU_FREEZE_{(name == "IWDG" ? "IWDG" : name)}() ({bit})"),
                e.Core, e.TimeNs, e.Pc));
        }
    }
}
