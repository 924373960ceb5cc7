using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Families.F1;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F1.F1Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F1;

/// <summary>The STM32F1 flash program/erase controller as a debugger drives it (PM0075 2.3-2.5, 3), on a virtual STM32F103RB / RE.</summary>
public sealed class F1FlashInterfaceTests
{
    private static readonly byte[] Data = [0x11, 0x22, 0x33, 0x44];

    [Fact]
    public void The_key_sequence_unlocks_and_a_wrong_key_is_a_bus_error_that_keeps_it_locked_until_reset()
    {
        var b = new F1Bench();
        Assert.Equal(CrLock, b.Read(Cr)); // PM0075 3.4: reset value 0x80
        Assert.Equal(BusStatus.Ok, b.Ap0.Write(Keyr, AccessSize.Word, Key1));
        Assert.Equal(BusStatus.Fault, b.Ap0.Write(Keyr, AccessSize.Word, 0x1234_5678)); // PM0075 2.3.1
        Assert.Equal(BusStatus.Fault, b.Ap0.Write(Keyr, AccessSize.Word, Key1));
        b.Write(Cr, CrPg); // ignored while locked
        Assert.Equal(CrLock, b.Read(Cr));

        b.Chip.SystemReset();
        b.Unlock();
        Assert.Equal(0u, b.Read(Cr));
        b.Write(Cr, CrLock);
        Assert.False(b.Family.Flash.IsUnlocked);
        b.Unlock();
        Assert.True(b.Family.Flash.IsUnlocked);
    }

    [Theory]
    [InlineData("STM32F103RB", 0x0800_0400u, 0x400)] // medium density: page 1 is 1 KiB
    [InlineData("STM32F103RE", 0x0800_0800u, 0x800)] // high density: page 1 is 2 KiB
    public void A_page_erase_erases_the_page_of_flash_ar_only_sets_eop_and_takes_the_datasheet_time(string device, uint page, int size)
    {
        var b = new F1Bench(device, null);
        b.Unlock();
        uint[] starts = [page - 4, page, page + (uint)size - 4, page + (uint)size];
        foreach (var start in starts)
        {
            b.Program(start, Data);
        }
        var took = b.ErasePage(page + 0x10); // any address in the page selects it (PM0075 2.3.4)

        Assert.InRange(took.TotalMilliseconds, 20, 20.1); // DS5319 t_ERASE (minimum; no typical given)
        var bank = b.Chip.FlashBank(1);
        Assert.False(bank.Slice((int)(page - 0x0800_0000), size).ContainsAnyExcept((byte)0xFF));
        Assert.True(bank.Slice((int)(page - 4 - 0x0800_0000), 4).SequenceEqual(Data), "the page before lost its data");
        Assert.True(bank.Slice((int)(page + size - 0x0800_0000), 4).SequenceEqual(Data), "the page after lost its data");
        Assert.Equal(SrEop, b.Read(Sr) & SrEop); // PM0075 3.3: EOP at the end of every operation
        Assert.Equal(1, b.Counters.SectorErases[0]);
    }

    [Fact]
    public void Programming_takes_half_words_only_and_a_half_word_that_is_not_erased_is_pgerr()
    {
        var b = new F1Bench();
        b.Unlock();
        b.Write(Cr, CrPg);
        Assert.Equal(BusStatus.Fault, b.Ap0.Write(0x0800_0000, AccessSize.Word, 0x1234_5678)); // PM0075 2.3.3
        Assert.Equal(BusStatus.Fault, b.Ap0.Write(0x0800_0000, AccessSize.Byte, 0x12));
        b.WriteHalf(0x0800_0000, 0xA55A);
        Assert.InRange(b.WaitNotBusy().TotalMicroseconds, 52.5, 60); // DS5319 t_prog typical 52.5 µs, polled every 10 µs
        b.WriteHalf(0x0800_0000, 0x1234);
        Assert.Equal(SrPgerr, b.Read(Sr) & SrPgerr);
        b.Write(Sr, SrPgerr | SrEop); // write 1 to clear
        b.WriteHalf(0x0800_0000, 0x0000); // PM0075 2.3.3: 0x0000 may be written over anything
        b.WaitNotBusy();
        Assert.Equal(0u, b.Read(Sr) & SrPgerr);
        b.Write(Cr, 0);
        b.WriteHalf(0x0800_0002, 0x0000); // without PG nothing happens

        var bank = b.Chip.FlashBank(1);
        Assert.Equal([0, 0, 0xFF, 0xFF], bank[..4].ToArray());
    }

