using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard;
using Xunit;

namespace Stm32.Cli.Tests;

public sealed class EraseCommandTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-erase-cli-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    [Fact]
    public void Erase_of_a_range_erases_only_its_sectors_and_a_bare_erase_erases_both_banks()
    {
        var elf4 = FirmwareBuilder.BuildH747(FirmwareVariant.Cm4Blinky);
        var elf7 = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        Assert.Equal(ExitCodes.Success, CliRun.Run("flash", "--probe", "sim", "--state", _state, "--delay-guard", "0", elf7 + "@CM7", elf4 + "@CM4").ExitCode);

        var range = CliRun.Run("erase", "--probe", "sim", "--state", _state, "--address", "0x08100000", "--length", "0x100");
        Assert.Equal(ExitCodes.Success, range.ExitCode);
        Assert.Contains("erased: sectors 2:0", range.Out, StringComparison.Ordinal);
        using (var board = new VirtualBoard(new VirtualBoardOptions { StateFile = _state }))
        {
            Assert.False(board.Chip.FlashBank(2).ContainsAnyExcept((byte)0xFF));
            Assert.True(board.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF));
        }

        var all = CliRun.Run("erase", "--probe", "sim", "--state", _state);
        Assert.Equal(ExitCodes.Success, all.ExitCode);
        Assert.Contains("erased: both banks", all.Out, StringComparison.Ordinal);
        using var after = new VirtualBoard(new VirtualBoardOptions { StateFile = _state });
        Assert.False(after.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF));
    }

    [Fact]
    public void A_range_outside_flash_is_a_usage_error_before_the_probe_is_opened()
    {
        var result = CliRun.Run("erase", "--probe", "sim", "--state", _state, "--address", "0x24000000", "--length", "16");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("STM0007", result.Err, StringComparison.Ordinal);
        Assert.Contains("0x24000000", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(_state)); // the virtual board was never opened, so never saved
    }
}
