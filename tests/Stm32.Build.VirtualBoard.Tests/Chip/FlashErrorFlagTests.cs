using Xunit;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>Error flags of FLASH_SRx set where RM0399 4.7/4.9.5 sets them, cleared through FLASH_CCRx.</summary>
public sealed class FlashErrorFlagTests
{
    // RM0399 4.9.5 FLASH_SR1 bit positions.
    private const uint Wrperr = 1u << 17, Pgserr = 1u << 18, Strberr = 1u << 19, Incerr = 1u << 21, Eop = 1u << 16;

    [Fact]
    public void Writing_flash_without_pg_sets_pgserr_and_changes_nothing()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.Write(ChipHarness.Bank1Start, 0);
        Assert.NotEqual(0u, h.Sr(1) & Pgserr);
        Assert.Equal(0u, h.Sr(1) & (1u << 1)); // no WBNE: nothing buffered
        Assert.Equal(0xFFFF_FFFFu, h.Read(ChipHarness.Bank1Start));
    }

    [Fact]
    public void Writing_a_locked_bank_sets_pgserr()
    {
        var h = new ChipHarness();
        h.Write(ChipHarness.Bank2Start, 0);
        Assert.NotEqual(0u, h.Sr(2) & Pgserr);
        Assert.Equal(0u, h.Sr(1) & Pgserr);
    }

    [Fact]
    public void Writing_a_byte_of_the_buffer_twice_sets_strberr()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        h.Write(ChipHarness.Bank1Start + 4, 0x1111_1111);
        h.Write(ChipHarness.Bank1Start + 4, 0x2222_2222);
        Assert.NotEqual(0u, h.Sr(1) & Strberr);
    }

    [Fact]
    public void Writing_another_flash_word_before_the_buffer_is_full_sets_incerr_and_drops_the_partial_word()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        h.Write(ChipHarness.Bank1Start, 0x1234_5678);
        h.Write(ChipHarness.Bank1Start + 32, 0x8765_4321);
        Assert.NotEqual(0u, h.Sr(1) & Incerr);
        Assert.Equal(0u, h.Sr(1) & (1u << 1));
        h.WaitIdle(1);
        Assert.Equal(0, h.Counters.FlashWordsProgrammed[0]);
    }

    [Fact]
    public void Programming_a_write_protected_sector_sets_wrperr()
    {
        var h = new ChipHarness();
        // Protect sector 3 of bank 1: WPSN bit 3 = 0 (RM0399 4.9.15/4.9.16), then OPTSTART.
        h.UnlockOptions();
        h.WriteFlashRegister(1, FlashRegister.WPSN_PRG1R, 0xF7);
        h.WriteFlashRegister(1, FlashRegister.OPTCR, 1u << 1);
        h.AdvanceBy(TimeSpan.FromSeconds(2));
        Assert.Equal(0xF7u, h.ReadFlashRegister(1, FlashRegister.WPSN_CUR1R));

        h.Program(1, ChipHarness.Bank1Start + 3 * ChipHarness.SectorSize, ChipHarness.Pattern(1));
        Assert.NotEqual(0u, h.Sr(1) & Wrperr);
        Assert.True(h.Chip.FlashBank(1).Slice(3 * (int)ChipHarness.SectorSize, 32).IndexOfAnyExcept((byte)0xFF) < 0);

        // Erasing the protected sector is refused the same way; a bank erase too.
        h.WriteFlashRegister(1, FlashRegister.CCR1, Wrperr);
        h.WriteFlashRegister(1, FlashRegister.CR1, (1u << 2) | (3u << 4) | (3u << 8) | (1u << 7));
        Assert.NotEqual(0u, h.Sr(1) & Wrperr);
        Assert.Equal(0, h.Counters.SectorErases[0]);
    }

    [Fact]
    public void Sector_and_bank_erase_together_are_a_sequence_error()
    {
        var h = new ChipHarness();
        h.Unlock(2);
        h.WriteFlashRegister(2, FlashRegister.CR1, (1u << 2) | (1u << 3) | (3u << 4) | (1u << 7));
        Assert.NotEqual(0u, h.Sr(2) & Pgserr);
        Assert.Equal(0, h.Counters.SectorErases[1] + h.Counters.BankErases[1]);
    }

    [Fact]
    public void Ccr_clears_exactly_the_flags_written_with_one()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        h.Write(ChipHarness.Bank1Start, 1);
        h.Write(ChipHarness.Bank1Start, 2);       // STRBERR
        h.Write(ChipHarness.Bank1Start + 64, 3);  // INCERR
        Assert.Equal(Strberr | Incerr, h.Sr(1) & (Strberr | Incerr));

        h.WriteFlashRegister(1, FlashRegister.CCR1, Strberr);
        Assert.Equal(Incerr, h.Sr(1) & (Strberr | Incerr));
        h.WriteFlashRegister(1, FlashRegister.CCR1, Incerr | Eop);
        Assert.Equal(0u, h.Sr(1) & (Strberr | Incerr));
    }

    [Fact]
    public void Clearing_pg_with_a_partly_filled_buffer_sets_pgserr()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        h.Write(ChipHarness.Bank1Start, 7);
        h.WriteFlashRegister(1, FlashRegister.CR1, 3u << 4);
        Assert.NotEqual(0u, h.Sr(1) & Pgserr);
        Assert.Equal(0u, h.Sr(1) & (1u << 1));
    }

    [Fact]
    public void A_failing_flash_array_ends_the_next_operation_with_the_flag_and_changes_nothing()
    {
        var h = new ChipHarness();
        const uint operr = 1u << 22;
        h.Chip.FailNextFlashOperation(operr);
        var word = ChipHarness.Pattern(3, 32);
        h.Program(1, ChipHarness.Bank1Start, word);
        Assert.Equal(operr, h.Sr(1) & (operr | Eop));
        Assert.Equal(0xFFFF_FFFFu, h.Read(ChipHarness.Bank1Start));

        // One operation fails; after clearing the flag the next one programs as usual.
        h.WriteFlashRegister(1, FlashRegister.CCR1, operr);
        h.Program(1, ChipHarness.Bank1Start + 32, word);
        Assert.Equal(Eop, h.Sr(1) & (operr | Eop));
        Assert.Equal(BitConverter.ToUInt32(word), h.Read(ChipHarness.Bank1Start + 32));
    }
}
