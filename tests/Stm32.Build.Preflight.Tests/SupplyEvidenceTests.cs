using Stm32.Build.Diagnostics;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Xunit;

namespace Stm32.Build.Preflight.Tests;

/// <summary>What the board is: declared, remembered (the real board's PWR_CR3 by unique ID), or neither.</summary>
[Trait("Requires", "gcc")]
public sealed class SupplyEvidenceTests
{
    private static readonly DateTimeOffset s_yesterday = new(2026, 12, 6, 17, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_board_remembered_running_the_LDO_refuses_SMPS_firmware_without_any_declaration()
    {
        var result = PreflightHarness.Run(HalVariant.SupplySmpsOnLdo, board: null, remembered: new RememberedSupply(0x0000_0002, "0045003A3137510D33333639", s_yesterday));
        var finding = Assert.Single(result.Hazards);
        Assert.Equal(DiagnosticCodes.PreflightSupplyDiffersFromRemembered, finding.Code);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Contains("0045003A3137510D33333639", finding.Message);
        Assert.Contains("2026-12-06", finding.Message);
        Assert.Contains("remembered", result.Board);
    }

    [Fact]
    public void A_board_remembered_running_the_same_supply_takes_the_image()
    {
        Assert.Empty(PreflightHarness.Run(HalVariant.CleanSmps, board: null, remembered: new RememberedSupply(0x0000_0004, "0045003A3137510D33333639", s_yesterday)).Hazards);
    }

    [Theory]
    [InlineData(HalVariant.SupplySmpsOnLdo, "direct-smps")]
    [InlineData(HalVariant.Clean, "ldo")]
    public void Neither_declared_nor_remembered_is_a_warning_naming_the_wiring_the_image_requires(HalVariant variant, string wiring)
    {
        // A remembered PWR_CR3 at its power-on default (0x06) says nothing about the wiring.
        var result = PreflightHarness.Run(variant, board: null, remembered: new RememberedSupply(0x0000_0006, "0045003A3137510D33333639", s_yesterday));
        var finding = Assert.Single(result.Hazards);
        Assert.Equal(DiagnosticCodes.PreflightSupplyWiringUnknown, finding.Code);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Contains($"requires a board wired for {wiring}", finding.Message);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void A_declared_supply_wins_over_the_declared_board()
    {
        var result = PreflightHarness.Run(HalVariant.CleanSmps, "custom-h747-ldo", supply: SupplyWiring.DirectSmps);
        Assert.Empty(result.Hazards);
    }
}
