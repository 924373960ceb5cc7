using Stm32.Build.Devices;
using Xunit;

namespace Stm32.Build.Tests.Devices;

/// <summary>
/// The device data of the families beside the STM32H7 against the reference manuals and datasheets: DEV_IDs,
/// flash sizes and geometry, bank boundaries, cores, and that every layout adds up.
/// </summary>
public sealed class DeviceFamilyTests
{
    private static DeviceDescription Get(string name) => DeviceCatalog.BuiltIn.Get(name);

    [Theory]
    // name, DEV_ID (reference manual, DBGMCU_IDCODE), flash KiB (datasheet), erase units, banks, family
    [InlineData("STM32F103C8", 0x410, 64, 64, 1, "STM32F1")]
    [InlineData("STM32F103RB", 0x410, 128, 128, 1, "STM32F1")]
    [InlineData("STM32F103RE", 0x414, 512, 256, 1, "STM32F1")]
    [InlineData("STM32F401CC", 0x423, 256, 6, 1, "STM32F4")]
    [InlineData("STM32F401RE", 0x433, 512, 8, 1, "STM32F4")]
    [InlineData("STM32F407VG", 0x413, 1024, 12, 1, "STM32F4")]
    [InlineData("STM32F411RE", 0x431, 512, 8, 1, "STM32F4")]
    [InlineData("STM32F429ZI", 0x419, 2048, 24, 2, "STM32F4")]
    [InlineData("STM32F429ZG", 0x419, 1024, 12, 1, "STM32F4")]
    [InlineData("STM32F446RE", 0x421, 512, 8, 1, "STM32F4")]
    [InlineData("STM32F746NG", 0x449, 1024, 8, 1, "STM32F7")]
    [InlineData("STM32F767ZI", 0x451, 2048, 12, 1, "STM32F7")]
    [InlineData("STM32G071RB", 0x460, 128, 64, 1, "STM32G0")]
    [InlineData("STM32G0B1RE", 0x467, 512, 256, 2, "STM32G0")]
    [InlineData("STM32G431RB", 0x468, 128, 64, 1, "STM32G4")]
    [InlineData("STM32G474RE", 0x469, 512, 256, 2, "STM32G4")]
    [InlineData("STM32L432KC", 0x435, 256, 128, 1, "STM32L4")]
    [InlineData("STM32L476RG", 0x415, 1024, 512, 2, "STM32L4")]
    public void Each_family_part_has_its_dev_id_flash_size_and_organisation(string name, int devId, int flashKiB, int units, int banks, string family)
    {
        var d = Get(name);
        Assert.Equal(devId, d.DevId);
        Assert.Equal((uint)flashKiB * 1024, d.FlashSize);
        Assert.Equal(units, d.FlashBanks.Sum(b => b.SectorCount));
        Assert.Equal(banks, d.FlashBanks.Count);
        Assert.Equal(family, d.Family);
        Assert.Equal(0x0800_0000u, d.FlashBanks[0].Start);
    }

    public static TheoryData<string> AllDevices()
    {
        var data = new TheoryData<string>();
        foreach (var d in DeviceCatalog.BuiltIn.Devices.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            data.Add(d.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllDevices))]
    public void Every_layout_adds_up_to_the_flash_size_with_contiguous_units(string name)
    {
        var d = Get(name);
        foreach (var banks in d.BankModes.Select(m => m.FlashBanks).Append(d.FlashBanks))
        {
            Assert.Equal(d.FlashSize, (uint)banks.Sum(b => (long)b.Size));
            foreach (var bank in banks)
            {
                var expected = bank.Start;
                for (var i = 0; i < bank.SectorCount; i++)
                {
                    Assert.Equal(expected, bank.SectorStart(i));
                    Assert.Equal(i, bank.SectorOf(expected));
                    Assert.Equal(i, bank.SectorOf(expected + bank.SectorSizeOf(i) - 1));
                    expected += bank.SectorSizeOf(i);
                }
                Assert.Equal(bank.End, expected);
            }
        }
        Assert.NotEmpty(d.RamRegions);
        Assert.NotEmpty(d.Cores);
        Assert.All(d.Cores, c => Assert.Contains(d.AccessPorts, a => a.Index == c.AccessPort));
    }

    [Fact]
    public void The_F407_has_sectors_of_16_64_and_128_KiB()
    {
        var bank = Get("STM32F407VG").FlashBanks.Single();
        Assert.Equal([0x4000u, 0x4000u, 0x4000u, 0x4000u, 0x1_0000u, 0x2_0000u, 0x2_0000u, 0x2_0000u, 0x2_0000u, 0x2_0000u, 0x2_0000u, 0x2_0000u],
            Enumerable.Range(0, bank.SectorCount).Select(bank.SectorSizeOf));
        Assert.Equal(0x0801_0000u, bank.SectorStart(4));
        Assert.Equal(0x0802_0000u, bank.SectorStart(5));
    }

