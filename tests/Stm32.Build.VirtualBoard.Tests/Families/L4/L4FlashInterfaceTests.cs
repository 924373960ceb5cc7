using Stm32.Build.Execution;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.L4.L4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.L4;

/// <summary>The STM32L4/G4 flash interface as a debugger drives it (RM0351/RM0440 3.3-3.7), on a virtual STM32L476RG / G474RE / G431RB.</summary>
public sealed class L4FlashInterfaceTests
{
    private static readonly byte[] DoubleWord = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];

    [Fact]
    public void The_key_sequence_unlocks_a_wrong_key_is_a_bus_error_and_setting_lock_sets_optlock()
    {
        var b = new L4Bench();
        Assert.Equal(CrLock | CrOptLock, b.Read(Cr) & (CrLock | CrOptLock)); // RM0351 3.7.5 reset value 0xC0000000
        Assert.Equal(BusStatus.Ok, b.Ap0.Write(Keyr, AccessSize.Word, Key1));
        Assert.Equal(BusStatus.Fault, b.Ap0.Write(Keyr, AccessSize.Word, 0x1234_5678)); // RM0351 3.3.5
        Assert.Equal(BusStatus.Fault, b.Ap0.Write(Keyr, AccessSize.Word, Key1));
        b.Write(Cr, CrPg); // ignored while locked
        Assert.Equal(CrLock | CrOptLock, b.Read(Cr));

        b.Chip.SystemReset();
        b.Unlock();
        Assert.Equal(CrOptLock, b.Read(Cr));
        b.UnlockOptions();
        Assert.Equal(0u, b.Read(Cr));
        b.Write(Cr, 0); // writing 0 does not clear LOCK or OPTLOCK, it never sets them either
        Assert.True(b.Family.Flash.IsUnlocked && b.Family.Flash.OptionsUnlocked);
        b.Write(Cr, CrLock);
        Assert.Equal(CrLock | CrOptLock, b.Read(Cr)); // setting LOCK sets OPTLOCK too
        b.Unlock();
        Assert.True(b.Family.Flash.IsUnlocked);
        Assert.False(b.Family.Flash.OptionsUnlocked);
    }

    [Fact]
    public void A_page_erase_erases_that_page_only_and_takes_the_datasheet_time()
    {
        var b = new L4Bench();
        b.Unlock();
        uint[] starts = [0x0800_0800, 0x0800_1000, 0x0800_1800, 0x0808_1000];
        foreach (var start in starts)
        {
            b.Program(start, DoubleWord);
        }
        var took = b.ErasePage(2);

        // DS10198 "Flash memory characteristics": t_ERASE 22.02 ms typical.
        Assert.InRange(took.TotalMilliseconds, 22.0, 22.05);
        var bank1 = b.Chip.FlashBank(1);
        Assert.False(bank1.Slice(0x1000, 0x800).ContainsAnyExcept((byte)0xFF));
        Assert.True(bank1.Slice(0x800, 8).SequenceEqual(DoubleWord));
        Assert.True(bank1.Slice(0x1800, 8).SequenceEqual(DoubleWord));
        Assert.True(b.Chip.FlashBank(2).Slice(0x1000, 8).SequenceEqual(DoubleWord), "page 2 of bank 2 is not page 2 of bank 1");

        b.ErasePage(2, bank: 2); // BKER selects bank 2 (RM0351 3.7.5)
        Assert.False(b.Chip.FlashBank(2).Slice(0x1000, 0x800).ContainsAnyExcept((byte)0xFF));
        Assert.Equal(1, b.Counters.SectorErases[0]);
        Assert.Equal(1, b.Counters.SectorErases[1]);
    }

    [Fact]
    public void A_double_word_is_two_word_writes_and_narrow_misaligned_or_unerased_writes_set_their_flags()
    {
        var b = new L4Bench("STM32G431RB", "NUCLEO-G431RB");
        b.Unlock();
        b.Write(Cr, CrPg);
        b.Write(0x0800_0000, 0x1111_1111);
        Assert.Equal(0xFFFF_FFFFu, b.Family.Flash.PeekWord(0x0800_0000)); // nothing until the second word
        b.Write(0x0800_0004, 0x2222_2222);
        var took = b.WaitNotBusy();
        Assert.Equal(0x1111_1111u, b.Family.Flash.PeekWord(0x0800_0000));
        Assert.Equal(0x2222_2222u, b.Family.Flash.PeekWord(0x0800_0004));
        Assert.InRange(took.TotalMicroseconds, 81, 92); // t_prog 81.69 µs typical, polled every 10 µs

        Assert.Equal(BusStatus.Ok, b.Ap0.Write(0x0800_0008, AccessSize.HalfWord, 0x1234));
        Assert.Equal(SrSizerr, b.Read(Sr) & SrErrors); // RM0440 3.7.4
        b.Write(Sr, SrErrors);
        b.Write(0x0800_000C, 0); // the first word off a double-word boundary
        Assert.Equal(SrPgaerr, b.Read(Sr) & SrErrors);
        b.Write(0x0800_0010, 0); // an error not cleared: PGSERR, nothing starts
        Assert.Equal(SrPgaerr | SrPgserr, b.Read(Sr) & SrErrors);
        b.Write(Sr, SrErrors);
        b.Write(0x0800_0000, 0x3333_3333); // not erased
        b.Write(0x0800_0004, 0x4444_4444);
        Assert.Equal(SrProgerr, b.Read(Sr) & SrErrors);
        Assert.Equal(0x1111_1111u, b.Family.Flash.PeekWord(0x0800_0000));
        b.Write(Sr, SrErrors);
        b.Write(Cr, 0);
        b.Write(0x0800_0010, 0); // PG clear
        Assert.Equal(SrPgserr, b.Read(Sr) & SrErrors);
        Assert.Equal(0xFFFF_FFFFu, b.Family.Flash.PeekWord(0x0800_0010));
    }

    [Fact]
    public void Eop_is_set_only_while_eopie_is_set_and_a_mass_erase_of_both_banks_takes_t_me()
    {
        var b = new L4Bench();
        b.Unlock();
        b.Program(0x0800_0000, DoubleWord);
        Assert.Equal(0u, b.Read(Sr) & SrEop);
        b.Write(Cr, CrMer1 | CrMer2 | CrEopie);
        b.Write(Cr, CrMer1 | CrMer2 | CrEopie | CrStrt);
        var took = b.WaitNotBusy();
        Assert.InRange(took.TotalMilliseconds, 22.1, 22.15); // t_ME 22.13 ms typical
        Assert.Equal(SrEop, b.Read(Sr) & SrEop);
        Assert.False(b.Chip.FlashBank(1)[..8].ContainsAnyExcept((byte)0xFF));
        Assert.Equal(1, b.Counters.BankErases[0]);
        Assert.Equal(1, b.Counters.BankErases[1]);
        b.Write(Cr, CrPer | CrMer1 | CrStrt); // PER with MER1: PGSERR, nothing erased
        Assert.Equal(SrPgserr, b.Read(Sr) & SrErrors);
    }

    [Fact]
    public void A_page_in_a_wrp_area_is_wrperr_and_the_area_applies_after_reset_only()
    {
        var b = new L4Bench();
        b.Unlock();
        b.UnlockOptions();
        b.Write(Wrp1ar, (5u << 16) | 4); // WRP1A pages 4-5 (RM0351 3.7.11)
        b.Write(Cr, CrOptStrt);
        b.WaitNotBusy();
        Assert.Equal(L4FamilyFactory.EmptyWrp, b.Family.Flash.EffectiveOption("WRP1AR"));
        Assert.Equal((5u << 16) | 4, b.Family.Flash.StoredOption("WRP1AR"));
        b.Chip.SystemReset();
        Assert.Equal((5u << 16) | 4, b.Read(Wrp1ar));
        b.Unlock();
        b.Write(Cr, CrPer | (5u << 3));
        b.Write(Cr, CrPer | (5u << 3) | CrStrt);
        Assert.Equal(SrWrperr, b.Read(Sr) & SrErrors);
        b.Write(Sr, SrErrors);
        b.ErasePage(6);
        Assert.Equal(0u, b.Read(Sr) & SrErrors);
    }

    [Fact]
    public void Rdp_level_1_locks_the_debugger_out_and_going_back_to_level_0_mass_erases()
    {
        var b = new L4Bench();
        b.Unlock();
        b.Program(0x0800_0000, DoubleWord);
        b.UnlockOptions();
        b.Write(Optr, (b.Read(Optr) & ~0xFFu) | 0xBB);
        b.Write(Cr, CrOptStrt);
        b.WaitNotBusy();
        b.Write(Cr, CrOblLaunch); // RM0351 3.4.2: reloads the option bytes with a system reset
        Assert.Equal(1, b.Family.Flash.ReadoutLevel);
        Assert.Equal(BusStatus.Fault, b.Ap0.Read(0x0800_0000, AccessSize.Word, out _));
        Assert.Equal(0x4433_2211u, b.Read(0x0800_0000, b.Core)); // the firmware still reads its flash

        b.Unlock();
        b.UnlockOptions();
        b.Write(Optr, (b.Read(Optr) & ~0xFFu) | 0xAA);
        b.Write(Cr, CrOptStrt);
        b.WaitNotBusy();
        b.Chip.SystemReset();
        Assert.Equal(0, b.Family.Flash.ReadoutLevel);
        Assert.Equal(0xFFFF_FFFFu, b.Read(0x0800_0000)); // the regression erased the main flash (RM0351 3.5.1)
    }

    [Fact]
    public void The_option_bytes_and_flash_survive_the_state_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"l4-{Guid.NewGuid():N}.state");
        try
        {
            using (var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32G474RE", StateFile = path }))
            {
                lock (board.SyncRoot)
                {
                    var flash = ((Stm32.Build.VirtualBoard.Families.L4.L4Family)board.Chip.Family).Flash;
                    flash.BankArray(2)[0x10] = 0x5A;
                    var ap = board.Chip.AccessPortBus(0)!;
                    ap.Write(Keyr, AccessSize.Word, Key1);
                    ap.Write(Keyr, AccessSize.Word, Key2);
                    ap.Write(OptKeyr, AccessSize.Word, OptKey1);
                    ap.Write(OptKeyr, AccessSize.Word, OptKey2);
                    ap.Write(Optr, AccessSize.Word, 0xFFEF_F8AA & ~(1u << 22)); // DBANK = 0
                    ap.Write(Cr, AccessSize.Word, CrOptStrt);
                    board.Clock.Advance(TimeSpan.FromMilliseconds(30));
                    board.Chip.AdvanceTo(board.Clock.Nanoseconds);
                }
            }
            using var again = new VirtualBoard(new VirtualBoardOptions { Device = "STM32G474RE", StateFile = path });
            var family = (Stm32.Build.VirtualBoard.Families.L4.L4Family)again.Chip.Family;
            Assert.Equal(0xFFEF_F8AAu & ~(1u << 22), family.Flash.Optr);
            Assert.Equal(0x5A, again.Chip.FlashBank(2)[0x10]);
            var bank = Assert.Single(family.Flash.ActiveBanks); // RM0440 3.3.1: one bank of 128 pages of 4 KiB
            Assert.Equal(0x1000u, bank.SectorSize);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>Factory values the tests compare against (RM0351 3.5.3: a WRP area with start 0xFF and end 0 is empty).</summary>
internal static class L4FamilyFactory
{
    public const uint EmptyWrp = 0x0000_00FF;
}
