using Xunit;

namespace Stm32.Cli.Tests.Output;

/// <summary>
/// Output paths (<c>--report</c>, <c>read -o</c>, <c>--state</c>) that cannot be written are coded errors (STM0005)
/// found before the probe is touched, never a stack trace; a read that failed writes no file and does not say it did.
/// </summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stm32-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string State => Path.Combine(_dir, "board.state");

    private string Image()
    {
        var path = Path.Combine(_dir, "app.bin");
        File.WriteAllBytes(path, Signals.TerminationSignalTests.Image(4096));
        return path;
    }

    [Fact]
    public void A_report_at_a_directory_or_in_a_missing_directory_is_refused_before_flashing()
    {
        foreach (var (path, words) in new[] { (_dir, "is a directory"), (Path.Combine(_dir, "missing", "r.json"), "does not exist") })
        {
            var run = CliRun.Run("flash", "--probe", "sim", "--state", State, "--report", path, Image());
            Assert.Equal(ExitCodes.Errors, run.ExitCode);
            Assert.Contains("error STM0005: --report", run.Err, StringComparison.Ordinal);
            Assert.Contains(words, run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
            Assert.False(File.Exists(State)); // the board was never opened
        }
    }

    [Fact]
    public void A_report_is_written_after_the_result_is_printed()
    {
        var report = Path.Combine(_dir, "r.json");
        var run = CliRun.Run("flash", "--probe", "sim", "--state", State, "--delay-guard", "0", "--report", report, Image());
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("stm32 flash: ok", run.Out, StringComparison.Ordinal);
        Assert.Contains("\"succeeded\": true", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
    }

    [Fact]
    public void Read_output_at_a_directory_or_in_a_missing_directory_is_refused()
    {
        foreach (var path in new[] { _dir, Path.Combine(_dir, "missing", "flash.bin") })
        {
            var run = CliRun.Run("read", "--probe", "sim", "--state", State, "--length", "256", "-o", path);
            Assert.Equal(ExitCodes.Errors, run.ExitCode);
            Assert.Contains("error STM0005: --output", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("read 256 bytes", run.Out, StringComparison.Ordinal);
            Assert.False(File.Exists(State));
        }
    }

    [Fact]
    public void A_read_that_failed_writes_no_file_and_does_not_say_it_did()
    {
        var output = Path.Combine(_dir, "flash.bin");
        var run = CliRun.Run("read", "--probe", "sim", "--state", State, "--sim-fault", "no-target-power", "--length", "256", "-o", output);
        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.DoesNotContain("into " + output, run.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
    }

    [Fact]
    public void A_state_file_under_a_regular_file_is_refused()
    {
        var file = Image();
        foreach (var args in new[]
        {
            new[] { "flash", "--probe", "sim", "--state", Path.Combine(file, "x.state"), file },
            ["info", "--probe", "sim", "--state", Path.Combine(file, "x.state")],
            ["sim", "power-cycle", "--state", Path.Combine(file, "x.state")],
            ["sim", "serve", "--port", "0", "--state", Path.Combine(file, "x.state")],
        })
        {
            var run = CliRun.Run(args);
            Assert.Equal(ExitCodes.Errors, run.ExitCode);
            Assert.Contains($"error STM0005: --state: '{Path.Combine(file, "x.state")}' is under '{file}', which is a file", run.Err, StringComparison.Ordinal);
        }
    }
}
