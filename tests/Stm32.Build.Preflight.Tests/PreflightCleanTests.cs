using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Preflight.Tests;

/// <summary>Clean firmware on every bundled board it applies to: no hazard finding at all (false positives are failures).</summary>
[Trait("Requires", "gcc")]
public sealed class PreflightCleanTests
{
    [Theory]
    [InlineData(HalVariant.Clean, "custom-h747-ldo")]
    [InlineData(HalVariant.CleanSmps, "STM32H747I-DISCO")]
    [InlineData(HalVariant.StopDbg, "custom-h747-ldo")]
    [InlineData(HalVariant.IwdgFrozen, "custom-h747-ldo")]
    public void Clean_single_core_firmware_has_no_hazard(HalVariant variant, string board)
    {
        var result = PreflightHarness.Run(variant, board);
        Assert.Empty(result.Hazards);
        Assert.Contains("main loop", result.Console);      // it really ran its start-up on that board
        Assert.True(result.Simulated >= PreflightRequest.DefaultBudget);
    }

    [Fact]
    public void Clean_dual_core_firmware_has_no_hazard_and_both_cores_run()
    {
        var result = PreflightHarness.RunDual(DualCoreVariant.Clean, "custom-h747-ldo");
        Assert.Empty(result.Hazards);
        Assert.Contains("CM4 main loop", result.Console);
        Assert.All(result.Cores, c => Assert.NotEqual("not-run", c.State));
    }

    [Theory]
    [InlineData(H747Supply.Ldo, "custom-h747-ldo", false)]
    [InlineData(H747Supply.DirectSmps, "custom-h747-ldo", true)]
    [InlineData(H747Supply.Smps1V8SuppliesLdo, "custom-h747-ldo", true)]
    [InlineData(H747Supply.Bypass, "custom-h747-ldo", true)]
    [InlineData(H747Supply.DirectSmps, "STM32H747I-DISCO", false)]
    [InlineData(H747Supply.Ldo, "STM32H747I-DISCO", true)]
    [InlineData(H747Supply.Smps2V5SuppliesExt, "STM32H747I-DISCO", true)]
    public void Each_supply_configuration_is_a_hazard_exactly_when_the_board_is_wired_otherwise(H747Supply supply, string board, bool hazard)
    {
        var result = PreflightRunner.Run(new PreflightRequest
        {
            Device = PreflightHarness.H747,
            Images = [PreflightHarness.Cm7(FirmwareBuilder.BuildH747Hal(supply))],
            Board = PreflightHarness.Board(board),
        });
        Assert.Equal(hazard, result.Hazards.Any(f => f.Code == Diagnostics.DiagnosticCodes.PreflightSupplyMismatch));
        Assert.Equal(hazard, result.HasErrors);
    }
}
