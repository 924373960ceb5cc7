using Stm32.Build.Devices;
using Xunit;

namespace Stm32.Build.Tests.Devices;

/// <summary>A bank made of runs of erase units of different sizes: addresses, indices and sizes.</summary>
public sealed class FlashBankTests
{
    // The STM32F407's one bank: 4 x 16 KiB, 1 x 64 KiB, 7 x 128 KiB (RM0090 3.3, table 5).
    private static readonly FlashBank F407 = new()
    {
        Number = 1,
        Start = 0x0800_0000,
        RegisterOffset = 0,
        Sectors = [new SectorRun(0x4000, 4), new SectorRun(0x1_0000, 1), new SectorRun(0x2_0000, 7)],
    };

    [Theory]
    [InlineData(0, 0x0800_0000u, 0x4000u)]
    [InlineData(3, 0x0800_C000u, 0x4000u)]
    [InlineData(4, 0x0801_0000u, 0x1_0000u)]
    [InlineData(5, 0x0802_0000u, 0x2_0000u)]
    [InlineData(11, 0x080E_0000u, 0x2_0000u)]
    public void Sector_starts_and_sizes_follow_the_reference_manual_table(int sector, uint start, uint size)
    {
        Assert.Equal(start, F407.SectorStart(sector));
        Assert.Equal(size, F407.SectorSizeOf(sector));
    }

    [Theory]
    [InlineData(0x0800_0000u, 0)]
    [InlineData(0x0800_3FFFu, 0)]
    [InlineData(0x0800_4000u, 1)]
    [InlineData(0x0800_FFFFu, 3)]
    [InlineData(0x0801_0000u, 4)]
    [InlineData(0x0801_FFFFu, 4)]
    [InlineData(0x0802_0000u, 5)]
    [InlineData(0x080F_FFFFu, 11)]
    [InlineData(0x0810_0000u, -1)]
    [InlineData(0x07FF_FFFFu, -1)]
    public void The_sector_of_an_address_changes_exactly_at_each_boundary(uint address, int sector)
    {
        Assert.Equal(sector, F407.SectorOf(address));
    }

    [Fact]
    public void The_runs_add_up_to_one_MiB_in_twelve_sectors()
    {
        Assert.Equal(12, F407.SectorCount);
        Assert.Equal(0x10_0000u, F407.Size);
        Assert.Equal(0x0810_0000UL, F407.End);
        Assert.False(F407.IsUniform);
    }

    [Fact]
    public void A_bank_with_sectors_of_different_sizes_has_no_single_sector_size()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => F407.SectorSize);
        Assert.Contains("SectorSizeOf", ex.Message);
        var uniform = F407 with { Sectors = [new SectorRun(0x2_0000, 8)] };
        Assert.Equal(0x2_0000u, uniform.SectorSize);
        Assert.True(uniform.IsUniform);
    }

    [Fact]
    public void Sector_numbers_count_from_the_banks_first_sector()
    {
        var bank2 = F407 with { Number = 2, Start = 0x0810_0000, FirstSector = 12 };
        Assert.Equal(12, bank2.SectorNumber(0));
        Assert.Equal(23, bank2.SectorNumber(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => bank2.SectorNumber(12));
        Assert.Throws<ArgumentOutOfRangeException>(() => bank2.SectorStart(-1));
    }

    [Fact]
    public void Banks_with_the_same_layout_are_equal()
    {
        var copy = new FlashBank
        {
            Number = 1, Start = 0x0800_0000, RegisterOffset = 0,
            Sectors = [new SectorRun(0x4000, 4), new SectorRun(0x1_0000, 1), new SectorRun(0x2_0000, 7)],
        };
        Assert.Equal(F407, copy);
        Assert.Equal(F407.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(F407, copy with { Sectors = [new SectorRun(0x2_0000, 8)] });
    }
}
