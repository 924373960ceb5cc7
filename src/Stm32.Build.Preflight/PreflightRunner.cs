using System.Diagnostics;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.H7;
using Stm32.Build.VirtualBoard.Peripherals;

namespace Stm32.Build.Preflight;

/// <summary>
/// The brick-hazard preflight: boots the linked images from reset on the virtual board (the twin: the chip's
/// peripheral models on the board's wiring, the cores on the instruction emulator) for a bounded virtual time, and
/// turns what the firmware did to the chip — read from the chip's trace, its core events and its peripheral
/// accesses, never by changing a model — into findings (STM1500–STM1539, docs/preflight.md).
/// </summary>
public static class PreflightRunner
{
    /// <summary>The slice of virtual time between two checks for an early end (supply lost, every core stopped).</summary>
    private const long StepNs = 1_000_000;

    /// <summary>A wait shorter than this at the end of the budget is not a candidate endless wait.</summary>
    private const long MinWaitNs = 20_000_000;

    /// <summary>A poll whose last read is this recent still counts as polling (an interrupt may be running now).</summary>
    private const long RecentReadNs = 2_000_000;

    /// <summary>The step while a candidate wait is followed; the core's PC is sampled after each.</summary>
    private const long FollowStepNs = 5_000_000;

    /// <summary>Runs the dry run. Bad requests are coded errors (STM1537); an image that cannot run is a finding.</summary>
    public static PreflightResult Run(PreflightRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        var budget = request.Budget ?? PreflightRequest.DefaultBudget;
        Check(request, budget);
        var device = request.Device;
        var findings = new List<PreflightFinding>();
        var locator = new CodeLocator();
        foreach (var image in request.Images)
        {
            locator.Add(image);
        }
        if (!IsModelled(device))
        {
            findings.Add(new PreflightFinding(DiagnosticCodes.PreflightNotChecked, DiagnosticSeverity.Info,
                $"the image was not booted: the virtual board has no model of the {device.Family} family ({device.Name}) yet",
                "nothing was checked about what the firmware does to the board", "no action needed; flash as usual"));
            return new PreflightResult(findings, [], TimeSpan.Zero, stopwatch.Elapsed, "none");
        }
        var runnable = new List<PreflightImage>();
        foreach (var image in request.Images)
        {
            if (ImageRunnability.Check(device, image) is { } problem)
            {
                findings.Add(problem);
            }
            else
            {
                runnable.Add(image);
            }
        }
        if (runnable.Count == 0)
        {
            return new PreflightResult(findings, [], TimeSpan.Zero, stopwatch.Elapsed, "none");
        }
        var wiring = SupplyEvidence.RunWiring(request, out var boardWords);
        var run = Boot(request, runnable, wiring, hseBypass: false, lseBypass: false, budget);
        if (request.Board is null && (run.Watch.HseBypassWritten || run.Watch.LseBypassWritten))
        {
            // The assumed board drives its oscillators as the firmware expects (a Nucleo's MCO is an external clock).
            run = Boot(request, runnable, wiring, run.Watch.HseBypassWritten, run.Watch.LseBypassWritten, budget);
        }
        findings.AddRange(new FindingBuilder(request, run, locator).Build());
        findings.Sort((a, b) => (a.TimeMs ?? -1).CompareTo(b.TimeMs ?? -1));
        var cores = run.Chip.Cores.Select((core, i) => CoreState(run, i, locator)).ToList();
        return new PreflightResult(findings, cores, TimeSpan.FromTicks((run.EndNs - run.StartNs) / 100), stopwatch.Elapsed, boardWords)
        {
            Console = run.Chip.ConsoleText,
            SupplyLatched = run.Chip.Trace.Events.FirstOrDefault(e => e.Kind == ChipEventKind.SupplyConfigured)?.Value,
        };
    }

    /// <summary>Whether the device has a virtual chip model (the STM32H7 family today).</summary>
    public static bool IsModelled(DeviceDescription device) =>
        string.Equals(device.Family, "STM32H7", StringComparison.OrdinalIgnoreCase)
        && string.Equals(device.FlashDriver, "stm32h7", StringComparison.OrdinalIgnoreCase);

