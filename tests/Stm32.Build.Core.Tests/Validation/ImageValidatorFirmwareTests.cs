using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;
using Xunit;

namespace Stm32.Build.Tests.Validation;

/// <summary>Validation of real firmware built here with arm-none-eabi-gcc, in each of its file forms.</summary>
[Trait("Requires", "gcc")]
public class ImageValidatorFirmwareTests
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");

    private static FirmwareImage Read(string path, uint? binBase = null) =>
        ImageReader.Read(path, new ImageReadOptions { BinaryBaseAddress = binBase ?? 0x08000000 });

    [Theory]
    [InlineData("elf")]
    [InlineData("ihex")]
    [InlineData("srec")]
    [InlineData("binary")]
    public void The_cm7_blinky_validates_clean_in_every_form(string form)
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var path = form == "elf" ? elf : FirmwareBuilder.Convert(elf, form);
        var result = new ImageValidator(H747).Validate(Read(path));
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.Equal("CM7", result.Images.Single().Core);
    }

    [Fact]
    public void The_cm7_and_cm4_blinkies_validate_together_with_their_cores_inferred()
    {
        var cm7 = Read(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky));
        var cm4 = Read(FirmwareBuilder.BuildH747(FirmwareVariant.Cm4Blinky));
        var result = new ImageValidator(H747).Validate([new ImageInput(cm7), new ImageInput(cm4)]);
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.Equal(["CM7", "CM4"], result.Images.Select(i => i.Core));
    }

    [Fact]
    public void The_cm7_image_given_as_the_cm4_image_is_refused_with_its_elf_offset()
    {
        var elfPath = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var result = new ImageValidator(H747).Validate(Read(elfPath), "CM4");
        var bank = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.ValidationCm4ImageInBank1);
        Assert.Equal(0x08000000u, bank.Address);
        Assert.Equal(elfPath, bank.File);
        Assert.NotNull(bank.Offset);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.ValidationNoVectorTable);
    }

    [Fact]
    public void A_reset_vector_patched_to_lose_its_thumb_bit_is_reported_with_the_symbol_and_elf_offset()
    {
        var elfPath = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var original = Read(elfPath);
        var offset = original.LocationOf(0x08000004).Offset!.Value;
        var bytes = File.ReadAllBytes(elfPath);
        bytes[offset] &= 0xFE;
        var patched = ImageReader.Read(bytes, "patched.elf", ImageFormat.Elf);

        var d = Assert.Single(new ImageValidator(H747).Validate(patched).Diagnostics, d => d.Code == DiagnosticCodes.ValidationResetHandlerNotThumb);
        Assert.Contains("(Reset_Handler)", d.Message);
        Assert.Equal(offset, d.Offset);
        Assert.Equal("patched.elf", d.File);
        Assert.Equal(0x08000004u, d.Address);
    }

    [Fact]
    public void The_2MiB_image_fits_a_single_core_h743_but_not_one_bank_of_the_h747()
    {
        var large = Read(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Large));
        Assert.True(large.TotalBytes > 1024 * 1024);
        var h743 = new ImageValidator(DeviceCatalog.BuiltIn.Get("STM32H743XI")).Validate(large);
        Assert.False(h743.HasErrors, string.Join(Environment.NewLine, h743.Diagnostics));
        var h747 = new ImageValidator(H747).Validate(large);
        Assert.Contains(h747.Diagnostics, d => d.Code == DiagnosticCodes.ValidationLargerThanBank && d.Address == 0x08100000);
        Assert.Contains(h747.Diagnostics, d => d.Code == DiagnosticCodes.ValidationCm7ImageInBank2);
    }

    [Fact]
    public void The_2MiB_image_is_too_large_for_the_1MiB_part()
    {
        var large = Read(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Large));
        var result = new ImageValidator(DeviceCatalog.BuiltIn.Get("STM32H743XG")).Validate(large);
        Assert.Contains(result.Diagnostics, d => d.Code is DiagnosticCodes.ValidationLargerThanFlash or DiagnosticCodes.ValidationOutsideMemory);
        Assert.True(result.HasErrors);
    }
}
