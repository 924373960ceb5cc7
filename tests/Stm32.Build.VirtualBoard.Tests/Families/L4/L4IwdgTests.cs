using Stm32.Build.VirtualBoard.Families.Common;
using Stm32.Build.VirtualBoard.Families.G0;
using Stm32.Build.VirtualBoard.Families.L4;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.L4.L4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.L4;

/// <summary>
/// The IWDG of the STM32L4, G4 and G0 (RM0351/RM0440/RM0444 "Independent watchdog", at 0x40003000) driven through its
/// registers: the timeout from the LSI (32 kHz), PR and RLR; the reset it causes and RCC_CSR.IWDGRSTF; the debug freeze
/// (DBGMCU_APB1FZR1 at 0xE0042008 on the L4/G4, DBG_APB_FZ1 at 0x40015808 on the G0, bit 12); and the hardware watchdog
/// of FLASH_OPTR.IWDG_SW = 0 (bit 16).
/// </summary>
public sealed class L4IwdgTests
{
    private const uint Iwdg = 0x4000_3000, Kr = Iwdg, Pr = Iwdg + 4, Rlr = Iwdg + 8, Sr = Iwdg + 0xC;
    private const uint RccCsr = Rcc + 0x94, G0RccCsr = Rcc + 0x60, IwdgRstf = 1u << 29;

    public static TheoryData<string, string> Parts => new()
    {
        { "STM32L476RG", "NUCLEO-L476RG" },
        { "STM32G474RE", "NUCLEO-G474RE" },
        { "STM32G071RB", "NUCLEO-G071RB" },
        { "STM32G0B1RE", "NUCLEO-G0B1RE" },
    };

    private static bool IsG0(L4Bench b) => b.Chip.Family is G0Family;

    private static IndependentWatchdog Watchdog(L4Bench b) => b.Chip.Family switch
    {
        L4Family l4 => l4.Iwdg!,
        G0Family g0 => g0.Iwdg!,
        _ => throw new InvalidOperationException(b.Chip.Family.Name),
    };

    /// <summary>PR = /4, RLR = 255: (255 + 1) × 4 / 32 kHz = 32 ms.</summary>
    private static void StartWith32MsTimeout(L4Bench b)
    {
        b.Write(Kr, 0x5555, b.Core);
        b.Write(Pr, 0, b.Core);
        b.Write(Rlr, 255, b.Core);
        Assert.Equal(2u, b.Read(Sr, b.Core) & 2); // RVU while the update runs
        b.Write(Kr, 0xCCCC, b.Core);
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void An_unrefreshed_watchdog_resets_the_system_after_its_timeout_and_rcc_csr_says_so(string device, string board)
    {
        var b = new L4Bench(device, board);
        StartWith32MsTimeout(b);
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(31));
        Assert.Equal(resets, b.Counters.Resets);
        b.Advance(TimeSpan.FromMilliseconds(2));

        Assert.Equal(resets + 1, b.Counters.Resets);
        Assert.Equal(IwdgRstf, b.Read(IsG0(b) ? G0RccCsr : RccCsr) & IwdgRstf);
        Assert.False(Watchdog(b).Running); // a software-started watchdog does not survive the reset
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Refreshing_with_0xaaaa_keeps_it_from_expiring_and_rlr_ignores_writes_without_the_access_key(string device, string board)
    {
        var b = new L4Bench(device, board);
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

    [Theory]
    [MemberData(nameof(Parts))]
    public void With_dbg_iwdg_stop_it_does_not_count_while_the_core_is_halted(string device, string board)
    {
        var b = new L4Bench(device, board);
        b.Write(IsG0(b) ? 0x4001_5808u : L4Bench.Dbgmcu + 8, 1u << 12); // DBG_IWDG_STOP, as OpenOCD's stm32l4x/g0x/g4x.cfg set it
        b.Write(0xE000_EDF0, 0xA05F_0003); // halt the core
        StartWith32MsTimeout(b);
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(resets, b.Counters.Resets);
        Assert.Equal((true, IsG0(b) ? "DBG_APB_FZ1.DBG_IWDG_STOP (bit 12)" : "DBGMCU_APB1FZR1.DBG_IWDG_STOP (bit 12)"),
            b.Chip.Family.WatchdogFreeze("IWDG", 0));

        b.Write(0xE000_EDF0, 0xA05F_0001); // resume
        b.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(resets + 1, b.Counters.Resets);
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Iwdg_sw_cleared_in_flash_optr_starts_it_at_every_reset(string device, string board)
    {
        var b = new L4Bench(device, board);
        b.Chip.SystemReset();
        Assert.False(Watchdog(b).Running); // factory: IWDG_SW = 1, software watchdog
        b.Unlock();
        b.UnlockOptions();
        b.Write(Optr, b.Read(Optr) & ~(1u << 16));
        b.Write(Cr, CrOptStrt);
        b.WaitNotBusy();
        b.Chip.SystemReset();

        Assert.True(Watchdog(b).Running);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.WatchdogStarted && e.Message.Contains("IWDG_SW = 0", StringComparison.Ordinal));
        var resets = b.Counters.Resets;
        b.Advance(TimeSpan.FromMilliseconds(600)); // PR /4 and RLR 0xFFF after reset: 4096 × 4 / 32 kHz = 512 ms
        Assert.Equal(resets + 1, b.Counters.Resets);
        Assert.True(Watchdog(b).Running); // and again after its own reset
    }
}
