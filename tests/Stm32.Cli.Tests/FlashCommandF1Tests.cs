using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Cli.Commands;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 flash</c> end to end on a virtual STM32F103 (the family program of tests/firmware/f1 on a NUCLEO-F103RB):
/// on the in-process <c>sim</c> probe and over TCP against <c>stm32 sim serve</c>; the SWD-off hazard (AFIO_MAPR.SWJ_CFG
/// = 100); the page geometry (1 KiB pages of the F103xB, 2 KiB of the high-density F103xE).
/// </summary>
[Trait("Requires", "gcc")]
public sealed partial class FlashCommandF1Tests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-flash-f1-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    /// <summary>A state file of a board as it comes off the bench (erased flash), so the sim probe composes that board.</summary>
    private void Bench(string? board, string device = "STM32F103RB")
    {
        using var _ = new VirtualBoard(new VirtualBoardOptions { Device = device, Board = board is null ? null : BoardCatalog.Resolve(board), StateFile = _state });
    }

    [Fact]
    public void The_family_program_flashes_verifies_boots_and_passes_the_delay_guard()
    {
        Bench("NUCLEO-F103RB");
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.F103);
        var result = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F103RB", "--state", _state, elf);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
        Assert.Contains("boot CM3: confirmed", result.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: passed (1000 ms)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", result.Err, StringComparison.Ordinal); // the F1 driver is proven on this chip
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F103RB", StateFile = _state });
        Assert.Equal("NUCLEO-F103RB", after.Board.Name);
        var image = Stm32.Build.Images.ImageReader.Read(elf);
        foreach (var segment in image.Segments.Where(s => s.Address >= 0x0800_0000))
        {
            Assert.True(after.Chip.FlashBank(1).Slice((int)(segment.Address - 0x0800_0000), segment.Length).SequenceEqual(segment.Data.Span));
        }
        Assert.False(((Stm32.Build.VirtualBoard.Families.F1.F1Family)after.Chip.Family).Flash.IsUnlocked, "the flash was left unlocked");
    }

    [Fact]
    public void The_swd_off_variant_is_caught_by_the_delay_guard_and_a_clean_image_goes_back_on()
    {
        Bench("NUCLEO-F103RB");
        var hazard = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F103RB", "--state", _state,
            FirmwareBuilder.BuildFamily(FamilyPart.F103, FamilyVariant.SwdOff));

        // tests/firmware/f1/README.md: HAL_Init writes AFIO_MAPR.SWJ_CFG = 100 microseconds after reset; the delay
        // guard sees the debug port fall silent and connect-under-reset (SWJ_CFG back to 000) halts the core again.
        Assert.Equal(ExitCodes.Errors, hazard.ExitCode);
        Assert.Contains("STM4402", hazard.Err, StringComparison.Ordinal);
        Assert.Contains("delay guard: lost-regained", hazard.Out, StringComparison.Ordinal);
        Assert.Matches(SilentWithinMs(), hazard.Out);

        // The board is not lost: the next flash connects (under reset if need be) and puts the clean program on.
        var clean = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F103RB", "--state", _state, FirmwareBuilder.BuildFamily(FamilyPart.F103));
        Assert.True(clean.ExitCode == ExitCodes.Success, clean.Out + clean.Err);
        Assert.Contains("delay guard: passed", clean.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_family_program_flashes_against_stm32_sim_serve_over_tcp()
    {
        var output = new FlashTestSupport.Lines();
        using var stop = new CancellationTokenSource();
        var options = new VirtualBoardOptions { Board = BoardCatalog.Resolve("NUCLEO-F103RB"), StateFile = _state };
        var serve = Task.Run(() => SimServeCommand.Run(options, 0, null, output, new StringReader(""), stop.Token));
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.F103);
        try
        {
            var port = Listening().Match(output.WaitFor(Listening(), TimeSpan.FromSeconds(20))).Groups[1].Value;
            var result = CliRun.Run("flash", "--probe", $"tcp://127.0.0.1:{port}", "--device", "STM32F103RB", "--delay-guard", "200", elf);
            Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
            Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
            Assert.Contains("boot CM3: confirmed", result.Out, StringComparison.Ordinal);
            Assert.Contains("delay guard: passed (200 ms)", result.Out, StringComparison.Ordinal);
        }
        finally
        {
            stop.Cancel();
            await serve.WaitAsync(TimeSpan.FromSeconds(20));
        }
        using var board = new VirtualBoard(new VirtualBoardOptions { StateFile = _state });
        var first = Stm32.Build.Images.ImageReader.Read(elf).Segments[0];
        Assert.True(board.Chip.FlashBank(1).Slice((int)(first.Address - 0x0800_0000), first.Length).SequenceEqual(first.Data.Span));
    }

    [Fact]
    public void An_image_across_a_1_KiB_page_boundary_erases_exactly_the_pages_it_touches()
    {
        Bench("NUCLEO-F103RB");
        // Something already on page 65 (0x08010400) that the next image does not touch.
        var keep = FlashTestSupport.Hex(0x0801_0400, FlashTestSupport.Pattern(0x100, 11));
        Assert.Equal(ExitCodes.Success, Run("STM32F103RB", FirmwareBuilder.BuildFamily(FamilyPart.F103), keep).ExitCode);

        // RM0008 3.3.3 table 5: medium density, 128 pages of 1 KiB; 0x0800FF00-0x080100FF is the end of page 63 and
        // the start of page 64.
        var across = FlashTestSupport.Pattern(0x200, 5);
        var result = Run("STM32F103RB", FirmwareBuilder.BuildFamily(FamilyPart.F103), FlashTestSupport.Hex(0x0800_FF00, across), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal(["1:63", "1:64"], json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()));
        // The program's pages hold the same program as before: skipped, not erased again.
        Assert.Equal(["1:0", "1:1", "1:2"], json.RootElement.GetProperty("sectorsSkipped").EnumerateArray().Select(e => e.GetString()));
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F103RB", StateFile = _state });
        var bank = board.Chip.FlashBank(1);
        Assert.True(bank.Slice(0xFF00, across.Length).SequenceEqual(across));
        Assert.True(bank.Slice(0x1_0400, 0x100).SequenceEqual(FlashTestSupport.Pattern(0x100, 11)), "page 65 was erased although the image does not touch it");
        Assert.False(bank.Slice(0xF800, 0x700).ContainsAnyExcept((byte)0xFF), "page 63 is erased before the image's part of it");
    }

    [Fact]
    public void An_image_on_the_last_page_of_the_flash_programs_it()
    {
        Bench("NUCLEO-F103RB");
        // Page 127 (0x0801FC00-0x0801FFFF), the last of the 128 KiB.
        var last = FlashTestSupport.Pattern(0x400, 9);
        var result = Run("STM32F103RB", FirmwareBuilder.BuildFamily(FamilyPart.F103), FlashTestSupport.Hex(0x0801_FC00, last), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal(["1:0", "1:1", "1:2", "1:127"], json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()));
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F103RB", StateFile = _state });
        Assert.True(board.Chip.FlashBank(1)[^0x400..].SequenceEqual(last));
    }

    [Fact]
    public void On_a_high_density_F103RE_an_image_across_a_2_KiB_page_boundary_erases_those_two_pages()
    {
        Bench(null, "STM32F103RE");
        // RM0008 3.3.3 table 6: high density, 256 pages of 2 KiB; 0x0803FF00-0x080400FF is the end of page 127 and the
        // start of page 128.
        var across = FlashTestSupport.Pattern(0x200, 7);
        var result = Run("STM32F103RE", FirmwareBuilder.BuildFamily(FamilyPart.F103), FlashTestSupport.Hex(0x0803_FF00, across), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        // The 2840-byte program fits pages 0 and 1 (2 KiB each).
        Assert.Equal(["1:0", "1:1", "1:127", "1:128"], json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()));
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F103RE", StateFile = _state });
        Assert.True(board.Chip.FlashBank(1).Slice(0x3_FF00, across.Length).SequenceEqual(across));
    }

    private CliRun.Result Run(string device, params string[] images) =>
        CliRun.Run(["flash", "--probe", "sim", "--device", device, "--state", _state, "--delay-guard", "0", .. images]);

    [GeneratedRegex(@"delay guard: lost-regained \(1000 ms, silent from [0-9.]+ ms\)")]
    private static partial Regex SilentWithinMs();

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex Listening();
}
