using Stm32.Build.Emulator.Cpu;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// Lets several executing cores run further apart than the quantum while every one of them is parked in a proven
/// fixed-point polling loop (<see cref="CortexMCore.ParkedInIdleLoop"/>: a busy-wait on a tick, a flag, a semaphore).
/// The quantum exists so that one core's stores reach another within a few microseconds; a parked core stores nothing,
/// so while all executing cores are parked nothing a core reads can change until one of these, which bound the
/// stretched round: a scheduled event (a peripheral timer, a clock becoming ready, a character leaving a UART, which
/// the scheduler already ends every round at), a sleeping core waking by itself (likewise), and each executing core's
/// own SysTick reaching zero (bounded here). The debugger acts only between <see cref="ChipScheduler.AdvanceTo"/>
/// calls.
/// </summary>
/// <remarks>
/// A core's parked state is proven by its own probe at the start of each slice, so it is trusted only if nothing
/// happened after those probes: a round is stretched only when, since the start of the previous round, no event ran,
/// no interrupt or event was delivered, nothing was scheduled, no core asked to resynchronise, no
/// <see cref="ChipScheduler.AdvanceTo"/> call began, and every core that executed in the previous round spent its whole
/// slice parked. After any activity, at least one round at the quantum therefore passes before rounds stretch again.
/// </remarks>
internal sealed class ParkedCoreWindow
{
    private bool _disturbed = true;

    /// <summary>Whether rounds may be stretched (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rounds stretched past the quantum so far.</summary>
    public long StretchedRounds { get; private set; }

    /// <summary>Something may have changed what a core reads, or its inputs: the next round is not stretched.</summary>
    public void Disturb() => _disturbed = true;

    /// <summary>
    /// Starts a round: returns where the slices of several executing cores end — <paramref name="globalNs"/> plus
    /// the quantum, or later when every executing core is parked and nothing disturbed them since the previous round
    /// began.
    /// </summary>
    public long BeginRound(IReadOnlyList<CoreSlot> cores, long globalNs, long quantum, int executing)
    {
        var calm = Enabled && !_disturbed;
        _disturbed = false;
        var limit = globalNs + quantum;
        if (!calm || executing < 2)
        {
            return limit;
        }
        var end = long.MaxValue;
        foreach (var slot in cores)
        {
            if (slot.Idle)
            {
                continue;
            }
            if (!slot.Parked || slot.Core is not CortexMCore core)
            {
                return limit;
            }
            // Rounded up: the core's budget is then exactly the cycles to its SysTick expiry, which happens at the end of
            // its slice (the other cores reach that moment, less than a nanosecond later, and stop).
            end = Math.Min(end, slot.TimeAfterCycles(core.CyclesToTimerEvent));
        }
        if (end <= limit)
        {
            return limit;
        }
        StretchedRounds++;
        return end;
    }

    /// <summary>
    /// Records how core <paramref name="slot"/> spent the slice it was just given (<paramref name="advanced"/>: it
    /// ran; false when it had no time to run). An executing core that did anything but stay parked disturbs.
    /// </summary>
    public void SliceRan(CoreSlot slot, bool advanced)
    {
        slot.Parked = advanced && slot.Core is CortexMCore { ParkedInIdleLoop: true };
        if (!slot.Parked && !slot.Idle)
        {
            _disturbed = true;
        }
    }
}
