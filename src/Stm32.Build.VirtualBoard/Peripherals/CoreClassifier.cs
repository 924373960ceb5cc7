using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// Decides, before each round, which cores execute and which are idle (see <see cref="ChipScheduler.SkipIdleCores"/>),
/// and where a sleeping core's own wake-up ends the round.
/// </summary>
internal static class CoreClassifier
{
    /// <summary>Every powered core counts as executing (idle cores not skipped); returns how many can run.</summary>
    public static int CountRunnable(IReadOnlyList<CoreSlot> cores)
    {
        var runnable = 0;
        foreach (var slot in cores)
        {
            slot.Idle = false;
            if (slot.Runnable())
            {
                runnable++;
            }
        }
        return runnable;
    }

    /// <summary>
    /// Marks each core executing or idle for the next round and returns how many execute. A sleeping core that wakes
    /// by itself before <paramref name="sliceEnd"/> ends the round there when another core could run past it.
    /// </summary>
    public static int Classify(IReadOnlyList<CoreSlot> cores, long globalNs, ref long sliceEnd)
    {
        var executing = 0;
        var live = 0;
        foreach (var slot in cores)
        {
            slot.WakeNs = long.MaxValue;
            slot.Idle = true;
            if (!slot.Runnable())
            {
                continue;
            }
            switch (slot.Core.State)
            {
                case CoreRunState.Running:
                    slot.Idle = false;
                    executing++;
                    live++;
                    break;
                case CoreRunState.Sleeping when slot.Core is CortexMCore emulated:
                    live++;
                    var cycles = emulated.CyclesToWake;
                    slot.WakeNs = slot.TimeAfterCycles(cycles);
                    if (cycles == 0 || slot.WakeNs <= globalNs)
                    {
                        slot.Idle = false; // due to wake now: it executes in this round
                        executing++;
                    }
                    break;
                case CoreRunState.Sleeping:
                    slot.Idle = false; // a core model that cannot say when it wakes is treated as executing
                    executing++;
                    live++;
                    break;
                default:
                    break; // halted, locked up: only the debugger or a reset changes that, never inside a round
            }
        }
        if (live > 1)
        {
            foreach (var slot in cores)
            {
                if (slot.Idle && slot.WakeNs > globalNs && slot.WakeNs < sliceEnd)
                {
                    sliceEnd = slot.WakeNs;
                }
            }
        }
        return executing;
    }
}
