using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.G0;
using Stm32.Cli.Commands;
using Xunit;

using static Stm32.Cli.Tests.FlashTestSupport;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 flash</c> end to end on a virtual dual-bank STM32G0B1 (the family program of tests/firmware/g0 on a
/// NUCLEO-G0B1RE): on the in-process <c>sim</c> probe and over TCP against <c>stm32 sim serve</c>; the SWD-pins hazard
/// regained under reset; an image across the last page of bank 1 and the first of bank 2 (bank 2's pages are 256-383
/// in FLASH_CR.PNB with BKER, RM0444 3.3.1) erasing those two pages and nothing else.
/// </summary>
[Trait("Requires", "gcc")]
public sealed partial class FlashCommandG0B1Tests : IDisposable
{
    private const string Board = "NUCLEO-G0B1RE", Device = "STM32G0B1RE";
    private const uint Bank1LastPage = 0x0803_F800;

    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-flash-g0b1-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    /// <summary>A state file of a board as it comes off the bench (erased flash, factory option bytes).</summary>
    private void Bench()
    {
        using var _ = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.Resolve(Board), StateFile = _state });
    }

    [Fact]
    public void The_family_program_flashes_a_blank_chip_verifies_boots_and_passes_the_delay_guard()
    {
        Bench();
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G0B1);
        var result = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, elf);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
        Assert.Contains("boot CM0+: confirmed", result.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: passed (1000 ms)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", result.Out + result.Err, StringComparison.Ordinal);
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = Device, StateFile = _state });
        Assert.Equal(Board, after.Board.Name);
        foreach (var segment in Stm32.Build.Images.ImageReader.Read(elf).Segments.Where(s => s.Address >= 0x0800_0000))
        {
            Assert.True(after.Chip.FlashBank(1).Slice((int)(segment.Address - 0x0800_0000), segment.Length).SequenceEqual(segment.Data.Span));
        }
    }

    [Fact]
    public void The_swd_off_variant_is_caught_by_the_delay_guard_and_regained_under_reset()
    {
        Bench();
        var hazard = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, "--allow-hazards", FirmwareBuilder.BuildFamily(FamilyPart.G0B1, FamilyVariant.SwdOff));

        // tests/firmware/g0/README.md: MX_GPIO_Init makes PA13/PA14 outputs; the delay guard sees the debug port fall
        // silent and connect-under-reset halts the core again.
        Assert.Equal(ExitCodes.Errors, hazard.ExitCode);
        Assert.Contains("STM4402", hazard.Err, StringComparison.Ordinal);
        Assert.Matches(SilentWithinMs(), hazard.Out);

        var clean = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, FirmwareBuilder.BuildFamily(FamilyPart.G0B1));
        Assert.True(clean.ExitCode == ExitCodes.Success, clean.Out + clean.Err);
        Assert.Contains("delay guard: passed", clean.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_family_program_flashes_against_stm32_sim_serve_over_tcp()
    {
        var output = new Lines();
        using var stop = new CancellationTokenSource();
        var options = new VirtualBoardOptions { Board = BoardCatalog.Resolve(Board), StateFile = _state };
        var serve = Task.Run(() => SimServeCommand.Run(options, 0, null, output, new StringReader(""), stop.Token));
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G0B1);
        try
        {
            var port = Listening().Match(output.WaitFor(Listening(), TimeSpan.FromSeconds(20))).Groups[1].Value;
            var result = CliRun.Run("flash", "--probe", $"tcp://127.0.0.1:{port}", "--device", Device, "--delay-guard", "200", elf);
            Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
            Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
            Assert.Contains("boot CM0+: confirmed", result.Out, StringComparison.Ordinal);
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
    public void An_image_across_the_last_page_of_bank_1_and_the_first_of_bank_2_erases_those_two_pages_only()
    {
        Bench();
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G0B1);
        Assert.True(CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, "--delay-guard", "0", elf).ExitCode == ExitCodes.Success);
        // Something already around the boundary: bank 1's page 126 and bank 2's page 257 must keep it.
        using (var board = new VirtualBoard(new VirtualBoardOptions { Device = Device, StateFile = _state }))
        {
            var family = (G0Family)board.Chip.Family;
            family.Flash.BankArray(1).AsSpan(^0x1000).Fill(0x11);
            family.Flash.BankArray(2).AsSpan(0, 0x1000).Fill(0x22);
        }

        var across = Pattern(0x1000, 9); // 0x0803F800..0x080407FF
        var result = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, "--delay-guard", "0", "--format", "json",
            elf, Hex(Bank1LastPage, across));

        // RM0444 3.3.1: bank 1 is pages 0-127 to 0x0803FFFF, bank 2 pages 256-383 from 0x08040000.
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using (var json = System.Text.Json.JsonDocument.Parse(result.Out))
        {
            var erased = json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Equal(["1:127", "2:0"], erased);
        }
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = Device, StateFile = _state });
        Assert.True(after.Chip.FlashBank(1)[^0x800..].SequenceEqual(across.AsSpan(0, 0x800)));
        Assert.True(after.Chip.FlashBank(2)[..0x800].SequenceEqual(across.AsSpan(0x800)));
        Assert.All(after.Chip.FlashBank(1)[^0x1000..^0x800].ToArray(), v => Assert.Equal(0x11, v));
        Assert.All(after.Chip.FlashBank(2)[0x800..0x1000].ToArray(), v => Assert.Equal(0x22, v));
        Assert.All(after.Chip.FlashBank(2)[0x1000..].ToArray(), v => Assert.Equal(0xFF, v));
    }

    [GeneratedRegex(@"delay guard: lost-regained \(1000 ms, silent from [0-9.]+ ms\)")]
    private static partial Regex SilentWithinMs();

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex Listening();
}
