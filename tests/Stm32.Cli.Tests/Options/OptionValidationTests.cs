using Xunit;

namespace Stm32.Cli.Tests.Options;

/// <summary>
/// Every numeric option is range-checked and lossy values are refused before the probe is touched: each case is a
/// usage error (exit 2) and the virtual board's state file is never created, so nothing was opened.
/// </summary>
public sealed class OptionValidationTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-options-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    private CliRun.Result Flash(params string[] options) =>
        CliRun.Run(["flash", "--probe", "sim", "--state", _state, .. options, "app.elf"]);

    [Theory]
    [InlineData("--rdp", "3", "--rdp 3 is not valid: use 0, 1 or 2")]
    [InlineData("--rdp", "-1", "--rdp -1 is not valid: use 0, 1 or 2")]
    [InlineData("--delay-guard", "2147483647", "--delay-guard 2147483647 is out of range: 0..60000 ms")]
    [InlineData("--delay-guard", "-5", "--delay-guard -5 is out of range")]
    [InlineData("--connect-attempts", "0", "--connect-attempts 0 is out of range: 1..10")]
    [InlineData("--retry-delay", "999999", "--retry-delay 999999 is out of range: 0..10000 ms")]
    [InlineData("--swd-khz", "0", "--swd-khz 0 is out of range: 5..24000 kHz")]
    [InlineData("--swd-khz", "50000", "--swd-khz 50000 is out of range")]
    public void Out_of_range_values_are_refused_with_the_range(string option, string value, string message)
    {
        var run = Flash(option, value);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error STM0007: " + message, run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(_state));
    }

    [Fact]
    public void A_boot_address_below_bit_16_is_refused_not_truncated()
    {
        var run = Flash("--boot-cm7", "0x12345678");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("BOOT_CM7_ADD0 holds bits 31:16 of the boot address only, so it would become 0x12340000", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(_state));
    }

    [Fact]
    public void A_clock_the_probe_cannot_set_is_refused_naming_the_clocks_it_can()
    {
        var image = Path.Combine(Path.GetTempPath(), $"stm32-options-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(image, Signals.TerminationSignalTests.Image(4096));
        try
        {
            var v21 = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--swd-khz", "3000", image);
            Assert.Equal(ExitCodes.Usage, v21.ExitCode);
            // The sim probe is an STLINK-V3: its clocks are those GET_COM_FREQ reports.
            Assert.Contains("error STM3050: --swd-khz 3000", v21.Err, StringComparison.Ordinal);
            Assert.Contains("24000, 8000, 3300, 1000, 200, 50, 5 kHz only", v21.Err, StringComparison.Ordinal);

            var ok = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--swd-khz", "8000", "--delay-guard", "0", image);
            Assert.True(ok.ExitCode == ExitCodes.Success, ok.Out + ok.Err);
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("-1")]
    public void Sim_serve_refuses_a_port_outside_0_to_65535(string port)
    {
        var run = CliRun.Run("sim", "serve", "--port", port);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"error STM0007: --port {port} is out of range: 0..65535", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_suffix_on_an_elf_is_refused()
    {
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "app.elf@0x08020000");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("an address places raw binaries (.bin) only", run.Err, StringComparison.Ordinal);
    }
}
