using Stm32.Build.VirtualBoard.Families.G0;
using Stm32.Build.VirtualBoard.Tests.Families.L4;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.L4.L4Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.G0;

/// <summary>
/// The virtual dual-bank STM32G0B1 (RM0444, DS13560) through the debugger's access port: its identification, two banks
/// of 128 pages of 2 KiB sharing one register set, bank 2's pages numbered 256-383 in FLASH_CR.PNB with BKER (bit 13),
/// MER2, a busy flag per bank (BSY1 bit 16, BSY2 bit 17) and bank 2's WRP areas.
/// </summary>
public sealed class G0B1FlashTests
{
    private const uint Dbg = 0x4001_5800, Bank2 = 0x0804_0000;
    private const uint G0Bker = 1u << 13;

    private static L4Bench G0B1() => new("STM32G0B1RE", "NUCLEO-G0B1RE");

    /// <summary>Writes a recognisable double word at the start and end of a page so an erase shows.</summary>
    private static void Mark(L4Bench b, uint page)
    {
        b.Program(page, [1, 2, 3, 4, 5, 6, 7, 8]);
        b.Program(page + 0x7F8, [8, 7, 6, 5, 4, 3, 2, 1]);
    }

    private static bool Erased(L4Bench b, uint page) =>
        b.FlashInterface.PeekWord(page) == 0xFFFF_FFFF && b.FlashInterface.PeekWord(page + 0x7FC) == 0xFFFF_FFFF;

    [Fact]
    public void Dbg_idcode_the_flash_size_register_and_both_banks_name_a_g0b1()
    {
        var b = G0B1();
        Assert.IsType<G0Family>(b.Chip.Family);
        Assert.Equal(0x467u, b.Read(Dbg) & 0xFFF); // RM0444 40.9.1 DEV_ID
        Assert.Equal(512u, b.Read(0x1FFF_75E0) & 0xFFFF); // RM0444 1.5: flash size in KiB
        Assert.Equal(0xDFFF_E1AAu, b.Read(Optr)); // RM0444 3.7.8, as delivered (DUAL_BANK, bit 21, set)
        Assert.Equal(2, b.FlashInterface.ActiveBanks.Count);
        Assert.Equal(0xFFFF_FFFFu, b.Read(Bank2)); // bank 2 is on the bus, erased
    }

    [Fact]
    public void Pnb_256_with_bker_erases_the_first_page_of_bank_2_only_and_busy_is_bsy2()
    {
        var b = G0B1();
        b.Unlock();
        Mark(b, 0x0803_F800); // last page of bank 1 (127)
        Mark(b, Bank2); // first page of bank 2 (256)
        Mark(b, Bank2 + 0x800); // 257

        var cr = CrPer | (256u << 3) | G0Bker;
        b.Write(Cr, cr);
        b.Write(Cr, cr | CrStrt);
        var sr = b.Read(Sr);
        Assert.Equal(SrBsy2, sr & (SrBsy | SrBsy2)); // RM0444 3.7.4: bank 2 busy, bank 1 not
        b.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(0u, b.Read(Sr) & (SrBsy | SrBsy2 | SrErrors));

        Assert.True(Erased(b, Bank2));
        Assert.False(Erased(b, 0x0803_F800));
        Assert.False(Erased(b, Bank2 + 0x800));
        Assert.Equal(1, b.Counters.SectorErases[1]);
        Assert.Equal(0, b.Counters.SectorErases[0]);
    }

    [Fact]
    public void Pnb_127_without_bker_erases_the_last_page_of_bank_1_and_busy_is_bsy1()
    {
        var b = G0B1();
        b.Unlock();
        Mark(b, 0x0803_F000);
        Mark(b, 0x0803_F800);
        Mark(b, Bank2);

        var cr = CrPer | (127u << 3);
        b.Write(Cr, cr);
        b.Write(Cr, cr | CrStrt);
        Assert.Equal(SrBsy, b.Read(Sr) & (SrBsy | SrBsy2));
        b.Advance(TimeSpan.FromMilliseconds(30));

        Assert.True(Erased(b, 0x0803_F800));
        Assert.False(Erased(b, 0x0803_F000));
        Assert.False(Erased(b, Bank2));
    }

    [Fact]
    public void A_page_number_past_either_bank_is_pgserr_and_erases_nothing()
    {
        var b = G0B1();
        b.Unlock();
        Mark(b, Bank2);
        Mark(b, 0x0800_0000);
        foreach (var (pnb, bker) in new[] { (128u, 0u), (256u, 0u), (384u, G0Bker) })
        {
            var cr = CrPer | (pnb << 3) | bker;
            b.Write(Cr, cr);
            b.Write(Cr, cr | CrStrt);
            b.Advance(TimeSpan.FromMilliseconds(30));
            Assert.Equal(SrPgserr, b.Read(Sr) & SrPgserr);
            b.Write(Sr, SrErrors);
        }
        Assert.False(Erased(b, Bank2));
        Assert.False(Erased(b, 0x0800_0000));
        Assert.Equal(0, b.Counters.SectorErases[0] + b.Counters.SectorErases[1]);
    }

    [Fact]
    public void Programming_bank_2_keeps_bsy2_for_t_prog_and_mer2_erases_bank_2_only()
    {
        var b = G0B1();
        b.Unlock();
        Mark(b, 0x0800_0000);
        b.Write(Cr, CrPg);
        b.Write(Bank2 + 0x10, 0x1122_3344);
        b.Write(Bank2 + 0x14, 0x5566_7788);
        Assert.Equal(SrBsy2, b.Read(Sr) & (SrBsy | SrBsy2));
        b.Advance(TimeSpan.FromMicroseconds(100)); // DS13560 t_prog 85 µs typical
        Assert.Equal(0u, b.Read(Sr) & (SrBsy | SrBsy2 | SrErrors));
        b.Write(Cr, 0);
        Assert.Equal(0x1122_3344u, b.Read(Bank2 + 0x10));

        b.Write(Cr, CrMer2);
        b.Write(Cr, CrMer2 | CrStrt);
        Assert.Equal(SrBsy2, b.Read(Sr) & (SrBsy | SrBsy2));
        b.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(0xFFFF_FFFFu, b.Read(Bank2 + 0x10));
        Assert.False(Erased(b, 0x0800_0000));
    }

    [Fact]
    public void A_page_of_a_bank_2_wrp_area_is_wrperr_once_the_option_bytes_are_loaded()
    {
        var b = G0B1();
        b.Unlock();
        Mark(b, Bank2 + 0x1000);
        b.UnlockOptions();
        b.Write(Wrp2ar, 2u | (3u << 16)); // WRP2A: bank 2's pages 2-3 (RM0444 3.7.18, relative to the bank)
        b.Write(Cr, CrOptStrt);
        b.Advance(TimeSpan.FromMilliseconds(30));
        b.Chip.SystemReset();
        b.Unlock();

        var cr = CrPer | (258u << 3) | G0Bker;
        b.Write(Cr, cr);
        b.Write(Cr, cr | CrStrt);
        b.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(SrWrperr, b.Read(Sr) & SrWrperr);
        Assert.False(Erased(b, Bank2 + 0x1000));
    }
}
