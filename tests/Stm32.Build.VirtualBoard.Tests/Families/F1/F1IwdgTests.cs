using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F1.F1Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F1;

/// <summary>The independent watchdog on the virtual STM32F103: the 40 kHz LSI, the debug freeze in DBGMCU_CR.</summary>
public sealed class F1IwdgTests
{
    [Fact]
    public void A_started_watchdog_resets_the_system_after_rlr_plus_1_periods_of_the_40_khz_lsi()
    {
        var b = new F1Bench();
        b.Write(Iwdg + 0x0, 0x5555, b.Core);
        b.Write(Iwdg + 0x4, 0, b.Core); // /4: 100 µs per count at 40 kHz (RM0008 19.3.3)
        b.Write(Iwdg + 0x8, 99, b.Core); // 100 counts: 10 ms
        b.Write(Iwdg + 0x0, 0xCCCC, b.Core);
        b.Advance(TimeSpan.FromMilliseconds(9.9));
        Assert.True(b.Family.Iwdg!.Running);
        b.Advance(TimeSpan.FromMilliseconds(0.2));
        Assert.False(b.Family.Iwdg.Running);
        Assert.Equal(1u << 29, b.Read(Rcc + 0x24) & (1u << 29)); // RCC_CSR.IWDGRSTF
    }

    [Fact]
    public void Dbg_iwdg_stop_in_dbgmcu_cr_freezes_it_while_the_core_is_halted()
    {
        var b = new F1Bench();
        b.Write(Dbgmcu + 4, 1u << 8); // DBG_IWDG_STOP (RM0008 31.16.3)
        b.Write(0xE000_EDF0, 0xA05F_0003); // halt
        b.Write(Iwdg + 0x0, 0xCCCC);
        b.Advance(TimeSpan.FromSeconds(1)); // far past the 409.6 ms of the reset PR/RLR
        Assert.True(b.Family.Iwdg!.Running);
    }
}
