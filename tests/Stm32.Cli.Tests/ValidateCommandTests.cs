using System.Text.Json;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Cli.Tests;

public class ValidateCommandTests
{
    [Theory]
    [InlineData("elf")]
    [InlineData("ihex")]
    [InlineData("srec")]
    [InlineData("binary")]
    public void A_sample_image_in_each_form_validates_with_exit_code_0(string form)
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var path = form == "elf" ? elf : FirmwareBuilder.Convert(elf, form);
        var run = CliRun.Run("validate", "--device", "STM32H747XIH6", path);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("0 error(s)", run.Out);
        Assert.DoesNotContain(": error ", run.Out);
    }

    [Fact]
    public void Both_cores_images_validate_with_explicit_cores()
    {
        var cm7 = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var cm4 = FirmwareBuilder.BuildH747(FirmwareVariant.Cm4Blinky);
        var run = CliRun.Run("validate", "--device", "STM32H747XI", cm7 + "@CM7", cm4 + "@CM4");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("2 file(s): 0 error(s)", run.Out);
    }

    [Fact]
    public void A_wrong_core_prints_canonical_errors_and_exits_1()
    {
        var cm7 = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--core", "CM4", cm7);
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        Assert.Contains(run.OutLines, l => l.StartsWith(cm7 + ": error STM1301: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_hex_file_reports_its_line_in_canonical_form()
    {
        var dir = Directory.CreateTempSubdirectory("stm32-validate-");
        var hex = Path.Combine(dir.FullName, "bad.hex");
        File.WriteAllText(hex, ":020000040800F2\n:1000000000000220010000080100000801000008B4\n:00000001FF\n");
        var run = CliRun.Run("validate", "--device", "STM32H747XI", hex);
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        var line = Assert.Single(run.OutLines, l => l.Contains(": error STM2", StringComparison.Ordinal));
        Assert.StartsWith(hex + "(2): error STM2", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_lists_images_and_findings()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--core", "CM4", "--format", "json", elf);
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Assert.Equal("STM32H747XI", root.GetProperty("device").GetString());
        Assert.Equal("CM4", root.GetProperty("images")[0].GetProperty("core").GetString());
        var codes = root.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()).ToList();
        Assert.Contains("STM1301", codes);
        Assert.True(root.GetProperty("errors").GetInt32() >= 1);
        Assert.Equal("0x08000000", root.GetProperty("diagnostics").EnumerateArray().First(d => d.GetProperty("code").GetString() == "STM1301").GetProperty("address").GetString());
    }

    [Fact]
    public void An_unknown_device_is_a_coded_error()
    {
        var run = CliRun.Run("validate", "--device", "STM32F999", "x.elf");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error STM0001", run.Err);
    }

    [Fact]
    public void A_missing_file_is_a_coded_error_naming_it()
    {
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "/nonexistent/app.elf");
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        Assert.Contains("/nonexistent/app.elf: error STM0002", run.Out);
    }

    [Fact]
    public void Missing_arguments_are_a_usage_error()
    {
        var run = CliRun.Run("validate", "x.elf");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("STM0003", run.Err);
    }
}
