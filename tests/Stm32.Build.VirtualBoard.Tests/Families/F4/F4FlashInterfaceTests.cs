using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Families.F4;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F4.F4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F4;

/// <summary>The STM32F4 flash interface as a debugger drives it (RM0090 3.5-3.9), on a virtual STM32F407VG / F429ZI.</summary>
public sealed class F4FlashInterfaceTests
{
    private static readonly byte[] Word = [0x11, 0x22, 0x33, 0x44];

    [Fact]
    public void The_key_sequence_unlocks_and_a_wrong_key_is_a_bus_error_that_keeps_it_locked_until_reset()
    {
        var b = new F4Bench();
        Assert.Equal(CrLock, b.Read(Cr) & CrLock);
        Assert.Equal(BusStatus.Ok, b.Ap0.Write(Keyr, AccessSize.Word, Key1));
        Assert.Equal(BusStatus.Fault, b.Ap0.Write(Keyr, AccessSize.Word, 0x1234_5678)); // RM0090 3.5.1
        Assert.Equal(BusStatus.Fault, b.Ap0.Write(Keyr, AccessSize.Word, Key1));
        Assert.Equal(CrLock, b.Read(Cr) & CrLock);
        b.Write(Cr, CrPg); // ignored while locked
        Assert.Equal(CrLock, b.Read(Cr));

        b.Chip.SystemReset();
        b.Unlock();
        Assert.Equal(0u, b.Read(Cr) & CrLock);
        b.Write(Cr, CrLock);
        Assert.False(b.Family.Flash.IsUnlocked);
        b.Unlock(); // a new sequence after software locked it again
        Assert.True(b.Family.Flash.IsUnlocked);
    }

    [Theory]
    [InlineData(3u, 16 * 1024, 250)]
    [InlineData(4u, 64 * 1024, 550)]
    [InlineData(5u, 128 * 1024, 1000)]
    public void A_sector_erase_erases_that_sector_only_and_takes_the_datasheet_time(uint snb, int size, int ms)
    {
        var b = new F4Bench();
        b.Unlock();
        uint[] starts = [0x0800_C000, 0x0801_0000, 0x0802_0000, 0x0804_0000];
        foreach (var start in starts)
        {
            b.Program(start, Word);
        }
        var took = b.EraseSector(snb);

        // DS8626 "Flash memory programming", typical at x32: 16 KiB 250 ms, 64 KiB 550 ms, 128 KiB 1 s.
        Assert.InRange(took.TotalMilliseconds, ms, ms + 1);
        var bank = b.Chip.FlashBank(1);
        var erased = (int)(starts[snb - 3] - 0x0800_0000);
        Assert.False(bank.Slice(erased, size).ContainsAnyExcept((byte)0xFF));
        foreach (var start in starts.Where((_, i) => i != snb - 3))
        {
            Assert.True(bank.Slice((int)(start - 0x0800_0000), 4).SequenceEqual(Word), $"0x{start:X8} lost its data");
        }
        Assert.Equal(1, b.Counters.SectorErases[0]);
    }

    [Fact]
    public void A_write_of_another_width_than_psize_is_pgperr_and_one_without_pg_is_pgserr()
    {
        var b = new F4Bench();
        b.Unlock();
        b.Write(Cr, CrPg); // PSIZE x8: byte writes only
        b.Write(0x0800_0000, 0x1234_5678);
        Assert.Equal(1u << 6, b.Read(Sr) & 0xF3); // PGPERR, RM0090 3.5.4
        Assert.Equal(BusStatus.Ok, b.Ap0.Write(0x0800_0000, AccessSize.Byte, 0x5A));
        b.WaitNotBusy();
        b.Write(Sr, 0xF3); // clear the flags
        b.Write(Cr, 0);
        b.Write(0x0800_0004, 0);
        Assert.Equal(1u << 7, b.Read(Sr) & 0xF3); // PGSERR

        var bank = b.Chip.FlashBank(1);
        Assert.Equal(0x5A, bank[0]);
        Assert.False(bank[1..8].ContainsAnyExcept((byte)0xFF));
    }

    [Fact]
    public void Eop_is_set_only_while_eopie_is_set()
    {
        var b = new F4Bench();
        b.Unlock();
        b.Program(0x0800_0000, Word);
        Assert.Equal(0u, b.Read(Sr) & 1);
        b.Write(Cr, CrPg | PsizeX32 | CrEopie);
        b.Write(0x0800_0004, 0);
        b.WaitNotBusy();
        Assert.Equal(1u, b.Read(Sr) & 1); // RM0090 3.9.5
    }

    [Fact]
    public void A_write_protected_sector_is_not_erased_wrperr()
    {
        var b = new F4Bench();
        b.Unlock();
        b.Program(0x0801_0000, Word);
        b.Write(OptKeyr, OptKey1);
        b.Write(OptKeyr, OptKey2);
        b.Write(OptCr, (F4Family.FactoryOptcr & ~(1u << (16 + 4)) & ~1u) | 2); // nWRP4 = 0, OPTSTRT
        b.WaitNotBusy();
        b.EraseSector(4);

        Assert.Equal(1u << 4, b.Read(Sr) & (1u << 4)); // WRPERR, RM0090 3.7.4
        Assert.True(b.Chip.FlashBank(1).Slice(0x1_0000, 4).SequenceEqual(Word));
    }

