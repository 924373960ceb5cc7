using Stm32.Build.Flashing.Boards;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 flash --probe sim</c> as a process with its own remembered-board store (<c>STM32_BUILD_BOARDS_DIR</c>)
/// holding something that is not a remembered board: a coded warning naming the file, the preflight goes on, never
/// a stack trace.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class FlashCommandBoardStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stm32-cli-boards-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private (int Code, string Out, string Err) Stm32(string boards, params string[] args)
    {
        using var process = Stm32Process.Start(new Dictionary<string, string> { [RememberedBoardStore.DirectoryVariable] = boards }, args);
        return process.WaitForExit(Timeout);
    }

    private static void NoStackTrace(string output)
    {
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("wrong types")]
    [InlineData("directory")]
    public void A_corrupt_store_file_is_a_warning_and_the_flash_goes_on(string corruption)
    {
        var state = Path.Combine(_dir, "board.state");
        var boards = Path.Combine(_dir, "boards");
        var clean = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        var first = Stm32(boards, "flash", "--probe", "sim", "--state", state, "--delay-guard", "100", clean);
        Assert.Equal(ExitCodes.Success, first.Code);
        var file = Assert.Single(Directory.GetFiles(boards, "*.json"));
        File.Delete(file);
        switch (corruption)
        {
            case "truncated": File.WriteAllText(file, "{\"format\":1,\"uniqueId\":\"00"); break;
            case "wrong types": File.WriteAllText(file, "{\"format\":1,\"uniqueId\":[],\"device\":false}"); break;
            default: Directory.CreateDirectory(file); break;
        }

        var run = Stm32(boards, "flash", "--probe", "sim", "--state", state, "--delay-guard", "100", clean);

        var output = run.Out + run.Err;
        Assert.True(run.Code == ExitCodes.Success, output);
        Assert.Contains($"{file}: warning STM1546: the remembered board is ignored: ", output, StringComparison.Ordinal);
        Assert.Contains("warning STM1501", output, StringComparison.Ordinal);   // the preflight ran, with nothing remembered
        NoStackTrace(output);
    }

    [Fact]
    public void A_hazard_is_still_stopped_before_any_erase_beside_the_store_warning()
    {
        var state = Path.Combine(_dir, "board.state");
        var boards = Path.Combine(_dir, "boards");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(boards, "a file where the store's directory should be");

        var run = Stm32(boards, "flash", "--probe", "sim", "--state", state, "--board", "custom-h747-ldo",
            FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo));

        var output = run.Out + run.Err;
        Assert.Equal(ExitCodes.Errors, run.Code);
        Assert.Contains($"{boards}: warning STM1546: ", output, StringComparison.Ordinal);
        Assert.Contains("error STM1500", output, StringComparison.Ordinal);
        Assert.Contains("STM1538", output, StringComparison.Ordinal);
        NoStackTrace(output);
    }

    [Fact]
    public void Validate_has_no_probe_and_never_reads_the_store()
    {
        Directory.CreateDirectory(_dir);
        var boards = Path.Combine(_dir, "boards");
        File.WriteAllText(boards, "a file where the store's directory should be");

        var run = Stm32(boards, "validate", "--device", "STM32H747XI", "--board", "custom-h747-ldo", FirmwareBuilder.BuildH747Hal(HalVariant.Clean) + "@CM7");

        Assert.True(run.Code == ExitCodes.Success, run.Out + run.Err);
        Assert.DoesNotContain("STM1546", run.Out + run.Err, StringComparison.Ordinal);
        Assert.Contains("booted 300 ms on the virtual board", run.Out, StringComparison.Ordinal);
    }
}
