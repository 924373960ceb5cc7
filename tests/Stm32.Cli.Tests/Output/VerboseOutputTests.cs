using System.Text.RegularExpressions;
using Xunit;

namespace Stm32.Cli.Tests.Output;

/// <summary><c>-v</c> shows bytes and percentages per phase; routine information (the option-byte line) only with <c>-v</c>.</summary>
public sealed partial class VerboseOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stm32-verbose-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Verbose_prints_bytes_and_percentages_and_quiet_prints_no_routine_information()
    {
        var image = Path.Combine(_dir, "app.bin");
        File.WriteAllBytes(image, Signals.TerminationSignalTests.Image(300 * 1024));
        var verbose = CliRun.Run("flash", "--probe", "sim", "--state", Path.Combine(_dir, "a.state"), "-v", "--delay-guard", "0", image);
        Assert.Equal(ExitCodes.Success, verbose.ExitCode);
        Assert.Matches(ProgramLine(), verbose.Err);
        Assert.Contains("stm32: program: 307200/307200 bytes (100%)", verbose.Err, StringComparison.Ordinal);
        Assert.Matches(@"stm32: verify: \d+/\d+ bytes \(100%\)", verbose.Err);
        Assert.Contains("info STM4306: option bytes", verbose.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("done: done", verbose.Err, StringComparison.Ordinal);

        var quiet = CliRun.Run("flash", "--probe", "sim", "--state", Path.Combine(_dir, "b.state"), "--delay-guard", "0", image);
        Assert.Equal(ExitCodes.Success, quiet.ExitCode);
        Assert.DoesNotContain("STM4306", quiet.Out + quiet.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("done", quiet.Err, StringComparison.Ordinal);
        Assert.Contains("verify: crc passed", quiet.Out, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"stm32: program: \d+/307200 bytes \((?:[1-9]|[1-9]\d)%\), sector \d of bank 1")]
    private static partial Regex ProgramLine();
}
