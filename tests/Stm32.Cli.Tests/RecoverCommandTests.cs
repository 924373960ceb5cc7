using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard;
using Xunit;

namespace Stm32.Cli.Tests;

public sealed class RecoverCommandTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-recover-cli-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    [Fact]
    public void Recover_erases_both_banks_and_proves_them_blank()
    {
        var elf7 = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var elf4 = FirmwareBuilder.BuildH747(FirmwareVariant.Cm4Blinky);
        Assert.Equal(ExitCodes.Success, CliRun.Run("flash", "--probe", "sim", "--state", _state, "--delay-guard", "0", elf7 + "@CM7", elf4 + "@CM4").ExitCode);

        var result = CliRun.Run("recover", "--probe", "sim", "--state", _state, "--format", "json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal("blank", json.RootElement.GetProperty("verify").GetProperty("result").GetString());
        Assert.Equal("under-reset", json.RootElement.GetProperty("connection").GetProperty("mode").GetString());
        using var board = new VirtualBoard(new VirtualBoardOptions { StateFile = _state });
        Assert.False(board.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF));
        Assert.False(board.Chip.FlashBank(2).ContainsAnyExcept((byte)0xFF));
    }

    [Fact]
    public void Recover_with_nrst_not_wired_says_so()
    {
        var result = CliRun.Run("recover", "--probe", "sim", "--state", _state, "--sim-fault", "nrst-unwired");
        Assert.Equal(ExitCodes.Errors, result.ExitCode);
        Assert.Contains("NRST is not wired", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Rdp_level_1_refuses_a_flash_until_a_confirmed_rdp_regression()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        Assert.Equal(ExitCodes.Success, CliRun.Run("flash", "--probe", "sim", "--state", _state, "--delay-guard", "0", "--rdp", "1", elf).ExitCode);

        var refused = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--delay-guard", "0", elf);
        Assert.Equal(ExitCodes.Errors, refused.ExitCode);
        Assert.Contains("STM4310", refused.Err, StringComparison.Ordinal);
        Assert.Contains("stm32 recover --rdp-regression --confirm-mass-erase", refused.Err, StringComparison.Ordinal);

        var unconfirmed = CliRun.Run("recover", "--probe", "sim", "--state", _state, "--rdp-regression");
        Assert.Equal(ExitCodes.Errors, unconfirmed.ExitCode);
        Assert.Contains("STM4312", unconfirmed.Err, StringComparison.Ordinal);

        var regressed = CliRun.Run("recover", "--probe", "sim", "--state", _state, "--rdp-regression", "--confirm-mass-erase");
        Assert.Equal(ExitCodes.Success, regressed.ExitCode);

        Assert.Equal(ExitCodes.Success, CliRun.Run("flash", "--probe", "sim", "--state", _state, "--delay-guard", "0", elf).ExitCode);
        var info = CliRun.Run("info", "--probe", "sim", "--state", _state);
        Assert.Contains(info.OutLines, l => l.StartsWith("protection:", StringComparison.Ordinal) && l.Contains("RDP level 0 (0xAA); write protection: none", StringComparison.Ordinal));
    }
}
