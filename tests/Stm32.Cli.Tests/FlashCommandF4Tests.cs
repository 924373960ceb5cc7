using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Cli.Commands;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 flash</c> end to end on virtual STM32F4 boards (the family program of tests/firmware/f4 on an
/// STM32F407G-DISC1 and a NUCLEO-F429ZI, whose 8 MHz HSE the firmware's clock start-up needs): on the in-process
/// <c>sim</c> probe and over TCP against <c>stm32 sim serve</c>; the SWD-pins hazard; geometry edge cases.
/// </summary>
[Trait("Requires", "gcc")]
public sealed partial class FlashCommandF4Tests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-flash-f4-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    /// <summary>A state file of a board as it comes off the bench (erased flash), so the sim probe composes that board.</summary>
    private void Bench(string board)
    {
        using var _ = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.Resolve(board), StateFile = _state });
    }

    [Theory]
    [InlineData("STM32F407G-DISC1", "STM32F407VG", FamilyPart.F407)]
    [InlineData("NUCLEO-F429ZI", "STM32F429ZI", FamilyPart.F429)]
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

    [Fact]
    public void The_swd_off_variant_is_caught_by_the_delay_guard_and_a_clean_image_goes_back_on()
    {
        Bench("STM32F407G-DISC1");
        // The preflight sees the pins go (STM1505) and stops the flash before anything is erased (STM1538) …
        var refused = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F407VG", "--state", _state,
            FirmwareBuilder.BuildFamily(FamilyPart.F407, FamilyVariant.SwdOff));
        Assert.Equal(ExitCodes.Errors, refused.ExitCode);
        Assert.Contains("STM1538", refused.Err, StringComparison.Ordinal);
        Assert.Contains("error STM1505", refused.Out + refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("delay guard", refused.Out, StringComparison.Ordinal);

        // … and flashed anyway (--allow-hazards), the board shows it.
        var hazard = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F407VG", "--state", _state,
            "--allow-hazards", FirmwareBuilder.BuildFamily(FamilyPart.F407, FamilyVariant.SwdOff));

        // tests/firmware/f4/README.md: MX_GPIO_Init makes PA13/PA14 outputs a few ms after reset, after the clock
        // start-up; the delay guard sees the debug port fall silent and connect-under-reset halts the core again.
        Assert.Equal(ExitCodes.Errors, hazard.ExitCode);
        Assert.Contains("STM4402", hazard.Err, StringComparison.Ordinal);
        Assert.Contains("delay guard: lost-regained", hazard.Out, StringComparison.Ordinal);
        Assert.Matches(SilentWithinMs(), hazard.Out);

        // The board is not lost: the next flash connects (under reset if need be) and puts the clean program on.
        var clean = CliRun.Run("flash", "--probe", "sim", "--device", "STM32F407VG", "--state", _state, FirmwareBuilder.BuildFamily(FamilyPart.F407));
        Assert.True(clean.ExitCode == ExitCodes.Success, clean.Out + clean.Err);
        Assert.Contains("delay guard: passed", clean.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_family_program_flashes_against_stm32_sim_serve_over_tcp()
    {
        var output = new FlashTestSupport.Lines();
        using var stop = new CancellationTokenSource();
        var options = new VirtualBoardOptions { Board = BoardCatalog.Resolve("STM32F407G-DISC1"), StateFile = _state };
        var serve = Task.Run(() => SimServeCommand.Run(options, 0, null, output, new StringReader(""), stop.Token));
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.F407);
        try
        {
            var port = Listening().Match(output.WaitFor(Listening(), TimeSpan.FromSeconds(20))).Groups[1].Value;
            var result = CliRun.Run("flash", "--probe", $"tcp://127.0.0.1:{port}", "--device", "STM32F407VG", "--delay-guard", "200", elf);
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

    [Fact]
    public void An_image_across_the_16_64_and_128_KiB_sectors_erases_exactly_the_sectors_it_touches()
    {
        Bench("STM32F407G-DISC1");
        // Something already in sector 6 (0x08040000, 128 KiB) that the next image does not touch.
        var keep = FlashTestSupport.Hex(0x0804_0000, FlashTestSupport.Pattern(0x100, 11));
        Assert.Equal(ExitCodes.Success, Run("STM32F407VG", FirmwareBuilder.BuildFamily(FamilyPart.F407), keep).ExitCode);

        // RM0090 3.3 table 5: sectors 0-3 are 16 KiB, 4 is 64 KiB (0x08010000), 5 is 128 KiB (0x08020000).
        var across = FlashTestSupport.Pattern(0x1_2000, 5);
        var result = Run("STM32F407VG", FirmwareBuilder.BuildFamily(FamilyPart.F407), FlashTestSupport.Hex(0x0800_F000, across), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var erased = json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["1:3", "1:4", "1:5"], erased);
        // Sector 0 holds the same program as before: skipped, not erased again.
        Assert.Equal(["1:0"], json.RootElement.GetProperty("sectorsSkipped").EnumerateArray().Select(e => e.GetString()));
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F407VG", StateFile = _state });
        var bank = board.Chip.FlashBank(1);
        Assert.True(bank.Slice(0xF000, across.Length).SequenceEqual(across));
        Assert.True(bank.Slice(0x4_0000, 0x100).SequenceEqual(FlashTestSupport.Pattern(0x100, 11)), "sector 6 was erased although the image does not touch it");
        Assert.False(bank.Slice(0x4000, 0x8000).ContainsAnyExcept((byte)0xFF), "sectors 1 and 2 are erased and hold nothing");
    }

    [Fact]
    public void An_image_across_the_last_sector_of_bank_1_and_the_first_of_bank_2_programs_both_banks()
    {
        Bench("NUCLEO-F429ZI");
        // RM0090 3.3 table 6: bank 1 ends with sector 11 (128 KiB at 0x080E0000), bank 2 starts with sector 12 at 0x08100000.
        var edge = FlashTestSupport.Pattern(0x200, 3);
        var result = Run("STM32F429ZI", FirmwareBuilder.BuildFamily(FamilyPart.F429), FlashTestSupport.Hex(0x080F_FF00, edge), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var erased = json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["1:0", "1:11", "2:0"], erased);
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F429ZI", StateFile = _state });
        Assert.True(board.Chip.FlashBank(1)[^0x100..].SequenceEqual(edge.AsSpan(0, 0x100)));
        Assert.True(board.Chip.FlashBank(2)[..0x100].SequenceEqual(edge.AsSpan(0x100)));
        Assert.True(board.Counters.SectorErases[1] == 0, "a fresh board from the state file counts nothing");
    }

    [Fact]
    public void On_a_1_mib_f429_with_db1m_set_an_image_across_the_bank_boundary_erases_the_last_sector_of_bank_1_and_the_first_of_bank_2()
    {
        // DB1M = 1 (RM0090 3.9.10) programmed on the bench, in effect from the next reset: two banks of 512 KiB,
        // sectors 0-7 and 12-19 (RM0090 3.3 table 7); the driver reads the option and plans its erases in that layout.
        using (var bench = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F429ZG", StateFile = _state }))
        {
            var ap = bench.Chip.AccessPortBus(0)!;
            foreach (var (address, value) in new[] { (0x4002_3C08u, 0x0819_2A3Bu), (0x4002_3C08u, 0x4C5D_6E7Fu), (0x4002_3C14u, 0x4FFF_AAEEu) })
            {
                Assert.Equal(Stm32.Build.Execution.BusStatus.Ok, ap.Write(address, Stm32.Build.Execution.AccessSize.Word, value)); // OPTKEYR twice, OPTCR with DB1M and OPTSTRT
            }
            bench.Clock.Advance(TimeSpan.FromSeconds(2));
            bench.Chip.AdvanceTo(bench.Clock.Nanoseconds);
            bench.Chip.SystemReset();
            Assert.Equal(2, ((Stm32.Build.VirtualBoard.Families.F4.F4Family)bench.Chip.Family).Flash.BanksInEffect.Count);
        }
        var edge = FlashTestSupport.Pattern(0x200, 7);
        var result = Run("STM32F429ZG", FirmwareBuilder.BuildFamily(FamilyPart.F429), FlashTestSupport.Hex(0x0807_FF00, edge), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal(["1:0", "1:7", "2:0"], json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()));
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32F429ZG", StateFile = _state });
        Assert.True(board.Chip.FlashBank(1).Slice(0x7_FF00, 0x200).SequenceEqual(edge));
    }

    [Theory]
    [InlineData("STM32F401RE")] // RM0368: 512 KiB, sectors 0-7
    [InlineData("STM32F411RE")] // RM0383
    [InlineData("STM32F446RE")] // RM0390
    [InlineData("STM32F429ZI")] // RM0090, dual bank
    public void Each_f4_line_is_flashed_and_boot_confirmed_on_its_virtual_chip(string device)
    {
        using (new VirtualBoard(new VirtualBoardOptions { Device = device, StateFile = _state }))
        {
        }
        // A vector table (SP 0x20008000, every vector at a Thumb "b ." loop; the reset handler at 0x08000200) that fits
        // every part's SRAM and vector count.
        var image = new byte[0x204];
        for (var i = 1; i < 128; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(4 * i), i == 1 ? 0x0800_0201u : 0x0800_0203u);
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(image, 0x2000_8000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x200), 0xE7FE_E7FE);
        var result = CliRun.Run("flash", "--probe", "sim", "--device", device, "--state", _state, "--delay-guard", "100", FlashTestSupport.Hex(0x0800_0000, image));

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
        Assert.Contains("boot CM4: confirmed", result.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: passed (100 ms)", result.Out, StringComparison.Ordinal);
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = device, StateFile = _state });
        Assert.True(board.Chip.FlashBank(1)[..image.Length].SequenceEqual(image));
    }

    private CliRun.Result Run(string device, params string[] images) =>
        CliRun.Run(["flash", "--probe", "sim", "--device", device, "--state", _state, "--delay-guard", "0", .. images]);


    [Fact]
    public void The_stop_variant_is_refused_by_the_preflight_caught_by_the_delay_guard_and_regained_under_reset()
    {
        Bench("STM32F407G-DISC1");
        LowPowerFlashChecks.StopIsCaughtRegainedAndTheDebuggableVariantPasses(_state, "STM32F407VG", FamilyPart.F407);
    }

    [GeneratedRegex(@"delay guard: lost-regained \(1000 ms, silent from [0-9.]+ ms\)")]
    private static partial Regex SilentWithinMs();

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex Listening();
}
