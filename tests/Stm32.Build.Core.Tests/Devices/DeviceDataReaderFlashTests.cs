using Stm32.Build.Devices;
using Xunit;

namespace Stm32.Build.Tests.Devices;

/// <summary>The flash organisation, option registers and protection parts of the device data reader.</summary>
public sealed class DeviceDataReaderFlashTests
{
    private const string Template = """
        {
          "name": "T", "abstract": true,
          "family": "STM32F4", "referenceManual": "RM0090", "devId": "0x413",
          "dbgmcuIdcodeAddress": "0xE0042000", "flashSizeRegister": "0x1FFF7A22", "uniqueIdAddress": "0x1FFF7A10",
          "dpIdcode": "0x2BA01477", "flashDriver": "stm32f4", "flashRegistersBase": "0x40023C00", "flashWordSize": 4,
          "flashBanks": [ { "number": 1, "start": "0x08000000", "registerOffset": 0,
            "sectors": [ { "size": "0x4000", "count": 4 }, { "size": "0x10000", "count": 1 }, { "size": "0x20000", "count": 3 } ] } ],
          "optionRegisters": [ { "name": "OPTCR", "offset": "0x14", "fields": { "RDP": "15:8", "nWRP": "27:16", "DB1M": "30" } } ],
          "ramRegions": [ { "name": "SRAM", "kind": "Ram", "start": "0x20000000", "size": "0x20000" } ],
          "systemMemory": [],
          "cores": [ { "name": "CM4", "architecture": "Cortex-M4", "accessPort": 0, "cpuId": "0x410FC241", "fpu": "fpv4-sp-d16",
                       "defaultBootAddress": "0x08000000", "systemBootAddress": "0x1FFF0000", "bootOptionName": "BOOT0" } ],
          "accessPorts": [ { "index": 0, "kind": "AhbAp", "description": "AHB-AP" } ]
        }
        """;

    private static DeviceCatalog Load(string device) => DeviceCatalog.Load([$$"""{ "devices": [ {{Template}}, {{device}} ] }"""]);

    [Fact]
    public void Runs_of_sectors_option_fields_and_protection_are_read()
    {
        var d = Load("""
            { "name": "X", "inherits": "T",
              "parallelism": [ { "minVolts": 2.7, "bits": 32 }, { "minVolts": 1.7, "bits": 8 } ],
              "protection": { "rdpField": "OPTCR.RDP", "rdpLevel0": "0xAA", "rdpLevel2": "0xCC",
                "writeProtection": [ { "bank": 1, "kind": "ActiveLowBits", "field": "OPTCR.nWRP" } ] },
              "boot": { "pins": ["BOOT0"], "options": ["OPTCR.DB1M"] } }
            """).Get("X");
        Assert.Equal(512u * 1024, d.FlashSize);
        Assert.Equal(8, d.FlashBanks[0].SectorCount);
        var (register, rdp) = d.FindOptionField("optcr.rdp")!.Value;
        Assert.Equal(0x14u, register.Offset);
        Assert.Equal(0xFF00u, rdp.Mask);
        Assert.Equal(0x5Au, rdp.Get(0x1234_5A78));
        Assert.Equal(0x1234_CC78u, rdp.Set(0x1234_5A78, 0xCC));
        Assert.Equal(1u << 30, d.FindOptionField("OPTCR.DB1M")!.Value.Field.Mask);
        Assert.Equal(0xAAu, d.Protection!.RdpLevel0);
        Assert.Equal(WriteProtectionKind.ActiveLowBits, d.Protection.WriteProtection[0].Kind);
        Assert.Equal(8, d.ParallelismFor(2.0)!.Bits);
        Assert.Equal("fpv4-sp-d16", d.Cores[0].Fpu);
        Assert.Null(d.Cores[0].Registers);
    }

    [Fact]
    public void Bank_modes_give_the_factory_banks_when_flash_banks_are_left_out()
    {
        var d = Load("""
            { "name": "X", "inherits": "T", "flashBanks": null,
              "bankModes": [
                { "name": "single-bank", "option": "OPTCR.DB1M", "value": 0, "factory": true,
                  "flashBanks": [ { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 4, "registerOffset": 0 } ] },
                { "name": "dual-bank", "option": "OPTCR.DB1M", "value": 1, "flashBanks": [
                  { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 2, "registerOffset": 0 },
                  { "number": 2, "start": "0x08040000", "sectorSize": "0x20000", "sectorCount": 2, "registerOffset": 0, "firstSector": 12 } ] } ] }
            """).Get("X");
        Assert.Equal(4, Assert.Single(d.FlashBanks).SectorCount);
        Assert.Equal(2, d.BankModes.Count);
        Assert.Equal(12, d.BankModes[1].FlashBanks[1].FirstSector);
    }

