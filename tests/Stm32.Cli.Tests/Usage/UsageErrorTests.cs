using Xunit;

namespace Stm32.Cli.Tests.Usage;

/// <summary>Unknown options and commands and bad selections are usage errors (exit 2, STM0006) with the nearest names suggested.</summary>
public sealed class UsageErrorTests
{
    [Fact]
    public void A_mistyped_option_is_an_unknown_option_with_a_suggestion_not_a_file_name()
    {
        var run = CliRun.Run("flash", "--verfy", "none", "app.elf");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error STM0006: unknown option '--verfy' for 'stm32 flash'; did you mean '--verify'?", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot read the image file", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_another_command_has_is_unknown_here()
    {
        var run = CliRun.Run("devices", "--probe", "sim");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unknown option '--probe' for 'stm32 devices'", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_after_a_double_dash_are_files_even_when_they_start_with_a_dash()
    {
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--", "--verfy");
        Assert.Equal(ExitCodes.Errors, run.ExitCode);
        Assert.Contains("--verfy: error STM0002", run.Out + run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_names_the_commands_and_suggests_the_nearest()
    {
        var run = CliRun.Run("flsh");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error STM0006: unknown command 'flsh' for 'stm32'", run.Err, StringComparison.Ordinal);
        Assert.Contains("did you mean 'flash'?", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", run.Err, StringComparison.Ordinal);

        var sim = CliRun.Run("sim", "serv");
        Assert.Equal(ExitCodes.Usage, sim.ExitCode);
        Assert.Contains("did you mean 'serve'?", sim.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_is_a_usage_error_listing_the_commands()
    {
        var run = CliRun.Run();
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'stm32' needs a command: devices, validate, flash", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("tcp://")]
    [InlineData("usb:")]
    public void A_bad_probe_selection_is_a_usage_error_before_anything_is_read(string probe)
    {
        var run = CliRun.Run("flash", "--probe", probe, "does-not-exist.elf");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error STM3004", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("STM0002", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_and_version_still_work()
    {
        Assert.Equal(ExitCodes.Success, CliRun.Run("flash", "--help").ExitCode);
        Assert.Equal(ExitCodes.Success, CliRun.Run("--version").ExitCode);
    }
}
