using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Xunit;

namespace Stm32.Build.Preflight.Tests;

/// <summary>
/// The low-power hazard (STM1510) on the single-core families: the family program's Stop and Standby variants
/// (tests/firmware/common/lowpower.c) run on each family's virtual chip, which enters the mode the PWR register
/// selects; without the DBGMCU bits the finding names the mode and the function that executes the WFI, with them
/// there is none.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class PreflightLowPowerFamilyTests
{
    public static TheoryData<FamilyPart, string, string, FamilyVariant, string> Hazards => new()
    {
        { FamilyPart.F103, "STM32F103RB", "NUCLEO-F103RB", FamilyVariant.Stop, "Stop mode entered (PWR_CR.PDDS = 0" },
        { FamilyPart.F407, "STM32F407VG", "STM32F407G-DISC1", FamilyVariant.Stop, "Stop mode entered (PWR_CR.PDDS = 0" },
        { FamilyPart.F407, "STM32F407VG", "STM32F407G-DISC1", FamilyVariant.Standby, "Standby mode entered (PWR_CR.PDDS = 1" },
        { FamilyPart.F746, "STM32F746ZG", "NUCLEO-F746ZG", FamilyVariant.Stop, "Stop mode entered (PWR_CR1.PDDS = 0" },
        { FamilyPart.L476, "STM32L476RG", "NUCLEO-L476RG", FamilyVariant.Stop, "Stop 1 mode entered (PWR_CR1.LPMS = 1" },
        { FamilyPart.L476, "STM32L476RG", "NUCLEO-L476RG", FamilyVariant.Standby, "Standby mode entered (PWR_CR1.LPMS = 3" },
        { FamilyPart.G474, "STM32G474RE", "NUCLEO-G474RE", FamilyVariant.Stop, "Stop 1 mode entered (PWR_CR1.LPMS = 1" },
        { FamilyPart.G071, "STM32G071RB", "NUCLEO-G071RB", FamilyVariant.Stop, "Stop 1 mode entered (PWR_CR1.LPMS = 1" },
        { FamilyPart.G071, "STM32G071RB", "NUCLEO-G071RB", FamilyVariant.Standby, "Standby mode entered (PWR_CR1.LPMS = 3" },
    };

    [Theory]
    [MemberData(nameof(Hazards))]
    public void Entering_stop_or_standby_without_the_dbgmcu_bits_is_an_error_at_the_wfi(FamilyPart part, string device, string board, FamilyVariant variant, string mode)
    {
        var result = Run(part, device, board, variant);

        var finding = Assert.Single(result.Findings, f => f.Code == DiagnosticCodes.PreflightLowPowerWithoutDebug);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Contains(mode, finding.Message, StringComparison.Ordinal);
        Assert.StartsWith("LowPower_AfterBoot", finding.Symbol);
        Assert.Equal("deep-sleep", result.Cores[0].State);
    }

    [Theory]
    [InlineData(FamilyPart.F407, "STM32F407VG", "STM32F407G-DISC1", FamilyVariant.StopDbg)]
    [InlineData(FamilyPart.F407, "STM32F407VG", "STM32F407G-DISC1", FamilyVariant.StandbyDbg)]
    [InlineData(FamilyPart.L476, "STM32L476RG", "NUCLEO-L476RG", FamilyVariant.StopDbg)]
    [InlineData(FamilyPart.G071, "STM32G071RB", "NUCLEO-G071RB", FamilyVariant.StopDbg)]
    [InlineData(FamilyPart.G071, "STM32G071RB", "NUCLEO-G071RB", FamilyVariant.StandbyDbg)]
    public void With_the_dbgmcu_bits_set_first_there_is_no_low_power_finding(FamilyPart part, string device, string board, FamilyVariant variant)
    {
        var result = Run(part, device, board, variant);

        Assert.DoesNotContain(result.Findings, f => f.Code == DiagnosticCodes.PreflightLowPowerWithoutDebug);
    }

    private static PreflightResult Run(FamilyPart part, string device, string board, FamilyVariant variant)
    {
        var description = DeviceCatalog.BuiltIn.Get(device);
        var elf = FirmwareBuilder.BuildFamily(part, variant);
        return PreflightRunner.Run(new PreflightRequest
        {
            Device = description,
            Images = [new PreflightImage(ImageReader.Read(elf), description.Cores[0].Name, elf)],
            Board = BoardCatalog.Resolve(board),
        });
    }
}
