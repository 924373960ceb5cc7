using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// Level-sensitive external interrupt inputs (<see cref="IExecutableCore.SetInterruptLine"/>, ARMv7-M B3.4.1): an
/// asserted line re-pends its interrupt when the handler returns, a pulse pends it once, clearing the pending state
/// does not stick while the line is asserted, and an asserted line wakes WFI and (with SEVONPEND) WFE.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class InterruptLineTests
{
    // IRQ0's handler counts in R5 and, on its third run, acknowledges the peripheral by writing the register block.
    private static readonly Dictionary<int, string> CountingHandler = new()
    {
        [16] = """
            adds r5, r5, #1
            cmp r5, #3
            bne 1f
            ldr r0, =0x40000000
            str r5, [r0]
            1: bx lr
            """,
    };

    private const string EnableIrq0ThenWaitForThree = """
        movs r5, #0
        ldr r0, =0xE000E100
        movs r1, #1
        str r1, [r0]
        wait:
        cmp r5, #3
        blo wait
        movs r4, #0
        spin:
        adds r4, r4, #1
        cmp r4, #200
        bne spin
        bkpt #0
        """;

    private static int Entries(SeamHost host, int exception) =>
        host.Events.Count(e => e.Kind == CoreEventKind.ExceptionEntry && e.Exception == exception);

    [Fact]
    public void AnAssertedLineReentersTheHandlerUntilThePeripheralReleasesIt()
    {
        var host = new SeamHost(EnableIrq0ThenWaitForThree, CountingHandler);
        host.OnAccess = a =>
        {
            if (a.Write && a.Address == SeamHost.PeripheralBase)
            {
                host.Core.SetInterruptLine(0, false); // the acknowledge drops the request, inside the store
            }
        };
        host.Core.SetInterruptLine(0, true);
        host.Run(10_000);
        Assert.Equal(CoreRunState.Halted, host.Core.State);
        Assert.Equal(3u, host.Core.Registers.R[5]);
        Assert.Equal(3, Entries(host, 16)); // taken again on each return while asserted, not after the release
    }

    [Fact]
    public void APulsePendsTheInterruptOnce()
    {
        var host = new SeamHost("""
            movs r5, #0
            ldr r0, =0xE000E100
            movs r1, #1
            str r1, [r0]
            movs r4, #0
            spin:
            adds r4, r4, #1
            cmp r4, #200
            bne spin
            bkpt #0
            """, new Dictionary<int, string> { [16] = "adds r5, r5, #1\nbx lr" });
        host.Core.SetInterruptLine(0, true);
        host.Core.SetInterruptLine(0, false);
        host.Run(10_000);
        Assert.Equal(1u, host.Core.Registers.R[5]);
        Assert.Equal(1, Entries(host, 16));
    }

    [Fact]
    public void ClearingThePendingStateDoesNotStickWhileTheLineIsAsserted()
    {
        const string program = """
            ldr r0, =0xE000E280
            movs r1, #1
            str r1, [r0]
            ldr r0, =0xE000E200
            ldr r2, [r0]
            bkpt #0
            """;
        var asserted = new SeamHost(program);
        asserted.Core.SetInterruptLine(0, true);
        asserted.Run(1000);
        Assert.Equal(1u, asserted.Core.Registers.R[2]); // ISPR bit 0 still set after the ICPR write

        var pulsed = new SeamHost(program);
        pulsed.Core.SetInterruptLine(0, true);
        pulsed.Core.SetInterruptLine(0, false);
        pulsed.Run(1000);
        Assert.Equal(0u, pulsed.Core.Registers.R[2]);
    }

    [Fact]
    public void AnAssertedLineWakesWfiAndTheHandlerRuns()
    {
        var host = new SeamHost("""
            ldr r0, =0xE000E100
            movs r1, #1
            str r1, [r0]
            sleep:
            wfi
            movs r7, #1
            bkpt #0
            """, new Dictionary<int, string> { [16] = "ldr r0, =0x40000000\nstr r0, [r0]\nbx lr" });
        host.OnAccess = a => host.Core.SetInterruptLine(0, false);
        host.Run(100);
        Assert.Equal(CoreRunState.Sleeping, host.Core.State);
        host.Run(10_000);
        Assert.Equal(CoreRunState.Sleeping, host.Core.State); // nothing to wake it
        host.Core.SetInterruptLine(0, true);
        host.Run(1000);
        Assert.Equal(CoreRunState.Halted, host.Core.State);
        Assert.Equal(1u, host.Core.Registers.R[7]);
        var kinds = host.Events.Select(e => e.Kind).ToList();
        Assert.Equal([CoreEventKind.Sleep, CoreEventKind.Wake, CoreEventKind.ExceptionEntry, CoreEventKind.DebugHalt], kinds);
        Assert.Equal(host.Symbol("sleep"), host.Events[0].Pc);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ADisabledLineWakesWfeOnlyWithSevOnPend(bool sevOnPend)
    {
        var host = new SeamHost($"""
            ldr r0, =0xE000ED10
            movs r1, #{(sevOnPend ? 0x10 : 0)}
            str r1, [r0]
            sev
            wfe
            wfe
            movs r7, #1
            bkpt #0
            """);
        host.Run(100);
        Assert.Equal(CoreRunState.Sleeping, host.Core.State);
        host.Core.SetInterruptLine(5, true);
        host.Run(1000);
        Assert.Equal(sevOnPend ? CoreRunState.Halted : CoreRunState.Sleeping, host.Core.State);
        Assert.Equal(0, Entries(host, 16 + 5)); // disabled: pending, never taken
    }

    [Fact]
    public void LinesOutsideTheDevicesNvicAreRefused()
    {
        var host = new SeamHost("b .");
        host.Core.SetInterruptLine(149, true); // the H747 has 150 lines
        Assert.Throws<ArgumentOutOfRangeException>(() => host.Core.SetInterruptLine(150, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => host.Core.SetInterruptLine(-1, true));
        var m0 = new SeamHost("b .", part: TestDevices.M0Plus);
        Assert.Throws<ArgumentOutOfRangeException>(() => m0.Core.SetInterruptLine(32, true));
    }
}
