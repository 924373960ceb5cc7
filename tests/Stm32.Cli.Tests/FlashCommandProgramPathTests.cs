using System.Text.Json;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 flash --program-path auto|loader|host</c> on the in-process virtual board: the report's
/// <c>programPath</c> says what ran, <c>loader</c> on a family without one is STM4903, a bad value is a usage error.
/// </summary>
public sealed class FlashCommandProgramPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stm32-program-path-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A raw image of <paramref name="length"/> bytes: a vector table (SP, every handler in the image) and bytes with no erased flash word.</summary>
    private string Bin(int length, uint stack)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i += 32)
        {
            bytes[i] = 0x5A;
        }
        BitConverter.GetBytes(stack).CopyTo(bytes, 0);
        for (var vector = 1; vector < 16 + 150; vector++)
        {
            BitConverter.GetBytes(0x0800_0401u).CopyTo(bytes, vector * 4);
        }
        var path = Path.Combine(_dir, "app.bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string[] Flash(params string[] extra) =>
    [
        "flash", "--probe", "sim", "--state", Path.Combine(_dir, "board.state"), "--no-boot", "--halt", "--delay-guard", "0",
        "--format", "json", .. extra,
    ];

    [Theory]
    [InlineData("auto", "loader")]
    [InlineData("loader", "loader")]
    [InlineData("host", "host")]
    public void The_report_says_which_path_ran(string option, string expected)
    {
        var result = CliRun.Run(Flash("--program-path", option, "--base-address", "0x08000000", Bin(40 * 1024, 0x2002_0000)));

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(expected, json.RootElement.GetProperty("programPath").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.TryGetProperty("programPathReason", out var reason) ? reason.ValueKind : JsonValueKind.Null);
        Assert.Equal("passed", json.RootElement.GetProperty("verify").GetProperty("result").GetString());
    }

    [Fact]
    public void Loader_on_a_family_without_one_is_STM4903_and_nothing_is_programmed()
    {
        var result = CliRun.Run(Flash("--device", "STM32F407VG", "--program-path", "loader", "--base-address", "0x08000000", Bin(4096, 0x2002_0000)));

        Assert.Equal(ExitCodes.Errors, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("STM4903", error.GetProperty("code").GetString());
        Assert.Contains("stm32f4", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, json.RootElement.GetProperty("bytesProgrammed").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("sectorsErased").GetArrayLength());
    }

    [Fact]
    public void An_unknown_path_is_a_usage_error_naming_the_choices()
    {
        var result = CliRun.Run(Flash("--program-path", "fast", Bin(4096, 0x2002_0000)));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'fast'", result.Err, StringComparison.Ordinal);
        Assert.Contains("loader", result.Err, StringComparison.Ordinal);
    }
}