    [Fact]
    public void Write_protected_pages_set_wrprterr_after_the_option_bytes_load_at_reset()
    {
        var b = new F1Bench();
        b.Unlock();
        b.Program(0x0800_1000, Data); // page 4: WRP bit 1 on medium density (4 pages per bit, PM0075 2.4.2)
        b.UnlockOptions();
        b.Write(Cr, CrOptEr | CrOptWre);
        b.Write(Cr, CrOptEr | CrOptWre | CrStrt);
        b.WaitNotBusy();
        b.Write(Cr, CrOptPg | CrOptWre);
        b.WriteHalf(OptionBytes, 0x00A5); // RDP: not protected
        b.WaitNotBusy();
        b.WriteHalf(OptionBytes + 8, 0x00FD); // WRP0 bit 1 = 0
        b.WaitNotBusy();
        Assert.Equal(0xFFFF_FFFFu, b.Read(Wrpr)); // loaded at the next reset only
        Assert.Equal(0x5AA5u, b.Read(OptionBytes) & 0xFFFF); // the FPEC wrote each complement (PM0075 2.5.3)
        Assert.Equal(0x02FDu, b.Read(OptionBytes + 8) & 0xFFFF);

        b.Chip.SystemReset();
        Assert.Equal(0xFFFF_FFFDu, b.Read(Wrpr));
        b.Unlock();
        b.ErasePage(0x0800_1000);
        Assert.Equal(SrWrprterr, b.Read(Sr) & SrWrprterr);
        Assert.True(b.Chip.FlashBank(1).Slice(0x1000, 4).SequenceEqual(Data));
    }

    [Fact]
    public void An_erased_rdp_protects_the_flash_from_the_debugger_and_erasing_the_option_bytes_then_mass_erases_it()
    {
        var b = new F1Bench();
        b.Unlock();
        b.Program(0x0800_0000, Data);
        b.UnlockOptions();
        b.Write(Cr, CrOptEr | CrOptWre);
        b.Write(Cr, CrOptEr | CrOptWre | CrStrt); // RDP becomes 0xFF: protected from the next reset (PM0075 2.4.1)
        b.WaitNotBusy();
        b.Chip.SystemReset();

        Assert.Equal(1, b.Family.Flash.ReadoutLevel);
        Assert.Equal(0x3u, b.Read(Obr) & 0x3); // RDPRT, and OPTERR: every erased pair is 0xFF/0xFF, not complements
        Assert.Equal(BusStatus.Fault, b.Ap0.Read(0x0800_0000, AccessSize.Word, out _));
        Assert.Equal(BusStatus.Ok, b.Core.Read(0x0800_0000, AccessSize.Word, out var fromCore)); // the core still runs from it
        Assert.Equal(0x4433_2211u, fromCore);

        b.Unlock();
        b.UnlockOptions();
        b.Write(Cr, CrOptEr | CrOptWre);
        b.Write(Cr, CrOptEr | CrOptWre | CrStrt);
        b.WaitNotBusy();
        Assert.False(b.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF)); // unprotecting never exposes the content
        b.Write(Cr, CrOptPg | CrOptWre);
        b.WriteHalf(OptionBytes, F1OptionBytes.RdpUnprotected);
        b.WaitNotBusy();
        b.Chip.SystemReset();
        Assert.Equal(0, b.Family.Flash.ReadoutLevel);
    }

    [Fact]
    public void The_option_bytes_and_flash_survive_the_state_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"f1-state-{Guid.NewGuid():N}.state");
        try
        {
            var b = new F1Bench();
            b.Unlock();
            b.Program(0x0800_0100, Data);
            b.UnlockOptions();
            b.Write(Cr, CrOptEr | CrOptWre);
            b.Write(Cr, CrOptEr | CrOptWre | CrStrt);
            b.WaitNotBusy();
            b.Write(Cr, CrOptPg | CrOptWre);
            b.WriteHalf(OptionBytes, 0x00A5);
            b.WaitNotBusy();
            b.WriteHalf(OptionBytes + 2, 0x00FE); // USER.WDG_SW = 0: hardware watchdog
            b.WaitNotBusy();
            b.Chip.SaveState(path);

            var again = new F1Bench();
            again.Chip.LoadState(path);
            Assert.True(again.Chip.FlashBank(1).Slice(0x100, 4).SequenceEqual(Data));
            Assert.Equal(0x01FE_5AA5u, again.Read(OptionBytes)); // RDP, nRDP, USER, nUSER as programmed
            Assert.Equal(0u, again.Read(Obr) & (1u << 2)); // OBR.WDG_SW loaded from the state
            Assert.True(again.Family.Iwdg!.Running); // the hardware watchdog runs from the reset
        }
        finally
        {
            File.Delete(path);
        }
    }
}
