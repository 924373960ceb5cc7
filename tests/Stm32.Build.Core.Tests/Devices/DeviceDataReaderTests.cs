using Stm32.Build.Devices;
using Xunit;

namespace Stm32.Build.Tests.Devices;

/// <summary>The device data reader behind <see cref="DeviceCatalog.Load"/>: mapping, inheritance and its errors.</summary>
public class DeviceDataReaderTests
{
    // A minimal but complete device; tests replace one property at a time.
    private const string Template = """
        {
          "name": "TEMPLATE", "abstract": true,
          "family": "STM32H7", "referenceManual": "RM0399", "devId": "0x450",
          "dbgmcuIdcodeAddress": "0x5C00_1000", "flashSizeRegister": "0x1FF1E880", "uniqueIdAddress": "0x1FF1E800",
          "dpIdcode": "0x6BA02477", "flashDriver": "stm32h7", "flashRegistersBase": "0x52002000", "flashWordSize": 32,
          "flashBanks": [ { "number": 1, "start": "0x08000000", "sectorSize": "0x20000", "sectorCount": 8, "registerOffset": 0 } ],
          "ramRegions": [ { "name": "DTCM", "kind": "Ram", "start": "0x20000000", "size": "0x20000", "cores": ["CM7"] } ],
          "systemMemory": [],
          "cores": [ { "name": "CM7", "architecture": "Cortex-M7", "accessPort": 0, "cpuId": "0x411FC271",
                       "defaultBootAddress": "0x08000000", "systemBootAddress": "0x1FF00000", "bootOptionName": "BOOT_CM7_ADD0" } ],
          "accessPorts": [ { "index": 0, "kind": "ahbap", "description": "AHB-AP" } ]
        }
        """;

    private static DeviceCatalog Load(string device) =>
        DeviceCatalog.Load([$$"""{ "devices": [ {{Template}}, {{device}} ] }"""]);

    [Fact]
    public void Inherited_entry_takes_the_parents_properties_and_overrides_its_own()
    {
        var d = Load("""{ "name": "CHILD", "inherits": "TEMPLATE", "flashWordSize": 16, "erasedValue": 0 }""").Get("CHILD");
        Assert.Equal(16, d.FlashWordSize);
        Assert.Equal(0, d.ErasedValue);
        Assert.Equal(0x5C001000u, d.DbgmcuIdcodeAddress); // underscore digit separator
        Assert.Equal(AccessPortKind.AhbAp, d.AccessPorts[0].Kind); // enum names ignore case
        Assert.Equal(["CM7"], d.RamRegions[0].Cores);
        Assert.Null(d.DbgmcuApbAddress);
        Assert.Empty(d.OptionBytes);
        Assert.Equal(150, d.Cores[0].InterruptCount);
        Assert.Single(Load("""{ "name": "CHILD", "inherits": "TEMPLATE" }""").Devices);
    }

    [Fact]
    public void Property_names_match_case_insensitively()
    {
        var d = Load("""{ "NAME": "CHILD", "Inherits": "TEMPLATE", "FlashWordSize": "0x10" }""");
        Assert.Equal(16, d.Get("child").FlashWordSize);
    }