    [Fact]
    public void Readout_protection_level_1_hides_the_flash_from_the_debugger_and_going_back_to_0_mass_erases_it()
    {
        var b = new F4Bench();
        b.Unlock();
        b.Program(0x0800_0000, Word);
        b.Write(OptKeyr, OptKey1);
        b.Write(OptKeyr, OptKey2);
        b.Write(OptCr, (F4Family.FactoryOptcr & ~0xFF03u) | (0x55u << 8) | 2); // RDP 0x55: level 1
        b.WaitNotBusy();
        Assert.Equal(1, b.Family.Flash.ReadoutLevel);
        Assert.Equal(BusStatus.Fault, b.Ap0.Read(0x0800_0000, AccessSize.Word, out _));
        Assert.Equal(BusStatus.Ok, b.Core.Read(0x0800_0000, AccessSize.Word, out var fromCore)); // the core still runs from it
        Assert.Equal(0x4433_2211u, fromCore);

        b.Write(OptCr, (F4Family.FactoryOptcr & ~3u) | 2); // RDP 0xAA again
        b.WaitNotBusy();
        Assert.Equal(0, b.Family.Flash.ReadoutLevel);
        Assert.False(b.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF)); // RM0090 3.7.3
    }

    [Fact]
    public void Snb_0b10000_erases_the_first_sector_of_bank_2_on_a_dual_bank_f429()
    {
        var b = new F4Bench("STM32F429ZI", "NUCLEO-F429ZI");
        b.Unlock();
        b.Program(0x080E_0000, Word); // sector 11, the last of bank 1
        b.Program(0x0810_0000, Word); // sector 12, the first of bank 2
        b.EraseSector(0b10000); // RM0090 3.9.8

        Assert.True(b.Chip.FlashBank(1).Slice(0xE_0000, 4).SequenceEqual(Word));
        Assert.False(b.Chip.FlashBank(2)[..0x4000].ContainsAnyExcept((byte)0xFF));
        Assert.Equal(1, b.Counters.SectorErases[1]);
    }

    [Theory]
    [InlineData("STM32F446RE")] // ST's SVD declares RDERR read-write
    [InlineData("STM32F429ZI")]
    public void Writing_ones_to_flash_sr_clears_the_flags_and_never_sets_rderr(string device)
    {
        var b = new F4Bench(device, null);
        b.Write(Sr, 0x1F3); // EOP, OPERR, WRPERR, PGAERR, PGPERR, PGSERR, RDERR: rc_w1 (RM0090 3.9.4, RM0390 3.8.4)
        Assert.Equal(0u, b.Read(Sr));
    }

    [Fact]
    public void Setting_db1m_on_a_1_mib_f429_takes_effect_at_reset_with_two_banks_of_512_KiB()
    {
        var b = new F4Bench("STM32F429ZG", "NUCLEO-F429ZI");
        b.Unlock();
        b.Write(OptKeyr, OptKey1);
        b.Write(OptKeyr, OptKey2);
        b.Write(OptCr, (F4Family.FactoryOptcr & ~1u) | (1u << 30) | 2); // DB1M (RM0090 3.9.10), OPTSTRT
        b.WaitNotBusy();
        Assert.Single(b.Family.Flash.BanksInEffect); // the option bytes load at reset
        b.EraseSector(0b10000); // no sector 12 yet: nothing erased, PGSERR
        Assert.Equal(1u << 7, b.Read(Sr) & (1u << 7));
        b.Write(Sr, 0xF3);

        b.Chip.SystemReset();
        Assert.Equal(1u << 30, b.Read(OptCr) & (1u << 30));
        var banks = b.Family.Flash.BanksInEffect;
        Assert.Equal(2, banks.Count);
        Assert.Equal((0x0808_0000u, 0x8_0000u, 12), (banks[1].Start, banks[1].Size, banks[1].FirstSector)); // RM0090 3.3 table 7

        b.Unlock();
        b.Program(0x0806_0000, Word); // sector 7, the last of bank 1 (128 KiB)
        b.Program(0x0808_0000, Word); // sector 12, the first of bank 2 (16 KiB)
        b.Program(0x0808_4000, Word); // sector 13
        b.EraseSector(0b10000); // SNB 0b10000: sector 12 (RM0090 3.9.8)
        var flash = b.Chip.FlashBank(1); // one array of 1 MiB from 0x08000000 in the device data
        Assert.False(flash.Slice(0x8_0000, 0x4000).ContainsAnyExcept((byte)0xFF));
        Assert.True(flash.Slice(0x8_4000, 4).SequenceEqual(Word), "sector 13 lost its data");
        Assert.True(flash.Slice(0x6_0000, 4).SequenceEqual(Word), "sector 7 lost its data");
        b.EraseSector(8); // sector 8 does not exist in the dual-bank organisation
        Assert.Equal(1u << 7, b.Read(Sr) & (1u << 7));
    }

    [Fact]
    public void The_option_bytes_and_flash_survive_the_state_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"f4-state-{Guid.NewGuid():N}.state");
        try
        {
            var b = new F4Bench();
            b.Unlock();
            b.Program(0x0800_0100, Word);
            b.Write(OptKeyr, OptKey1);
            b.Write(OptKeyr, OptKey2);
            b.Write(OptCr, (F4Family.FactoryOptcr & ~(1u << 17) & ~1u) | 2); // nWRP1 = 0
            b.WaitNotBusy();
            b.Chip.SaveState(path);

            var again = new F4Bench();
            again.Chip.LoadState(path);
            Assert.True(again.Chip.FlashBank(1).Slice(0x100, 4).SequenceEqual(Word));
            Assert.Equal(0u, again.Read(OptCr) & (1u << 17));
            Assert.Equal(1u, again.Read(OptCr) & 1); // OPTLOCK after the power-on reload
        }
        finally
        {
            File.Delete(path);
        }
    }
}
