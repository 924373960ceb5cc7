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
/// <c>stm32 flash</c> end to end on a virtual STM32G071 (the family program of tests/firmware/g0 on a NUCLEO-G071RB):
/// on the in-process <c>sim</c> probe and over TCP against <c>stm32 sim serve</c>; the blank chip's empty check; the
/// SWD-pins hazard; option bytes with nBOOT_SEL cleared (boot by the PA14-BOOT0 pin); the last page of the flash and
/// an image past its end.
/// </summary>
[Trait("Requires", "gcc")]
public sealed partial class FlashCommandG0Tests : IDisposable
{
    private const string Board = "NUCLEO-G071RB", Device = "STM32G071RB";
    private const uint Flash = 0x4002_2000;

    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-flash-g0-{Guid.NewGuid():N}.state");

    public void Dispose() => File.Delete(_state);

    /// <summary>A state file of a board as it comes off the bench (erased flash, factory option bytes).</summary>
    private void Bench(bool boot0High = false)
    {
        using var _ = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.Resolve(Board), StateFile = _state, Boot0High = boot0High });
    }

    [Fact]
    public void The_family_program_flashes_a_blank_chip_verifies_boots_and_passes_the_delay_guard()
    {
        Bench();
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G071);
        var result = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, elf);

        // The blank chip latched FLASH_ACR.EMPTY at power-on (RM0444 2.5): without the driver clearing it, the reset
        // with vector catch would start system memory.
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
        Assert.Contains("boot CM0+: confirmed", result.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: passed (1000 ms)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", result.Err, StringComparison.Ordinal);
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = Device, StateFile = _state });
        Assert.Equal(Board, after.Board.Name);
        foreach (var segment in Stm32.Build.Images.ImageReader.Read(elf).Segments.Where(s => s.Address >= 0x0800_0000))
        {
            Assert.True(after.Chip.FlashBank(1).Slice((int)(segment.Address - 0x0800_0000), segment.Length).SequenceEqual(segment.Data.Span));
        }
    }

    [Fact]
    public void The_swd_off_variant_is_caught_by_the_delay_guard_and_a_clean_image_goes_back_on()
    {
        Bench();
        // The preflight sees the pins go (STM1505) and stops the flash before anything is erased (STM1538) …
        var refused = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, FirmwareBuilder.BuildFamily(FamilyPart.G071, FamilyVariant.SwdOff));
        Assert.Equal(ExitCodes.Errors, refused.ExitCode);
        Assert.Contains("STM1538", refused.Err, StringComparison.Ordinal);
        Assert.Contains("error STM1505", refused.Out + refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("delay guard", refused.Out, StringComparison.Ordinal);

        // … and flashed anyway (--allow-hazards), the board shows it.
        var hazard = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, "--allow-hazards", FirmwareBuilder.BuildFamily(FamilyPart.G071, FamilyVariant.SwdOff));

        // tests/firmware/g0/README.md: MX_GPIO_Init makes PA13/PA14 outputs; the delay guard sees the debug port fall
        // silent and connect-under-reset halts the core again.
        Assert.Equal(ExitCodes.Errors, hazard.ExitCode);
        Assert.Contains("STM4402", hazard.Err, StringComparison.Ordinal);
        Assert.Matches(SilentWithinMs(), hazard.Out);

        var clean = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, FirmwareBuilder.BuildFamily(FamilyPart.G071));
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
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G071);
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

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void With_nboot_sel_cleared_the_image_boots_as_the_pa14_boot0_pin_says(bool boot0High, bool boots)
    {
        Bench(boot0High);
        ClearNBootSel();
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G071);
        var result = CliRun.Run("flash", "--probe", "sim", "--device", Device, "--state", _state, elf);

        Assert.Contains("verify: readback passed", result.Out, StringComparison.Ordinal);
        if (boots)
        {
            Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
            Assert.Contains("boot CM0+: confirmed", result.Out, StringComparison.Ordinal);
        }
        else
        {
            // RM0444 2.5: nBOOT_SEL = 0 takes BOOT0 from the pin; high with nBOOT1 = 1 starts system memory.
            Assert.Equal(ExitCodes.Errors, result.ExitCode);
            Assert.Contains("STM4401", result.Err, StringComparison.Ordinal);
            Assert.Matches(HaltedInSystemMemory(), result.Err);
        }
        using var after = new VirtualBoard(new VirtualBoardOptions { Device = Device, StateFile = _state });
        Assert.Equal(BusStatus.Ok, after.Chip.AccessPortBus(0)!.Read(Flash + 0x20, AccessSize.Word, out var optr));
        Assert.Equal(0u, optr & (1u << 24)); // the option bytes were left as they were
    }

    [Fact]
    public void The_last_page_programs_and_an_image_past_the_end_of_the_flash_is_refused()
    {
        Bench();
        var last = Pattern(0x100, 5);
        var result = Run(FirmwareBuilder.BuildFamily(FamilyPart.G071), Hex(0x0801_FF00, last), "--format", "json");

        // RM0444 3.3.1: 64 pages of 2 KiB, the last at 0x0801F800.
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Err);
        using (var json = System.Text.Json.JsonDocument.Parse(result.Out))
        {
            var erased = json.RootElement.GetProperty("sectorsErased").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Equal("1:63", erased[^1]);
            Assert.DoesNotContain("1:62", erased);
        }
        using (var after = new VirtualBoard(new VirtualBoardOptions { Device = Device, StateFile = _state }))
        {
            Assert.True(after.Chip.FlashBank(1)[^0x100..].SequenceEqual(last));
        }

        var past = Run(FirmwareBuilder.BuildFamily(FamilyPart.G071), Hex(0x0801_FF80, Pattern(0x100, 6)));
        Assert.Equal(ExitCodes.Errors, past.ExitCode);
        Assert.Contains("0x08020000", past.Err, StringComparison.OrdinalIgnoreCase);
        using var unchanged = new VirtualBoard(new VirtualBoardOptions { Device = Device, StateFile = _state });
        Assert.True(unchanged.Chip.FlashBank(1)[^0x100..].SequenceEqual(last));
    }

    /// <summary>RM0444 3.4.2: FLASH_OPTR.nBOOT_SEL (bit 24) cleared by OPTSTRT, loaded by a power cycle.</summary>
    private void ClearNBootSel()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = Device, StateFile = _state });
        lock (board.SyncRoot)
        {
            var ap = board.Chip.AccessPortBus(0)!;
            Assert.Equal(BusStatus.Ok, ap.Write(Flash + 0x08, AccessSize.Word, 0x4567_0123));
            Assert.Equal(BusStatus.Ok, ap.Write(Flash + 0x08, AccessSize.Word, 0xCDEF_89AB));
            Assert.Equal(BusStatus.Ok, ap.Write(Flash + 0x0C, AccessSize.Word, 0x0819_2A3B));
            Assert.Equal(BusStatus.Ok, ap.Write(Flash + 0x0C, AccessSize.Word, 0x4C5D_6E7F));
            Assert.Equal(BusStatus.Ok, ap.Read(Flash + 0x20, AccessSize.Word, out var optr));
            Assert.Equal(BusStatus.Ok, ap.Write(Flash + 0x20, AccessSize.Word, optr & ~(1u << 24)));
            Assert.Equal(BusStatus.Ok, ap.Write(Flash + 0x14, AccessSize.Word, 1u << 17));
            board.Clock.Advance(TimeSpan.FromMilliseconds(50));
            board.Chip.AdvanceTo(board.Clock.Nanoseconds);
            Assert.Equal(BusStatus.Ok, ap.Write(Flash + 0x14, AccessSize.Word, 1u << 31));
            board.Chip.SystemReset();
        }
    }

    private CliRun.Result Run(params string[] images) =>
        CliRun.Run(["flash", "--probe", "sim", "--device", Device, "--state", _state, "--delay-guard", "0", .. images]);

    [Fact]
    public void The_stop_variant_is_refused_by_the_preflight_caught_by_the_delay_guard_and_regained_under_reset()
    {
        Bench();
        LowPowerFlashChecks.StopIsCaughtRegainedAndTheDebuggableVariantPasses(_state, Device, FamilyPart.G071);
    }

    [GeneratedRegex(@"delay guard: lost-regained \(1000 ms, silent from [0-9.]+ ms\)")]
    private static partial Regex SilentWithinMs();

    [GeneratedRegex(@"halted at PC 0x1FFF[0-9A-F]{4}", RegexOptions.IgnoreCase)]
    private static partial Regex HaltedInSystemMemory();

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex Listening();

}
