using Stm32.Build.Devices;
using Stm32.Build.Flashing.Drivers;

namespace Stm32.Build.Flashing.Tests.Drivers;

/// <summary>
/// The protection state decoded from option registers, per family, from register values chosen by hand from the
/// reference manuals' encodings (no chip needed).
/// </summary>
public sealed class FlashProtectionTests
{
    private static FlashProtection Read(string name, Dictionary<uint, uint> registers)
    {
        var device = DeviceCatalog.BuiltIn.Get(name);
        return FlashProtection.Read(device, device.FlashBanks, a => registers.TryGetValue(a - device.FlashRegistersBase, out var v) ? v : 0);
    }

    private static string[] Keys(FlashProtection p) => [.. p.WriteProtected.Select(s => s.Key)];

    [Fact]
    public void H7_WPSN_zero_bits_PRAR_and_SCAR_areas_and_the_RDP_byte()
    {
        var p = Read("STM32H747XI", new()
        {
            [0x1C] = 0x03C6_BBF0,                  // OPTSR_CUR: RDP 0xBB = level 1
            [0x38] = 0xFF & ~0b0000_0110u,         // WPSN_CUR1R: sectors 1 and 2 protected
            [0x138] = 0xFF & ~0b1000_0000u,        // WPSN_CUR2R: sector 7 protected
            [0x28] = (0x0Fu << 16) | 0x00,         // PRAR_CUR1: 0x08000000..0x08000FFF
            [0x30] = 0x0000_00FF,                  // SCAR_CUR1: empty (start > end)
            [0x128] = 0x0000_00FF, [0x130] = (0x1FFu << 16) | 0x100, // SCAR_CUR2: 0x08110000..0x0811FFFF
        });
        Assert.Equal(1, p.RdpLevel);
        Assert.Equal(0xBBu, p.RdpValue);
        Assert.Equal(["1:1", "1:2", "2:7"], Keys(p));
        Assert.Equal([new ProtectedArea("PCROP", 1, 0x0800_0000, 0x0800_0FFF), new ProtectedArea("secure area", 2, 0x0811_0000, 0x0811_FFFF)], p.Areas);
    }

    [Fact]
    public void F1_medium_density_protects_four_pages_per_WRP_bit()
    {
        var p = Read("STM32F103C8", new() { [0x1C] = 0, [0x20] = ~0b101u }); // WRP0 and WRP2 = 0
        Assert.Equal(0, p.RdpLevel);
        Assert.Equal(["1:0", "1:1", "1:2", "1:3", "1:8", "1:9", "1:10", "1:11"], Keys(p));
        Assert.Equal("page 8 of bank 1 (0x08002000)", p.WriteProtected[4].ToString());
    }

    [Fact]
    public void F1_high_density_WRP31_protects_every_page_from_62_on_and_RDPRT_is_level_1()
    {
        var p = Read("STM32F103RE", new() { [0x1C] = 1u << 1, [0x20] = 0x7FFF_FFFF });
        Assert.Equal(1, p.RdpLevel);
        Assert.Equal(256 - 62, p.WriteProtected.Count);
        Assert.Equal("1:62", p.WriteProtected[0].Key);
        Assert.Equal("1:255", p.WriteProtected[^1].Key);
    }

    [Fact]
    public void F429_bank_2_sectors_come_from_OPTCR1_and_are_named_by_their_manual_number()
    {
        var p = Read("STM32F429ZI", new() { [0x14] = 0x0FFF_AAED & ~(1u << 16 + 4), [0x18] = 0x0FFF_0000 & ~(1u << 16) });
        Assert.Equal(0, p.RdpLevel);
        Assert.Equal(["1:4", "2:0"], Keys(p));
        Assert.Equal("sector 12 of bank 2 (0x08100000)", p.WriteProtected[1].ToString());
    }

    [Fact]
    public void L4_WRP_areas_are_page_ranges_per_bank_and_an_empty_area_has_start_above_end()
    {
        var p = Read("STM32L476RG", new()
        {
            [0x20] = 0xFFEF_F8CC,                    // OPTR: RDP 0xCC = level 2
            [0x2C] = (5u << 16) | 3,                 // WRP1AR: pages 3..5 of bank 1
            [0x30] = (0u << 16) | 0xFF,              // WRP1BR: empty
            [0x4C] = (255u << 16) | 255,             // WRP2AR: page 255 of bank 2
            [0x50] = 0xFF,                           // WRP2BR: empty
            [0x24] = 0xFFFF, [0x28] = 0,             // PCROP1: empty
            [0x44] = 0x10, [0x48] = 0x1F,            // PCROP2: double words 0x10..0x1F of bank 2
        });
        Assert.Equal(2, p.RdpLevel);
        Assert.Equal(["1:3", "1:4", "1:5", "2:255"], Keys(p));
        Assert.Equal(new ProtectedArea("PCROP", 2, 0x0808_0080, 0x0808_00FF), Assert.Single(p.Areas));
    }

    [Fact]
    public void G0_PCROP_is_in_512_byte_steps()
    {
        var p = Read("STM32G071RB", new() { [0x20] = 0xFFFF_FEAA, [0x2C] = 0x1F, [0x30] = 0x1F, [0x24] = 2, [0x28] = 3, [0x34] = 0xFF, [0x38] = 0 });
        Assert.Equal(0, p.RdpLevel);
        Assert.Empty(p.WriteProtected);
        Assert.Equal(new ProtectedArea("PCROP area A", 1, 0x0800_0400, 0x0800_07FF), Assert.Single(p.Areas));
    }

    [Fact]
    public void A_plan_touching_protection_is_named_and_one_that_does_not_is_clear()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var p = Read("STM32H747XI", new() { [0x1C] = 0x03C6_AAF0, [0x38] = 0xFD, [0x138] = 0xFF, [0x28] = 0xFF, [0x30] = 0xFF, [0x128] = 0xFF, [0x130] = 0xFF });
        var bank1 = device.FlashBanks[0];
        Assert.Equal(["1:1"], p.ProtectedIn(new FlashErasePlan([new FlashSector(bank1, 0), new FlashSector(bank1, 1)])).Select(s => s.Key));
        Assert.Empty(p.ProtectedIn(new FlashErasePlan([new FlashSector(bank1, 0), new FlashSector(device.FlashBanks[1], 1)])));
        Assert.Contains("write protection: sector 1 of bank 1 (0x08020000)", p.Summary);
    }
}