    [Fact]
    public void The_F429ZI_bank_2_starts_at_0x08100000_with_sector_12()
    {
        var d = Get("STM32F429ZI");
        var bank2 = d.FlashBanks[1];
        Assert.Equal(0x0810_0000u, bank2.Start);
        Assert.Equal(12, bank2.SectorNumber(0));
        Assert.Equal(23, bank2.SectorNumber(11));
        Assert.Same(bank2, d.FindBank(0x0810_0000));
        Assert.Same(d.FlashBanks[0], d.FindBank(0x080F_FFFF));
    }

    [Theory]
    // device, option field, factory value, other mode's bank 2 start (RM0090 3.3, RM0410 3.3.2, RM0440 3.3.1)
    [InlineData("STM32F429ZG", "OPTCR.DB1M", 0u, 0x0808_0000u)]
    [InlineData("STM32F767ZI", "OPTCR.nDBANK", 1u, 0x0810_0000u)]
    [InlineData("STM32F767ZG", "OPTCR.nDBANK", 1u, 0x0808_0000u)]
    public void Bank_modes_switch_between_one_and_two_banks(string name, string option, uint factoryValue, uint bank2Start)
    {
        var d = Get(name);
        var factory = Assert.Single(d.BankModes, m => m.Factory);
        Assert.Equal(option, factory.Option);
        Assert.Equal(factoryValue, factory.Value);
        Assert.Equal(factory.FlashBanks, d.FlashBanks);
        var dual = Assert.Single(d.BankModes, m => m.Name == "dual-bank");
        Assert.Equal(bank2Start, dual.FlashBanks[1].Start);
        Assert.Equal(12, dual.FlashBanks[1].FirstSector);
        Assert.NotNull(d.FindOptionField(option));
    }

    [Fact]
    public void The_F767_sectors_are_32_128_256_KiB_single_bank_and_16_64_128_KiB_dual_bank()
    {
        var d = Get("STM32F767ZI");
        Assert.Equal([new SectorRun(0x8000, 4), new SectorRun(0x2_0000, 1), new SectorRun(0x4_0000, 7)], d.FlashBanks[0].Sectors);
        var dual = d.BankModes.Single(m => m.Name == "dual-bank");
        Assert.All(dual.FlashBanks, b => Assert.Equal([new SectorRun(0x4000, 4), new SectorRun(0x1_0000, 1), new SectorRun(0x2_0000, 7)], b.Sectors));
    }

    [Fact]
    public void The_G474_is_dual_bank_with_2_KiB_pages_by_factory_and_single_bank_with_4_KiB_pages()
    {
        var d = Get("STM32G474RE");
        Assert.Equal(EraseUnitKind.Page, d.EraseUnit);
        Assert.Equal(0x0804_0000u, d.FlashBanks[1].Start);
        Assert.All(d.FlashBanks, b => Assert.Equal(0x800u, b.SectorSize));
        var single = d.BankModes.Single(m => m.Name == "single-bank");
        Assert.Equal(0x1000u, Assert.Single(single.FlashBanks).SectorSize);
        Assert.Equal(0u, single.Value);
    }

    [Theory]
    // device, programming unit in bytes: H7 256-bit flash word (RM0399 4.3.9), G0/G4/L4 double word, F1 half-word, F4/F7 word at x32
    [InlineData("STM32H747XI", 32)]
    [InlineData("STM32G071RB", 8)]
    [InlineData("STM32G474RE", 8)]
    [InlineData("STM32L476RG", 8)]
    [InlineData("STM32F103C8", 2)]
    [InlineData("STM32F407VG", 4)]
    [InlineData("STM32F767ZI", 4)]
    public void Programming_units_follow_the_family(string name, int unit) => Assert.Equal(unit, Get(name).FlashWordSize);

    [Theory]
    // RM0090 3.6.2: x32 from 2.7 V, x16 from 2.1 V, x8 below; RM0399: x64 from 1.8 V on the H7
    [InlineData("STM32F407VG", 3.3, 32)]
    [InlineData("STM32F407VG", 2.7, 32)]
    [InlineData("STM32F407VG", 2.5, 16)]
    [InlineData("STM32F407VG", 1.9, 8)]
    [InlineData("STM32F407VG", null, 32)]
    [InlineData("STM32H747XI", 3.3, 64)]
    [InlineData("STM32H747XI", 1.7, 32)]
    public void Parallelism_follows_the_supply_voltage(string name, double? volts, int bits) =>
        Assert.Equal(bits, Get(name).ParallelismFor(volts)!.Bits);

