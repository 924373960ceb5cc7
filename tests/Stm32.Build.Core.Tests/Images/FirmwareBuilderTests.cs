using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images;

/// <summary>The test-firmware builder: cached builds of every variant, objcopy conversions, missing tools.</summary>
[Trait("Requires", "gcc")]
public class FirmwareBuilderTests
{
    [Fact]
    public void Builds_are_cached_by_content()
    {
        var first = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var again = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        Assert.Equal(first, again);
        Assert.True(File.Exists(first));
        Assert.StartsWith(FirmwareBuilder.CacheDirectory, first, StringComparison.Ordinal);
        Assert.NotEqual(first, FirmwareBuilder.BuildH747(FirmwareVariant.Cm4Blinky));
    }

    [Theory]
    [InlineData(FirmwareVariant.Cm7Blinky, 0x0800_0000u, "blink_count")]
    [InlineData(FirmwareVariant.Cm4Blinky, 0x0810_0000u, "blink_count")]
    [InlineData(FirmwareVariant.Cm7HardFault, 0x0800_0000u, "fault_marker")]
    [InlineData(FirmwareVariant.Cm7SwdOff, 0x0800_0000u, "swd_off_marker")]
    [InlineData(FirmwareVariant.Cm4SwdOff, 0x0810_0000u, "swd_off_marker")]
    public void Every_variant_builds_an_image_booting_from_its_flash_bank(FirmwareVariant variant, uint flash, string symbol)
    {
        var image = ImageReader.Read(FirmwareBuilder.BuildH747(variant));
        Assert.Equal((ulong)flash, image.StartAddress);
        Assert.Equal(image.EntryPoint, image.ReadUInt32(flash + 4)); // reset vector = ELF entry
        Assert.InRange(image.EntryPoint!.Value, flash, flash + 0xF_FFFF);
        Assert.NotNull(image.FindSymbol(symbol));
    }

    [Fact]
    public void Convert_caches_objcopy_output_next_to_the_elf()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var hex = FirmwareBuilder.Convert(elf, "ihex");
        Assert.Equal(Path.ChangeExtension(elf, ".hex"), hex);
        Assert.Equal(hex, FirmwareBuilder.Convert(elf, "ihex"));
        Assert.StartsWith(":", File.ReadAllText(hex));
    }

    [Fact]
    public void Payload_is_deterministic_and_not_constant()
    {
        var a = FirmwareBuilder.Payload(4096);
        Assert.Equal(a, FirmwareBuilder.Payload(4096));
        Assert.True(a.Distinct().Count() > 200);
    }

    [Fact]
    public void A_missing_tool_is_not_found()
    {
        Assert.Null(ArmToolchain.Find("arm-none-eabi-no-such-tool"));
        Assert.True(ArmToolchain.IsAvailable, "the GNU Arm toolchain must be installed for these tests (bash .ci/run installs it)");
    }

    [Fact]
    public void A_failing_tool_run_reports_its_output()
    {
        var e = Assert.Throws<ToolchainException>(() => ArmToolchain.RunObjcopy(["-O", "ihex", "/no/such/input.elf", "out.hex"], Path.GetTempPath()));
        Assert.Contains("/no/such/input.elf", e.Message);
    }
}
