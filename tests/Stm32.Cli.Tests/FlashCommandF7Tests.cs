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
/// <c>stm32 flash</c> end to end on virtual STM32F7 boards (the family program of tests/firmware/f7 on a
/// NUCLEO-F746ZG and a NUCLEO-F767ZI, whose 8 MHz HSE bypass the firmware's clock start-up needs): on the in-process
/// <c>sim</c> probe and over TCP against <c>stm32 sim serve</c>; the SWD-pins hazard; geometry edge cases (the
/// 32/128/256 KiB sectors, the F767's dual-bank mode chosen by FLASH_OPTCR.nDBANK).
/// </summary>
[Trait("Requires", "gcc")]
public sealed partial class FlashCommandF7Tests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-flash-f7-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    /// <summary>A state file of a board as it comes off the bench (erased flash), so the sim probe composes that board.</summary>
    private void Bench(string board)
    {
        using var _ = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.Resolve(board), StateFile = _state });
    }

    [Theory]
    [InlineData("NUCLEO-F746ZG", "STM32F746ZG", FamilyPart.F746)]
    [InlineData("NUCLEO-F767ZI", "STM32F767ZI", FamilyPart.F767)]
    public void The_family_program_flashes_verifies_boots_and_passes_the_delay_guard(string board, string device, FamilyPart part)
    {
        Bench(board);
        var elf = FirmwareBuilder.BuildFamily(part);
        var result = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", _state, elf);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
        Assert.Contains("boot CM7: confirmed", result.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: passed (1000 ms)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", result.Out + result.Err, StringComparison.Ordinal); // the driver is proven on the F7
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = device, StateFile = _state });
        Assert.Equal(board, after.Board.Name);
        var image = Stm32.Build.Images.ImageReader.Read(elf);
        foreach (var segment in image.Segments.Where(s => s.Address >= 0x0800_0000))
        {
            Assert.True(after.Chip.FlashBank(1).Slice((int)(segment.Address - 0x0800_0000), segment.Length).SequenceEqual(segment.Data.Span));
        }
    }

    [Fact]
    public void The_swd_off_variant_is_caught_by_the_delay_guard_and_a_clean_image_goes_back_on()
    {
        Bench("NUCLEO-F746ZG");
        // The preflight sees the pins go (STM1505) and stops the flash before anything is erased (STM1538) …
        var refused = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F746ZG", "--state", _state,
            FirmwareBuilder.BuildFamily(FamilyPart.F746, FamilyVariant.SwdOff));
        Assert.Equal(ExitCodes.Errors, refused.ExitCode);
        Assert.Contains("STM1538", refused.Err, StringComparison.Ordinal);
        Assert.Contains("error STM1505", refused.Out + refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("delay guard", refused.Out, StringComparison.Ordinal);

        // … and flashed anyway (--allow-hazards), the board shows it.
        var hazard = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F746ZG", "--state", _state,
            "--allow-hazards", FirmwareBuilder.BuildFamily(FamilyPart.F746, FamilyVariant.SwdOff));

        // tests/firmware/f7/README.md: MX_GPIO_Init makes PA13/PA14 outputs after the clock start-up; the delay guard
        // sees the debug port fall silent and connect-under-reset halts the core again.
        Assert.Equal(ExitCodes.Errors, hazard.ExitCode);
        Assert.Contains("STM4402", hazard.Err, StringComparison.Ordinal);
        Assert.Contains("delay guard: lost-regained", hazard.Out, StringComparison.Ordinal);
        Assert.Matches(SilentWithinMs(), hazard.Out);

        var clean = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F746ZG", "--state", _state, FirmwareBuilder.BuildFamily(FamilyPart.F746));
        Assert.True(clean.ExitCode == ExitCodes.Success, clean.Out + clean.Err);
        Assert.Contains("delay guard: passed", clean.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_family_program_flashes_against_stm32_sim_serve_over_tcp()
    {
        var output = new Lines();
        using var stop = new CancellationTokenSource();
        var options = new VirtualBoardOptions { Board = BoardCatalog.Resolve("NUCLEO-F767ZI"), StateFile = _state };
        var serve = Task.Run(() => SimServeCommand.Run(options, 0, null, output, new StringReader(""), stop.Token));
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.F767);
        try
        {
            var port = Listening().Match(output.WaitFor(Listening(), TimeSpan.FromSeconds(20))).Groups[1].Value;
            var result = CliRun.Run("flash", "--probe", $"tcp://127.0.0.1:{port}", "--device", "STM32F767ZI", "--delay-guard", "200", elf);
            Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
            Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
            Assert.Contains("boot CM7: confirmed", result.Out, StringComparison.Ordinal);
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
    public void An_image_across_the_32_128_and_256_KiB_sectors_erases_exactly_the_sectors_it_touches()
    {
        Bench("NUCLEO-F746ZG");
        // Something already in sector 6 (0x08080000, 256 KiB) that the next image does not touch.
        var keep = Hex(0x0808_0000, Pattern(0x100, 11));
        Assert.Equal(ExitCodes.Success, Run("STM32F746ZG", FirmwareBuilder.BuildFamily(FamilyPart.F746), keep).ExitCode);

        // RM0385 3.3.2 table 3: sectors 0-3 are 32 KiB, 4 is 128 KiB (0x08020000), 5 is 256 KiB (0x08040000).
        var across = Pattern(0x2_2000, 5);
        var result = Run("STM32F746ZG", FirmwareBuilder.BuildFamily(FamilyPart.F746), Hex(0x0801_F000, across), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var erased = json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["1:3", "1:4", "1:5"], erased);
        Assert.Equal(["1:0"], json.RootElement.GetProperty("sectorsSkipped").EnumerateArray().Select(e => e.GetString()));
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F746ZG", StateFile = _state });
        var bank = board.Chip.FlashBank(1);
        Assert.True(bank.Slice(0x1_F000, across.Length).SequenceEqual(across));
        Assert.True(bank.Slice(0x8_0000, 0x100).SequenceEqual(Pattern(0x100, 11)), "sector 6 was erased although the image does not touch it");
        Assert.False(bank.Slice(0x8000, 0x1_0000).ContainsAnyExcept((byte)0xFF), "sectors 1 and 2 are erased and hold nothing");
    }

    [Fact]
    public void In_dual_bank_mode_an_image_across_the_last_sector_of_bank_1_and_the_first_of_bank_2_programs_both_banks()
    {
        // A NUCLEO-F767ZI whose option bytes select the dual-bank organisation (FLASH_OPTCR.nDBANK = 0, RM0410 3.3.2):
        // bank 1 ends with sector 11 (128 KiB at 0x080E0000), bank 2 starts with sector 12 (16 KiB at 0x08100000).
        using (var setup = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.Resolve("NUCLEO-F767ZI"), StateFile = _state }))
        {
            lock (setup.SyncRoot)
            {
                var ap = setup.Chip.AccessPortBus(0)!;
                void Write(uint address, uint value) => Assert.Equal(BusStatus.Ok, ap.Write(address, AccessSize.Word, value));
                Write(0x4002_3C04, 0x4567_0123);
                Write(0x4002_3C04, 0xCDEF_89AB);
                Write(0x4002_3C08, 0x0819_2A3B);
                Write(0x4002_3C08, 0x4C5D_6E7F);
                Write(0x4002_3C14, 0xDFFF_AAFC); // the factory OPTCR with nDBANK = 0, unlocked
                Write(0x4002_3C14, 0xDFFF_AAFE); // OPTSTRT
                setup.Clock.Advance(TimeSpan.FromSeconds(1)); // BSY for the option change
                setup.Chip.AdvanceTo(setup.Clock.Nanoseconds);
                Assert.Equal(0u, ap.Read(0x4002_3C0C, AccessSize.Word, out var sr) == BusStatus.Ok ? sr & (1u << 16) : 1u);
                Write(0x4002_3C10, 1u << 31);
                setup.Chip.SystemReset();
            }
        }
        var edge = Pattern(0x200, 3);
        var result = Run("STM32F767ZI", FirmwareBuilder.BuildFamily(FamilyPart.F767), Hex(0x080F_FF00, edge), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var erased = json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["1:0", "1:11", "2:0"], erased);
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F767ZI", StateFile = _state });
        var flash = board.Chip.FlashBank(1); // the 2 MiB array from 0x08000000
        Assert.True(flash.Slice(0xF_FF00, 0x200).SequenceEqual(edge));
        Assert.False(flash.Slice(0x10_0200, 0x3E00).ContainsAnyExcept((byte)0xFF), "bank 2's sector 12 holds only the image");
    }

    private CliRun.Result Run(string device, params string[] images) =>
        CliRun.Run(["flash", "--probe", "sim", "--device", device, "--state", _state, "--delay-guard", "0", .. images]);

    [GeneratedRegex(@"delay guard: lost-regained \(1000 ms, silent from [0-9.]+ ms\)")]
    private static partial Regex SilentWithinMs();

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex Listening();

}
