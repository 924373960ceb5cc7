using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The dual-core boot handshake on both emulated cores (tests/firmware/h7io/hsem_cm7.c, hsem_cm4.c): the Cortex-M4
/// waits in WFE; the Cortex-M7's release of semaphore 0 sets HSEM_C2ISR and, through EXTI event input 78
/// (EXTI_C2EMR3 bit 14), the Cortex-M4's RXEV: its WFE returns.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class HsemHandshakeFirmwareTests
{
    [Fact]
    public void The_cortex_m7s_release_wakes_the_cortex_m4_from_wfe()
    {
        var h = new H7IoHarness(recording: false);
        var (cm7Elf, cm4Elf) = H7IoFirmware.HsemHandshake();
        var cm7 = H7IoFirmware.Load(h.Chip, cm7Elf);
        var cm4 = H7IoFirmware.Load(h.Chip, cm4Elf);
        h.Chip.SystemReset();

        h.Advance(TimeSpan.FromMicroseconds(300));            // the Cortex-M7 is still "initialising"
        Assert.Equal(1u, h.Variable(cm4, "cm4_stage", 3));
        Assert.Equal(CoreRunState.Sleeping, h.Chip.Cores[1].State);
        Assert.Equal(0u, h.Variable(cm7, "released_at_loop"));

        h.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1u, h.Variable(cm7, "released_at_loop"));
        Assert.Equal(2u, h.Variable(cm4, "cm4_stage", 3));     // woken, HSEM status cleared
        Assert.True(h.Variable(cm4, "cm4_loop_count", 3) > 0);
        Assert.Equal(0u, h.Read(H7IoHarness.Hsem + 0x118, 1)); // HSEM_C2ISR
    }
}
