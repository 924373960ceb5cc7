using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard;
using Stm32.Cli.Commands;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary><c>stm32 flash</c> against <c>--probe sim</c> (state file per test) and against <c>stm32 sim serve</c> over TCP.</summary>
public sealed partial class FlashCommandTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-flash-cli-{Guid.NewGuid():N}.state");
    private readonly string _report = Path.Combine(Path.GetTempPath(), $"stm32-flash-cli-{Guid.NewGuid():N}.json");

    public void Dispose()
    {
        File.Delete(_state);
        File.Delete(_report);
    }

    private static string Elf(FirmwareVariant variant) => FirmwareBuilder.BuildH747(variant);

    [Fact]
    public void Flash_on_the_sim_probe_programs_verifies_confirms_boot_and_writes_the_json_report()
    {
        var result = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--report", _report, Elf(FirmwareVariant.Cm7Blinky));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("verify: crc passed", result.Out, StringComparison.Ordinal);
        Assert.Contains("boot CM7: confirmed", result.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: passed (1000 ms)", result.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(_report));
        var root = json.RootElement;
        Assert.True(root.GetProperty("succeeded").GetBoolean());
        Assert.Equal(1, root.GetProperty("sectorsErased").GetArrayLength());
        Assert.Equal(1, root.GetProperty("boardCounters").GetProperty("sectorErases")[0].GetInt64());
        Assert.True(root.GetProperty("bytesProgrammed").GetInt64() > 0);

        // The state file keeps the flash: a second run skips the unchanged sector.
        var again = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--format", "json", "--delay-guard", "0", Elf(FirmwareVariant.Cm7Blinky));
        Assert.Equal(ExitCodes.Success, again.ExitCode);
        using var second = JsonDocument.Parse(again.Out);
        Assert.Equal(0, second.RootElement.GetProperty("sectorsErased").GetArrayLength());
        Assert.Equal(1, second.RootElement.GetProperty("sectorsSkipped").GetArrayLength());
        Assert.Equal(0, second.RootElement.GetProperty("boardCounters").GetProperty("flashWordsProgrammed")[0].GetInt64());
    }

    [Fact]
    public void Firmware_that_reassigns_the_swd_pins_is_a_coded_error_with_the_window()
    {
        // The preflight sees the pins go (STM1505); flashed anyway, the delay guard catches it on the board.
        var refused = CliRun.Run("flash", "--probe", "sim", "--state", _state, Elf(FirmwareVariant.Cm7SwdOff));
        Assert.Equal(ExitCodes.Errors, refused.ExitCode);
        Assert.Contains("STM1538", refused.Err, StringComparison.Ordinal);
        Assert.Contains("error STM1505", refused.Out + refused.Err, StringComparison.Ordinal);

        var result = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--allow-hazards", Elf(FirmwareVariant.Cm7SwdOff));

        Assert.Equal(ExitCodes.Errors, result.ExitCode);
        Assert.Contains("warning STM1505", result.Out + result.Err, StringComparison.Ordinal);
        Assert.Contains("STM4402", result.Err, StringComparison.Ordinal);
        Assert.Matches(WithinMs(), result.Err);
        Assert.Contains("delay guard: lost-regained", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Direct_smps_firmware_on_an_ldo_board_gives_the_recovery_diagnostic_and_the_documented_procedure_recovers_the_board()
    {
        // Flashed despite the preflight's STM1500 (--allow-hazards): the board stops answering, and STM4501 names the
        // supply configuration the preflight saw first.
        var lost = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--board", "custom-h747-ldo", "--allow-hazards",
            FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo));
        Assert.Equal(ExitCodes.NoTarget, lost.ExitCode);
        Assert.Contains("warning STM1500", lost.Out + lost.Err, StringComparison.Ordinal);
        Assert.Contains("STM4501", lost.Err, StringComparison.Ordinal);
        Assert.Contains("PWR_CR3 = 0x04", lost.Err, StringComparison.Ordinal);
        Assert.Contains("BOOT0 high", lost.Err, StringComparison.Ordinal);
        Assert.Contains("stm32 recover", lost.Err, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Success, CliRun.Run("sim", "power-cycle", "--state", _state, "--boot0", "high").ExitCode);
        var recover = CliRun.Run("recover", "--probe", "sim", "--state", _state);
        Assert.Equal(ExitCodes.Success, recover.ExitCode);
        Assert.Contains("verify: readback blank", recover.Out, StringComparison.Ordinal);
        using (var board = new VirtualBoard(new VirtualBoardOptions { StateFile = _state }))
        {
            Assert.False(board.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF));
            Assert.Equal("custom-h747-ldo", board.Board.Name); // the state file kept the board
        }

        Assert.Equal(ExitCodes.Success, CliRun.Run("sim", "power-cycle", "--state", _state, "--boot0", "low").ExitCode);
        var good = CliRun.Run("flash", "--probe", "sim", "--state", _state, FirmwareBuilder.BuildH747Hal(HalVariant.Clean));
        Assert.Equal(ExitCodes.Success, good.ExitCode);
    }

    [Fact]
    public void Nrst_not_wired_is_reported_plainly_under_reset()
    {
        var result = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--sim-fault", "nrst-unwired", "--connect", "under-reset", Elf(FirmwareVariant.Cm7Blinky));
        Assert.Equal(ExitCodes.Errors, result.ExitCode);
        Assert.Contains("STM4003", result.Err, StringComparison.Ordinal);
        Assert.Contains("NRST is not wired", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_unplugged_during_the_run_is_a_typed_error_and_a_rerun_completes()
    {
        var lost = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--sim-fault", "unplug-after=3000", Elf(FirmwareVariant.Cm7Blinky));
        Assert.Equal(ExitCodes.Errors, lost.ExitCode);
        Assert.Contains("STM3008", lost.Err, StringComparison.Ordinal);

        var rerun = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--delay-guard", "0", Elf(FirmwareVariant.Cm7Blinky));
        Assert.Equal(ExitCodes.Success, rerun.ExitCode);
        Assert.Contains("verify: crc passed", rerun.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Rdp_level_2_without_confirmation_is_refused()
    {
        var result = CliRun.Run("flash", "--probe", "sim", "--state", _state, "--rdp", "2", Elf(FirmwareVariant.Cm7Blinky));
        Assert.Equal(ExitCodes.Errors, result.ExitCode);
        Assert.Contains("STM4304", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_image_is_refused_before_the_probe_is_touched()
    {
        var bin = Path.Combine(Path.GetTempPath(), $"stm32-flash-cli-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(bin, new byte[64]); // no vector table: SP 0, reset handler 0
        try
        {
            var result = CliRun.Run("flash", "--probe", "sim", "--state", _state, bin);
            Assert.Equal(ExitCodes.Errors, result.ExitCode);
            Assert.Contains("STM4004", result.Err, StringComparison.Ordinal);
            using var board = new VirtualBoard(new VirtualBoardOptions { StateFile = _state });
            Assert.False(board.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF)); // nothing was programmed
        }
        finally
        {
            File.Delete(bin);
        }
    }

    [Fact]
    public async Task Flash_works_against_stm32_sim_serve_over_tcp()
    {
        var output = new Lines();
        using var stop = new CancellationTokenSource();
        var serve = Task.Run(() => SimServeCommand.Run(new VirtualBoardOptions { StateFile = _state }, 0, null, output, new StringReader(""), stop.Token));
        try
        {
            var listening = output.WaitFor(Listening(), TimeSpan.FromSeconds(20));
            var port = Listening().Match(listening).Groups[1].Value;
            var result = CliRun.Run("flash", "--probe", $"tcp://127.0.0.1:{port}", "--delay-guard", "100", "--report", _report, Elf(FirmwareVariant.Cm7Blinky));
            Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
            Assert.Contains("boot CM7: confirmed", result.Out, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(File.ReadAllText(_report));
            Assert.Equal("passed", json.RootElement.GetProperty("verify").GetProperty("result").GetString());
        }
        finally
        {
            stop.Cancel();
            await serve.WaitAsync(TimeSpan.FromSeconds(20));
        }
        using var board = new VirtualBoard(new VirtualBoardOptions { StateFile = _state });
        var image = Stm32.Build.Images.ImageReader.Read(Elf(FirmwareVariant.Cm7Blinky));
        var first = image.Segments[0];
        Assert.True(board.Chip.FlashBank(1).Slice((int)(first.Address - 0x0800_0000), first.Length).SequenceEqual(first.Data.Span));
    }

    [Fact]
    public async Task Firmware_that_reassigns_the_swd_pins_is_regained_against_stm32_sim_serve_over_tcp()
    {
        var output = new Lines();
        using var stop = new CancellationTokenSource();
        var options = new VirtualBoardOptions { StateFile = _state };
        var serve = Task.Run(() => SimServeCommand.Run(options, 0, null, output, new StringReader(""), stop.Token));
        try
        {
            var port = Listening().Match(output.WaitFor(Listening(), TimeSpan.FromSeconds(20))).Groups[1].Value;
            var result = CliRun.Run("flash", "--probe", $"tcp://127.0.0.1:{port}", "--allow-hazards", Elf(FirmwareVariant.Cm7SwdOff));
            Assert.Equal(ExitCodes.Errors, result.ExitCode);
            Assert.Contains("STM4402", result.Err, StringComparison.Ordinal);
            Assert.Contains("delay guard: lost-regained", result.Out, StringComparison.Ordinal);
        }
        finally
        {
            stop.Cancel();
            await serve.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    [GeneratedRegex(@"within \d+ ms of reset")]
    private static partial Regex WithinMs();

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex Listening();

    /// <summary>A writer that collects lines and lets a test wait for one.</summary>
    private sealed class Lines : TextWriter
    {
        private readonly BlockingCollection<string> _lines = [];
        private readonly System.Text.StringBuilder _current = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_current)
            {
                if (value == '\n')
                {
                    _lines.Add(_current.ToString().TrimEnd('\r'));
                    _current.Clear();
                }
                else
                {
                    _current.Append(value);
                }
            }
        }

        public string WaitFor(Regex pattern, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_lines.TryTake(out var line, deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
            {
                if (pattern.IsMatch(line))
                {
                    return line;
                }
            }
            throw new TimeoutException("no line matched " + pattern);
        }
    }
}
