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
}
