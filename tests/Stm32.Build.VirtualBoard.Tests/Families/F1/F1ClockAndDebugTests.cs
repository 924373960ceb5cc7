using Stm32.Build.Execution;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F1.F1Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F1;

/// <summary>RCC ready flags and the core clock, DBGMCU, and the AFIO/GPIO debug-pin switch of the virtual STM32F103.</summary>
public sealed class F1ClockAndDebugTests
{
    private const uint RccCr = Rcc + 0x00, RccCfgr = Rcc + 0x04, RccApb2enr = Rcc + 0x18;
    private const uint HseOn = 1u << 16, HseRdy = 1u << 17, HseByp = 1u << 18, PllOn = 1u << 24, PllRdy = 1u << 25;

    [Fact]
    public void On_a_nucleo_f103rb_the_hse_from_the_st_link_mco_is_ready_at_once_with_hsebyp_and_never_without()
    {
        var crystal = new F1Bench();
        crystal.Write(RccCr, crystal.Read(RccCr) | HseOn, crystal.Core); // HSEBYP clear: the HAL's crystal setting
        crystal.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0u, crystal.Read(RccCr) & HseRdy);

        var bypass = new F1Bench();
        bypass.Write(RccCr, bypass.Read(RccCr) | HseByp, bypass.Core);
        bypass.Write(RccCr, bypass.Read(RccCr) | HseOn, bypass.Core);
        Assert.Equal(HseRdy, bypass.Read(RccCr) & HseRdy);

