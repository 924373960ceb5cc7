using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Xunit;

namespace Stm32.Build.Tests.Devices;

public class DeviceCatalogTests
{
    [Fact]
    public void H747XI_has_two_banks_of_eight_128k_sectors_and_two_cores()
    {
        var d = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        Assert.Equal(0x450, d.DevId);
        Assert.Equal("RM0399", d.ReferenceManual);
        Assert.Equal(2u * 1024 * 1024, d.FlashSize);
        Assert.Collection(d.FlashBanks,
            b => { Assert.Equal(0x08000000u, b.Start); Assert.Equal(8, b.SectorCount); Assert.Equal(0x20000u, b.SectorSize); Assert.Equal(0u, b.RegisterOffset); },
            b => { Assert.Equal(0x08100000u, b.Start); Assert.Equal(8, b.SectorCount); Assert.Equal(0x100u, b.RegisterOffset); });
        Assert.Equal(32, d.FlashWordSize);
        Assert.Equal(0, d.FindCore("cm7")!.AccessPort);
        Assert.Equal(3, d.FindCore("CM4")!.AccessPort);
        Assert.Equal(0x08100000u, d.FindCore("CM4")!.DefaultBootAddress);
        Assert.True(d.AccessPorts.Single(a => a.Index == 2).AvailableUnderReset);
        Assert.Equal(0xE00E1000u, d.DbgmcuApbAddress);
    }

    [Theory]
    [InlineData("STM32H747XIH6", "STM32H747XI")]
    [InlineData("stm32h747xihx", "STM32H747XI")]
    [InlineData("STM32H743ZITx", "STM32H743ZI")]
    [InlineData("STM32H723ZGTx", "STM32H723ZG")]
    public void Ordering_codes_resolve_to_the_longest_known_name(string given, string expected)
    {
        Assert.True(DeviceCatalog.BuiltIn.TryGet(given, out var d));
        Assert.Equal(expected, d.Name);
    }

    [Theory]
    [InlineData("STM32H747XG", 0x450, 1024, 2)]
    [InlineData("STM32H743XI", 0x450, 2048, 1)]
    [InlineData("STM32H750VB", 0x450, 128, 1)]
    [InlineData("STM32H723ZG", 0x483, 1024, 1)]
    [InlineData("STM32H753XI", 0x450, 2048, 1)]
    [InlineData("STM32H745XI", 0x450, 2048, 2)]
    public void Families_carry_their_dev_id_flash_size_and_core_count(string name, int devId, int flashKiB, int cores)
    {
        var d = DeviceCatalog.BuiltIn.Get(name);
        Assert.Equal(devId, d.DevId);
        Assert.Equal((uint)flashKiB * 1024, d.FlashSize);
        Assert.Equal(cores, d.Cores.Count);
    }

    [Fact]
    public void Unknown_device_is_a_coded_error_listing_known_names()
    {
        var ex = Assert.Throws<Stm32Exception>(() => DeviceCatalog.BuiltIn.Get("STM32F999"));
        Assert.Equal(DiagnosticCodes.UnknownDevice, ex.Code);
        Assert.Contains("STM32H747XI", ex.Message);
    }

    [Fact]
    public void Abstract_templates_are_not_devices()
    {
        Assert.DoesNotContain(DeviceCatalog.BuiltIn.Devices, d => d.Name.Contains("0x", StringComparison.Ordinal));
    }

    [Fact]
    public void Lookup_by_dev_id_and_flash_size_narrows_to_matching_parts()
    {
        var matches = DeviceCatalog.BuiltIn.FindByDevId(0x483, 512 * 1024).Select(d => d.Name).ToList();
        Assert.Contains("STM32H723ZE", matches);
        Assert.DoesNotContain("STM32H723ZG", matches);
    }

    [Fact]
    public void Regions_report_containment_without_wrapping_at_4GiB()
    {
        var r = new MemoryRegion { Name = "top", Kind = MemoryKind.Peripheral, Start = 0xFFFF0000, Size = 0x10000 };
        Assert.Equal(0x1_0000_0000UL, r.End);
        Assert.True(r.Contains(0xFFFFFFFF));
        Assert.False(r.Contains(0xFFFEFFFF));
    }
}
