using System.Text.Json;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary><c>stm32 validate</c> boots the images on the virtual board (the brick-hazard preflight, docs/preflight.md).</summary>
[Trait("Requires", "gcc")]
public class ValidateCommandPreflightTests
{
    [Fact]
    public void SMPS_firmware_for_a_board_wired_for_the_LDO_is_an_error_in_canonical_form()
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo);
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--board", "custom-h747-ldo", elf + "@CM7");
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        var line = Assert.Single(run.OutLines, l => l.StartsWith(elf + ": error STM1500: ", StringComparison.Ordinal));
        Assert.Contains("PWR_DIRECT_SMPS_SUPPLY", line);
        Assert.Contains("HAL_PWREx_ConfigSupply", line);
    }

    [Fact]
    public void A_board_carries_the_device_so_device_may_be_left_out()
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo);
        var run = CliRun.Run("validate", "--board", "custom-h747-ldo", elf);
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        Assert.Contains(elf + ": error STM1500: ", run.Out, StringComparison.Ordinal);
        Assert.Contains("STM32H747XI", run.Out, StringComparison.Ordinal);

        var neither = CliRun.Run("validate", elf);
        Assert.NotEqual(ExitCodes.Success, neither.ExitCode);
        Assert.Contains("STM0003", neither.Out + neither.Err, StringComparison.Ordinal);
        Assert.Contains("--board", neither.Out + neither.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void No_boot_skips_the_preflight()
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo);
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--board", "custom-h747-ldo", "--no-boot", elf + "@CM7");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.DoesNotContain("STM15", run.Out);
    }

    [Fact]
    public void A_declared_supply_matching_the_firmware_has_no_finding()
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.CleanSmps);
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--board", "custom-h747-ldo", "--supply", "PWR_DIRECT_SMPS_SUPPLY", elf + "@CM7");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.DoesNotContain("STM15", run.Out);
        Assert.Contains("booted 300 ms on the virtual board", run.Out);
    }

    [Fact]
    public void Json_findings_carry_code_severity_message_address_time_and_symbol()
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.CleanSmps);
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--format", "json", elf + "@CM7");
        Assert.Equal(ExitCodes.Success, run.ExitCode);   // neither declared nor remembered: a warning
        using var doc = JsonDocument.Parse(run.Out);
        var preflight = doc.RootElement.GetProperty("preflight");
        var finding = Assert.Single(preflight.GetProperty("findings").EnumerateArray());
        Assert.Equal("STM1501", finding.GetProperty("code").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Contains("direct-smps", finding.GetProperty("message").GetString());
        Assert.StartsWith("0x080", finding.GetProperty("address").GetString());
        Assert.InRange(finding.GetProperty("timeMs").GetDouble(), 0.0, 1.0);
        Assert.StartsWith("HAL_PWREx_ConfigSupply", finding.GetProperty("symbol").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("warnings").GetInt32());
        Assert.Equal("running", preflight.GetProperty("cores")[0].GetProperty("state").GetString());
    }

    [Fact]
    public void A_boot_time_out_of_range_is_a_coded_error()
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--boot-time", "0", elf + "@CM7");
        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--boot-time 0 is out of range", run.Out + run.Err);
    }
}
