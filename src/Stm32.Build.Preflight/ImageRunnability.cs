using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.Preflight;

/// <summary>
/// Whether the emulated core can start an image from flash: a vector table at the core's boot address with a usable
/// initial SP and reset handler (the validator's STM12xx checks), and code in flash at all (an image linked to run
/// from RAM only is loaded by a debugger, never booted).
/// </summary>
internal static class ImageRunnability
{
    private static readonly HashSet<string> s_blocking =
    [
        DiagnosticCodes.ValidationNoVectorTable, DiagnosticCodes.ValidationInitialSpOutsideRam, DiagnosticCodes.ValidationResetHandlerOutsideFlash,
        DiagnosticCodes.ValidationResetHandlerNotThumb, DiagnosticCodes.ValidationVectorTableTruncated, DiagnosticCodes.ValidationEmptyImage,
    ];

    /// <summary>The finding that keeps <paramref name="image"/> from being booted, or null when it can be.</summary>
    public static PreflightFinding? Check(DeviceDescription device, PreflightImage image)
    {
        if (!image.Image.Segments.Any(s => device.FindBank(s.Address) is not null))
        {
            return new PreflightFinding(DiagnosticCodes.PreflightImageNotRunnable, DiagnosticSeverity.Warning,
                $"the {image.Core} image has no bytes in flash (code only in RAM), so it cannot be booted on the virtual board",
                "a programmer writes nothing of it to flash; after a reset the core runs whatever the flash holds", "link the image to flash (or load it with a debugger, without flashing)")
            { Core = image.Core, File = image.Path };
        }
        if (ChipFamily.SegmentOutsideFlash(device, FlashSegments(device, image), image.Path) is { } outside)
        {
            return new PreflightFinding(DiagnosticCodes.PreflightImageNotRunnable, DiagnosticSeverity.Error,
                $"the {image.Core} image cannot be booted: {outside.Message} ({outside.Code})",
                "a programmer refuses the image or writes only part of it; the core runs an incomplete image",
                "fix the linker script so every output section that is loaded fits in its flash region")
            { Core = image.Core, File = image.Path, Address = outside.Address };
        }
        var result = new ImageValidator(device).Validate(image.Image, image.Core);
        if (result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error && s_blocking.Contains(d.Code)) is { } blocking)
        {
            return new PreflightFinding(DiagnosticCodes.PreflightImageNotRunnable, DiagnosticSeverity.Error,
                $"the {image.Core} image cannot be booted: {blocking.Message} ({blocking.Code})",
                "after flashing, the core faults on its first instruction at every reset and locks up; the debug port still answers",
                "fix the vector table (the startup file and the linker script's placement of .isr_vector at the core's boot address)")
            { Core = image.Core, File = image.Path, Address = blocking.Address };
        }
        return null;
    }

    /// <summary>The segments of <paramref name="image"/> a programmer writes to flash: those that start in a flash bank
    /// (the rest is RAM content a debugger loads, never booted).</summary>
    public static IEnumerable<ImageSegment> FlashSegments(DeviceDescription device, PreflightImage image) =>
        image.Image.Segments.Where(s => device.FindBank(s.Address) is not null);
}