    private static void Check(PreflightRequest request, TimeSpan budget)
    {
        if (budget <= TimeSpan.Zero || budget > PreflightRequest.MaxBudget)
        {
            throw Invalid($"the boot time {budget.TotalMilliseconds} ms is out of range: 1 ms to {PreflightRequest.MaxBudget.TotalMilliseconds} ms");
        }
        if (request.Images.Count == 0)
        {
            throw Invalid("no image to boot");
        }
        foreach (var group in request.Images.GroupBy(i => i.Core.ToUpperInvariant()))
        {
            if (!request.Device.Cores.Any(c => string.Equals(c.Name, group.Key, StringComparison.OrdinalIgnoreCase)))
            {
                throw Invalid($"the {request.Device.Name} has no core '{group.Key}'; its cores are {string.Join(", ", request.Device.Cores.Select(c => c.Name))}");
            }
        }
        if (request.Board is { } board && !string.Equals(DeviceName(board.Device), request.Device.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"board '{board.Name}' carries an {board.Device}, not the {request.Device.Name}", board.Source);
        }
        if (request.DeclaredSupply is { } supply && IsModelled(request.Device)
            && !H7SupplyConfiguration.Available(H7SupplyConfiguration.HasSmps(request.Device)).Contains(supply))
        {
            throw Invalid($"the {request.Device.Name} has no {SupplyWiringNames.Name(supply)} supply configuration (it has no SMPS)");
        }
    }

    private static string DeviceName(string name) => DeviceCatalog.BuiltIn.TryGet(name, out var d) ? d.Name : name;

    private static Stm32Exception Invalid(string message, string? file = null) =>
        new(new Diagnostic(DiagnosticCodes.PreflightInvalidRequest, DiagnosticSeverity.Error, message, string.IsNullOrEmpty(file) ? null : file));

    /// <summary>Builds the chip on the board, places the images in flash as a programmer would, resets and runs.</summary>
    private static BootRun Boot(PreflightRequest request, IReadOnlyList<PreflightImage> images, SupplyWiring? wiring, bool hseBypass, bool lseBypass, TimeSpan budget)
    {
        var device = request.Device;
        var board = (request.Board ?? AssumedBoard(device, hseBypass, lseBypass)) with { Supply = wiring };
        var clock = new VirtualClock();
        var chip = new VirtualChip(device, clock, new BoardCounters(), board: board);
        foreach (var image in images)
        {
            // The bytes a programmer writes (ImageRunnability has refused a segment that runs out of its bank).
            chip.Family.Preload(device, ImageRunnability.FlashSegments(device, image), image.Path);
        }
        chip.SystemReset();
        var imageCores = new HashSet<int>(images.Select(i => chip.CoreIndex(i.Core)));
        for (var i = 0; i < device.Cores.Count; i++)
        {
            if (!imageCores.Contains(i))
            {
                // No image for this core: hold it halted, as a debugger does, instead of running whatever its bank holds.
                chip.AccessPortBus(device.Cores[i].AccessPort)?.Write(0xE000_EDF0, AccessSize.Word, 0xA05F_0003);
            }
        }
        chip.Trace.Clear();
        var run = new BootRun(chip, clock, imageCores, new PollWatch(device.Cores.Count, () => chip.Scheduler.Now), chip.Scheduler.Now);
        chip.Context.AccessObserver = run.Watch;
        chip.CoreEventRaised += run.OnCoreEvent;
        chip.Trace.Recorded += run.OnTrace;
        var end = run.StartNs + budget.Ticks * 100;
        while (clock.Nanoseconds < end && !run.Finished)
        {
            clock.Advance(Math.Min(StepNs, end - clock.Nanoseconds));
            chip.AdvanceTo(clock.Nanoseconds);
        }
        FollowWaits(request, run);
        run.EndNs = chip.Scheduler.Now;
        chip.Context.AccessObserver = null;
        return run;
    }

