using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Families.F7;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F7.F7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F7;

/// <summary>
/// The STM32F7 flash interface as a debugger drives it (RM0385/RM0410 chapter 3) on a virtual STM32F746ZG and
/// STM32F767ZI: factory option bytes, sectors of 32/128/256 KiB, ERSERR, the F767's dual-bank mode (nDBANK) with its
/// 16/64/128 KiB sectors, MER2 and nWRP pairs, boot from BOOT_ADD0/BOOT_ADD1 and the ITCM alias of the flash.
/// </summary>
public sealed class F7FlashInterfaceTests
{
    private static readonly byte[] Word = [0x11, 0x22, 0x33, 0x44];

    [Theory]
    [InlineData("STM32F746ZG", 0xC0FF_AAFDu)] // RM0385 3.7.6
    [InlineData("STM32F767ZI", 0xFFFF_AAFDu)] // RM0410 3.7.6: nDBANK, nDBOOT and 12 nWRP bits set
    public void The_option_registers_read_the_factory_option_bytes(string device, uint optcr)
    {
        var b = new F7Bench(device, null);
        Assert.Equal(optcr, b.Read(OptCr));
        Assert.Equal(0x0040_0080u, b.Read(OptCr1)); // RM0385 3.7.7: BOOT_ADD0 0x0080, BOOT_ADD1 0x0040
        Assert.Equal(CrLock, b.Read(Cr) & CrLock);
        Assert.Equal(0, b.Family.ReadoutLevel);
    }

    [Fact]
    public void Sectors_of_32_128_and_256_KiB_erase_exactly_their_range_on_an_f746()
    {
        var b = new F7Bench();
        b.Unlock();
        // RM0385 3.3.2 table 3: sectors 0-3 of 32 KiB, 4 of 128 KiB (0x08020000), 5-7 of 256 KiB (0x08040000 …).
        uint[] starts = [0x0801_8000, 0x0802_0000, 0x0804_0000, 0x0808_0000];
        foreach (var start in starts)
        {
            b.Program(start, Word);
        }
        var bank = b.Chip.FlashBank(1);
        foreach (var (sector, size, index) in new[] { (3, 32 * 1024, 0), (4, 128 * 1024, 1), (5, 256 * 1024, 2) })
        {
            var took = b.EraseSector(sector);
            Assert.True(took > TimeSpan.Zero, "BSY was never seen");
            var erased = (int)(starts[index] - 0x0800_0000);
            Assert.False(bank.Slice(erased, size).ContainsAnyExcept((byte)0xFF));
        }
        Assert.True(bank.Slice((int)(starts[3] - 0x0800_0000), 4).SequenceEqual(Word), "sector 6 lost its data");
        Assert.Equal(3, b.Counters.SectorErases[0]);
    }

    [Fact]
    public void A_write_without_pg_is_erserr_and_one_of_another_width_is_pgperr_and_nothing_is_written()
    {
        var b = new F7Bench();
        b.Unlock();
        b.Write(0x0800_0000, 0x1234_5678);
        Assert.Equal(SrErserr, b.Read(Sr) & 0xF3); // RM0385 3.7.4: ERSERR, the F7's name of the F4's PGSERR
        b.Write(Sr, 0xF3);
        b.Write(Cr, CrPg); // PSIZE x8: byte writes only
        b.Write(0x0800_0000, 0x1234_5678);
        Assert.Equal(SrPgperr, b.Read(Sr) & 0xF3);
        Assert.False(b.Chip.FlashBank(1)[..8].ContainsAnyExcept((byte)0xFF));
    }

    [Fact]
    public void A_sector_number_beyond_the_f746s_eight_sectors_erases_nothing()
    {
        var b = new F7Bench();
        b.Unlock();
        b.Program(0x0800_0000, Word);
        b.EraseSector(9); // RM0385 3.7.5: SNB is 4 bits on the F74x, sectors 0-7 exist
        Assert.Equal(SrErserr, b.Read(Sr) & SrErserr);
        Assert.True(b.Chip.FlashBank(1)[..4].SequenceEqual(Word));
    }

