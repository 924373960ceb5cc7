using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.Execution;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Addresses;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>PLL1 lock, the system clock switch and the clock tree (RM0399 8.5.5, 8.5.6, RCC_PLLxxx, RCC_CFGR, RCC_DxCFGR).</summary>
public sealed class H7RccPllTests
{
    /// <summary>PLL1 from the DISCO's 25 MHz HSE: /5 = 5 MHz (range 4–8 MHz), ×192 = 960 MHz, /2 on P, Q and R; PLL1ON set before the HSE is ready.</summary>
    private static long StartPll1(H7Bench b, ISystemBus bus)
    {
        Write(bus, RccCr, Read(bus, RccCr) | HseOn);
        var hseOn = b.NowNs;
        Write(bus, RccPllCkSelR, (Read(bus, RccPllCkSelR) & ~0x3F3u) | 2u | (5u << 4));
        Write(bus, RccPll1DivR, 191u | (1u << 9) | (1u << 16) | (1u << 24));
        Write(bus, RccPllCfgR, (Read(bus, RccPllCfgR) & ~0xFu) | (2u << 2) | (7u << 16));
        Write(bus, RccCr, Read(bus, RccCr) | Pll1On);
        return hseOn;
    }

    [Fact]
    public void Pll1_locks_its_lock_time_after_the_hse_is_ready_and_drives_the_cores_at_480_and_240_mhz()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var bus = b.Cm7;
        var start = StartPll1(b, bus);
        b.AdvanceNs(start + 2_000_000 + 45_000 - b.NowNs); // HSE ready at 2 ms, tLOCK 50 µs (DS12930)
        Assert.Equal(0u, Read(bus, RccCr) & Pll1Rdy);
        b.AdvanceNs(10_000);
        Assert.NotEqual(0u, Read(bus, RccCr) & Pll1Rdy);
        Assert.Equal(480_000_000, b.Rcc.ClockHz("pll1_p"));
        Assert.Equal(480_000_000, b.Rcc.ClockHz("pll1_q"));

        Write(bus, RccD1Cfgr, 8u | (4u << 4));         // HPRE /2, D1PPRE /2
        Write(bus, RccD2Cfgr, (4u << 4) | (4u << 8));  // D2PPRE1 /2, D2PPRE2 /2
        Write(bus, RccD3Cfgr, 4u << 4);                // D3PPRE /2
        Write(bus, RccCfgr, (Read(bus, RccCfgr) & ~7u) | 3u); // SW = PLL1
        Assert.Equal(3u, (Read(bus, RccCfgr) >> 3) & 7);      // SWS = PLL1
        Assert.Equal(480_000_000, b.Chip.Family.CoreClockHz(0));
        Assert.Equal(240_000_000, b.Chip.Family.CoreClockHz(1));
        Assert.Equal(240_000_000, b.Rcc.ClockHz("hclk"));
        foreach (var bus4 in new[] { "pclk1", "pclk2", "pclk3", "pclk4" })
        {
            Assert.Equal(120_000_000, b.Rcc.ClockHz(bus4));
        }
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.ClockChanged && e.Message.Contains("CM7 480 MHz", StringComparison.Ordinal));
    }

    [Fact]
    public void A_switch_to_a_source_that_is_not_ready_happens_when_it_becomes_ready()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var bus = b.Cm7;
        var start = StartPll1(b, bus);
        Write(bus, RccCfgr, (Read(bus, RccCfgr) & ~7u) | 3u);
        Assert.Equal(0u, (Read(bus, RccCfgr) >> 3) & 7); // still the HSI
        Assert.Equal(64_000_000, b.Chip.Family.CoreClockHz(0));
        b.AdvanceNs(start + 2_100_000 - b.NowNs);
        Assert.Equal(3u, (Read(bus, RccCfgr) >> 3) & 7);
        Assert.Equal(480_000_000, b.Chip.Family.CoreClockHz(0));
    }

    [Fact]
    public void The_pll_configuration_is_write_protected_while_the_pll_is_on()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var bus = b.Cm7;
        StartPll1(b, bus);
        b.Advance(TimeSpan.FromMilliseconds(3));
        var divr = Read(bus, RccPll1DivR);
        Write(bus, RccPll1DivR, (divr & ~0x1FFu) | 99u);                 // DIVN1
        Assert.Equal(divr, Read(bus, RccPll1DivR));
        Write(bus, RccPllCkSelR, Read(bus, RccPllCkSelR) & ~3u);          // PLLSRC = HSI
        Assert.Equal(2u, Read(bus, RccPllCkSelR) & 3);
        Write(bus, RccPllCfgR, Read(bus, RccPllCfgR) & ~(1u << 16));      // DIVP1EN
        Assert.NotEqual(0u, Read(bus, RccPllCfgR) & (1u << 16));

        Write(bus, RccCr, Read(bus, RccCr) & ~Pll1On);
        Assert.Equal(0u, Read(bus, RccCr) & Pll1Rdy);
        Write(bus, RccPll1DivR, (divr & ~0x1FFu) | 99u);
        Assert.Equal(99u, Read(bus, RccPll1DivR) & 0x1FF);
    }

    [Fact]
    public void The_clock_in_use_cannot_be_switched_off()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var bus = b.Cm7;
        Write(bus, RccCr, Read(bus, RccCr) & ~1u); // HSION while the HSI is sys_ck
        Assert.NotEqual(0u, Read(bus, RccCr) & 1);
        StartPll1(b, bus);
        b.Advance(TimeSpan.FromMilliseconds(3));
        Write(bus, RccCfgr, (Read(bus, RccCfgr) & ~7u) | 3u);
        Write(bus, RccCr, Read(bus, RccCr) & ~(Pll1On | HseOn));
        Assert.Equal(Pll1On | HseOn, Read(bus, RccCr) & (Pll1On | HseOn));
        Assert.Equal(480_000_000, b.Chip.Family.CoreClockHz(0));
    }

    [Fact]
    public void A_uart_kernel_clock_follows_its_selection_and_its_enable_bit()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var bus = b.Cm7;
        Assert.Equal(0, b.Rcc.ClockHz("usart1"));                   // USART1EN clear
        Write(bus, RccApb2Enr, Read(bus, RccApb2Enr) | (1u << 4));  // USART1EN
        Assert.Equal(64_000_000, b.Rcc.ClockHz("usart1"));          // rcc_pclk2 at reset: HSI, no prescaler
        Write(bus, RccD2Cfgr, 5u << 8);                             // D2PPRE2 /4
        Assert.Equal(16_000_000, b.Rcc.ClockHz("usart1"));
        Write(bus, RccD2Ccip2R, 3u << 3);                           // USART16SEL = hsi_ker_ck
        Assert.Equal(64_000_000, b.Rcc.ClockHz("usart1"));
        Assert.Equal(0, b.Rcc.ClockHz("usart3"));                   // not enabled
        Assert.Equal(0, b.Rcc.ClockHz("hsem"));                     // HSEM off until enabled
        Write(bus, RccAhb4Enr, Read(bus, RccAhb4Enr) | (1u << 25)); // HSEMEN
        Assert.Equal(64_000_000, b.Rcc.ClockHz("hsem"));
    }
}