    [Theory]
    [InlineData("""{ "name": "CHILD", "inherits": "TEMPLATE", "flashWordSise": 16 }""", "CHILD.flashWordSise: unknown property")]
    [InlineData("""{ "name": "CHILD", "inherits": "TEMPLATE", "devId": "0x10000" }""", "CHILD.devId: value 0x10000 is larger than 0xFFFF")]
    [InlineData("""{ "name": "CHILD", "inherits": "TEMPLATE", "dpIdcode": "0xZZ" }""", "CHILD.dpIdcode: '0xZZ' is not a number")]
    [InlineData("""{ "name": "CHILD", "inherits": "TEMPLATE", "dpIdcode": -1 }""", "CHILD.dpIdcode: -1 is not a non-negative integer")]
    [InlineData("""{ "name": "CHILD", "inherits": "TEMPLATE", "flashDriver": 7 }""", "CHILD.flashDriver: expected a string")]
    [InlineData("""{ "name": "CHILD", "inherits": "TEMPLATE", "cores": {} }""", "CHILD.cores: expected an array")]
    [InlineData("""{ "name": "CHILD", "inherits": "TEMPLATE", "accessPorts": [ { "index": 0, "kind": "JtagAp", "description": "x" } ] }""", "CHILD.accessPorts[0].kind: 'JtagAp' is not one of AhbAp, ApbAp")]
    [InlineData("""{ "name": "CHILD", "inherits": "TEMPLATE", "flashBanks": [ { "number": 1 } ] }""", "CHILD.flashBanks[0].start: required property is missing")]
    [InlineData("""{ "name": "CHILD", "family": "STM32H7" }""", "CHILD.referenceManual: required property is missing")]
    [InlineData("""{ "name": "CHILD", "inherits": "NOWHERE" }""", "cannot resolve 'NOWHERE'")]
    public void Bad_device_data_names_the_json_path(string device, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Load(device));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("device data: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{ "parts": [] }""")]
    [InlineData("""{ "devices": [ { "family": "STM32H7" } ] }""")]
    [InlineData("""{ "devices": [ """)]
    public void A_document_that_is_not_device_data_is_refused(string document)
    {
        var ex = Assert.Throws<InvalidDataException>(() => DeviceCatalog.Load([document]));
        Assert.StartsWith("device data: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Abstract_is_not_inherited()
    {
        var catalog = Load("""{ "name": "CHILD", "inherits": "TEMPLATE" }""");
        Assert.False(catalog.TryGet("TEMPLATE", out _));
        Assert.True(catalog.TryGet("CHILD", out _));
    }

    [Theory]
    [InlineData(null, CoreFpu.None)]
    [InlineData("fpv4-sp-d16", CoreFpu.FpV4SpD16)]
    [InlineData("FPV5-SP-D16", CoreFpu.FpV5SpD16)]
    [InlineData("fpv5-d16", CoreFpu.FpV5D16)]
    public void Core_fpu_is_optional_and_read_with_the_gcc_names(string? fpu, CoreFpu expected)
    {
        var property = fpu is null ? string.Empty : $$""", "fpu": "{{fpu}}" """;
        var d = Load($$"""
            { "name": "CHILD", "inherits": "TEMPLATE",
              "cores": [ { "name": "CM", "architecture": "Cortex-M4", "accessPort": 0, "cpuId": "0x410FC241",
                           "defaultBootAddress": "0x08000000", "systemBootAddress": "0x1FF00000", "bootOptionName": "X"{{property}} } ] }
            """).Get("CHILD");
        Assert.True(CoreFpuNames.TryParse(d.Cores[0].Fpu, out var kind));
        Assert.Equal(expected, kind);
        Assert.Equal(fpu?.ToLowerInvariant(), d.Cores[0].Fpu); // kept in its canonical spelling
    }

    [Theory]
    [InlineData("vfpv4")]
    [InlineData("none")]
    public void Unknown_fpu_names_the_json_path_and_the_valid_names(string fpu)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Load($$"""
            { "name": "CHILD", "inherits": "TEMPLATE",
              "cores": [ { "name": "CM", "architecture": "Cortex-M4", "accessPort": 0, "cpuId": "0x410FC241",
                           "defaultBootAddress": "0x08000000", "systemBootAddress": "0x1FF00000", "bootOptionName": "X", "fpu": "{{fpu}}" } ] }
            """));
        Assert.Contains($"CHILD.cores[0].fpu: '{fpu}' is not one of fpv4-sp-d16, fpv5-sp-d16, fpv5-d16", ex.Message, StringComparison.Ordinal);
    }
}