        var bare = new F1Bench(board: null);
        bare.Write(RccCr, bare.Read(RccCr) | HseByp | HseOn, bare.Core);
        bare.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0u, bare.Read(RccCr) & HseRdy);
    }

    [Fact]
    public void The_pll_from_the_8_mhz_hse_runs_the_core_at_72_mhz_once_sws_follows_sw()
    {
        var b = new F1Bench();
        b.Write(RccCr, b.Read(RccCr) | HseByp | HseOn, b.Core);
        b.Write(RccCfgr, (1u << 16) | (7u << 18) | (4u << 8), b.Core); // PLLSRC = HSE, PLLMUL x9, PPRE1 /2 (RM0008 7.3.2)
        b.Write(RccCfgr, b.Read(RccCfgr) | 2, b.Core); // SW = PLL before the PLL runs: ignored
        Assert.Equal(0u, b.Read(RccCfgr) & 0xC);
        Assert.Equal(8_000_000, b.Family.CoreClockHz(0));

        // PLLON through the peripheral bit-band alias, as ST's F1 HAL does (0x42420060).
        b.Write(0x4242_0060, 1, b.Core);
        Assert.Equal(PllOn, b.Read(RccCr) & PllOn);
        b.Advance(TimeSpan.FromMicroseconds(199));
        Assert.Equal(0u, b.Read(RccCr) & PllRdy);
        b.Advance(TimeSpan.FromMicroseconds(1)); // DS5319 t_LOCK 200 µs
        Assert.Equal(PllRdy, b.Read(RccCr) & PllRdy);
        b.Write(RccCfgr, b.Read(RccCfgr) | 2, b.Core);
        Assert.Equal(8u, b.Read(RccCfgr) & 0xC);
        Assert.Equal(72_000_000, b.Family.CoreClockHz(0));
        Assert.Equal(36_000_000, b.Family.Rcc!.ClockHz("pclk1"));
        Assert.Equal(0, b.Family.Rcc.ClockHz("usart2")); // USART2EN clear: not clocked
        b.Write(Rcc + 0x1C, 1u << 17, b.Core); // RCC_APB1ENR.USART2EN
        Assert.Equal(36_000_000, b.Family.Rcc.ClockHz("usart2"));
    }

    [Theory]
    [InlineData("STM32F103RB", 0x2003_0410u)]
    [InlineData("STM32F103RE", 0x1003_0414u)]
    public void Dbgmcu_idcode_carries_the_device_data_for_the_debugger_and_reads_0_to_the_firmware_outside_debug_mode(string device, uint idcode)
    {
        const uint Dhcsr = 0xE000_EDF0, DbgKey = 0xA05F_0000, CDebugEn = 1;
        var b = new F1Bench(device, null);
        Assert.Equal(idcode, b.Read(Dbgmcu)); // AP0, through the core's private bus (RM0008 31.6.1)
        Assert.Equal(0u, b.Read(Dbgmcu, b.Core)); // errata "Debug registers cannot be read by user software": 0x00 in user mode
        b.Write(Dbgmcu + 4, 0x307); // what OpenOCD's stm32f1x.cfg sets at examine
        Assert.Equal(0x307u, b.Read(Dbgmcu + 4));
        Assert.Equal(0u, b.Read(Dbgmcu + 4, b.Core));

        b.Write(Dhcsr, DbgKey | CDebugEn); // a debugger puts the core in debug mode (ARMv7-M C1.6.2)
        Assert.Equal(idcode, b.Read(Dbgmcu, b.Core)); // "accessible only in debug mode"
        Assert.Equal(0x307u, b.Read(Dbgmcu + 4, b.Core));
        b.Write(Dhcsr, DbgKey);
        Assert.Equal(0u, b.Read(Dbgmcu, b.Core));
        b.Chip.SystemReset();
        Assert.Equal(0x307u, b.Read(Dbgmcu + 4)); // RM0008 31.16.3: reset by power-on only
    }

    [Fact]
    public void Swj_cfg_100_silences_the_debug_port_until_a_reset_and_other_values_keep_it()
    {
        var b = new F1Bench();
        b.Write(RccApb2enr, 1, b.Core); // AFIOEN
        b.Write(Afio + 4, 0b010u << 24, b.Core); // JTAG off, SW-DP on
        Assert.Null(b.Chip.DebugPortSilentReason);
        Assert.Equal(0u, b.Read(Afio + 4, b.Core) & (7u << 24)); // SWJ_CFG is write-only (RM0008 9.4.2)
        b.Write(Afio + 4, 0b100u << 24, b.Core);
        Assert.Contains("SWJ_CFG = 100", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);
        Assert.Contains("PA13", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);

        b.Chip.SystemReset();
        Assert.Null(b.Chip.DebugPortSilentReason);
    }

    [Fact]
    public void Swj_cfg_is_ignored_while_the_afio_clock_is_off()
    {
        var b = new F1Bench();
        b.Write(Afio + 4, 0b100u << 24, b.Core);
        Assert.Null(b.Chip.DebugPortSilentReason);
    }

    [Fact]
    public void Gpio_crl_bsrr_and_brr_drive_the_pins_and_idr_reads_them_while_the_port_is_clocked()
    {
        var b = new F1Bench();
        b.Write(GpioA + 0x00, 0x4434_4444, b.Core); // clock off: ignored
        Assert.Equal(0u, b.Read(GpioA, b.Core));
        b.Write(RccApb2enr, 1u << 2, b.Core); // IOPAEN
        Assert.Equal(0x4444_4444u, b.Read(GpioA, b.Core)); // RM0008 9.2.1 reset: floating inputs
        b.Write(GpioA + 0x00, 0x4434_4444, b.Core); // PA5: push-pull output, 50 MHz
        b.Write(GpioA + 0x10, 1u << 5, b.Core); // BSRR set
        Assert.Equal(1u << 5, b.Read(GpioA + 0x08, b.Core) & (1u << 5));
        b.Write(GpioA + 0x14, 1u << 5, b.Core); // BRR reset
        Assert.Equal(0u, b.Read(GpioA + 0x08, b.Core) & (1u << 5));
        b.Write(GpioA + 0x10, (1u << 5) | (1u << 21), b.Core); // set and reset: set wins (9.2.5)
        Assert.Equal(1u << 5, b.Read(GpioA + 0x0C, b.Core) & (1u << 5));
        b.Write(GpioA + 0x00, 0x4834_4444, b.Core); // PA6: input with pull, ODR6 = 0: pull-down
        Assert.Equal(0u, b.Read(GpioA + 0x08, b.Core) & (1u << 6));
        b.Write(GpioA + 0x10, 1u << 6, b.Core); // ODR6 = 1: pull-up
        Assert.Equal(1u << 6, b.Read(GpioA + 0x08, b.Core) & (1u << 6));
    }
}
