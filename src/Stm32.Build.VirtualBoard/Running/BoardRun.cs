using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.H7;
using Stm32.Build.VirtualBoard.Peripherals;

namespace Stm32.Build.VirtualBoard.Running;

/// <summary>
/// Runs firmware on a virtual board for a span of virtual time from power-on and reports what the chip did, as
/// <c>stm32 sim run</c> prints it: each core's end state, the faults it took, the system resets, the supply
/// configuration the firmware latched and whether the board's wiring takes it, whether the debug port still answers,
/// the UART text and the registers touched that have no behaviour.
/// </summary>
public static class BoardRun
{
    /// <summary>The longest run: 60 s of virtual time.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Puts <paramref name="image"/> into the chip's flash as a production programmer leaves it (no flash-interface
    /// timing): <see cref="ChipFamily.Preload"/>, so every segment must lie in a flash bank (STM5110 otherwise, naming
    /// <paramref name="source"/> and the segment). Bytes of the flash the image does not cover keep their content.
    /// </summary>
    public static void Preload(VirtualChip chip, FirmwareImage image, string source)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(image);
        chip.Family.Preload(chip.Device, image.Segments, source);
    }

    /// <summary>
    /// Powers the board's chip up again (so firmware just preloaded boots from its reset vector), runs it for
    /// <paramref name="duration"/> of virtual time and reports the end state.
    /// </summary>
    public static BoardRunReport Run(VirtualBoard board, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (duration <= TimeSpan.Zero || duration > MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "a board run lasts more than 0 and at most 60 s of virtual time");
        }
        var chip = board.Chip;
        chip.Trace.Clear();
        chip.UnmodelledAccesses.Clear();
        board.PowerCycle();
        var resetsAtStart = board.Counters.Resets;
        var faults = new List<(int Core, string Fault, uint Pc)>[chip.Cores.Count];
        for (var i = 0; i < faults.Length; i++)
        {
            faults[i] = [];
        }
        void OnCoreEvent(int index, CoreEvent e)
        {
            if (e.Kind == CoreEventKind.ExceptionEntry && e.Exception is >= 3 and <= 6 && faults[index].Count < 64)
            {
                faults[index].Add((index, FaultName(e.Exception), e.Pc));
            }
        }
        chip.CoreEventRaised += OnCoreEvent;
        try
        {
            board.Clock.Advance((long)(duration.Ticks * 100L));
            chip.AdvanceTo(board.Clock.Nanoseconds);
        }
        finally
        {
            chip.CoreEventRaised -= OnCoreEvent;
        }

        var cores = new List<BoardRunCore>();
        for (var i = 0; i < chip.Cores.Count; i++)
        {
            var core = chip.Cores[i];
            cores.Add(new BoardRunCore(core.Name, StateName(chip, i), core.CurrentInstructionAddress,
                faults[i].Select(f => new BoardRunFault(f.Fault, f.Pc)).ToList()));
        }
        var pwr = chip.Find<H7Pwr>();
        var supply = pwr is null ? null : new BoardRunSupply(pwr.LatchedSupply, pwr.LatchedSupply is null || (pwr.SupplyAccepted && !chip.SupplyLost), chip.SupplyLost);
        var silent = chip.Powered ? chip.DebugPortSilentReason ?? chip.DebugBlockReason : "the chip has no power";
        return new BoardRunReport(
            duration.TotalMilliseconds,
            board.Board.Name,
            cores,
            (int)(board.Counters.Resets - resetsAtStart),
            supply,
            silent is null,
            silent,
            chip.ConsoleText,
            chip.UnmodelledAccesses.Entries.ToList(),
            chip.Trace.Events.ToList());
    }

    private static string FaultName(int exception) => exception switch
    {
        3 => "HardFault",
        4 => "MemManage",
        5 => "BusFault",
        _ => "UsageFault",
    };

    private static string StateName(VirtualChip chip, int index)
    {
        if (!chip.Powered || chip.SupplyLost)
        {
            return BoardRunCore.Unpowered;
        }
        return chip.Cores[index].State switch
        {
            CoreRunState.Running => BoardRunCore.Running,
            CoreRunState.Sleeping => BoardRunCore.Sleeping,
            CoreRunState.Halted => BoardRunCore.Halted,
            CoreRunState.LockedUp => BoardRunCore.LockedUp,
            _ => chip.IsCoreGated(chip.Cores[index].Name) ? BoardRunCore.Gated : BoardRunCore.InReset,
        };
    }
}
