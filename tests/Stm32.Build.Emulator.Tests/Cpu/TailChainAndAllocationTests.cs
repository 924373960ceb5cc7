using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>Tail-chaining and the execution loop's allocation behaviour.</summary>
[Trait("Requires", "gcc")]
public sealed class TailChainAndAllocationTests
{
    [Fact]
    public void PendingExceptionIsTailChainedWithoutReturningToThread()
    {
        var handlers = new Dictionary<int, string>
        {
            [14] = "lsls r4, r4, #4\nadds r4, r4, #1\nbx lr",
            [15] = "lsls r4, r4, #4\nadds r4, r4, #2\nmov r8, lr\nmov r9, sp\nbx lr",
        };
        var r = AsmProgram.RunToBreakpoint("""
            movs r4, #0
            ldr r0, =0xE000ED04
            ldr r1, =0x14000000
            str r1, [r0]
            isb
            bkpt #0
            """, handlers);
        Assert.Equal(0x12u, r[4]); // PendSV (14) first at equal priority, then SysTick (15)
        Assert.Equal(0xFFFFFFF9u, r[8]); // SysTick entered with the thread frame's EXC_RETURN
        Assert.Equal(AsmProgram.InitialSp - 32, r[9]); // the one frame stayed on the stack
        Assert.Equal(AsmProgram.InitialSp, r[13]);
    }

    [Fact]
    public void ExecutionLoopDoesNotAllocate()
    {
        var machine = AsmProgram.Load("""
            ldr r0, =0x24000000
            movs r1, #0
            loop:
            str r1, [r0, r1, lsl #2]
            ldr r2, [r0, r1, lsl #2]
            add r1, r1, #1
            and r1, r1, #255
            mul r3, r2, r1
            b loop
            """);
        machine.Core.Advance(10_000); // warm up: windows cached, code jitted
        var before = GC.GetAllocatedBytesForCurrentThread();
        machine.Core.Advance(1_000_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Any per-instruction allocation would be at least 24 MB here; a few KB can come from the JIT
        // (tiering, on-stack replacement) when the suite runs in parallel.
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated while executing 1,000,000 instructions");
    }

    [Fact]
    public void FloatingPointExecutionDoesNotAllocate()
    {
        var machine = AsmProgram.Load("""
            ldr r0, =0xE000ED88
            ldr r1, [r0]
            orr r1, r1, #0x00F00000
            str r1, [r0]
            dsb
            isb
            vmov.f64 d0, #1.0
            vmov.f64 d1, #0.5
            vmov.f32 s8, #1.5
            ldr r3, =0x24000000
            loop:
            vstr d0, [r3]
            vldr d4, [r3]
            vpush {d0}
            vpop {d0}
            vrinta.f64 d5, d4
            vadd.f64 d2, d0, d1
            vmul.f64 d3, d2, d1
            vdiv.f64 d0, d3, d1
            vfma.f32 s9, s8, s8
            vcvt.s32.f64 s10, d0
            vmov r2, s10
            vcmp.f64 d0, d1
            vmrs APSR_nzcv, fpscr
            b loop
            """);
        machine.Core.Advance(10_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        machine.Core.Advance(1_000_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated while executing 1,000,000 FP-heavy instructions");
    }
}
