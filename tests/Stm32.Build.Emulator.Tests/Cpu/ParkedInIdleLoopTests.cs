using Stm32.Build.Emulator.Tests.Programs;
using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// <see cref="Emulator.Cpu.CortexMCore.ParkedInIdleLoop"/> and <see cref="Emulator.Cpu.CortexMCore.CyclesToTimerEvent"/>,
/// what a host running several cores relies on to let them run apart: a run spent wholly in a proven fixed-point
/// loop (the idle firmware's HAL_Delay polling uwTick, built with gcc) reports parked and stores nothing; a run in
/// which SysTick reaches zero, an exception is taken or the loop changes state (a countdown) does not; a pending
/// exception unparks at once.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class ParkedInIdleLoopTests
{
    private const uint ClockReady = 1u << 17;
    private const long Millisecond = 64_000; // the firmware's SysTick period: 64 MHz / 1 kHz
    private const uint Icsr = 0xE000ED04;
    private const uint IcsrPendSvSet = 1u << 28;

    public static TheoryData<TestCore, string> Builds() => new()
    {
        { TestCore.M7, "-O0" },
        { TestCore.M7, "-O2" },
        { TestCore.M0, "-O2" },
    };

    /// <summary>The idle firmware, its clock ready at 100 ms, run to <paramref name="cycles"/>.</summary>
    private static SeamHost BootTo(TestCore core, string optimisation, long cycles, bool fastForward = true)
    {
        var host = new SeamHost(TestPrograms.Build("idle", core, optimisation));
        host.Core.IdleFastForward = fastForward;
        host.At(100 * Millisecond, () => host.Registers[0] |= ClockReady);
        host.Run(cycles);
        return host;
    }

    /// <summary>Runs up to the next SysTick expiry and past the handler, so the next run starts inside the delay loop.</summary>
    private static void PastNextTick(SeamHost host)
    {
        host.Run(host.Core.CyclesToTimerEvent);
        Assert.False(host.Core.ParkedInIdleLoop); // SysTick reached zero at the end of that run
        host.Run(2000);
        Assert.False(host.Core.ParkedInIdleLoop); // the SysTick exception was taken in this one
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void A_run_inside_a_hal_delay_between_ticks_is_parked_and_stores_nothing(TestCore core, string optimisation)
    {
        var host = BootTo(core, optimisation, 150 * Millisecond); // in HAL_Delay(100) after the first toggle
        PastNextTick(host);
        host.Run(2000);
        Assert.True(host.Core.ParkedInIdleLoop, "a whole run in the delay loop");
        var target = TestTarget.For(core);
        var ram = host.ReadMemory(target.RamStart, target.RamCompared);
        var accesses = host.Accesses.Count(a => a.Write);
        var retired = host.Core.InstructionsRetired;

        host.Run(host.Core.CyclesToTimerEvent - 1); // up to one cycle before the tick
        Assert.True(host.Core.ParkedInIdleLoop);
        Assert.Equal(1, host.Core.CyclesToTimerEvent);
        Assert.True(host.Core.InstructionsRetired - retired > Millisecond / 2, "the loop ran (fast-forwarded iterations count as retired)");
        Assert.Equal(ram, host.ReadMemory(target.RamStart, target.RamCompared));
        Assert.Equal(accesses, host.Accesses.Count(a => a.Write));

        var tick = host.ReadWord(host.Symbol("uwTick"));
        host.Run(1);
        Assert.False(host.Core.ParkedInIdleLoop); // the tick: SysTick reached zero and pended its exception
        host.Run(200);
        Assert.Equal(tick + 1, host.ReadWord(host.Symbol("uwTick")));
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void The_timer_event_is_the_cycle_at_which_systick_reaches_zero(TestCore core, string optimisation)
    {
        var host = BootTo(core, optimisation, 150 * Millisecond);
        PastNextTick(host);
        var toTick = host.Core.CyclesToTimerEvent;
        Assert.InRange(toTick, Millisecond - 2000 - 200, Millisecond); // a period, less the runs since the last tick
        host.Run(toTick - 1);
        host.Core.ReadPrivate(0xE000E018, AccessSize.Word, out var current); // SYST_CVR: one count left
        Assert.Equal(1u, current);
        host.Run(1);
        host.Core.ReadPrivate(0xE000E018, AccessSize.Word, out current);
        Assert.Equal(0u, current);
        Assert.Equal(Millisecond, host.Core.CyclesToTimerEvent); // reload and count a whole period again
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void A_countdown_loop_is_never_parked(TestCore core, string optimisation)
    {
        var host = BootTo(core, optimisation, 100 * Millisecond + 500); // the clock is ready: count_down(100000) runs
        for (var i = 0; i < 20; i++)
        {
            host.Run(1000);
            Assert.False(host.Core.ParkedInIdleLoop, $"run {i} of the countdown");
        }
        Assert.Equal(0u, host.ReadWord(host.Symbol("countdown_done")));
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void A_pending_exception_unparks_at_once(TestCore core, string optimisation)
    {
        var host = BootTo(core, optimisation, 150 * Millisecond);
        PastNextTick(host);
        host.Run(2000);
        Assert.True(host.Core.ParkedInIdleLoop);
        Assert.Equal(BusStatus.Ok, host.Core.WritePrivate(Icsr, AccessSize.Word, IcsrPendSvSet)); // the debugger pends PendSV
        Assert.False(host.Core.ParkedInIdleLoop);
    }

    [Fact]
    public void Without_fast_forward_no_run_is_parked()
    {
        var host = BootTo(TestCore.M7, "-O2", 150 * Millisecond, fastForward: false);
        PastNextTick(host);
        for (var i = 0; i < 10; i++)
        {
            host.Run(2000);
            Assert.False(host.Core.ParkedInIdleLoop);
        }
    }
}
