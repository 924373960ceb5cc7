using Stm32.Build.Emulator.Machine;
using Stm32.Build.Emulator.Tests.Support;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary>
/// A peripheral's level-sensitive interrupt input to the NVIC (ARMv7-M B3.4.1): asserted, it pends the interrupt
/// and wakes WFI even with PRIMASK set (B1.5.19); ICPR clears the pending state only once the input is low.
/// </summary>
public sealed class InterruptLineTests
{
    private const uint Icpr0 = 0xE000E280, Ispr0 = 0xE000E200;

    private static uint Read(EmulatorMachine m, uint address)
    {
        Assert.Equal(BusStatus.Ok, m.Core.ReadPrivate(address, AccessSize.Word, out var v));
        return v;
    }

    [Fact]
    public void An_asserted_input_wakes_wfi_with_primask_set_and_pends_until_it_is_released()
    {
        var m = AsmProgram.Load("""
            cpsid i
            ldr r0, =0xE000E100
            movs r1, #16
            str r1, [r0]
            wfi
            movs r7, #7
            bkpt #0
            """);
        m.Core.Advance(100);
        Assert.Equal(CoreRunState.Sleeping, m.Core.State);

        m.Core.SetInterruptLine(4, true);
        var result = m.Run(1000);

        Assert.Equal(StopReason.Breakpoint, result.Reason);
        Assert.Equal(7u, result.Registers[7]); // woke; PRIMASK kept the handler from running
        Assert.Equal(1u << 4, Read(m, Ispr0) & (1u << 4));
        Assert.Equal(BusStatus.Ok, m.Core.WritePrivate(Icpr0, AccessSize.Word, 1u << 4));
        Assert.Equal(1u << 4, Read(m, Ispr0) & (1u << 4)); // still asserted: pending again at once
        m.Core.SetInterruptLine(4, false);
        Assert.Equal(1u << 4, Read(m, Ispr0) & (1u << 4)); // a latched pending state stays
        Assert.Equal(BusStatus.Ok, m.Core.WritePrivate(Icpr0, AccessSize.Word, 1u << 4));
        Assert.Equal(0u, Read(m, Ispr0) & (1u << 4));
    }

    [Fact]
    public void A_disabled_interrupt_does_not_wake_wfi()
    {
        var m = AsmProgram.Load("""
            cpsid i
            wfi
            movs r7, #7
            bkpt #0
            """);
        m.Core.Advance(100);
        m.Core.SetInterruptLine(4, true);
        m.Core.Advance(1000);
        Assert.Equal(CoreRunState.Sleeping, m.Core.State);
    }
}
