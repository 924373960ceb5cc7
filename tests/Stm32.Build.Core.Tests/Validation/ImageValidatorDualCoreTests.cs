using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Validation;
using Xunit;
using static Stm32.Build.Tests.Validation.TestImages;

namespace Stm32.Build.Tests.Validation;

/// <summary>Dual-core (H745/H747) rules and overlaps between input files.</summary>
public class ImageValidatorDualCoreTests
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");

    private static ImageInput Cm7(string name = "cm7.hex") =>
        new(Hex(name, (0x08000000, VectorTable(0x20020000, 0x08000199)), (0x08000198, new byte[32])), "CM7");

    private static ImageInput Cm4(string name = "cm4.hex") =>
        new(Hex(name, (0x08100000, VectorTable(0x10048000, 0x08100199, 0x08100201)), (0x08100198, new byte[32])), "CM4");

    [Fact]
    public void A_cm7_and_a_cm4_image_in_their_banks_validate_together()
    {
        var result = new ImageValidator(H747).Validate([Cm7(), Cm4()]);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void The_core_is_inferred_from_the_boot_address_the_image_covers()
    {
        var result = new ImageValidator(H747).Validate([Cm7() with { Core = null }, Cm4() with { Core = null }]);
        Assert.Equal(["CM7", "CM4"], result.Images.Select(i => i.Core));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_cm4_image_in_bank_1_is_an_error()
    {
        var image = new ImageInput(Hex("cm4.hex", (0x08000000, VectorTable(0x10048000, 0x08000199))), "CM4");
        var result = new ImageValidator(H747).Validate([image]);
        var d = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.ValidationCm4ImageInBank1);
        Assert.Equal(0x08000000u, d.Address);
        // It is not at the CM4's boot address either.
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.ValidationNoVectorTable);
    }

    [Fact]
    public void A_cm7_image_in_bank_2_is_an_error()
    {
        var image = new ImageInput(Hex("cm7.hex", (0x08000000, VectorTable(0x20020000, 0x08000199)), (0x08100000, new byte[16])), "CM7");
        var result = new ImageValidator(H747, new ValidationOptions { SingleBank = false }).Validate([image]);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.ValidationCm7ImageInBank2, d.Code);
        Assert.Equal(0x08100000u, d.Address);
    }

    [Fact]
    public void Overlapping_core_images_are_an_error_naming_both_files()
    {
        var intruder = new ImageInput(Hex("cm4.hex", (0x08100000, VectorTable(0x10048000, 0x08100199, 0x08100201)), (0x080001A0, new byte[16])), "CM4");
        var result = new ImageValidator(H747, new ValidationOptions { SingleBank = false }).Validate([Cm7(), intruder]);
        var d = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.ValidationCoreImagesOverlap);
        Assert.Equal(0x080001A0u, d.Address);
        Assert.Equal("cm7.hex", d.File);
        Assert.Contains("cm4.hex(", d.Message);
    }

    [Fact]
    public void Two_files_for_one_core_that_overlap_are_an_error()
    {
        var patch = new ImageInput(Hex("patch.hex", (0x080001A0, new byte[8])), "CM7");
        var result = new ImageValidator(H747).Validate([Cm7(), patch]);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.ValidationInputsOverlap, d.Code);
        Assert.Equal(0x080001A0u, d.Address);
        Assert.Contains("0x080001A0–0x080001A7", d.Message);
    }

    [Fact]
    public void Two_files_for_one_core_are_checked_as_one_boot_image()
    {
        // A bootloader at the boot address and an application further up: one vector-table check, no findings.
        var app = new ImageInput(Hex("app.hex", (0x08020000, VectorTable(0x20020000, 0x08020199))), "CM7");
        Assert.Empty(new ImageValidator(H747).Validate([Cm7("boot.hex"), app]).Diagnostics);
    }

    [Fact]
    public void An_unknown_core_is_a_coded_error()
    {
        var result = new ImageValidator(H747).Validate([Cm7() with { Core = "CM33" }]);
        var d = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownCore);
        Assert.Contains("CM7, CM4", d.Message);
    }
}
