using Stm32.Build.Emulator.Machine;
using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>WFI/WFE sleep (B1.5.19), skip-ahead to the next SysTick event, SLEEPDEEP and SLEEPONEXIT.</summary>
[Trait("Requires", "gcc")]
public sealed class SleepAndTimeTests
{
    private const string SysTickSleeper = """
        movs r5, #0
        ldr r0, =0xE000E010
        ldr r1, =99999
        str r1, [r0, #4]
        movs r1, #0
        str r1, [r0, #8]
        movs r1, #7
        str r1, [r0]
        loop:
        wfi
        cmp r5, #10
        blo loop
        bkpt #0
        """;

    private static readonly Dictionary<int, string> Tick = new() { [15] = "adds r5, r5, #1\nbx lr" };

    [Fact]
    public void WfiSkipsAheadToTheNextSysTickInsteadOfSpinning()
    {
        var m = AsmProgram.Load(SysTickSleeper, Tick);
        var result = m.Run(1_000_000);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(10u, result.Registers[5]);
        // Ten periods of 100000 cycles passed, while only a few dozen instructions executed.
        Assert.InRange(result.Cycles, 10 * 100_000L, 10 * 100_000L + 1000);
        Assert.True(result.Instructions < 200, $"{result.Instructions} instructions");
    }

    /// <summary>As <see cref="SysTickSleeper"/>, but sleeping with SLEEPDEEP (the chip's Stop mode).</summary>
    private const string SysTickDeepSleeper = """
        movs r5, #0
        ldr r0, =0xE000ED10
        movs r1, #4
        str r1, [r0]
        ldr r0, =0xE000E010
        ldr r1, =99999
        str r1, [r0, #4]
        movs r1, #0
        str r1, [r0, #8]
        movs r1, #7
        str r1, [r0]
        loop:
        wfi
        cmp r5, #3
        blo loop
        bkpt #0
        """;

    [Fact]
    public void DeepSleepWithTheClockStoppedIsNotWokenBySysTickUntilTheClockRunsAgain()
    {
        var m = AsmProgram.Load(SysTickDeepSleeper, Tick);
        m.ClockStoppedInDeepSleep = true;
        m.Core.Advance(200);
        Assert.Equal(CoreRunState.Sleeping, m.Core.State);
        m.Core.ReadPrivate(0xE000E018, AccessSize.Word, out var before);

        Assert.Equal(1_000_000L, m.Core.Advance(1_000_000));   // ten SysTick periods of virtual time pass

        Assert.Equal(CoreRunState.Sleeping, m.Core.State);     // SysTick stopped with the clock: nothing woke the core
        Assert.False(m.Core.CanWakeUp);
        Assert.Equal(long.MaxValue, m.Core.CyclesToWake);
        m.Core.ReadPrivate(0xE000E018, AccessSize.Word, out var after);
        Assert.Equal(before, after);

        // The debugger keeps the clock running (the DBGMCU's DBG_STOP): SysTick counts again and wakes the core.
        m.ClockStoppedInDeepSleep = false;
        var result = m.Run(1_000_000);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(3u, result.Registers[5]);
    }

    [Fact]
    public void DeepSleepWithTheClockStoppedStillWakesOnAnInterrupt()
    {
        var m = AsmProgram.Load("""
            ldr r0, =0xE000ED10
            movs r1, #4
            str r1, [r0]
            ldr r0, =0xE000E100
            movs r1, #1
            str r1, [r0]
            wfi
            movs r7, #7
            bkpt #0
            """, new Dictionary<int, string> { [16] = "bx lr" });
        m.ClockStoppedInDeepSleep = true;
        m.Core.Advance(100);
        Assert.Equal(CoreRunState.Sleeping, m.Core.State);
        m.Core.Advance(500_000);
        Assert.Equal(CoreRunState.Sleeping, m.Core.State);

        m.Core.SetInterruptPending(0);                          // an EXTI line: the wake-up a Stop mode waits for
        var result = m.Run(1000);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(7u, result.Registers[7]);
    }

    [Fact]
    public void PlainSleepKeepsTheClockEvenWhenDeepSleepWouldStopIt()
    {
        var m = AsmProgram.Load(SysTickSleeper, Tick);
        m.ClockStoppedInDeepSleep = true;                       // only SLEEPDEEP stops the clock
        var result = m.Run(1_000_000);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(10u, result.Registers[5]);
    }

    [Fact]
    public void SleepingCoreReportsSleepStateAndDeepSleep()
    {
        var m = AsmProgram.Load("""
            ldr r0, =0xE000ED10
            movs r1, #4
            str r1, [r0]
            wfi
            bkpt #0
            """);
        m.Core.Advance(100);
        Assert.Equal(CoreRunState.Sleeping, m.Core.State);
        Assert.True(m.Core.DeepSleep);
        Assert.Equal(50L, m.Core.Advance(50)); // asleep, time still passes
        m.Core.ReadPrivate(0xE000EDF0, AccessSize.Word, out var dhcsr);
        Assert.NotEqual(0u, dhcsr & (1u << 18)); // S_SLEEP
        var result = m.Run(1000);
        Assert.Equal(StopReason.SleepForever, result.Reason);
    }

    [Fact]
    public void PendingInterruptWakesWfiEvenWithPrimaskSet()
    {
        var m = AsmProgram.Load("""
            cpsid i
            ldr r0, =0xE000E100
            movs r1, #1
            str r1, [r0]
            wfi
            movs r7, #7
            bkpt #0
            """);
        m.Core.Advance(100);
        Assert.Equal(CoreRunState.Sleeping, m.Core.State);
        m.Core.SetInterruptPending(0);
        var result = m.Run(1000);
        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(7u, result.Registers[7]); // woke and continued; PRIMASK kept the handler from running
    }

    [Fact]
    public void WfeReturnsAtOnceWhenTheEventRegisterIsSet()
    {
        var r = AsmProgram.RunToBreakpoint("""
            sev
            wfe
            movs r0, #1
            bkpt #0
            """);
        Assert.Equal(1u, r[0]);
    }

    [Fact]
    public void SleepOnExitSleepsWhenReturningToThread()
    {
        var m = AsmProgram.Load("""
            ldr r0, =0xE000ED10
            movs r1, #2
            str r1, [r0]
            svc #0
            movs r7, #1
            bkpt #0
            """, new Dictionary<int, string> { [11] = "bx lr" });
        m.Core.Advance(100);
        Assert.Equal(CoreRunState.Sleeping, m.Core.State);
    }

    [Fact]
    public void SysTickOnTheDividedClockCountsEightTimesSlower()
    {
        var m = AsmProgram.Load("""
            ldr r0, =0xE000E010
            ldr r1, =999
            str r1, [r0, #4]
            movs r1, #0
            str r1, [r0, #8]
            movs r1, #1
            str r1, [r0]
            1: b 1b
            """);
        m.Core.Advance(8 + 8 * 500); // setup instructions, then 500 ticks of the /8 clock
        m.Core.ReadPrivate(0xE000E018, AccessSize.Word, out var current);
        Assert.InRange(current, 999u - 502, 999u - 498);
    }

    [Fact]
    public void SysTickCalibrationGivesTenMillisecondsOfTheDividedClock()
    {
        var m = AsmProgram.Load("b .");
        m.Core.ReadPrivate(0xE000E01C, AccessSize.Word, out var calib);
        Assert.Equal((uint)(m.ClockHz / 8 / 100) - 1, calib & 0xFFFFFF);
        Assert.Equal(0u, calib >> 31); // NOREF clear: the reference clock exists
    }
}
