using Stm32.Build.Devices;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Images;

namespace Stm32.Build.Flashing.Tests.Pipeline;

/// <summary>Which erase units an image touches on banks of different organisations, and what is programmed: never outside them.</summary>
public sealed class SectorPlannerTests
{
    private static FirmwareImage Bin(uint address, int length, byte fill = 0x5A)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, fill);
        return ImageReader.Read(bytes, "image.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = address });
    }

    [Fact]
    public void An_image_across_the_16_64_and_128_KiB_boundaries_of_an_F407_touches_exactly_those_sectors()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32F407VG");
        // From the last 16 KiB of sector 3 (0x0800C000) through sector 4 (64 KiB) into sector 5 (128 KiB).
        var image = Bin(0x0800_F000, 0x1_2000);

        var plan = SectorPlanner.Build(device.FlashBanks, [image], 0xFF, device.EraseUnit);

        Assert.Equal(["1:3", "1:4", "1:5"], plan.Select(p => p.Sector.Key));
        Assert.Equal([0x4000u, 0x1_0000u, 0x2_0000u], plan.Select(p => p.Sector.Size));
        var erase = new FlashErasePlan(plan.Select(p => p.Sector));
        Assert.Equal(0x0800_C000u, erase.Sectors[0].Start);
        Assert.Equal(0x4000L + 0x1_0000 + 0x2_0000, erase.Bytes);
        // Bytes of sector 3 below the image stay erased in the plan.
        Assert.False(plan[0].Content.AsSpan(0, 0x3000).ContainsAnyExcept((byte)0xFF));
    }

    [Fact]
    public void The_last_page_of_bank_1_and_the_first_of_bank_2_of_a_G474_are_two_pages_in_two_banks()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32G474RE");
        var image = Bin(0x0803_FF00, 0x200);

        var plan = SectorPlanner.Build(device.FlashBanks, [image], 0xFF, device.EraseUnit);

        Assert.Equal(["1:127", "2:0"], plan.Select(p => p.Sector.Key));
        Assert.Equal("page 127 of bank 1 (0x0803F800)", plan[0].Sector.ToString());
        var program = FlashProgramPlan.For(plan, device.FlashWordSize, 0xFF);
        Assert.Equal(2, program.Banks.Count);
        Assert.Equal(new[] { (0x0803_FF00u, 0x100), (0x0804_0000u, 0x100) },
            program.Banks.SelectMany(b => b.Runs).Select(r => (r.Address, r.Data.Length)));
    }

    [Fact]
    public void Program_runs_skip_erased_units_and_join_across_sector_boundaries()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var bytes = new byte[0x2_0000 + 0x40];
        Array.Fill(bytes, (byte)0xFF);
        bytes[0x20] = 1;                 // flash word 1 of sector 0
        bytes[0x1_FFE0] = 2;             // the last flash word of sector 0 ...
        bytes[0x2_0000] = 3;             // ... and the first of sector 1: one run across the boundary
        var image = ImageReader.Read(bytes, "image.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = 0x0800_0000 });

        var plan = SectorPlanner.Build(device.FlashBanks, [image], 0xFF, device.EraseUnit);
        var program = FlashProgramPlan.For(plan, device.FlashWordSize, 0xFF);

        Assert.Equal(new[] { (0x0800_0020u, 32), (0x0801_FFE0u, 64) },
            Assert.Single(program.Banks).Runs.Select(r => (r.Address, r.Data.Length)));
        Assert.Equal(96, program.Bytes);
    }
}
