using Stm32.Build.TestSupport;
using Stm32.Cli.Commands;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// What <c>stm32 flash</c> does with the family program's Stop variant (tests/firmware/common/lowpower.c), the same
/// on every single-core family: the preflight sees the chip enter Stop without DBGMCU_CR.DBG_STOP (STM1510) and
/// refuses the flash (STM1538); flashed anyway, the delay guard sees the debug access port fail once the firmware
/// sleeps, regains the board under reset and names a low-power mode among the causes (STM4402); the variant with the
/// DBGMCU bits then flashes cleanly and passes the delay guard. Called by each FlashCommand&lt;Family&gt;Tests.
/// </summary>
internal static class LowPowerFlashChecks
{
    public static void StopIsCaughtRegainedAndTheDebuggableVariantPasses(string state, string device, FamilyPart part)
    {
        var refused = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", state, FirmwareBuilder.BuildFamily(part, FamilyVariant.Stop));
        Assert.Equal(ExitCodes.Errors, refused.ExitCode);
        Assert.Contains("STM1538", refused.Err, StringComparison.Ordinal);
        Assert.Contains("error STM1510", refused.Out + refused.Err, StringComparison.Ordinal);
        Assert.Matches(@"Stop( [0-2])? mode entered \(PWR_CR1?\.(PDDS = 0|LPMS = 1)", refused.Out + refused.Err);
        Assert.DoesNotContain("delay guard", refused.Out, StringComparison.Ordinal);

        var hazard = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", state, "--allow-hazards", FirmwareBuilder.BuildFamily(part, FamilyVariant.Stop));
        Assert.Equal(ExitCodes.Errors, hazard.ExitCode);
        Assert.Contains("verify: readback passed", hazard.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: lost-regained", hazard.Out, StringComparison.Ordinal);
        Assert.Contains("STM4402", hazard.Err, StringComparison.Ordinal);
        Assert.Contains("low-power mode (Stop/Standby)", hazard.Err, StringComparison.Ordinal);

        var debuggable = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", state, FirmwareBuilder.BuildFamily(part, FamilyVariant.StopDbg));
        Assert.True(debuggable.ExitCode == ExitCodes.Success, debuggable.Out + debuggable.Err);
        Assert.Contains("delay guard: passed", debuggable.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("STM1510", debuggable.Out + debuggable.Err, StringComparison.Ordinal);
    }
}
