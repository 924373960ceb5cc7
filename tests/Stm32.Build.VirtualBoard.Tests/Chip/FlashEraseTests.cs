using Xunit;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>Sector, bank and mass erase touch exactly what they should (RM0399 4.3.10, 4.3.11).</summary>
public sealed class FlashEraseTests
{
    private const uint Ser = 1u << 2, Ber = 1u << 3, Start = 1u << 7, X64 = 3u << 4;

    /// <summary>Programs the first flash word of every sector of both banks.</summary>
    private static ChipHarness WithEverySectorProgrammed()
    {
        var h = new ChipHarness();
        for (var bank = 1; bank <= 2; bank++)
        {
            var start = bank == 1 ? ChipHarness.Bank1Start : ChipHarness.Bank2Start;
            for (var sector = 0; sector < 8; sector++)
            {
                h.Program(bank, start + (uint)sector * ChipHarness.SectorSize, ChipHarness.Pattern(bank * 8 + sector));
            }
        }
        return h;
    }

    private static bool SectorErased(ChipHarness h, int bank, int sector) =>
        h.Chip.FlashBank(bank).Slice(sector * (int)ChipHarness.SectorSize, (int)ChipHarness.SectorSize).IndexOfAnyExcept((byte)0xFF) < 0;

    [Fact]
    public void Sector_erase_erases_only_the_selected_sector_of_the_selected_bank()
    {
        var h = WithEverySectorProgrammed();
        h.WriteFlashRegister(2, FlashRegister.CR1, Ser | X64 | (5u << 8) | Start);
        h.WaitIdle(2);
        for (var bank = 1; bank <= 2; bank++)
        {
            for (var sector = 0; sector < 8; sector++)
            {
                Assert.Equal(bank == 2 && sector == 5, SectorErased(h, bank, sector));
            }
        }
        Assert.Equal(1, h.Counters.SectorErases[1]);
        Assert.Equal(0, h.Counters.SectorErases[0]);
    }

    [Fact]
    public void Bank_erase_erases_one_bank_and_leaves_the_other()
    {
        var h = WithEverySectorProgrammed();
        h.WriteFlashRegister(1, FlashRegister.CR1, Ber | X64 | Start);
        h.WaitIdle(1, TimeSpan.FromSeconds(20));
        for (var sector = 0; sector < 8; sector++)
        {
            Assert.True(SectorErased(h, 1, sector));
            Assert.False(SectorErased(h, 2, sector));
        }
        Assert.Equal(1, h.Counters.BankErases[0]);
        Assert.Equal(0, h.Counters.BankErases[1]);
    }

    [Fact]
    public void Mass_erase_through_optcr_erases_both_banks()
    {
        var h = WithEverySectorProgrammed();
        h.UnlockOptions();
        h.WriteFlashRegister(1, FlashRegister.OPTCR, 1u << 4); // MER
        h.WaitIdle(1, TimeSpan.FromSeconds(20));
        h.WaitIdle(2, TimeSpan.FromSeconds(20));
        for (var sector = 0; sector < 8; sector++)
        {
            Assert.True(SectorErased(h, 1, sector));
            Assert.True(SectorErased(h, 2, sector));
        }
        Assert.Equal(1, h.Counters.BankErases[0]);
        Assert.Equal(1, h.Counters.BankErases[1]);
    }

    [Fact]
    public void Mass_erase_needs_both_banks_unlocked()
    {
        var h = new ChipHarness();
        h.Program(1, ChipHarness.Bank1Start, ChipHarness.Pattern(1));
        h.WriteFlashRegister(1, FlashRegister.CR1, 1); // relock bank 1; bank 2 never unlocked
        h.UnlockOptions();
        h.WriteFlashRegister(1, FlashRegister.OPTCR, 1u << 4);
        h.AdvanceBy(TimeSpan.FromSeconds(20));
        Assert.False(SectorErased(h, 1, 0));
        Assert.Equal(0, h.Counters.BankErases[0]);
    }

    [Fact]
    public void A_sector_number_beyond_the_bank_is_refused_on_a_part_with_four_sectors()
    {
        var h = new ChipHarness("STM32H747XG");
        h.Unlock(1);
        h.WriteFlashRegister(1, FlashRegister.CR1, Ser | X64 | (6u << 8) | Start);
        Assert.NotEqual(0u, h.Sr(1) & (1u << 18));
        Assert.Equal(0, h.Counters.SectorErases[0]);
    }
}
