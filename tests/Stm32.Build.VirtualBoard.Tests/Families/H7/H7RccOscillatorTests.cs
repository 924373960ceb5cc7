using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Addresses;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// RCC oscillators (RM0399 8.5.2, RCC_CR, RCC_BDCR, RCC_CSR) with the board's HSE and LSE and the start-up times of
/// DS12930: ready flags seen by firmware on the Cortex-M7's bus at the right virtual time.
/// </summary>
public sealed class H7RccOscillatorTests
{
    [Fact]
    public void The_hsi_runs_at_64_mhz_after_reset_and_hsidiv_divides_it()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        Assert.NotEqual(0u, Read(b.Cm7, RccCr) & HsiRdy);
        Assert.Equal(64_000_000, b.Rcc.CoreClockHz(0));
        Write(b.Cm7, RccCr, Read(b.Cm7, RccCr) | (2u << 3)); // HSIDIV = /4
        Assert.Equal(0u, Read(b.Cm7, RccCr) & (1u << 5));     // HSIDIVF drops while the divider changes
        b.AdvanceNs(1_000);
        Assert.NotEqual(0u, Read(b.Cm7, RccCr) & (1u << 5));
        Assert.Equal(16_000_000, b.Rcc.ClockHz("hsi"));
        Assert.Equal(16_000_000, b.Rcc.CoreClockHz(0));        // sys_ck is the HSI
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.ClockChanged && e.Message.Contains("16 MHz", StringComparison.Ordinal));
    }

    [Fact]
    public void The_hse_crystal_of_the_disco_board_is_ready_after_its_start_up_time()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        Write(b.Cm7, RccCr, Read(b.Cm7, RccCr) | HseOn);
        b.AdvanceNs(1_990_000);
        Assert.Equal(0u, Read(b.Cm7, RccCr) & HseRdy);
        b.AdvanceNs(20_000);
        Assert.NotEqual(0u, Read(b.Cm7, RccCr) & HseRdy); // tsu(HSE) = 2 ms (DS12930)
        Assert.Equal(25_000_000, b.Rcc.ClockHz("hse"));
    }

    [Fact]
    public void Without_an_hse_on_the_board_hserdy_never_sets()
    {
        var b = new H7Bench(device: "STM32H743ZI"); // the bare board: no external oscillators
        Write(b.Cm7, RccCr, Read(b.Cm7, RccCr) | HseOn);
        b.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0u, Read(b.Cm7, RccCr) & HseRdy);
        Assert.Equal(0, b.Rcc.ClockHz("hse"));
    }

    [Fact]
    public void Hsebyp_must_match_how_the_board_drives_osc_in()
    {
        var crystal = new H7Bench("STM32H747I-DISCO");
        Write(crystal.Cm7, RccCr, Read(crystal.Cm7, RccCr) | HseByp);
        Write(crystal.Cm7, RccCr, Read(crystal.Cm7, RccCr) | HseOn);
        crystal.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0u, Read(crystal.Cm7, RccCr) & HseRdy); // a crystal is not an external clock

        var nucleo = new H7Bench("NUCLEO-H745ZI-Q"); // 8 MHz from the ST-LINK's MCO
        Write(nucleo.Cm7, RccCr, Read(nucleo.Cm7, RccCr) | HseOn);
        nucleo.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0u, Read(nucleo.Cm7, RccCr) & HseRdy); // crystal mode on an external clock
        Write(nucleo.Cm7, RccCr, Read(nucleo.Cm7, RccCr) | HseByp); // ignored while HSEON is set
        Assert.Equal(0u, Read(nucleo.Cm7, RccCr) & HseByp);
        Write(nucleo.Cm7, RccCr, Read(nucleo.Cm7, RccCr) & ~HseOn);
        Write(nucleo.Cm7, RccCr, Read(nucleo.Cm7, RccCr) | HseByp);
        Write(nucleo.Cm7, RccCr, Read(nucleo.Cm7, RccCr) | HseOn);
        nucleo.AdvanceNs(2_000);
        Assert.NotEqual(0u, Read(nucleo.Cm7, RccCr) & HseRdy);
        Assert.Equal(8_000_000, nucleo.Rcc.ClockHz("hse"));
    }

    [Fact]
    public void The_lse_needs_the_backup_domain_unlocked_and_takes_seconds_to_start()
    {
        var b = new H7Bench("NUCLEO-H743ZI2"); // one core: seconds of virtual time pass in few slices
        Write(b.Cm7, RccBdcr, 1); // LSEON without PWR_CR1.DBP: write-protected
        Assert.Equal(0u, Read(b.Cm7, RccBdcr) & 1);
        Write(b.Cm7, PwrCr1, Read(b.Cm7, PwrCr1) | Dbp);
        Write(b.Cm7, RccBdcr, 1);
        b.Advance(TimeSpan.FromMilliseconds(1_900));
        Assert.Equal(0u, Read(b.Cm7, RccBdcr) & 2);
        b.Advance(TimeSpan.FromMilliseconds(200));
        Assert.NotEqual(0u, Read(b.Cm7, RccBdcr) & 2); // tsu(LSE) = 2 s (DS12930)
        Assert.Equal(32_768, b.Rcc.ClockHz("lse"));

        var noLse = new H7Bench(device: "STM32H743ZI"); // the bare board: no LSE
        Write(noLse.Cm7, PwrCr1, Read(noLse.Cm7, PwrCr1) | Dbp);
        Write(noLse.Cm7, RccBdcr, 1);
        noLse.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0u, Read(noLse.Cm7, RccBdcr) & 2);
    }

    [Fact]
    public void The_lsi_clocks_the_independent_watchdogs_once_ready()
    {
        var b = new H7Bench();
        Assert.Equal(0, b.Rcc.ClockHz("iwdg1"));
        Write(b.Cm7, RccCsr, 1); // LSION
        b.AdvanceNs(70_000);
        Assert.Equal(0u, Read(b.Cm7, RccCsr) & 2);
        b.AdvanceNs(20_000);
        Assert.NotEqual(0u, Read(b.Cm7, RccCsr) & 2); // tsu(LSI) = 80 µs (DS12930)
        Assert.Equal(32_000, b.Rcc.ClockHz("iwdg1"));
        Assert.Equal(32_000, b.Rcc.ClockHz("lsi"));
    }

    [Fact]
    public void A_ready_interrupt_is_flagged_in_cifr_and_raises_the_rcc_line_until_cleared()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var line = b.Chip.Interrupt("RCC");
        Write(b.Cm7, RccCier, 1u << 3); // HSERDYIE
        Write(b.Cm7, RccCr, Read(b.Cm7, RccCr) | HseOn);
        b.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(line.Asserted);
        b.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(1u << 3, Read(b.Cm7, RccCifr) & (1u << 3));
        Assert.True(line.Asserted);
        Assert.NotEmpty(line.Targets); // wired to the cores' NVIC (RCC is position 5)
        Write(b.Cm7, RccCicr, 1u << 3);
        Assert.Equal(0u, Read(b.Cm7, RccCifr));
        Assert.False(line.Asserted);
    }
}
