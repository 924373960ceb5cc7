using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary><see cref="IExecutableCore.Yield"/> from inside a bus access, and a host clock that changes between runs.</summary>
[Trait("Requires", "gcc")]
public sealed class YieldAndClockTests
{
    private const string StoreLoop = """
        ldr r0, =0x40000000
        movs r1, #0
        loop:
        str r1, [r0]
        after_store:
        adds r1, r1, #1
        b loop
        """;

    [Fact]
    public void AYieldFromInsideABusAccessReturnsAtTheNextInstructionBoundary()
    {
        var host = new SeamHost(StoreLoop);
        host.OnAccess = a =>
        {
            if (a.Value == 3)
            {
                host.Core.Yield();
            }
        };
        var used = host.Core.Advance(1_000_000);
        var access = host.Accesses[^1];
        Assert.Equal(3u, access.Value);
        Assert.Equal(access.Cycles + 1, used); // the store completed, nothing after it ran
        Assert.Equal(host.Symbol("after_store"), host.Core.Pc);
        Assert.Equal(1_000, host.Core.Advance(1_000)); // the request does not outlive the Advance that saw it
    }

    [Fact]
    public void AYieldOutsideAdvanceIsIgnored()
    {
        var host = new SeamHost(StoreLoop);
        host.Core.Yield();
        Assert.Equal(5_000, host.Core.Advance(5_000));
    }

    [Fact]
    public void SysTickCalibrationFollowsTheClockTheHostRunsAtNow()
    {
        var host = new SeamHost("""
            ldr r0, =0xE000E01C
            ldr r2, [r0]
            ldr r1, =0x40000000
            wait:
            ldr r3, [r1]
            cmp r3, #0
            beq wait
            ldr r4, [r0]
            bkpt #0
            """);
        host.Run(1_000);
        host.ClockHz = 480_000_000; // RCC switched to the PLL
        host.Registers[0] = 1;
        host.Run(1_000);
        Assert.Equal(CoreRunState.Halted, host.Core.State);
        // TENMS: 10 ms of the core clock divided by 8, minus one (B3.3.6).
        Assert.Equal(64_000_000u / 8 / 100 - 1, host.Core.Registers.R[2] & 0xFFFFFF);
        Assert.Equal(480_000_000u / 8 / 100 - 1, host.Core.Registers.R[4] & 0xFFFFFF);
    }
}
