using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// What the core reports through <see cref="ICoreHost.OnCoreEvent"/> (exception entry with the faulting PC, sleep
/// with SLEEPDEEP, wake, lockup, debug halts with their cause) and the event signals SEV (TXEV) and RXEV.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class CoreEventTests
{
    [Fact]
    public void AFaultIsReportedWithTheNumberAndTheAddressOfTheFaultingInstruction()
    {
        var host = new SeamHost("""
            nop
            bad:
            udf #1
            """, new Dictionary<int, string> { [3] = "bkpt #0" });
        host.Run(100);
        var entry = Assert.Single(host.Events, e => e.Kind == CoreEventKind.ExceptionEntry);
        Assert.Equal(3, entry.Exception); // UsageFault disabled: escalated to HardFault
        Assert.Equal(host.Symbol("bad"), entry.Pc);
        Assert.Equal(2, entry.Cycles); // the NOP and the faulting slot, which takes its cycle without retiring
        Assert.False(entry.TailChained);
    }

    [Fact]
    public void DeepSleepIsReportedWithTheWfiAddress()
    {
        var host = new SeamHost("""
            ldr r0, =0xE000ED10
            movs r1, #4
            str r1, [r0]
            sleep:
            wfi
            b .
            """);
        host.Run(1000);
        var sleep = Assert.Single(host.Events);
        Assert.Equal(CoreEventKind.Sleep, sleep.Kind);
        Assert.True(sleep.DeepSleep);
        Assert.False(sleep.WaitForEvent);
        Assert.Equal(host.Symbol("sleep"), sleep.Pc);
        Assert.Equal(3, sleep.Cycles);
    }

    [Fact]
    public void LockupIsReportedWithTheAddressOfTheFaultThatCouldNotBeTaken()
    {
        var host = new SeamHost("udf #0", new Dictionary<int, string> { [3] = "hardfault_bad:\nudf #2" });
        host.Run(100);
        Assert.Equal(CoreRunState.LockedUp, host.Core.State);
        var lockup = host.Events[^1];
        Assert.Equal(CoreEventKind.Lockup, lockup.Kind);
        Assert.Equal(host.Symbol("hardfault_bad"), lockup.Pc);
    }

    [Fact]
    public void DebugHaltsReportTheirCause()
    {
        var host = new SeamHost("""
            nop
            brk:
            bkpt #0
            """);
        host.Run(100);
        var halt = host.Events[^1];
        Assert.Equal((CoreEventKind.DebugHalt, CoreHaltCause.Breakpoint, host.Symbol("brk")), (halt.Kind, halt.HaltCause, halt.Pc));

        var looping = new SeamHost("1: b 1b");
        looping.Run(100);
        looping.Core.WritePrivate(0xE000EDF0, AccessSize.Word, 0xA05F0003); // C_HALT
        Assert.Equal(CoreHaltCause.HaltRequest, looping.Events[^1].HaltCause);
        looping.Core.WritePrivate(0xE000EDF0, AccessSize.Word, 0xA05F0005); // C_STEP
        looping.Run(100);
        Assert.Equal(CoreHaltCause.Step, looping.Events[^1].HaltCause);
        looping.Core.WritePrivate(0xE000EDFC, AccessSize.Word, 1); // VC_CORERESET
        looping.Core.Reset(CoreResetKind.System, 0x08000000);
        Assert.Equal(CoreHaltCause.VectorCatch, looping.Events[^1].HaltCause);
    }

    [Fact]
    public void SevSignalsTheHostAndSignalEventWakesWfe()
    {
        var host = new SeamHost("""
            sev
            wfe
            wfe
            movs r7, #1
            bkpt #0
            """);
        host.Run(100);
        Assert.Equal(1, host.EventsSent);
        Assert.Equal(CoreRunState.Sleeping, host.Core.State);
        Assert.True(host.Events[^1].WaitForEvent);
        host.Core.SignalEvent();
        host.Run(100);
        Assert.Equal(CoreRunState.Halted, host.Core.State);
        Assert.Equal(1u, host.Core.Registers.R[7]);
    }

    [Fact]
    public void ATailChainedEntryIsReportedWithTheAddressStillStacked()
    {
        // SVC's handler pends PendSV (lower priority than nothing else active: taken on the SVC's return, tail-chained).
        var host = new SeamHost("""
            svc #0
            after:
            bkpt #0
            """, new Dictionary<int, string>
        {
            [11] = "ldr r0, =0xE000ED04\nldr r1, =0x10000000\nstr r1, [r0]\nbx lr",
            [14] = "bx lr",
        });
        host.Run(1000);
        var entries = host.Events.Where(e => e.Kind == CoreEventKind.ExceptionEntry).ToList();
        Assert.Equal([11, 14], entries.Select(e => e.Exception));
        Assert.Equal([false, true], entries.Select(e => e.TailChained));
        Assert.All(entries, e => Assert.Equal(host.Symbol("after"), e.Pc));
    }
}
