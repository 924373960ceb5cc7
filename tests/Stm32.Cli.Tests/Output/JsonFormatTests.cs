using System.Text.Json;
using Xunit;

namespace Stm32.Cli.Tests.Output;

/// <summary>
/// <c>--format json</c> prints exactly one JSON document on standard output for every command that prints results,
/// and the JSON escapes only what JSON requires: an apostrophe stays an apostrophe (not <c>\u0027</c>).
/// </summary>
public sealed class JsonFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stm32-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Document(CliRun.Result run)
    {
        using var doc = JsonDocument.Parse(run.Out); // throws unless stdout is exactly one document
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Every_result_command_prints_one_document()
    {
        var state = Path.Combine(_dir, "board.state");
        var image = Path.Combine(_dir, "app.bin");
        File.WriteAllBytes(image, Signals.TerminationSignalTests.Image(4096));

        Assert.Contains(Document(CliRun.Run("devices", "--format", "json")).EnumerateArray(), d => d.GetProperty("name").GetString() == "STM32H747XI");
        Assert.True(Document(CliRun.Run("flash", "--probe", "sim", "--state", state, "--delay-guard", "0", "--format", "json", image)).GetProperty("succeeded").GetBoolean());
        Assert.Equal("0x450", Document(CliRun.Run("info", "--probe", "sim", "--state", state, "--format", "json")).GetProperty("target").GetProperty("devId").GetString());
        Assert.Equal("reset", Document(CliRun.Run("reset", "--probe", "sim", "--state", state, "--format", "json")).GetProperty("operation").GetString());
        Assert.Equal("read", Document(CliRun.Run("read", "--probe", "sim", "--state", state, "--length", "64", "-o", Path.Combine(_dir, "r.bin"), "--format", "json")).GetProperty("operation").GetString());
        Assert.Equal("erase", Document(CliRun.Run("erase", "--probe", "sim", "--state", state, "--address", "0x08000000", "--length", "16", "--format", "json")).GetProperty("operation").GetString());
        Assert.Equal(0, Document(CliRun.Run("validate", "--device", "STM32H747XI", "--format", "json", image)).GetProperty("errors").GetInt32());
        Assert.Equal("high", Document(CliRun.Run("sim", "power-cycle", "--state", state, "--boot0", "high", "--format", "json")).GetProperty("boot0").GetString());
        var probes = CliRun.Run("probes", "--format", "json");
        Assert.True(Document(probes).GetProperty("probes").ValueKind == JsonValueKind.Array);
    }

    [Fact]
    public void An_apostrophe_is_not_escaped()
    {
        var image = Path.Combine(_dir, "bob's app.bin");
        File.WriteAllBytes(image, new byte[64]); // no vector table: findings that name the file
        var run = CliRun.Run("validate", "--device", "STM32H747XI", "--format", "json", image);
        Assert.Contains("bob's app.bin", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", run.Out, StringComparison.Ordinal);
        Assert.Equal(image, Document(run).GetProperty("images")[0].GetProperty("file").GetString());
    }
}
