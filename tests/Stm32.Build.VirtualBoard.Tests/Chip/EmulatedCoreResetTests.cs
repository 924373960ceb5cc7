using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>
/// A debugger's system reset of a core that executes nothing (ARMv7-M B3.2.6 AIRCR.SYSRESETREQ, C1.6.5
/// DEMCR.VC_CORERESET): the reset happens at once, and the vector catch halts the core at its reset vector — as
/// OpenOCD's "reset halt" and the pipeline's boot confirmation rely on.
/// </summary>
public sealed class EmulatedCoreResetTests
{
    private const uint Dhcsr = 0xE000_EDF0, Dcrsr = 0xE000_EDF4, Dcrdr = 0xE000_EDF8, Demcr = 0xE000_EDFC, Aircr = 0xE000_ED0C;

    private static ChipHarness Emulated() => new(coreFactory: (description, host) => new CortexMCore(description, host));

    private static uint Pc(ChipHarness h)
    {
        h.Write(Dcrsr, 15);
        return h.Read(Dcrdr);
    }

    [Fact]
    public void SysResetReq_on_a_halted_core_resets_the_chip_at_once_and_the_vector_catch_halts_it_at_the_reset_vector()
    {
        var h = Emulated();
        h.AdvanceBy(TimeSpan.FromMilliseconds(1)); // erased flash: the reset vector is 0xFFFFFFFF, the core locks up
        Assert.Equal(CoreRunState.LockedUp, h.Chip.Cores[0].State);
        h.Write(Dhcsr, 0xA05F_0003); // C_HALT | C_DEBUGEN
        Assert.Equal(0xEFFF_FFFEu, Pc(h)); // the lockup address
        var resets = h.Counters.Resets;

        h.Write(Demcr, 1); // VC_CORERESET
        h.Write(Aircr, 0x05FA_0004); // SYSRESETREQ

        Assert.Equal(resets + 1, h.Counters.Resets);
        Assert.Equal(CoreRunState.Halted, h.Chip.Cores[0].State);
        Assert.NotEqual(0u, h.Read(Dhcsr) & (1u << 17)); // S_HALT
        Assert.Equal(0u, h.Read(Dhcsr) & (1u << 19)); // not locked up: nothing executed since the reset
        Assert.Equal(0xFFFF_FFFEu, Pc(h)); // PC from the erased reset vector, Thumb bit cleared
        Assert.NotEqual(0u, h.Read(0xE000_ED30) & (1u << 3)); // DFSR.VCATCH
    }

    [Fact]
    public void SysResetReq_on_a_running_core_is_taken_between_instructions()
    {
        var h = Emulated();
        h.AdvanceBy(TimeSpan.FromMilliseconds(1));
        h.Write(Dhcsr, 0xA05F_0003);
        h.Write(Demcr, 1);
        h.Write(Aircr, 0x05FA_0004); // out of the lockup: halted at the reset vector
        h.Write(Demcr, 0);
        h.Write(0x2000_0000, 0xE7FE_E7FE); // b . in DTCM
        h.Write(Dcrdr, 0x2000_0000);
        h.Write(Dcrsr, 15 | (1u << 16)); // PC
        h.Write(Dhcsr, 0xA05F_0001); // run
        h.AdvanceBy(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CoreRunState.Running, h.Chip.Cores[0].State);
        var resets = h.Counters.Resets;

        h.Write(Demcr, 1);
        h.Write(Aircr, 0x05FA_0004);
        h.AdvanceBy(TimeSpan.FromMilliseconds(1));

        Assert.Equal(resets + 1, h.Counters.Resets);
        Assert.Equal(CoreRunState.Halted, h.Chip.Cores[0].State);
        Assert.Equal(0xFFFF_FFFEu, Pc(h));
    }
}
