using Stm32.Build.VirtualBoard.Families.G0;
using Stm32.Build.VirtualBoard.Tests.Families.L4;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.L4.L4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.G0;

/// <summary>
/// The virtual STM32G071's blocks through the debugger's access port (RM0444): DBGMCU at 0x40015800, the device
/// signature, the factory option bytes, RCC (HSI16/HSIDIV, PLL, HSE per board), PWR_SR2.VOSF, the flash interface's
/// G0 timings, and boot (nBOOT_SEL, nBOOT0, the PA14-BOOT0 pin, nBOOT1 and the empty check).
/// </summary>
public sealed class G0ChipTests
{
    private const uint Dbg = 0x4001_5800, Rcc = 0x4002_1000, Pwr = 0x4000_7000;
    private const uint NBootSel = 1u << 24, NBoot1 = 1u << 25, NBoot0 = 1u << 26, AcrEmpty = 1u << 16;

    private static L4Bench G071(string? board = "NUCLEO-G071RB") => new("STM32G071RB", board);

    private static G0Family Family(L4Bench b) => (G0Family)b.Chip.Family;

    private static uint Boot(L4Bench b) => b.Chip.BootAddress("CM0+");

    [Fact]
    public void Dbg_idcode_the_flash_size_register_and_the_factory_optr_name_a_g071()
    {
        var b = G071();
        Assert.Equal(0x460u, b.Read(Dbg) & 0xFFF); // RM0444 40.9.1 DEV_ID
        Assert.Equal(128u, b.Read(0x1FFF_75E0) & 0xFFFF); // RM0444 1.5: flash size in KiB
        Assert.NotEqual(0xFFFF_FFFFu, b.Read(0x1FFF_7590));
        Assert.Equal(0xFFFF_FEAAu, b.Read(Optr)); // RM0444 3.7.8, as delivered
        Assert.Equal(0, b.FlashInterface.ReadoutLevel);
    }

    [Fact]
    public void Hsi16_runs_after_reset_and_hsidiv_divides_the_core_clock()
    {
        var b = G071();
        Assert.Equal(0x500u, b.Read(Rcc) & 0xFFFF); // RM0444 5.4.1: HSION, HSIRDY, HSIDIV /1
        Assert.Equal(0u, b.Read(Rcc + 0x08) & 0x3F); // SW = SWS = HSISYS
        Assert.Equal(16_000_000, Family(b).CoreClockHz(0));
        b.Write(Rcc, (b.Read(Rcc) & ~(7u << 11)) | (2u << 11)); // HSIDIV /4
        Assert.Equal(4_000_000, Family(b).CoreClockHz(0));
    }

    [Fact]
    public void The_pll_locks_from_hsi16_and_sysclk_follows_sw()
    {
        var b = G071();
        b.Write(Rcc + 0x0C, 2u | (8u << 8) | (1u << 28) | (1u << 29)); // HSI16 / 1 * 8 / 2, PLLREN (RM0444 5.4.4)
        b.Write(Rcc, b.Read(Rcc) | (1u << 24));
        Assert.Equal(0u, b.Read(Rcc) & (1u << 25));
        b.Advance(TimeSpan.FromMicroseconds(20)); // t_LOCK 15 µs
        Assert.Equal(1u << 25, b.Read(Rcc) & (1u << 25));
        b.Write(Rcc + 0x08, 2);
        Assert.Equal(0x12u, b.Read(Rcc + 0x08) & 0x3F); // SWS = SW = PLLRCLK
        Assert.Equal(64_000_000, Family(b).CoreClockHz(0));
    }

    [Fact]
    public void Hserdy_never_rises_on_a_nucleo_g071rb_which_has_no_hse()
    {
        var b = G071();
        b.Write(Rcc, b.Read(Rcc) | (1u << 16));
        b.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(0u, b.Read(Rcc) & (1u << 17));
        b.Write(Rcc + 0x08, 1); // SW = HSE: not ready, SWS stays HSISYS
        Assert.Equal(0u, b.Read(Rcc + 0x08) & 0x38);
    }

    [Fact]
    public void Vosf_reads_clear_and_dbg_keeps_the_iwdg_freeze_across_a_system_reset()
    {
        var b = G071();
        b.Write(Pwr, (b.Read(Pwr) & ~(3u << 9)) | (1u << 9)); // VOS range 1
        Assert.Equal(0u, b.Read(Pwr + 0x14) & (1u << 10));
        b.Write(Dbg + 0x04, 6); // DBG_STOP, DBG_STANDBY
        b.Write(Dbg + 0x08, 1u << 12); // DBG_IWDG_STOP
        b.Chip.SystemReset();
        Assert.Equal(6u, b.Read(Dbg + 0x04) & 6);
        Assert.True(Family(b).Dbgmcu!.FreezesIwdg);
    }

