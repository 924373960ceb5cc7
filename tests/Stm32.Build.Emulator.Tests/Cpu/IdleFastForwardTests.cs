using Stm32.Build.Emulator.Tests.Programs;
using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// Idle fast-forward (<see cref="Emulator.Cpu.CortexMCore.IdleFastForward"/>): a polling loop at a fixed point is
/// skipped to the host's next event or the core's SysTick — a peripheral flag polled with a tick timeout and a
/// HAL_Delay loop polling RAM, in firmware built with gcc at -O0 and -O2 — a loop with a changing counter never is, and
/// the result is the same as executing every iteration: registers, memory, timers, counters, every store and every
/// exception with its cycle. (The reads of skipped iterations are not made: their values are known.)
/// </summary>
[Trait("Requires", "gcc")]
public sealed class IdleFastForwardTests
{
    private const uint ClockControl = SeamHost.PeripheralBase;
    private const uint Output = SeamHost.PeripheralBase + 4;
    private const uint ClockReady = 1u << 17;
    private const long Millisecond = 64_000; // the firmware's SysTick period: 64 MHz / 1 kHz

    /// <summary>The idle firmware on a board whose clock becomes ready 100 ms after reset.</summary>
    private static SeamHost Boot(TestCore core, string optimisation, bool fastForward)
    {
        var host = new SeamHost(TestPrograms.Build("idle", core, optimisation));
        host.Core.IdleFastForward = fastForward;
        host.At(100 * Millisecond, () => host.Registers[0] |= ClockReady);
        return host;
    }

    public static TheoryData<TestCore, string> Builds() => new()
    {
        { TestCore.M7, "-O0" },
        { TestCore.M7, "-O2" },
        { TestCore.M4, "-Os" },
        { TestCore.M3, "-O2" },
        { TestCore.M0, "-O0" },
        { TestCore.M0, "-O2" },
    };

    [Theory]
    [MemberData(nameof(Builds))]
    public void APeripheralPollWithATickTimeoutIsSkippedToTheEventThatEndsIt(TestCore core, string optimisation)
    {
        var host = Boot(core, optimisation, fastForward: true);
        long skippedWhenReady = -1;
        long readyAt = -1;
        host.OnAccess = a =>
        {
            if (!a.Write && a.Address == ClockControl && (a.Value & ClockReady) != 0 && readyAt < 0)
            {
                readyAt = a.Cycles;
                skippedWhenReady = host.Core.FastForwardedCycles;
            }
        };
        host.Run(120 * Millisecond);
        Assert.InRange(readyAt, 100 * Millisecond, 100 * Millisecond + 100); // seen within an iteration of the event
        Assert.True(skippedWhenReady > 95 * Millisecond, $"{skippedWhenReady} of {readyAt} cycles fast-forwarded");
        Assert.Equal(0u, host.ReadWord(host.Symbol("clock_result"))); // no timeout: the poll saw the flag
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void AHalDelayLoopIsSkippedBetweenTicksAndKeepsItsTiming(TestCore core, string optimisation)
    {
        var host = Boot(core, optimisation, fastForward: true);
        host.Run(1000 * Millisecond);
        var toggles = host.Accesses.Where(a => a.Write && a.Address == Output).Select(a => a.Cycles).ToList();
        Assert.InRange(toggles.Count, 8, 9); // after ~100 ms of start-up, one toggle per HAL_Delay(100) = 101 ticks
        // The first delay starts at some phase of a tick; every later one starts right after the tick that ended the
        // previous one, so it lasts 101 periods.
        for (var i = 2; i < toggles.Count; i++)
        {
            Assert.InRange(toggles[i] - toggles[i - 1], 101 * Millisecond - 200, 101 * Millisecond + 200);
        }
        Assert.True(host.Core.FastForwardedCycles > 950 * Millisecond, $"{host.Core.FastForwardedCycles} cycles fast-forwarded");
        Assert.True(host.Core.FastForwards >= 950, $"{host.Core.FastForwards} fast-forwards: one per tick of the idle time");
    }

    [Theory]
    [InlineData(TestCore.M7, "-O0")]
    [InlineData(TestCore.M7, "-O2")]
    [InlineData(TestCore.M0, "-O2")]
    public void ACountdownLoopIsNeverSkipped(TestCore core, string optimisation)
    {
        var host = Boot(core, optimisation, fastForward: true);
        var skippedAt = new List<(uint Address, long Skipped)>();
        host.OnAccess = a => skippedAt.Add((a.Address, host.Core.FastForwardedCycles));
        host.Run(110 * Millisecond);
        var lastPoll = skippedAt.FindLastIndex(s => s.Address == ClockControl);
        var firstToggle = skippedAt.FindIndex(s => s.Address == Output);
        Assert.True(lastPoll >= 0 && firstToggle > lastPoll, "the countdown ran between the last poll and the first toggle");
        var countdown = host.Accesses[firstToggle].Cycles - host.Accesses[lastPoll].Cycles;
        Assert.True(countdown > 200_000, $"{countdown} cycles of countdown");
        Assert.Equal(skippedAt[lastPoll].Skipped, skippedAt[firstToggle].Skipped); // nothing skipped in 100000 iterations
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void FastForwardGivesExactlyTheResultOfExecutingEveryIteration(TestCore core, string optimisation)
    {
        var skipping = Boot(core, optimisation, fastForward: true);
        var executing = Boot(core, optimisation, fastForward: false);
        skipping.Run(220 * Millisecond); // the clock poll, the countdown and two toggles
        executing.Run(220 * Millisecond);

        Assert.True(skipping.Core.FastForwardedCycles > 180 * Millisecond, $"{skipping.Core.FastForwardedCycles} cycles fast-forwarded");
        Assert.Equal(0, executing.Core.FastForwardedCycles);
        Assert.Equal(executing.Core.Cycles, skipping.Core.Cycles);
        Assert.Equal(executing.Core.InstructionsRetired, skipping.Core.InstructionsRetired);
        Assert.Equal(executing.Core.Pc, skipping.Core.Pc);
        Assert.Equal(executing.Core.Registers.R[..15], skipping.Core.Registers.R[..15]);
        Assert.Equal(executing.Core.Registers.Xpsr, skipping.Core.Registers.Xpsr);
        Assert.Equal(executing.Core.Registers.S, skipping.Core.Registers.S);
        var target = TestTarget.For(core);
        Assert.Equal(executing.ReadMemory(target.RamStart, target.RamCompared), skipping.ReadMemory(target.RamStart, target.RamCompared));
        executing.Core.ReadPrivate(0xE000E018, AccessSize.Word, out var cvrExecuting);
        skipping.Core.ReadPrivate(0xE000E018, AccessSize.Word, out var cvrSkipping);
        Assert.Equal(cvrExecuting, cvrSkipping);
        // Every store to the register block, at the same cycle, from the same PC, and the read that saw the clock ready.
        Assert.Equal(executing.Accesses.Where(a => a.Write), skipping.Accesses.Where(a => a.Write));
        Assert.Equal(FirstReady(executing), FirstReady(skipping));
        Assert.Equal(executing.Events, skipping.Events); // every SysTick exception entry, at the same cycle
    }

    private static SeamHost.Access FirstReady(SeamHost host) =>
        host.Accesses.First(a => !a.Write && a.Address == ClockControl && (a.Value & ClockReady) != 0);
}