    [Theory]
    [InlineData("""{ "name": "X", "inherits": "T", "flashBanks": [ { "number": 1, "start": 0, "registerOffset": 0, "sectorSize": 1, "sectorCount": 1, "sectors": [] } ] }""",
        "give either \"sectors\" or \"sectorSize\"")]
    [InlineData("""{ "name": "X", "inherits": "T", "flashBanks": [ { "number": 1, "start": 0, "registerOffset": 0, "sectors": [ { "size": 0, "count": 1 } ] } ] }""",
        "X.flashBanks[0].sectors[0]: sector sizes and counts must be greater than 0")]
    [InlineData("""{ "name": "X", "inherits": "T", "flashBanks": [ { "number": 1, "start": "0xFFFF0000", "registerOffset": 0, "sectorSize": "0x20000", "sectorCount": 1 } ] }""",
        "the bank ends past 4 GiB")]
    [InlineData("""{ "name": "X", "inherits": "T", "flashBanks": [ { "number": 1, "start": "0x08000000", "registerOffset": 0, "sectorSize": "0x20000", "sectorCount": 2 }, { "number": 2, "start": "0x08020000", "registerOffset": 0, "sectorSize": "0x20000", "sectorCount": 1 } ] }""",
        "bank 2 at 0x08020000 overlaps bank 1")]
    [InlineData("""{ "name": "X", "inherits": "T", "optionRegisters": [ { "name": "OPTCR", "offset": 20, "fields": { "RDP": "8:15" } } ] }""",
        "X.optionRegisters[0].fields.RDP: '8:15' is not a bit range")]
    [InlineData("""{ "name": "X", "inherits": "T", "optionRegisters": [ { "name": "OPTCR", "offset": 20, "fields": { "RDP": "32" } } ] }""",
        "is not a bit range")]
    [InlineData("""{ "name": "X", "inherits": "T", "protection": { "rdpField": "OPTCR.RDPX", "rdpLevel0": 170 } }""",
        "X.protection.rdpField: 'OPTCR.RDPX' is not a REGISTER.FIELD")]
    [InlineData("""{ "name": "X", "inherits": "T", "protection": { "rdpField": "OPTCR.RDP", "rdpLevel0": 170, "writeProtection": [ { "bank": 1, "kind": "PageRange", "field": "OPTCR.nWRP" } ] } }""",
        "a PageRange needs \"endField\"")]
    [InlineData("""{ "name": "X", "inherits": "T", "parallelism": [ { "minVolts": 2.7, "bits": 12 } ] }""",
        "X.parallelism[0].bits: 12 is not 8, 16, 32 or 64")]
    [InlineData("""{ "name": "X", "inherits": "T", "parallelism": [ { "minVolts": "high", "bits": 32 } ] }""",
        "X.parallelism[0].minVolts: expected a number")]
    [InlineData("""{ "name": "X", "inherits": "T", "bankModes": [ { "name": "a", "option": "OPTCR.DB1M", "value": 0, "flashBanks": [ { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 4, "registerOffset": 0 } ] } ] }""",
        "exactly one mode must say \"factory\": true (0 do)")]
    [InlineData("""{ "name": "X", "inherits": "T", "bankModes": [ { "name": "a", "option": "OPTCR.DB1M", "value": 0, "factory": true, "flashBanks": [ { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 2, "registerOffset": 0 } ] } ] }""",
        "X.flashBanks: differs from the factory mode")]
    [InlineData("""{ "name": "X", "inherits": "T", "flashBanks": null, "bankModes": [ { "name": "a", "option": "OPTCR.DB1M", "value": 0, "factory": true, "flashBanks": [ { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 4, "registerOffset": 0 } ] }, { "name": "b", "option": "OPTCR.NOPE", "value": 1, "flashBanks": [ { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 4, "registerOffset": 0 } ] } ] }""",
        "X.bankModes[b].option: 'OPTCR.NOPE' is not a REGISTER.FIELD")]
    [InlineData("""{ "name": "X", "inherits": "T", "flashBanks": null, "bankModes": [ { "name": "a", "option": "OPTCR.DB1M", "value": 0, "factory": true, "flashBanks": [ { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 4, "registerOffset": 0 } ] }, { "name": "b", "option": "OPTCR.DB1M", "value": 1, "flashBanks": [ { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 2, "registerOffset": 0 } ] } ] }""",
        "X.bankModes[b]: the mode covers 262144 bytes, the device 524288")]
    [InlineData("""{ "name": "X", "inherits": "T", "eraseUnit": "Block" }""", "X.eraseUnit: 'Block' is not one of Sector, Page")]
    [InlineData("""{ "name": "X", "inherits": "T", "boot": { "options": ["OPTCR"] } }""", "X.boot.options: 'OPTCR' is not a REGISTER.FIELD")]
    public void Bad_flash_data_names_the_json_path(string device, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Load(device));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("device data: ", ex.Message, StringComparison.Ordinal);
    }
}
