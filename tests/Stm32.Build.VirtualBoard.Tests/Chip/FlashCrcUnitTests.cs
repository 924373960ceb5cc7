using Xunit;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.Devices;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>The flash interface's CRC unit (RM0399 4.6, registers 4.9.28-4.9.31) against independently computed values.</summary>
public sealed class FlashCrcUnitTests
{
    private const uint CrcEn = 1u << 15, CrcBusy = 1u << 3, CrcEnd = 1u << 27;
    private const uint CrcBySect = 1u << 8, AddSect = 1u << 9, CleanSect = 1u << 10, StartCrc = 1u << 16, AllBank = 1u << 22;

    private static ChipHarness Prepared()
    {
        var h = new ChipHarness();
        h.Program(1, ChipHarness.Bank1Start, ChipHarness.Pattern(1));
        h.Program(1, ChipHarness.Bank1Start + 0x60, ChipHarness.Pattern(2));
        h.Program(1, ChipHarness.Bank1Start + 2 * ChipHarness.SectorSize + 0x20, ChipHarness.Pattern(3));
        h.WriteFlashRegister(1, FlashRegister.CR1, CrcEn | (3u << 4));
        return h;
    }

    private static uint WaitCrc(ChipHarness h)
    {
        for (var i = 0; i < 10_000 && (h.Sr(1) & CrcBusy) != 0; i++)
        {
            h.AdvanceBy(TimeSpan.FromMicroseconds(100));
        }
        Assert.Equal(CrcEnd, h.Sr(1) & (CrcEnd | CrcBusy));
        return h.ReadFlashRegister(1, FlashRegister.CRCDATAR);
    }

    [Fact]
    public void An_address_range_of_one_burst_gives_the_crc_of_those_bytes()
    {
        var h = Prepared();
        h.WriteFlashRegister(1, FlashRegister.CRCSADD1R, 0);
        h.WriteFlashRegister(1, FlashRegister.CRCEADD1R, 0x7C);
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, StartCrc); // CRC_BURST = 00: 4 flash words
        var expected = Stm32H7FlashCrc.Compute(h.Chip.FlashBank(1)[..128]);
        Assert.Equal(expected, WaitCrc(h));
    }

    [Fact]
    public void Absolute_addresses_as_the_hal_writes_them_select_the_same_range_as_bank_offsets()
    {
        var h = Prepared();
        h.WriteFlashRegister(1, FlashRegister.CRCSADD1R, ChipHarness.Bank1Start + 2 * ChipHarness.SectorSize);
        h.WriteFlashRegister(1, FlashRegister.CRCEADD1R, ChipHarness.Bank1Start + 2 * ChipHarness.SectorSize + 0x1FC);
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, StartCrc | (1u << 20)); // CRC_BURST = 01: 16 flash words
        var sector2 = (int)(2 * ChipHarness.SectorSize);
        Assert.Equal(Stm32H7FlashCrc.Compute(h.Chip.FlashBank(1).Slice(sector2, 512)), WaitCrc(h));
    }

    [Fact]
    public void A_sector_list_covers_exactly_the_listed_sectors()
    {
        var h = Prepared();
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, CleanSect);
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, CrcBySect | AddSect | 0);
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, CrcBySect | AddSect | 2);
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, CrcBySect | StartCrc | (3u << 20));
        var bank = h.Chip.FlashBank(1);
        var sector = (int)ChipHarness.SectorSize;
        var expected = Stm32H7FlashCrc.Compute(bank.Slice(2 * sector, sector), Stm32H7FlashCrc.Compute(bank[..sector]));
        Assert.Equal(expected, WaitCrc(h));
    }

    [Fact]
    public void All_bank_covers_the_whole_bank_and_takes_time()
    {
        var h = Prepared();
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, AllBank | StartCrc | (3u << 20));
        Assert.NotEqual(0u, h.Sr(1) & CrcBusy);
        Assert.Equal(Stm32H7FlashCrc.Compute(h.Chip.FlashBank(1)), WaitCrc(h));
    }

    [Fact]
    public void Nothing_happens_without_crc_en()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, AllBank | StartCrc);
        Assert.Equal(0u, h.Sr(1) & (CrcBusy | CrcEnd));
        Assert.Equal(0u, h.ReadFlashRegister(1, FlashRegister.CRCDATAR));
    }

    [Fact]
    public void Crcend_is_cleared_through_ccr()
    {
        var h = Prepared();
        h.WriteFlashRegister(1, FlashRegister.CRCCR1, AllBank | StartCrc | (3u << 20));
        WaitCrc(h);
        h.WriteFlashRegister(1, FlashRegister.CCR1, CrcEnd);
        Assert.Equal(0u, h.Sr(1) & CrcEnd);
    }
}
