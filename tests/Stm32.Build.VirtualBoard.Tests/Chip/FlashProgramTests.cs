using Xunit;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>Programming through the 256-bit write buffer (RM0399 4.3.9, 4.5.x).</summary>
public sealed class FlashProgramTests
{
    private const uint Wbne = 1u << 1, Qw = 1u << 2, Bsy = 1u << 0, Eop = 1u << 16;

    [Fact]
    public void A_programmed_word_reads_back_on_the_bus_and_in_the_bank_view()
    {
        var h = new ChipHarness();
        var data = ChipHarness.Pattern(1);
        h.Program(1, ChipHarness.Bank1Start + 0x40, data);

        for (var i = 0; i < 32; i += 4)
        {
            Assert.Equal(BitConverter.ToUInt32(data, i), h.Chip.AccessPortBus(1)!.Read(ChipHarness.Bank1Start + 0x40 + (uint)i, AccessSize.Word, out var v) == BusStatus.Ok ? v : 0xDEAD);
        }
        Assert.True(h.Chip.FlashBank(1).Slice(0x40, 32).SequenceEqual(data));
        Assert.True(h.Chip.FlashBank(1)[..0x40].IndexOfAnyExcept((byte)0xFF) < 0);
        Assert.NotEqual(0u, h.Sr(1) & Eop);
    }

    [Fact]
    public void Bank_2_programs_through_its_own_registers()
    {
        var h = new ChipHarness();
        var data = ChipHarness.Pattern(2);
        h.Program(2, ChipHarness.Bank2Start + 0x1000, data);
        Assert.True(h.Chip.FlashBank(2).Slice(0x1000, 32).SequenceEqual(data));
        Assert.Equal(1, h.Counters.FlashWordsProgrammed[1]);
        Assert.Equal(0, h.Counters.FlashWordsProgrammed[0]);
    }

    [Fact]
    public void Writes_fill_the_buffer_without_touching_the_array_until_the_word_is_full()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        h.Write(ChipHarness.Bank1Start, 0x1122_3344);
        Assert.Equal(Wbne, h.Sr(1) & (Wbne | Qw));
        Assert.Equal(0xFFFF_FFFFu, h.Read(ChipHarness.Bank1Start));
        for (uint i = 4; i < 32; i += 4)
        {
            h.Write(ChipHarness.Bank1Start + i, i);
        }
        Assert.Equal(Qw | Bsy, h.Sr(1) & (Wbne | Qw | Bsy));
        h.WaitIdle(1);
        Assert.Equal(0x1122_3344u, h.Read(ChipHarness.Bank1Start));
    }

    [Fact]
    public void Byte_halfword_and_word_writes_fill_one_flash_word()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        var bus = h.Ap0;
        var a = ChipHarness.Bank1Start + 0x20;
        Assert.Equal(BusStatus.Ok, bus.Write(a, AccessSize.Byte, 0xA1));
        Assert.Equal(BusStatus.Ok, bus.Write(a + 1, AccessSize.Byte, 0xA2));
        Assert.Equal(BusStatus.Ok, bus.Write(a + 2, AccessSize.HalfWord, 0xA4A3));
        for (uint i = 4; i < 32; i += 4)
        {
            Assert.Equal(BusStatus.Ok, bus.Write(a + i, AccessSize.Word, 0));
        }
        h.WaitIdle(1);
        Assert.Equal(0xA4A3_A2A1u, h.Read(a));
    }

    [Fact]
    public void Force_write_programs_a_partial_word_leaving_the_rest_erased()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        h.Write(ChipHarness.Bank1Start + 0x84, 0x0BAD_F00D);
        h.WriteFlashRegister(1, FlashRegister.CR1, (1u << 1) | (3u << 4) | (1u << 6)); // PG | PSIZE x64 | FW
        h.WaitIdle(1);
        Assert.Equal(0xFFFF_FFFFu, h.Read(ChipHarness.Bank1Start + 0x80));
        Assert.Equal(0x0BAD_F00Du, h.Read(ChipHarness.Bank1Start + 0x84));
        Assert.Equal(0xFFFF_FFFFu, h.Read(ChipHarness.Bank1Start + 0x88));
        Assert.Equal(1, h.Counters.FlashWordsProgrammed[0]);
    }

    [Fact]
    public void Programming_a_word_that_is_not_erased_leaves_a_double_ecc_error_on_read()
    {
        var h = new ChipHarness();
        var address = ChipHarness.Bank1Start + 0x2_0040; // sector 1, flash word 0x1002
        h.Program(1, address, ChipHarness.Pattern(3));
        h.Program(1, address, ChipHarness.Pattern(4));

        Assert.Equal(BusStatus.Fault, h.Chip.AccessPortBus(1)!.Read(address, AccessSize.Word, out _));
        Assert.NotEqual(0u, h.Sr(1) & (1u << 26)); // DBECCERR
        Assert.Equal((0x2_0040u / 32) & 0x7FFF, h.ReadFlashRegister(1, FlashRegister.ECC_FA1R));
    }

    [Fact]
    public void Overprogramming_to_all_zeros_keeps_the_ecc_consistent()
    {
        var h = new ChipHarness();
        h.Program(1, ChipHarness.Bank1Start, ChipHarness.Pattern(5));
        h.Program(1, ChipHarness.Bank1Start, new byte[32]);
        Assert.Equal(0u, h.Read(ChipHarness.Bank1Start));
    }

    [Fact]
    public void An_erase_makes_an_overprogrammed_word_readable_again()
    {
        var h = new ChipHarness();
        h.Program(1, ChipHarness.Bank1Start, ChipHarness.Pattern(6));
        h.Program(1, ChipHarness.Bank1Start, ChipHarness.Pattern(7));
        h.WriteFlashRegister(1, FlashRegister.CR1, (1u << 2) | (3u << 4) | (1u << 7)); // SER, SNB 0, START
        h.WaitIdle(1);
        Assert.Equal(0xFFFF_FFFFu, h.Read(ChipHarness.Bank1Start));
    }

    [Fact]
    public void Consecutive_words_queue_and_each_is_counted()
    {
        var h = new ChipHarness();
        h.Unlock(1);
        h.EnableProgramming(1);
        for (var w = 0; w < 4; w++)
        {
            h.WriteFlashWord(ChipHarness.Bank1Start + (uint)(w * 32), ChipHarness.Pattern(10 + w));
        }
        h.WaitIdle(1);
        Assert.Equal(4, h.Counters.FlashWordsProgrammed[0]);
        for (var w = 0; w < 4; w++)
        {
            Assert.True(h.Chip.FlashBank(1).Slice(w * 32, 32).SequenceEqual(ChipHarness.Pattern(10 + w)));
        }
    }
}
