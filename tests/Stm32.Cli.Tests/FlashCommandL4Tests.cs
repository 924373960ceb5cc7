using System.Text.RegularExpressions;
using Stm32.Build.Execution;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Cli.Commands;
using Xunit;

using static Stm32.Cli.Tests.FlashTestSupport;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 flash</c> end to end on virtual STM32L4 and STM32G4 boards (the family programs of tests/firmware/l4 and
/// tests/firmware/g4 on NUCLEO-L476RG, NUCLEO-L432KC, NUCLEO-G431RB and NUCLEO-G474RE): on the in-process <c>sim</c>
/// probe and over TCP against <c>stm32 sim serve</c>; the SWD-pins hazard; the page geometry edge cases (the last
/// page of bank 1 and the first of bank 2 of an L476 and a dual-bank G474; a G474 switched to one bank of 4 KiB pages).
/// </summary>
[Trait("Requires", "gcc")]
public sealed partial class FlashCommandL4Tests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-flash-l4-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    /// <summary>A state file of a board as it comes off the bench (erased flash), so the sim probe composes that board.</summary>
    private void Bench(string board)
    {
        using var _ = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.Resolve(board), StateFile = _state });
    }

    [Theory]
    [InlineData("NUCLEO-L476RG", "STM32L476RG", FamilyPart.L476)]
    [InlineData("NUCLEO-L432KC", "STM32L432KC", FamilyPart.L432)]
    [InlineData("NUCLEO-G431RB", "STM32G431RB", FamilyPart.G431)]
    [InlineData("NUCLEO-G474RE", "STM32G474RE", FamilyPart.G474)]
    public void The_family_program_flashes_verifies_boots_and_passes_the_delay_guard(string board, string device, FamilyPart part)
    {
        Bench(board);
        var elf = FirmwareBuilder.BuildFamily(part);
        var result = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", _state, elf);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
        Assert.Contains("boot CM4: confirmed", result.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: passed (1000 ms)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", result.Err, StringComparison.Ordinal);
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = device, StateFile = _state });
        Assert.Equal(board, after.Board.Name);
        var image = Stm32.Build.Images.ImageReader.Read(elf);
        foreach (var segment in image.Segments.Where(s => s.Address >= 0x0800_0000))
        {
            Assert.True(after.Chip.FlashBank(1).Slice((int)(segment.Address - 0x0800_0000), segment.Length).SequenceEqual(segment.Data.Span));
        }
    }

    [Theory]
    [InlineData("NUCLEO-L476RG", "STM32L476RG", FamilyPart.L476)]
    [InlineData("NUCLEO-G474RE", "STM32G474RE", FamilyPart.G474)]
    public void The_swd_off_variant_is_caught_by_the_delay_guard_and_a_clean_image_goes_back_on(string board, string device, FamilyPart part)
    {
        Bench(board);
        // The preflight sees the pins go (STM1505) and stops the flash before anything is erased (STM1538) …
        var refused = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", _state, FirmwareBuilder.BuildFamily(part, FamilyVariant.SwdOff));
        Assert.Equal(ExitCodes.Errors, refused.ExitCode);
        Assert.Contains("STM1538", refused.Err, StringComparison.Ordinal);
        Assert.Contains("error STM1505", refused.Out + refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("delay guard", refused.Out, StringComparison.Ordinal);

        // … and flashed anyway (--allow-hazards), the board shows it.
        var hazard = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", _state, "--allow-hazards", FirmwareBuilder.BuildFamily(part, FamilyVariant.SwdOff));

        // tests/firmware/l4/README.md: MX_GPIO_Init makes PA13/PA14 outputs after the clock start-up; the delay guard
        // sees the debug port fall silent and connect-under-reset halts the core again.
        Assert.Equal(ExitCodes.Errors, hazard.ExitCode);
        Assert.Contains("STM4402", hazard.Err, StringComparison.Ordinal);
        Assert.Matches(SilentWithinMs(), hazard.Out);

        var clean = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", _state, FirmwareBuilder.BuildFamily(part));
        Assert.True(clean.ExitCode == ExitCodes.Success, clean.Out + clean.Err);
        Assert.Contains("delay guard: passed", clean.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_family_program_flashes_against_stm32_sim_serve_over_tcp()
    {
        var output = new Lines();
        using var stop = new CancellationTokenSource();
        var options = new VirtualBoardOptions { Board = BoardCatalog.Resolve("NUCLEO-G431RB"), StateFile = _state };
        var serve = Task.Run(() => SimServeCommand.Run(options, 0, null, output, new StringReader(""), stop.Token));
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G431);
        try
        {
            var port = Listening().Match(output.WaitFor(Listening(), TimeSpan.FromSeconds(20))).Groups[1].Value;
            var result = CliRun.Run("flash", "--probe", $"tcp://127.0.0.1:{port}", "--device", "STM32G431RB", "--delay-guard", "200", elf);
            Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
            Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
            Assert.Contains("boot CM4: confirmed", result.Out, StringComparison.Ordinal);
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

    [Theory]
    // RM0351 3.3.1 table 9: bank 1 is 256 pages of 2 KiB to 0x0807FFFF, bank 2 starts at 0x08080000 (page 0, BKER).
    [InlineData("NUCLEO-L476RG", "STM32L476RG", FamilyPart.L476, 0x0807_FF00u, "1:255", 0x8_0000)]
    // RM0440 3.3.1 table 9 (DBANK = 1, factory): bank 1 is 128 pages of 2 KiB, bank 2 starts at 0x08040000.
    [InlineData("NUCLEO-G474RE", "STM32G474RE", FamilyPart.G474, 0x0803_FF00u, "1:127", 0x4_0000)]
    public void An_image_across_the_last_page_of_bank_1_and_the_first_of_bank_2_programs_both_banks(string board, string device, FamilyPart part,
        uint address, string lastPage, int bankSize)
    {
        Bench(board);
        var edge = Pattern(0x200, 3);
        var result = Run(device, FirmwareBuilder.BuildFamily(part), Hex(address, edge), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var erased = json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["1:0", lastPage, "2:0"], erased.Where(e => e != "1:1"));
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = device, StateFile = _state });
        Assert.Equal(bankSize, after.Chip.FlashBank(1).Length);
        Assert.True(after.Chip.FlashBank(1)[^0x100..].SequenceEqual(edge.AsSpan(0, 0x100)));
        Assert.True(after.Chip.FlashBank(2)[..0x100].SequenceEqual(edge.AsSpan(0x100)));
    }

    [Fact]
    public void A_g474_with_dbank_cleared_is_one_bank_of_4_KiB_pages_and_the_image_erases_those()
    {
        Bench("NUCLEO-G474RE");
        using (var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32G474RE", StateFile = _state }))
        {
            lock (board.SyncRoot)
            {
                // RM0440 3.4.2: unlock FLASH_CR and the options, clear OPTR.DBANK (bit 22), OPTSTRT, wait BSY; the new
                // organisation applies at the next reset.
                var ap = board.Chip.AccessPortBus(0)!;
                const uint flash = 0x4002_2000;
                Assert.Equal(BusStatus.Ok, ap.Write(flash + 0x08, AccessSize.Word, 0x4567_0123));
                Assert.Equal(BusStatus.Ok, ap.Write(flash + 0x08, AccessSize.Word, 0xCDEF_89AB));
                Assert.Equal(BusStatus.Ok, ap.Write(flash + 0x0C, AccessSize.Word, 0x0819_2A3B));
                Assert.Equal(BusStatus.Ok, ap.Write(flash + 0x0C, AccessSize.Word, 0x4C5D_6E7F));
                Assert.Equal(BusStatus.Ok, ap.Read(flash + 0x20, AccessSize.Word, out var optr));
                Assert.Equal(BusStatus.Ok, ap.Write(flash + 0x20, AccessSize.Word, optr & ~(1u << 22)));
                Assert.Equal(BusStatus.Ok, ap.Write(flash + 0x14, AccessSize.Word, 1u << 17));
                board.Clock.Advance(TimeSpan.FromMilliseconds(50));
                board.Chip.AdvanceTo(board.Clock.Nanoseconds);
                Assert.Equal(BusStatus.Ok, ap.Write(flash + 0x14, AccessSize.Word, 1u << 31));
                board.Chip.SystemReset();
            }
        }
        // RM0440 3.3.1 table 8 (DBANK = 0): 128 pages of 4 KiB; 0x0803F000-0x08040FFF are pages 63 and 64.
        var across = Pattern(0x2000, 9);
        var result = Run("STM32G474RE", FirmwareBuilder.BuildFamily(FamilyPart.G474), Hex(0x0803_F000, across), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var erased = json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["1:0", "1:63", "1:64"], erased);
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = "STM32G474RE", StateFile = _state });
        Assert.True(after.Chip.FlashBank(1)[0x3_F000..].SequenceEqual(across.AsSpan(0, 0x1000)));
        Assert.True(after.Chip.FlashBank(2)[..0x1000].SequenceEqual(across.AsSpan(0x1000)));
    }

    private CliRun.Result Run(string device, params string[] images) =>
        CliRun.Run(["flash", "--probe", "sim", "--device", device, "--state", _state, "--delay-guard", "0", .. images]);

    [Fact]
    public void The_stop_variant_is_refused_by_the_preflight_caught_by_the_delay_guard_and_regained_under_reset()
    {
        Bench("NUCLEO-L476RG");
        LowPowerFlashChecks.StopIsCaughtRegainedAndTheDebuggableVariantPasses(_state, "STM32L476RG", FamilyPart.L476);
    }

    [GeneratedRegex(@"delay guard: lost-regained \(1000 ms, silent from [0-9.]+ ms\)")]
    private static partial Regex SilentWithinMs();

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex Listening();

}