    [Theory]
    [InlineData("STM32F103C8", "Cortex-M3", null, "STM32F103")]
    [InlineData("STM32F407VG", "Cortex-M4", "fpv4-sp-d16", "STM32F407")]
    [InlineData("STM32F746NG", "Cortex-M7", "fpv5-sp-d16", "STM32F746")]
    [InlineData("STM32F767ZI", "Cortex-M7", "fpv5-d16", "STM32F767")]
    [InlineData("STM32G071RB", "Cortex-M0+", null, "STM32G071")]
    [InlineData("STM32G0B1RE", "Cortex-M0+", null, "STM32G0B1")]
    [InlineData("STM32G431RB", "Cortex-M4", "fpv4-sp-d16", "STM32G431")]
    [InlineData("STM32L432KC", "Cortex-M4", "fpv4-sp-d16", "STM32L432")]
    [InlineData("STM32H747XI", "Cortex-M7", "fpv5-d16", "STM32H747_CM7")]
    public void Cores_name_their_architecture_fpu_and_register_table(string name, string architecture, string? fpu, string registers)
    {
        var core = Get(name).Cores[0];
        Assert.Equal(architecture, core.Architecture);
        Assert.Equal(fpu, core.Fpu);
        Assert.Equal(registers, core.Registers);
    }

    [Fact]
    public void Register_tables_are_named_after_the_svd_base_names()
    {
        string[] known =
        [
            "STM32H747_CM7", "STM32H747_CM4", "STM32H743", "STM32H723", "STM32F103", "STM32F401", "STM32F407", "STM32F411",
            "STM32F429", "STM32F446", "STM32F746", "STM32F767", "STM32G071", "STM32G0B1", "STM32G431", "STM32G474", "STM32L432", "STM32L476",
        ];
        var named = DeviceCatalog.BuiltIn.Devices.SelectMany(d => d.Cores).Select(c => c.Registers).OfType<string>().Distinct().ToList();
        Assert.All(named, n => Assert.Contains(n, known));
        Assert.Equal(known.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    [Theory]
    // DBGMCU_IDCODE, flash size and unique ID addresses: RM0008 31.6.1/30.1, RM0090 38.6.1/39.1, RM0385 40.6.1/41.1, RM0444 40.4.1/1.5
    [InlineData("STM32F103C8", 0xE004_2000u, 0x1FFF_F7E0u, 0x1FFF_F7E8u)]
    [InlineData("STM32F407VG", 0xE004_2000u, 0x1FFF_7A22u, 0x1FFF_7A10u)]
    [InlineData("STM32F746NG", 0xE004_2000u, 0x1FF0_F442u, 0x1FF0_F420u)]
    [InlineData("STM32G071RB", 0x4001_5800u, 0x1FFF_75E0u, 0x1FFF_7590u)]
    [InlineData("STM32G474RE", 0xE004_2000u, 0x1FFF_75E0u, 0x1FFF_7590u)]
    [InlineData("STM32L476RG", 0xE004_2000u, 0x1FFF_75E0u, 0x1FFF_7590u)]
    public void Identity_registers_are_where_the_manual_puts_them(string name, uint dbgmcu, uint flashSize, uint uid)
    {
        var d = Get(name);
        Assert.Equal(dbgmcu, d.DbgmcuIdcodeAddress);
        Assert.Equal(flashSize, d.FlashSizeRegister);
        Assert.Equal(uid, d.UniqueIdAddress);
    }

    [Theory]
    [InlineData("STM32F407VGT6", "STM32F407VG")]
    [InlineData("STM32F407VGTx", "STM32F407VG")]
    [InlineData("STM32F103C8T6", "STM32F103C8")]
    [InlineData("STM32G0B1RETx", "STM32G0B1RE")]
    [InlineData("STM32L476RGT6", "STM32L476RG")]
    [InlineData("STM32F767ZITx", "STM32F767ZI")]
    [InlineData("STM32G474RET6", "STM32G474RE")]
    public void Ordering_codes_of_the_new_families_resolve(string given, string expected)
    {
        Assert.True(DeviceCatalog.BuiltIn.TryGet(given, out var d));
        Assert.Equal(expected, d.Name);
    }

    [Fact]
    public void The_G0_boot_takes_nBOOT_SEL_nBOOT1_and_nBOOT0_from_the_option_bytes()
    {
        var d = Get("STM32G071RB");
        Assert.Equal(["OPTR.nBOOT_SEL", "OPTR.nBOOT1", "OPTR.nBOOT0"], d.Boot.Options);
        var (register, field) = d.FindOptionField("OPTR.nBOOT_SEL")!.Value;
        Assert.Equal(0x20u, register.Offset);
        Assert.Equal(1u << 24, field.Mask);
    }

    [Fact]
    public void Protection_layouts_resolve_to_option_fields()
    {
        var h7 = Get("STM32H747XI").Protection!;
        Assert.Equal("OPTSR_CUR.RDP", h7.RdpField);
        Assert.Equal(0xAAu, h7.RdpLevel0);
        Assert.Equal(0xCCu, h7.RdpLevel2);
        var f1 = Get("STM32F103RE").Protection!;
        Assert.Null(f1.RdpLevel2);
        var wrp = Assert.Single(f1.WriteProtection);
        Assert.Equal(2, wrp.SectorsPerBit);
        Assert.True(wrp.LastBitCoversRest);
        var l4 = Get("STM32L476RG").Protection!;
        Assert.Equal(4, l4.WriteProtection.Count(w => w.Kind == WriteProtectionKind.PageRange));
    }
}
