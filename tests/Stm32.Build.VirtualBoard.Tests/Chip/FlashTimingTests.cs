using Xunit;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>
/// Flash operations take the typical times of the STM32H747 datasheet DS12930, table "Flash memory programming":
/// t_prog (266-bit word) 290/180/130/100 µs and t_ERASE128KB 2/1.8/1.1/1 s for x8/x16/x32/x64, t_ME 6.5 s at x64.
/// BSY/QW stay set until the clock reaches the end, so polling works.
/// </summary>
public sealed class FlashTimingTests
{
    private const uint Busy = (1u << 0) | (1u << 2);

    [Theory]
    [InlineData(0u, 290)]
    [InlineData(1u, 180)]
    [InlineData(2u, 130)]
    [InlineData(3u, 100)]
    public void A_flash_word_program_takes_t_prog_for_the_parallelism(uint psize, int microseconds)
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.WriteFlashRegister(1, FlashRegister.CR1, (1u << 1) | (psize << 4));
        h.WriteFlashWord(ChipHarness.Bank1Start, ChipHarness.Pattern(1));

        h.AdvanceBy(TimeSpan.FromMicroseconds(microseconds - 1));
        Assert.NotEqual(0u, h.Sr(1) & Busy);
        Assert.Equal(0xFFFF_FFFFu, h.Chip.Flash.Peek(ChipHarness.Bank1Start));
        h.AdvanceBy(TimeSpan.FromMicroseconds(1));
        Assert.Equal(0u, h.Sr(1) & Busy);
        Assert.NotEqual(0xFFFF_FFFFu, h.Chip.Flash.Peek(ChipHarness.Bank1Start));
    }

    [Theory]
    [InlineData(0u, 2000)]
    [InlineData(1u, 1800)]
    [InlineData(2u, 1100)]
    [InlineData(3u, 1000)]
    public void A_sector_erase_takes_t_erase128kb_for_the_parallelism(uint psize, int milliseconds)
    {
        var h = new ChipHarness();
        h.Unlock(2);
        h.WriteFlashRegister(2, FlashRegister.CR1, (1u << 2) | (psize << 4) | (2u << 8) | (1u << 7));
        h.AdvanceBy(TimeSpan.FromMilliseconds(milliseconds) - TimeSpan.FromMicroseconds(1));
        Assert.NotEqual(0u, h.Sr(2) & Busy);
        h.AdvanceBy(TimeSpan.FromMicroseconds(1));
        Assert.Equal(0u, h.Sr(2) & Busy);
        Assert.NotEqual(0u, h.Sr(2) & (1u << 16)); // EOP
    }

    [Fact]
    public void A_bank_erase_at_x64_takes_t_me()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.WriteFlashRegister(1, FlashRegister.CR1, (1u << 3) | (3u << 4) | (1u << 7));
        var waited = h.WaitIdle(1, TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromMilliseconds(6500), waited);
    }

    [Fact]
    public void Words_written_back_to_back_program_one_after_the_other()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        for (var w = 0; w < 10; w++)
        {
            h.WriteFlashWord(ChipHarness.Bank1Start + (uint)(w * 32), ChipHarness.Pattern(w));
        }
        h.AdvanceBy(TimeSpan.FromMicroseconds(999));
        Assert.NotEqual(0u, h.Sr(1) & Busy);
        h.AdvanceBy(TimeSpan.FromMicroseconds(1));
        Assert.Equal(0u, h.Sr(1) & Busy);
        Assert.Equal(10, h.Counters.FlashWordsProgrammed[0]);
    }

    [Fact]
    public void The_two_banks_program_in_parallel()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.Unlock(2);
        h.EnableProgramming(1);
        h.EnableProgramming(2);
        h.WriteFlashWord(ChipHarness.Bank1Start, ChipHarness.Pattern(1));
        h.WriteFlashWord(ChipHarness.Bank2Start, ChipHarness.Pattern(2));
        h.AdvanceBy(TimeSpan.FromMicroseconds(100));
        Assert.Equal(0u, h.Sr(1) & Busy);
        Assert.Equal(0u, h.Sr(2) & Busy);
    }

    [Fact]
    public void Polling_status_does_not_move_time()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        h.WriteFlashWord(ChipHarness.Bank1Start, ChipHarness.Pattern(1));
        for (var i = 0; i < 1000; i++)
        {
            Assert.NotEqual(0u, h.Sr(1) & Busy);
        }
        Assert.Equal(0, h.Clock.Nanoseconds);
    }
}
