using System.Diagnostics;
using System.Globalization;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.VirtualBoard.Running;

namespace Stm32.Benchmarks;

/// <summary>
/// Host time per second of virtual time of the twin (the virtual STM32H747 running firmware on the instruction
/// emulator), for the HAL-style test firmware (tests/firmware/h747hal) on a board wired for its supply: the main
/// loop idling in WFI between SysTick interrupts (<c>HAL_DELAY_SLEEP</c>), in Stop with the DBGMCU low-power debug
/// bits (variant <c>stop-dbg</c>, woken by nothing), and busy-waiting on the tick (the <c>clean</c> build's
/// <c>HAL_Delay</c>), each single-core (the Cortex-M4 locks up on its erased bank, as on silicon) and dual-core where
/// the firmware has a dual-core build. Each case runs three times side by side in this process: every powered core
/// sliced at the 5 µs quantum (<see cref="ChipScheduler.SkipIdleCores"/> and
/// <see cref="ChipScheduler.StretchParkedSlices"/> off), idle cores skipped but executing cores still sliced at the
/// quantum (<see cref="ChipScheduler.StretchParkedSlices"/> off), and the default (rounds stretched while every
/// executing core is parked in a proven fixed-point loop). The three runs' UART text and end states must be identical.
/// (Retired-instruction counts are printed, not compared: a slice that ends between two cycles of a core rounds its
/// budget down, so they differ by a few hundredths of a per mille wherever slices end.)
/// Run: <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- twin [virtual ms]</c>.
/// </summary>
public static class TwinSpeed
{
    /// <summary>The board the firmware expects (LDO supply, 25 MHz HSE).</summary>
    public const string BoardName = "custom-h747-ldo";

    private sealed record Case(string Name, string[] Images);

    /// <summary>Runs the measurements and prints the table; returns the process exit code.</summary>
    public static int Run(TextWriter output, double virtualMs = 1000)
    {
        var clean = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        var sleep = FirmwareBuilder.Build(Sleeping(FirmwareBuilder.SpecFor(HalVariant.Clean)));
        var stop = FirmwareBuilder.BuildH747Hal(HalVariant.StopDbg);
        var dual = FirmwareBuilder.BuildH747HalDualCore(DualCoreVariant.Clean);
        var (dual7, dual4) = FirmwareBuilder.SpecFor(DualCoreVariant.Clean);
        var dualSleep = new[] { FirmwareBuilder.Build(Sleeping(dual7)), FirmwareBuilder.Build(Sleeping(dual4)) };
        Case[] cases =
        [
            new("WFI idle, CM7 (CM4 locked up)", [sleep]),
            new("WFI idle, both cores", dualSleep),
            new("Stop + DBGMCU bits, CM7", [stop]),
            new("spin (HAL_Delay polls), CM7", [clean]),
            new("spin (HAL_Delay polls), both cores", [dual.Cm7Elf, dual.Cm4Elf]),
        ];
        Measure(cases[1], 20, Mode.Stretched); // JIT warm-up
        output.WriteLine($"Twin speed: host seconds per virtual second over {virtualMs:0} ms of virtual time in the main loop ({SettleMs:0} ms after power-on), board {BoardName}");
        output.WriteLine("firmware | all cores sliced | idle cores skipped | + parked rounds stretched | speed-up vs all / vs idle-skipped | scheduler rounds per virtual ms (all / idle / stretched) | identical | end state | instructions retired");
        output.WriteLine("---------|------------------|--------------------|---------------------------|------------------------------------|-------------------------------------------------------|-----------|-----------|----------------------");
        var failed = false;
        foreach (var c in cases)
        {
            var all = Measure(c, virtualMs, Mode.AllSliced);
            var idle = Measure(c, virtualMs, Mode.IdleSkipped);
            var now = Measure(c, virtualMs, Mode.Stretched);
            var same = all.Outcome == now.Outcome && idle.Outcome == now.Outcome;
            failed |= !same || now.Uart.Length == 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name} | {all.HostPerVirtual:0.000} | {idle.HostPerVirtual:0.000} | {now.HostPerVirtual:0.000} | {all.HostPerVirtual / now.HostPerVirtual:0.0}x / {idle.HostPerVirtual / now.HostPerVirtual:0.0}x | {all.RoundsPerMs:0.#} / {idle.RoundsPerMs:0.#} / {now.RoundsPerMs:0.#} | {(same ? "yes" : "NO")} | {now.States}, {Lines(now.Uart)} UART lines | retired (all / idle / stretched): {all.Retired} / {idle.Retired} / {now.Retired}"));
            if (!same)
            {
                output.WriteLine($"  all cores sliced:   {all.Outcome.Replace("\r\n", " / ", StringComparison.Ordinal)}");
                output.WriteLine($"  idle cores skipped: {idle.Outcome.Replace("\r\n", " / ", StringComparison.Ordinal)}");
                output.WriteLine($"  stretched:          {now.Outcome.Replace("\r\n", " / ", StringComparison.Ordinal)}");
            }
        }
        return failed ? 1 : 0;
    }

    /// <summary>A HAL-style build with <c>HAL_DELAY_SLEEP</c>: <c>HAL_Delay</c> sleeps in WFI between ticks.</summary>
    private static FirmwareSpec Sleeping(FirmwareSpec spec) => spec with { Name = spec.Name + "-wfi", Defines = [.. spec.Defines, "HAL_DELAY_SLEEP"] };

    private static int Lines(string text) => text.Count(c => c == '\n');

    /// <summary>Virtual time run from power-on before measuring: the start-up (clocks, UART set-up, the dual-core
    /// handshake) is over and the firmware is in its main loop.</summary>
    public const double SettleMs = 20;

    /// <summary>The scheduler configurations compared.</summary>
    private enum Mode
    {
        /// <summary>Every powered core sliced at the quantum.</summary>
        AllSliced,
        /// <summary>Idle cores skipped; executing cores sliced at the quantum.</summary>
        IdleSkipped,
        /// <summary>The default: idle cores skipped, rounds stretched while every executing core is parked.</summary>
        Stretched,
    }

    private sealed record Result(double HostPerVirtual, double RoundsPerMs, string Uart, string States, string Outcome, string Retired);

    private static Result Measure(Case c, double virtualMs, Mode mode)
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.Resolve(BoardName) });
        var chip = board.Chip;
        chip.Scheduler.SkipIdleCores = mode != Mode.AllSliced;
        chip.Scheduler.StretchParkedSlices = mode == Mode.Stretched;
        foreach (var path in c.Images)
        {
            BoardRun.Preload(chip, ImageReader.Read(path), path);
        }
        BoardRun.Run(board, TimeSpan.FromMilliseconds(SettleMs));
        var rounds = chip.Scheduler.Rounds;
        var wall = Stopwatch.StartNew();
        board.Clock.Advance(TimeSpan.FromMilliseconds(virtualMs));
        chip.AdvanceTo(board.Clock.Nanoseconds);
        wall.Stop();
        rounds = chip.Scheduler.Rounds - rounds;
        var states = string.Join(" ", chip.Cores.Select(k => $"{k.Name} {k.State}"));
        // What must not depend on the scheduler: the text and the end states.
        var outcome = $"{states}; UART {chip.ConsoleText}";
        var retired = string.Join(" ", chip.Cores.Select(k => $"{k.Name} {k.InstructionsRetired}"));
        return new Result(wall.Elapsed.TotalSeconds / (virtualMs / 1000), rounds / virtualMs, chip.ConsoleText, states, outcome, retired);
    }
}
