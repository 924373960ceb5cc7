using Stm32.Build.Execution;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F4.F4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F4;

/// <summary>RCC ready flags, the core clock, bit-band aliases, FLASH_ACR byte stores and DBGMCU of the virtual STM32F4.</summary>
public sealed class F4ClockAndDebugTests
{
    private const uint RccCr = Rcc + 0x00, RccPllcfgr = Rcc + 0x04, RccCfgr = Rcc + 0x08;
    private const uint HseOn = 1u << 16, HseRdy = 1u << 17, HseByp = 1u << 18, PllOn = 1u << 24, PllRdy = 1u << 25;

    [Fact]
    public void Hserdy_sets_after_the_crystal_start_up_time_on_a_board_with_a_crystal()
    {
        var b = new F4Bench();
        b.Write(RccCr, b.Read(RccCr) | HseOn, b.Core);
        Assert.Equal(0u, b.Read(RccCr) & HseRdy);
        b.Advance(TimeSpan.FromMilliseconds(1.9));
        Assert.Equal(0u, b.Read(RccCr) & HseRdy);
        b.Advance(TimeSpan.FromMilliseconds(0.2)); // DS8626: t_SU(HSE) 2 ms typical
        Assert.Equal(HseRdy, b.Read(RccCr) & HseRdy);
    }

    [Theory]
    [InlineData(null, false)] // the device alone: no HSE at all
    [InlineData("STM32F407G-DISC1", true)] // a crystal with HSEBYP set: no clock
    [InlineData("NUCLEO-F429ZI", false)] // an external clock without HSEBYP
    public void Hserdy_never_sets_when_the_board_cannot_give_that_hse(string? board, bool bypass)
    {
        var b = new F4Bench(board == "NUCLEO-F429ZI" ? "STM32F429ZI" : "STM32F407VG", board);
        b.Write(RccCr, b.Read(RccCr) | (bypass ? HseByp : 0), b.Core);
        b.Write(RccCr, b.Read(RccCr) | HseOn, b.Core);
        b.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0u, b.Read(RccCr) & HseRdy);
    }

    [Fact]
    public void The_pll_from_the_hse_runs_the_core_at_168_mhz_once_sws_follows_sw()
    {
        var b = new F4Bench();
        b.Write(RccCr, b.Read(RccCr) | HseOn, b.Core);
        b.Advance(TimeSpan.FromMilliseconds(3));
        b.Write(RccPllcfgr, 0x0740_5408, b.Core); // 8 MHz / 8 × 336 / 2 = 168 MHz, PLLSRC = HSE, PLLQ 7 (RM0090 7.3.2)
        b.Write(RccCfgr, 2, b.Core); // SW = PLL before the PLL runs: ignored
        Assert.Equal(0u, b.Read(RccCfgr) & 0xC);
        Assert.Equal(16_000_000, b.Family.CoreClockHz(0));

        // PLLON through the peripheral bit-band alias, as ST's F4 HAL does: 0x42000000 + 0x23800 × 32 + 24 × 4.
        b.Write(0x4200_0000 + (RccCr - 0x4000_0000) * 32 + 24 * 4, 1, b.Core);
        Assert.Equal(PllOn, b.Read(RccCr) & PllOn);
        Assert.Equal(1u, b.Read(0x4200_0000 + (RccCr - 0x4000_0000) * 32 + 24 * 4, b.Core));
        b.Advance(TimeSpan.FromMicroseconds(100)); // DS8626: t_LOCK 100 µs typical
        Assert.Equal(PllRdy, b.Read(RccCr) & PllRdy);
        b.Write(RccCfgr, 2, b.Core);
        Assert.Equal(8u, b.Read(RccCfgr) & 0xC);
        Assert.Equal(168_000_000, b.Family.CoreClockHz(0));
    }

    [Fact]
    public void A_byte_store_to_flash_acr_changes_only_the_latency_byte()
    {
        var b = new F4Bench();
        b.Write(Flash, 0x0000_0700, b.Core); // ICEN, DCEN, PRFTEN
        Assert.Equal(BusStatus.Ok, b.Core.Write(Flash, AccessSize.Byte, 5)); // ST's __HAL_FLASH_SET_LATENCY
        Assert.Equal(0x0000_0705u, b.Read(Flash, b.Core));
    }

    [Fact]
    public void The_sram_bit_band_alias_reads_and_writes_single_bits()
    {
        var b = new F4Bench();
        b.Write(0x2000_0100, 0x0000_00F0, b.Core);
        Assert.Equal(1u, b.Read(0x2200_0000 + 0x100 * 32 + 4 * 4, b.Core)); // bit 4
        Assert.Equal(0u, b.Read(0x2200_0000 + 0x100 * 32 + 3 * 4, b.Core)); // bit 3
        b.Write(0x2200_0000 + 0x101 * 32 + 1 * 4, 1, b.Core); // byte 0x101, bit 1
        b.Write(0x2200_0000 + 0x100 * 32 + 7 * 4, 0, b.Core);
        Assert.Equal(0x0000_0270u, b.Read(0x2000_0100, b.Core));
    }

    [Theory]
    [InlineData("STM32F407VG", 0x1000_0413u)]
    [InlineData("STM32F429ZI", 0x1000_0419u)]
    public void Dbgmcu_idcode_carries_the_dev_id_of_the_device_data_for_the_debugger_and_the_core(string device, uint idcode)
    {
        var b = new F4Bench(device, null);
        Assert.Equal(idcode, b.Read(Dbgmcu)); // AP0, through the core's private bus
        Assert.Equal(idcode, b.Read(Dbgmcu, b.Core)); // a load by the firmware (HAL_GetDEVID)
        b.Write(Dbgmcu + 4, 7);
        Assert.Equal(7u, b.Read(Dbgmcu + 4, b.Core));
        b.Chip.SystemReset();
        Assert.Equal(7u, b.Read(Dbgmcu + 4)); // RM0090 38.16.3: DBGMCU_CR survives a system reset
    }

    [Fact]
    public void Firmware_reads_dbgmcu_idcode_through_the_cores_external_private_bus()
    {
        var b = new F4Bench();
        b.Unlock();
        // Vector table (SP 0x20001000, reset handler 0x08000009), then: LDR r0, [pc, #4] (0x4801, the literal at
        // 0x08000010); LDR r1, [r0] (0x6801); B . (0xE7FE); NOP (0xBF00); literal 0xE0042000.
        uint[] words = [0x2000_1000, 0x0800_0009, 0x6801_4801, 0xBF00_E7FE, Dbgmcu];
        b.Program(0x0800_0000, words.SelectMany(BitConverter.GetBytes).ToArray());
        b.Write(Cr, CrLock);
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMicroseconds(10));

        b.Write(0xE000_EDF0, 0xA05F_0003); // halt
        b.Write(0xE000_EDF4, 1); // DCRSR: read r1 (ARMv7-M C1.6.3)
        Assert.Equal(0x1000_0413u, b.Read(0xE000_EDF8)); // DCRDR
    }
}
