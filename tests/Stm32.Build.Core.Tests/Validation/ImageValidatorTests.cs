using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.Validation;
using Xunit;
using static Stm32.Build.Tests.Validation.TestImages;

namespace Stm32.Build.Tests.Validation;

/// <summary>Memory map, size and vector-table findings of <see cref="ImageValidator"/> on single images.</summary>
public class ImageValidatorTests
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");
    private static readonly DeviceDescription H743 = DeviceCatalog.BuiltIn.Get("STM32H743XI");
    private const uint DtcmEnd = 0x20020000;

    private static FirmwareImage GoodCm7(string name = "app.hex") =>
        Hex(name, (0x08000000, VectorTable(DtcmEnd, 0x08000199)), (0x08000198, new byte[64]));

    private static Diagnostic Single(ValidationResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one {code}, got: {string.Join(" | ", result.Diagnostics)}");
        return matches[0];
    }

    [Fact]
    public void A_well_formed_cm7_image_has_no_findings()
    {
        var result = new ImageValidator(H747).Validate(GoodCm7());
        Assert.Empty(result.Diagnostics);
        Assert.Equal("CM7", result.Images.Single().Core);
        Assert.Equal(0x08000000u, result.Images.Single().BootAddress);
    }

    [Fact]
    public void An_empty_image_is_an_error_naming_the_file()
    {
        var result = new ImageValidator(H747).Validate(Bin("empty.bin", 0x08000000, []));
        var d = Single(result, DiagnosticCodes.ValidationEmptyImage);
        Assert.Equal("empty.bin", d.File);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
    }

    [Fact]
    public void Bytes_outside_every_region_are_reported_with_address_and_line()
    {
        var image = Hex("fmc.hex", (0x08000000, VectorTable(DtcmEnd, 0x08000199)), (0x60000000, new byte[32]));
        var d = Single(new ImageValidator(H747).Validate(image), DiagnosticCodes.ValidationOutsideMemory);
        Assert.Equal(0x60000000u, d.Address);
        Assert.Equal("fmc.hex", d.File);
        // Records: 04 (0x0800), 4 data lines of the vector table, 04 (0x6000), then the data line at 0x60000000.
        Assert.Equal(7, d.Line);
        Assert.Contains("0x60000000–0x6000001F", d.Message);
    }

    [Fact]
    public void Bytes_in_system_memory_are_an_error()
    {
        var image = Hex("sys.hex", (0x08000000, VectorTable(DtcmEnd, 0x08000199)), (0x1FF00000, new byte[16]));
        var d = Single(new ImageValidator(H747).Validate(image), DiagnosticCodes.ValidationInSystemMemory);
        Assert.Equal(0x1FF00000u, d.Address);
    }

    [Fact]
    public void Bytes_in_ram_are_a_warning_once_per_region()
    {
        var image = Hex("ram.hex", (0x08000000, VectorTable(DtcmEnd, 0x08000199)), (0x24000000, new byte[16]), (0x24000100, new byte[16]));
        var result = new ImageValidator(H747).Validate(image);
        var d = Single(result, DiagnosticCodes.ValidationInRam);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("AXI SRAM", d.Message);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void A_cm4_image_with_bytes_in_the_cm7_only_dtcm_is_an_error()
    {
        var image = Hex("cm4.hex", (0x08100000, VectorTable(0x10048000, 0x08100199, 0x08100201)), (0x20000000, new byte[8]));
        var d = Single(new ImageValidator(H747).Validate(image, "CM4"), DiagnosticCodes.ValidationRamNotVisibleToCore);
        Assert.Equal(0x20000000u, d.Address);
    }

    [Fact]
    public void An_image_larger_than_the_flash_names_the_bytes_past_its_end()
    {
        var data = new byte[2 * 1024 * 1024 + 64];
        VectorTable(DtcmEnd, 0x08000199).CopyTo(data, 0);
        var result = new ImageValidator(H743).Validate(Bin("huge.bin", 0x08000000, data));
        var d = Single(result, DiagnosticCodes.ValidationLargerThanFlash);
        Assert.Equal(0x08200000u, d.Address);
        Assert.Equal(0x200000L, d.Offset);
        Assert.Contains("64 bytes past the end of flash bank 2", d.Message);
    }

    [Fact]
    public void On_a_dual_core_part_an_image_must_fit_in_its_bank()
    {
        var data = new byte[1024 * 1024 + 32];
        VectorTable(DtcmEnd, 0x08000199).CopyTo(data, 0);
        var d = Single(new ImageValidator(H747).Validate(Bin("big.bin", 0x08000000, data), "CM7"), DiagnosticCodes.ValidationLargerThanBank);
        Assert.Equal(0x08100000u, d.Address);
    }

    [Fact]
    public void On_a_single_core_part_an_image_may_span_both_banks()
    {
        var data = new byte[1024 * 1024 + 32];
        VectorTable(DtcmEnd, 0x08000199).CopyTo(data, 0);
        var result = new ImageValidator(H743).Validate(Bin("big.bin", 0x08000000, data));
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData(0x20020000u)] // the end of DTCM: the stack grows down from there
    [InlineData(0x24080000u)] // the end of AXI SRAM
    [InlineData(0x2001FFF0u)]
    public void The_initial_sp_may_be_inside_or_at_the_end_of_ram(uint sp)
    {
        var image = Hex("sp.hex", (0x08000000, VectorTable(sp, 0x08000199)));
        Assert.DoesNotContain(new ImageValidator(H747).Validate(image).Diagnostics, d => d.Code == DiagnosticCodes.ValidationInitialSpOutsideRam);
    }

    [Fact]
    public void An_initial_sp_outside_ram_is_an_error_at_vector_0()
    {
        var image = Hex("sp.hex", (0x08000000, VectorTable(0x08001000, 0x08000199)));
        var d = Single(new ImageValidator(H747).Validate(image), DiagnosticCodes.ValidationInitialSpOutsideRam);
        Assert.Equal(0x08000000u, d.Address);
        Assert.Equal(2, d.Line);
        Assert.Contains("0x08001000", d.Message);
    }

    [Fact]
    public void A_misaligned_initial_sp_is_a_warning()
    {
        var image = Hex("sp.hex", (0x08000000, VectorTable(0x2001FFFC, 0x08000199)));
        var result = new ImageValidator(H747).Validate(image);
        Assert.Equal(DiagnosticSeverity.Warning, Single(result, DiagnosticCodes.ValidationInitialSpMisaligned).Severity);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void A_reset_handler_outside_flash_is_an_error()
    {
        var image = Hex("rst.hex", (0x08000000, VectorTable(DtcmEnd, 0x24000001)));
        var d = Single(new ImageValidator(H747).Validate(image), DiagnosticCodes.ValidationResetHandlerOutsideFlash);
        Assert.Equal(0x08000004u, d.Address);
    }

    [Fact]
    public void A_reset_handler_without_the_thumb_bit_is_an_error()
    {
        var image = Hex("rst.hex", (0x08000000, VectorTable(DtcmEnd, 0x08000198)));
        var d = Single(new ImageValidator(H747).Validate(image), DiagnosticCodes.ValidationResetHandlerNotThumb);
        Assert.Contains("0x08000198", d.Message);
    }

    [Fact]
    public void A_nonzero_vector_without_the_thumb_bit_is_reported_at_its_entry()
    {
        var table = VectorTable(DtcmEnd, 0x08000199);
        table[15 * 4] = 0x00; // SysTick handler 0x08000200: even
        var d = Single(new ImageValidator(H747).Validate(Hex("vec.hex", (0x08000000, table))), DiagnosticCodes.ValidationVectorNotThumb);
        Assert.Equal(0x0800003Cu, d.Address);
        Assert.Contains("SysTick", d.Message);
    }

    [Fact]
    public void Zero_vectors_and_reserved_entries_are_not_reported()
    {
        var table = VectorTable(DtcmEnd, 0x08000199, handler: 0);
        Assert.Empty(new ImageValidator(H747).Validate(Hex("vec.hex", (0x08000000, table))).Diagnostics);
    }

    [Fact]
    public void An_image_without_a_vector_table_at_the_boot_address_is_an_error()
    {
        var image = Hex("late.hex", (0x08020000, VectorTable(DtcmEnd, 0x08020199)));
        var d = Single(new ImageValidator(H743).Validate(image), DiagnosticCodes.ValidationNoVectorTable);
        Assert.Contains("0x08000000", d.Message);
        Assert.Contains("BOOT_CM7_ADD0", d.Message);
        Assert.Equal(0x08020000u, d.Address);
    }

    [Fact]
    public void A_boot_address_moved_by_the_option_bytes_is_honoured()
    {
        var image = Hex("late.hex", (0x08020000, VectorTable(DtcmEnd, 0x08020199)));
        var options = new ValidationOptions { BootAddresses = new Dictionary<string, uint> { ["CM7"] = 0x08020000 } };
        Assert.Empty(new ImageValidator(H743, options).Validate(image).Diagnostics);
    }

    [Fact]
    public void Bytes_below_the_boot_address_are_a_warning()
    {
        var image = Hex("low.hex", (0x08000000, new byte[16]), (0x08020000, VectorTable(DtcmEnd, 0x08020199)));
        var options = new ValidationOptions { BootAddresses = new Dictionary<string, uint> { ["CM7"] = 0x08020000 } };
        var d = Single(new ImageValidator(H743, options).Validate(image), DiagnosticCodes.ValidationNotAtBootAddress);
        Assert.Equal(0x08000000u, d.Address);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
    }

    [Fact]
    public void A_raw_binary_reports_its_byte_offset()
    {
        var data = VectorTable(0x08001000, 0x08000199);
        var d = Single(new ImageValidator(H747).Validate(Bin("app.bin", 0x08000000, data)), DiagnosticCodes.ValidationInitialSpOutsideRam);
        Assert.Equal(0L, d.Offset);
        Assert.Null(d.Line);
        Assert.Equal("app.bin: error STM1202: " + d.Message, d.ToCanonicalString());
    }
}
