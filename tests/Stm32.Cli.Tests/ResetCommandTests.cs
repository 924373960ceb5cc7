using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Cli.Tests;

public sealed class ResetCommandTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-reset-cli-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    [Fact]
    public void Core_reset_halts_at_the_images_reset_handler_with_its_initial_sp()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        Assert.Equal(ExitCodes.Success, CliRun.Run("flash", "--probe", "sim", "--state", _state, "--delay-guard", "0", elf).ExitCode);
        var image = ImageReader.Read(elf);

        var result = CliRun.Run("reset", "--probe", "sim", "--state", _state, "--kind", "core");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains($"CM7: halted at PC 0x{image.ReadUInt32(0x0800_0004)!.Value & ~1u:X8}, SP 0x{image.ReadUInt32(0x0800_0000)!.Value:X8}", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hardware")]
    [InlineData("software")]
    public void Hardware_and_software_resets_succeed(string kind)
    {
        var result = CliRun.Run("reset", "--probe", "sim", "--state", _state, "--kind", kind);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("stm32 reset: ok", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reset_of_an_unpowered_target_is_a_coded_error()
    {
        var result = CliRun.Run("reset", "--probe", "sim", "--state", _state, "--kind", "core", "--sim-fault", "no-target-power");
        Assert.Equal(ExitCodes.NoTarget, result.ExitCode);
        Assert.Contains("STM3020", result.Err, StringComparison.Ordinal);
    }
}
