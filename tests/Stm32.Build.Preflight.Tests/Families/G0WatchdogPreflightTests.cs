using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Xunit;

namespace Stm32.Build.Preflight.Tests.Families;

/// <summary>
/// The preflight on the virtual STM32G071 (NUCLEO-G071RB) with the G0 family program's <c>iwdg</c> variant
/// (tests/firmware/g0/README.md): an IWDG started without DBG_APB_FZ1.DBG_IWDG_STOP is a warning at the README's
/// <c>iwdg-start</c> marker; the clean program has no watchdog finding.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class G0WatchdogPreflightTests
{
    private static PreflightResult Run(FamilyVariant variant)
    {
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G071, variant);
        return PreflightRunner.Run(new PreflightRequest
        {
            Device = DeviceCatalog.BuiltIn.Get("STM32G071RB"),
            Images = [new PreflightImage(ImageReader.Read(elf), "CM0+", elf)],
            Board = BoardCatalog.Resolve("NUCLEO-G071RB"),
        });
    }

    [Fact]
    public void An_unfrozen_IWDG_on_a_G071_is_a_warning_at_its_start_naming_the_G0_freeze_bit()
    {
        var result = Run(FamilyVariant.IwdgUnfrozen);

        var finding = Assert.Single(result.Hazards);
        Assert.Equal(DiagnosticCodes.PreflightWatchdogNotFrozen, finding.Code);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        var place = FirmwareMarkers.Find(FirmwareBuilder.SpecFor(FamilyPart.G071, FamilyVariant.IwdgUnfrozen), "iwdg-start");
        Assert.EndsWith($"{place.FileName}:{place.Line}", finding.Source);
        Assert.StartsWith("Board_BeforeMainLoop", finding.Symbol);
        Assert.Contains("DBG_APB_FZ1.DBG_IWDG_STOP", finding.Message, StringComparison.Ordinal);
        // HAL_IWDG_Init starts it before writing PR/RLR: at 0xCCCC the reset values (/4, 0xFFF) give 4096 × 4 / 32 kHz.
        Assert.Contains("512 ms timeout", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clean_G071_program_has_no_watchdog_finding()
    {
        var result = Run(FamilyVariant.Clean);
        Assert.DoesNotContain(result.Findings, f => f.Code == DiagnosticCodes.PreflightWatchdogNotFrozen);
    }
}
