using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F7.F7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F7;

/// <summary>The STM32F7 IWDG (the F4's, <c>IndependentWatchdog</c>) with the F7's option bit IWDG_SW and its debug freeze.</summary>
public sealed class F7IwdgTests
{
    private const uint Kr = Iwdg, Pr = Iwdg + 4, Rlr = Iwdg + 8;
    private const uint RccCsr = Rcc + 0x74, IwdgRstf = 1u << 29;

    [Fact]
    public void Iwdg_sw_cleared_starts_the_watchdog_at_every_reset_and_it_resets_the_chip()
    {
        var b = new F7Bench();
        b.Unlock();
        b.ProgramOptions(Stm32.Build.VirtualBoard.Families.F7.F7Family.FactoryOptcrF74x & ~(1u << 5)); // IWDG_SW = 0 (RM0385 3.7.6)
        b.Write(RccCsr, 1u << 24); // RMVF
        b.Chip.SystemReset();
        Assert.True(b.Family.Iwdg!.Running);
        // Reset values: PR /4, RLR 0xFFF: 4096 × 4 / 32 kHz = 512 ms.
        b.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0u, b.Read(RccCsr) & IwdgRstf);
        b.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(IwdgRstf, b.Read(RccCsr) & IwdgRstf);
    }

    [Fact]
    public void A_watchdog_started_by_software_is_frozen_while_the_core_is_halted_with_dbg_iwdg_stop()
    {
        var b = new F7Bench();
        b.Write(Dbgmcu + 8, 1u << 12); // DBGMCU_APB1_FZ.DBG_IWDG_STOP
        b.Write(0xE000_EDF0, 0xA05F_0003); // halt the core
        b.Write(Kr, 0x5555, b.Core);
        b.Write(Pr, 0, b.Core);
        b.Write(Rlr, 0x3F, b.Core); // 64 × 4 / 32 kHz = 8 ms
        b.Write(Kr, 0xCCCC, b.Core);
        b.Write(RccCsr, 1u << 24);
        b.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0u, b.Read(RccCsr) & IwdgRstf);
        b.Write(Dbgmcu + 8, 0);
        b.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(IwdgRstf, b.Read(RccCsr) & IwdgRstf);
    }
}
