using Stm32.Build.Execution;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.L4.L4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.L4;

/// <summary>RCC ready flags and clocks, PWR_SR2, DBGMCU, the device signature and boot of the virtual STM32L4/G4.</summary>
public sealed class L4ClockAndDebugTests
{
    [Fact]
    public void The_l4_runs_from_the_4_mhz_msi_and_the_g4_from_hsi16_after_reset()
    {
        var l4 = new L4Bench();
        Assert.Equal(0x63u, l4.Read(Rcc) & 0xFF); // RM0351 6.4.1: MSION, MSIRDY, MSIRANGE 6
        Assert.Equal(0u, l4.Read(Rcc + 0x08) & 0xF); // SW = SWS = MSI
        Assert.Equal(4_000_000, l4.Family.CoreClockHz(0));

        var g4 = new L4Bench("STM32G431RB", "NUCLEO-G431RB");
        Assert.Equal(0x500u, g4.Read(Rcc) & 0xFFFF); // RM0440 7.4.1: HSION, HSIRDY
        Assert.Equal(0x5u, g4.Read(Rcc + 0x08) & 0xF); // SW = SWS = HSI16
        Assert.Equal(16_000_000, g4.Family.CoreClockHz(0));
    }

    [Fact]
    public void Hserdy_follows_the_board_crystal_after_its_start_up_time_and_never_without_one()
    {
        var g4 = new L4Bench("STM32G474RE", "NUCLEO-G474RE"); // 24 MHz crystal (UM2505)
        g4.Write(Rcc, g4.Read(Rcc) | (1u << 16));
        Assert.Equal(0u, g4.Read(Rcc) & (1u << 17));
        g4.Advance(TimeSpan.FromMilliseconds(2.1)); // t_SU(HSE) 2 ms
        Assert.Equal(1u << 17, g4.Read(Rcc) & (1u << 17));

        var l432 = new L4Bench("STM32L432KC", "NUCLEO-L432KC"); // no HSE (UM1956)
        l432.Write(Rcc, l432.Read(Rcc) | (1u << 16));
        l432.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(0u, l432.Read(Rcc) & (1u << 17));
    }

    [Fact]
    public void The_pll_locks_from_hsi16_and_sysclk_follows_sw()
    {
        var b = new L4Bench("STM32G431RB", "NUCLEO-G431RB");
        b.Write(Rcc + 0x0C, 2u | (3u << 4) | (85u << 8) | (1u << 24)); // HSI16 / 4 * 85 / 2
        b.Write(Rcc, b.Read(Rcc) | (1u << 24));
        Assert.Equal(0u, b.Read(Rcc) & (1u << 25));
        b.Advance(TimeSpan.FromMicroseconds(20)); // t_LOCK 15 µs
        Assert.Equal(1u << 25, b.Read(Rcc) & (1u << 25));
        b.Write(Rcc + 0x08, (b.Read(Rcc + 0x08) & ~3u) | 3);
        Assert.Equal(0xFu, b.Read(Rcc + 0x08) & 0xF);
        Assert.Equal(170_000_000, b.Family.CoreClockHz(0));
    }

    [Fact]
    public void Vosf_reads_clear_and_reglpf_follows_lpr()
    {
        var b = new L4Bench();
        b.Write(Pwr, (b.Read(Pwr) & ~(3u << 9)) | (2u << 9)); // VOS range 2
        Assert.Equal(0u, b.Read(Pwr + 0x14) & (1u << 10)); // VOSF
        b.Write(Pwr, b.Read(Pwr) | (1u << 14)); // LPR
        Assert.Equal(1u << 9, b.Read(Pwr + 0x14) & (1u << 9)); // REGLPF
    }

    [Theory]
    [InlineData("STM32L476RG", 0x415u, 1024)]
    [InlineData("STM32L432KC", 0x435u, 256)]
    [InlineData("STM32G431RB", 0x468u, 128)]
    [InlineData("STM32G474RE", 0x469u, 512)]
    public void Dbgmcu_idcode_and_the_flash_size_register_name_the_part(string device, uint devId, int kib)
    {
        var b = new L4Bench(device, null);
        Assert.Equal(devId, b.Read(Dbgmcu) & 0xFFF);
        Assert.Equal((uint)kib, b.Read(0x1FFF_75E0) & 0xFFFF);
        Assert.NotEqual(0xFFFF_FFFFu, b.Read(0x1FFF_7590)); // unique ID
    }

    [Fact]
    public void Dbgmcu_freezes_the_iwdg_while_halted_and_survives_a_system_reset()
    {
        var b = new L4Bench();
        b.Write(Dbgmcu + 0x08, 1u << 12);
        b.Chip.SystemReset();
        Assert.Equal(1u << 12, b.Read(Dbgmcu + 0x08));
        Assert.True(b.Family.Dbgmcu!.FreezesIwdg);
    }

    [Fact]
    public void Boot0_comes_from_the_pin_with_nswboot0_set_and_from_nboot0_when_cleared()
    {
        var b = new L4Bench("STM32G431RB", null);
        Assert.False(b.Family.Boot0(pinHigh: false));
        Assert.True(b.Family.Boot0(pinHigh: true));
        b.Unlock();
        b.UnlockOptions();
        b.Write(Optr, 0xFFEF_F8AA & ~(1u << 26) & ~(1u << 27)); // nSWBOOT0 = 0, nBOOT0 = 0: BOOT0 = 1 from the option
        b.Write(Cr, CrOptStrt);
        b.WaitNotBusy();
        b.Chip.SystemReset();
        Assert.True(b.Family.Boot0(pinHigh: false));
    }
}
