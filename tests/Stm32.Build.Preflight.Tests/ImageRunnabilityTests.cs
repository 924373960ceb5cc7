using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Xunit;

namespace Stm32.Build.Preflight.Tests;

/// <summary>Images the emulated core cannot boot are findings of their own, never a crash.</summary>
public sealed class ImageRunnabilityTests
{
    private static PreflightResult Run(params ImageSegment[] segments) => PreflightRunner.Run(new PreflightRequest
    {
        Device = PreflightHarness.H747,
        Images = [new PreflightImage(FirmwareImage.FromSegments(segments, sourcePath: "made.bin"), "CM7", "made.bin")],
    });

    [Fact]
    public void An_erased_vector_table_is_an_error()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, 1024).ToArray();
        var finding = Assert.Single(Run(new ImageSegment(0x0800_0000, bytes)).Findings);
        Assert.Equal(DiagnosticCodes.PreflightImageNotRunnable, finding.Code);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
    }

    [Fact]
    public void An_image_with_code_only_in_RAM_is_a_warning_that_it_was_not_booted()
    {
        var bytes = new byte[256];
        BitConverter.GetBytes(0x2002_0000u).CopyTo(bytes, 0);
        BitConverter.GetBytes(0x2400_0101u).CopyTo(bytes, 4);
        var result = Run(new ImageSegment(0x2400_0000, bytes));
        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticCodes.PreflightImageNotRunnable, finding.Code);
        Assert.Contains("only in RAM", finding.Message);
        Assert.Empty(result.Cores);
    }

    [Fact]
    public void A_reset_handler_without_the_Thumb_bit_is_an_error()
    {
        var bytes = new byte[1024];
        BitConverter.GetBytes(0x2002_0000u).CopyTo(bytes, 0);
        BitConverter.GetBytes(0x0800_0200u).CopyTo(bytes, 4);
        var finding = Assert.Single(Run(new ImageSegment(0x0800_0000, bytes)).Findings);
        Assert.Equal(DiagnosticCodes.PreflightImageNotRunnable, finding.Code);
        Assert.Contains(DiagnosticCodes.ValidationResetHandlerNotThumb, finding.Message);
    }

    [Fact]
    public void A_budget_out_of_range_and_a_core_the_device_lacks_are_coded_errors()
    {
        var image = new PreflightImage(FirmwareImage.FromSegments([new ImageSegment(0x0800_0000, new byte[8])]), "CM7", "x.bin");
        var e = Assert.Throws<Stm32Exception>(() => PreflightRunner.Run(new PreflightRequest { Device = PreflightHarness.H747, Images = [image], Budget = TimeSpan.FromMinutes(5) }));
        Assert.Equal(DiagnosticCodes.PreflightInvalidRequest, e.Diagnostic.Code);
        e = Assert.Throws<Stm32Exception>(() => PreflightRunner.Run(new PreflightRequest { Device = PreflightHarness.H747, Images = [image with { Core = "CM0" }] }));
        Assert.Equal(DiagnosticCodes.PreflightInvalidRequest, e.Diagnostic.Code);
    }
}