    /// <summary>
    /// A core still polling one unchanged register at the end is followed for <see cref="PreflightRequest.WaitConfirmation"/>
    /// more: a wait that ends within it (a slow oscillator, a HAL timeout) is not reported.
    /// </summary>
    private static void FollowWaits(PreflightRequest request, BootRun run)
    {
        var now = run.Chip.Scheduler.Now;
        var candidates = run.ImageCores.Select(i => (Core: i, Run: run.Watch.Run(i)))
            .Where(c => c.Run is { } r && run.Chip.Cores[c.Core].State == CoreRunState.Running && now - r.StartNs >= MinWaitNs
                        && (InLoop(run, c.Core, r) || now - r.LastNs < RecentReadNs))
            .Select(c => (c.Core, Run: c.Run!, c.Run!.Generation))
            .ToList();
        if (candidates.Count == 0 || run.Finished)
        {
            return;
        }
        var inside = new int[run.Chip.Cores.Count];
        var samples = 0;
        var end = run.Clock.Nanoseconds + request.WaitConfirmation.Ticks * 100;
        while (run.Clock.Nanoseconds < end && candidates.Any(c => Unchanged(run, c.Core, c.Run, c.Generation)) && !run.Finished)
        {
            run.Clock.Advance(Math.Min(FollowStepNs, end - run.Clock.Nanoseconds));
            run.Chip.AdvanceTo(run.Clock.Nanoseconds);
            samples++;
            foreach (var (core, poll, _) in candidates)
            {
                inside[core] += InLoop(run, core, poll) ? 1 : 0;
            }
        }
        foreach (var (core, poll, generation) in candidates)
        {
            // Still the same run, and the core was found inside the loop at most samples (not in a fault handler or an
            // Error_Handler it reached after giving up).
            if (Unchanged(run, core, poll, generation) && run.Chip.Cores[core].State == CoreRunState.Running && inside[core] * 2 > samples)
            {
                run.Waits.Add((core, poll.Snapshot()));
            }
        }
    }

    private static bool Unchanged(BootRun run, int core, PollRun poll, long generation) =>
        ReferenceEquals(run.Watch.Run(core), poll) && poll.Generation == generation;

    /// <summary>Whether core <paramref name="core"/>'s next instruction is inside the polling loop's stretch of code.</summary>
    private static bool InLoop(BootRun run, int core, PollRun poll)
    {
        var pc = run.Chip.Cores[core].CurrentInstructionAddress;
        return pc + PollWatch.LoopSpan >= poll.MinPc && pc <= poll.MaxPc + PollWatch.LoopSpan;
    }

    /// <summary>
    /// The board used when none is declared: the device with a 25 MHz crystal (or an 8 MHz external clock when the
    /// firmware bypasses the oscillator, as on Nucleo boards) and a 32.768 kHz LSE, NRST wired, BOOT0 low.
    /// </summary>
    private static BoardDescription AssumedBoard(DeviceDescription device, bool hseBypass, bool lseBypass) => new()
    {
        Name = "assumed",
        Description = "no board declared: the device with the oscillators its firmware enables",
        Device = device.Name,
        Hse = hseBypass ? new Oscillator(8_000_000, OscillatorMode.Bypass) : new Oscillator(25_000_000, OscillatorMode.Crystal),
        Lse = new Oscillator(32_768, lseBypass ? OscillatorMode.Bypass : OscillatorMode.Crystal),
        Source = "preflight",
    };

    private static PreflightCoreState CoreState(BootRun run, int index, CodeLocator locator)
    {
        var core = run.Chip.Cores[index];
        var name = run.Chip.Device.Cores[index].Name;
        if (!run.ImageCores.Contains(index))
        {
            return new PreflightCoreState(name, "not-run", 0, null, 0);
        }
        var state = run.Chip.SupplyLost ? "unpowered" : core.State switch
        {
            CoreRunState.Running => "running",
            CoreRunState.Sleeping => core.DeepSleep ? "deep-sleep" : "sleeping",
            CoreRunState.Halted => "halted",
            CoreRunState.LockedUp => "locked-up",
            _ => "in-reset",
        };
        var pc = core.CurrentInstructionAddress;
        return new PreflightCoreState(name, state, pc, locator.Function(pc), core.InstructionsRetired);
    }
}