    [Fact]
    public void Clearing_ndbank_on_an_f767_takes_effect_at_reset_with_two_banks_of_16_64_128_KiB_sectors()
    {
        var b = new F7Bench("STM32F767ZI", "NUCLEO-F767ZI");
        b.Unlock();
        b.ProgramOptions(F7Family.FactoryOptcrF76x & ~(1u << 29)); // nDBANK = 0
        Assert.Single(b.Family.Flash.BanksInEffect); // the option bytes load at reset (RM0410 3.4)
        b.Chip.SystemReset();
        Assert.Equal(0u, b.Read(OptCr) & (1u << 29));
        Assert.Equal(2, b.Family.Flash.BanksInEffect.Count);

        b.Unlock();
        uint[] starts = [0x0800_4000, 0x0800_8000, 0x0810_0000, 0x0810_4000];
        foreach (var start in starts)
        {
            b.Program(start, Word);
        }
        b.EraseSector(1); // bank 1 sector 1: 16 KiB at 0x08004000 (RM0410 3.3.2 table 4)
        b.EraseSector(12); // SNB 0b10000: bank 2 sector 0, 16 KiB at 0x08100000
        var flash = b.Chip.FlashBank(1); // one array of 2 MiB from 0x08000000 in the device data
        Assert.False(flash.Slice(0x4000, 0x4000).ContainsAnyExcept((byte)0xFF));
        Assert.True(flash.Slice(0x8000, 4).SequenceEqual(Word), "sector 2 lost its data");
        Assert.False(flash.Slice(0x10_0000, 0x4000).ContainsAnyExcept((byte)0xFF));
        Assert.True(flash.Slice(0x10_4000, 4).SequenceEqual(Word), "sector 13 lost its data");
        Assert.Equal(1, b.Counters.SectorErases[0]);
        Assert.Equal(1, b.Counters.SectorErases[1]);

        // MER2 erases bank 2 only (RM0410 3.7.5).
        b.Program(0x0810_8000, Word);
        b.Write(Cr, CrMer2 | PsizeX32);
        b.Write(Cr, CrMer2 | PsizeX32 | CrStrt);
        b.WaitNotBusy();
        Assert.False(flash.Slice(0x10_0000, 0x10_0000).ContainsAnyExcept((byte)0xFF));
        Assert.True(flash.Slice(0x8000, 4).SequenceEqual(Word), "bank 1 lost its data");
    }

    [Fact]
    public void In_dual_bank_mode_one_nwrp_bit_protects_two_sectors()
    {
        var b = new F7Bench("STM32F767ZI", null);
        b.Unlock();
        b.ProgramOptions(F7Family.FactoryOptcrF76x & ~(1u << 29) & ~(1u << 16)); // nDBANK = 0, nWRP0 = 0
        b.Chip.SystemReset();
        b.Unlock();
        b.EraseSector(1); // RM0410 3.7.6: nWRP0 covers sectors 0 and 1 in dual-bank mode
        Assert.Equal(SrWrperr, b.Read(Sr) & SrWrperr);
        b.Write(Sr, 0xF3);
        b.EraseSector(2);
        Assert.Equal(0u, b.Read(Sr) & 0xF3);
    }

    [Fact]
    public void Boot_follows_boot_add0_and_boot_add1_through_the_itcm_aliases()
    {
        var b = new F7Bench();
        b.Unlock();
        b.Program(0x0800_0000, Word);
        Assert.Equal(0x4433_2211u, b.Read(F7Family.ItcmFlash, b.Core)); // RM0385 2.3.1: the same bytes on ITCM
        Assert.Equal(BusStatus.Fault, b.Core.Write(F7Family.ItcmFlash + 4, AccessSize.Word, 0));
        Assert.Equal(0x0800_0000u, b.Chip.BootAddress("CM7")); // BOOT_ADD0 0x0080: 0x00200000, the flash on ITCM

        // BOOT_ADD0 = 0x2004 (0x08010000, RM0385 2.5: address bits 29:14), BOOT_ADD1 = 0x8000 (0x20000000, DTCM).
        b.ProgramOptions(F7Family.FactoryOptcrF74x, 0x8000_2004);
        b.Chip.SystemReset();
        Assert.Equal(0x0801_0000u, b.Chip.BootAddress("CM7"));
        b.Chip.Boot0High = true;
        Assert.Equal(0x2000_0000u, b.Chip.BootAddress("CM7"));
    }

    [Fact]
    public void In_dual_bank_boot_mode_an_f767_boots_at_boot_add0_whatever_boot0()
    {
        var b = new F7Bench("STM32F767ZI", null);
        b.Unlock();
        // BOOT_ADD0 = 0x2040 (0x08100000, bank 2 in dual-bank mode), BOOT_ADD1 = 0x0040 (system memory on ITCM).
        b.ProgramOptions(F7Family.FactoryOptcrF76x & ~(1u << 29), 0x0040_2040); // nDBANK = 0, nDBOOT = 1
        b.Chip.SystemReset();
        b.Chip.Boot0High = true;
        Assert.Equal(b.Device.Cores[0].SystemBootAddress, b.Chip.BootAddress("CM7")); // BOOT_ADD1

        b.Unlock();
        b.ProgramOptions(F7Family.FactoryOptcrF76x & ~(1u << 29) & ~(1u << 28), 0x0040_2040); // nDBANK = nDBOOT = 0
        b.Chip.SystemReset();
        Assert.Equal(0x0810_0000u, b.Chip.BootAddress("CM7")); // AN2606: only BOOT_ADD0 counts in dual bank boot
        b.Chip.Boot0High = false;
        Assert.Equal(0x0810_0000u, b.Chip.BootAddress("CM7"));
    }
}
