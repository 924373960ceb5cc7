using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 flash</c> boots the images on the virtual board before anything is erased (docs/preflight.md), also when a
/// dual-core pair is given without <c>--core</c>: each image's core comes from its vector table, as validation has it.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class FlashCommandPreflightTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-flash-preflight-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    [Fact]
    public void A_dual_core_pair_without_core_names_is_booted_and_SMPS_on_an_LDO_board_is_refused_before_any_erase()
    {
        var images = FirmwareBuilder.BuildH747HalDualCore(DualCoreVariant.SupplySmps);

        var run = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--board", "custom-h747-ldo", images.Cm7Elf, images.Cm4Elf);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        var all = run.Out + run.Err;
        Assert.Contains("STM1538", all, StringComparison.Ordinal);                      // stopped before anything was erased
        Assert.Contains(images.Cm7Elf + ": error STM1500: ", all, StringComparison.Ordinal);
        Assert.Contains("0 erased", all, StringComparison.Ordinal);
        // The Cortex-M4 parked in D2 Stop waits for a release the collapsed supply never lets come: not a finding.
        Assert.DoesNotContain("STM1510", all, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clean_dual_core_pair_on_its_board_flashes_with_no_finding()
    {
        var images = FirmwareBuilder.BuildH747HalDualCore(DualCoreVariant.Clean);

        var run = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--board", "custom-h747-ldo", "--delay-guard", "200", images.Cm7Elf, images.Cm4Elf);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Out + run.Err);
        Assert.DoesNotContain("STM15", run.Out + run.Err, StringComparison.Ordinal);
        Assert.Contains("boot CM4: confirmed", run.Out, StringComparison.Ordinal);
    }
}
