using Stm32.Build.VirtualBoard.Families.F4;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F4.F4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F4;

/// <summary>The STM32F4 IWDG (RM0090 chapter 21) driven through its registers, with the debug freeze and the hardware-watchdog option.</summary>
public sealed class F4IwdgTests
{
    private const uint Iwdg = 0x4000_3000, Kr = Iwdg, Pr = Iwdg + 4, Rlr = Iwdg + 8, Sr = Iwdg + 0xC;
    private const uint RccCsr = Rcc + 0x74, IwdgRstf = 1u << 29;

    /// <summary>PR = /4, RLR = 255: (255 + 1) × 4 / 32 kHz = 32 ms.</summary>
    private static void StartWith32MsTimeout(F4Bench b)
    {
        b.Write(Kr, 0x5555, b.Core);
        b.Write(Pr, 0, b.Core);
        b.Write(Rlr, 255, b.Core);
        Assert.Equal(2u, b.Read(Sr, b.Core) & 2); // RVU while the update runs (21.4.4)
        b.Write(Kr, 0xCCCC, b.Core);
    }

    [Fact]
    public void An_unrefreshed_watchdog_resets_the_system_after_its_timeout_and_rcc_says_so()
    {
        var b = new F4Bench();
        StartWith32MsTimeout(b);
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(31));
        Assert.Equal(resets, b.Counters.Resets);
        b.Advance(TimeSpan.FromMilliseconds(2));

        Assert.Equal(resets + 1, b.Counters.Resets);
        Assert.Equal(IwdgRstf, b.Read(RccCsr) & IwdgRstf);
        Assert.False(b.Family.Iwdg!.Running); // a software-started watchdog does not survive the reset
    }

    [Fact]
    public void Refreshing_with_0xaaaa_keeps_it_from_expiring_and_pr_rlr_ignore_writes_without_the_access_key()
    {
        var b = new F4Bench();
        StartWith32MsTimeout(b);
        b.Write(Rlr, 10, b.Core); // 0xCCCC closed the access: ignored
        Assert.Equal(255u, b.Read(Rlr, b.Core));
        var resets = b.Counters.Resets;
        for (var i = 0; i < 10; i++)
        {
            b.Advance(TimeSpan.FromMilliseconds(20));
            b.Write(Kr, 0xAAAA, b.Core);
        }
        Assert.Equal(resets, b.Counters.Resets);
    }

    [Fact]
    public void With_dbg_iwdg_stop_it_does_not_count_while_the_core_is_halted()
    {
        var b = new F4Bench();
        b.Write(Dbgmcu + 8, 1u << 12); // DBGMCU_APB1_FZ.DBG_IWDG_STOP, as OpenOCD's stm32f4x.cfg sets it
        b.Write(0xE000_EDF0, 0xA05F_0003); // halt the core
        StartWith32MsTimeout(b);
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(resets, b.Counters.Resets);

        b.Write(0xE000_EDF0, 0xA05F_0001); // resume
        b.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(resets + 1, b.Counters.Resets);
    }

    [Fact]
    public void The_hardware_watchdog_option_starts_it_at_every_reset()
    {
        var b = new F4Bench();
        b.Unlock();
        b.Write(OptKeyr, OptKey1);
        b.Write(OptKeyr, OptKey2);
        b.Write(OptCr, (F4Family.FactoryOptcr & ~(1u << 5) & ~1u) | 2); // WDG_SW = 0
        b.WaitNotBusy();
        b.Chip.SystemReset();

        Assert.True(b.Family.Iwdg!.Running);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == Stm32.Build.VirtualBoard.Peripherals.ChipEventKind.WatchdogStarted && e.Message.Contains("WDG_SW = 0", StringComparison.Ordinal));
    }
}