    [Fact]
    public void A_page_erase_and_a_double_word_take_the_datasheet_times_and_a_misaligned_word_is_pgaerr()
    {
        var b = G071();
        b.Unlock();
        var erase = b.ErasePage(63);
        Assert.InRange(erase.TotalMilliseconds, 22, 22.1); // DS12232 t_ERASE 22 ms typical
        b.Write(Cr, CrPg);
        b.Write(0x0801_F800, 0x1122_3344);
        b.Write(0x0801_F804, 0x5566_7788);
        Assert.InRange(b.WaitNotBusy().TotalMicroseconds, 80, 95); // t_prog 85 µs, polled every 10 µs
        b.Write(0x0801_F80C, 0xAAAA_AAAA); // not at a double-word address
        Assert.Equal(SrPgaerr, b.Read(Sr) & SrPgaerr);
        Assert.Equal(0x1122_3344u, b.FlashInterface.PeekWord(0x0801_F800));
        Assert.Equal(0xFFFF_FFFFu, b.FlashInterface.PeekWord(0x0801_F808));
    }

    [Fact]
    public void A_blank_chip_boots_system_memory_until_the_empty_check_is_redone_at_power_on()
    {
        var b = G071();
        Assert.Equal(AcrEmpty, b.Read(Acr) & AcrEmpty); // RM0444 3.7.1: first word erased at option byte loading
        Assert.Equal(0x1FFF_0000u, Boot(b));
        b.Unlock();
        b.ErasePage(0);
        b.Program(0x0800_0000, [0x00, 0x90, 0x00, 0x20, 0xC1, 0x00, 0x00, 0x08]);
        b.Chip.SystemReset();
        Assert.Equal(AcrEmpty, b.Read(Acr) & AcrEmpty); // a system reset keeps the flag: still system memory
        Assert.Equal(0x1FFF_0000u, Boot(b));
        b.Chip.PowerOff();
        b.Chip.PowerOn();
        Assert.Equal(0u, b.Read(Acr) & AcrEmpty);
        Assert.Equal(0x0800_0000u, Boot(b));
    }

    [Fact]
    public void Clearing_empty_by_software_boots_the_flash_at_the_next_system_reset()
    {
        var b = G071();
        b.Unlock();
        b.ErasePage(0);
        b.Program(0x0800_0000, [0x00, 0x90, 0x00, 0x20, 0xC1, 0x00, 0x00, 0x08]);
        b.Write(Acr, b.Read(Acr) & ~AcrEmpty);
        b.Chip.SystemReset();
        Assert.Equal(0x0800_0000u, Boot(b));
    }

    [Fact]
    public void Boot0_comes_from_nboot0_with_nboot_sel_set_and_from_the_pa14_boot0_pin_once_it_is_cleared()
    {
        var b = G071();
        Load(b);
        // Factory (nBOOT_SEL = 1, nBOOT0 = 1): the pin is ignored.
        b.Chip.Boot0High = true;
        Assert.Equal(0x0800_0000u, Boot(b));
        b.Chip.Boot0High = false;
        Assert.Equal(0x0800_0000u, Boot(b));

        // nBOOT_SEL = 0 by OPTSTRT and OBL_LAUNCH (RM0444 3.4.2): now the pin decides, nBOOT1 = 1 selects system memory.
        ChangeOptr(b, 0xFFFF_FEAA & ~NBootSel);
        Assert.Equal(0xFFFF_FEAA & ~NBootSel, b.FlashInterface.Optr);
        Assert.Equal(0x0800_0000u, Boot(b));
        b.Chip.Boot0High = true;
        Assert.Equal(0x1FFF_0000u, Boot(b));
        ChangeOptr(b, 0xFFFF_FEAA & ~NBootSel & ~NBoot1); // nBOOT1 = 0: SRAM
        Assert.Equal(0x2000_0000u, Boot(b));

        // nBOOT_SEL = 1 with nBOOT0 = 0: BOOT0 = 1 whatever the pin.
        b.Chip.Boot0High = false;
        ChangeOptr(b, 0xFFFF_FEAA & ~NBoot0);
        Assert.Equal(0x1FFF_0000u, Boot(b));
    }

    /// <summary>A programmed first double word and a power cycle, so the empty check no longer redirects the boot.</summary>
    private static void Load(L4Bench b)
    {
        b.Unlock();
        b.ErasePage(0);
        b.Program(0x0800_0000, [0x00, 0x90, 0x00, 0x20, 0xC1, 0x00, 0x00, 0x08]);
        b.Write(Cr, CrLock);
        b.Chip.PowerOff();
        b.Chip.PowerOn();
    }

    /// <summary>FLASH_OPTR written, OPTSTRT, BSY waited, then OBL_LAUNCH reloads the option bytes and resets.</summary>
    private static void ChangeOptr(L4Bench b, uint optr)
    {
        b.Unlock();
        b.UnlockOptions();
        b.Write(Optr, optr);
        b.Write(Cr, CrOptStrt);
        b.WaitNotBusy();
        b.Write(Cr, CrOblLaunch);
        b.Advance(TimeSpan.FromMicroseconds(10));
        Assert.Equal(optr, b.FlashInterface.Optr);
        Assert.Equal(0u, b.Read(Acr) & AcrEmpty); // the empty check redone: the first word is programmed
    }
}
