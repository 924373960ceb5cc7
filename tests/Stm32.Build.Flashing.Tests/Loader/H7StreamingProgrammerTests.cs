using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>
/// The pipeline's erase-and-program step through the RAM loader (the default) and through the host-driven path, on
/// the virtual STM32H747 with its emulated cores: the same flash content and the same report fields either way, the
/// last partial flash word padded, and the host-driven path taking over when the core cannot run the loader.
/// </summary>
public sealed class H7StreamingProgrammerTests
{
    [Fact]
    public async Task The_loader_and_the_host_leave_the_same_flash_and_report_the_same_work()
    {
        var images = StreamImages.TwoBanks();
        var runs = new List<(FlashReport Report, byte[] Bank1, byte[] Bank2, long[] Words, long[] Erases)>();
        foreach (var path in new[] { ProgramPath.Auto, ProgramPath.Host })
        {
            using var rig = new BoardRig();
            var report = await rig.Pipeline().FlashAsync(StreamImages.Request(images) with { ProgramPath = path });
            Assert.True(report.Succeeded, report.Error?.ToString());
            Assert.True(rig.AllLocked());
            var (bank1, bank2) = rig.FlashSnapshot();
            runs.Add((report, bank1, bank2, [.. rig.Board.Counters.FlashWordsProgrammed], [.. rig.Board.Counters.SectorErases]));
        }
        var (loader, host) = (runs[0], runs[1]);

        Assert.Equal(FlashWriteOutcome.LoaderPath, loader.Report.ProgramPath);
        Assert.Equal(FlashWriteOutcome.HostPath, host.Report.ProgramPath);
        Assert.Null(loader.Report.ProgramPathReason);
        Assert.DoesNotContain(loader.Report.Diagnostics, d => d.Code == DiagnosticCodes.FlashLoaderFallback);
        Assert.Equal(host.Bank1, loader.Bank1);
        Assert.Equal(host.Bank2, loader.Bank2);
        Assert.Equal(host.Words, loader.Words);
        Assert.Equal(host.Erases, loader.Erases);
        // The loader erases sector by sector as the banks free up; the host erases in plan order: the same set.
        Assert.Equal(host.Report.SectorsErased.Order(), loader.Report.SectorsErased.Order());
        Assert.Equal(host.Report.BytesProgrammed, loader.Report.BytesProgrammed);
        Assert.Equal("passed", loader.Report.Verify!.Result);
        Assert.Equal("passed", host.Report.Verify!.Result);
        Assert.Equal(host.Report.Phases.Select(p => (p.Name, p.Bytes, p.LimitMs)), loader.Report.Phases.Select(p => (p.Name, p.Bytes, p.LimitMs)));
        Assert.Equal(["compare", "erase", "program", "erase+program", "verify"], loader.Report.Phases.Select(p => p.Name));
        Assert.Equal(FlashWriteOutcome.LoaderPath, loader.Report.Phases.Single(p => p.Name == "program").Path);
        Assert.Equal(FlashWriteOutcome.HostPath, host.Report.Phases.Single(p => p.Name == "program").Path);
        // The loader overlaps the bank 2 erase with bank 1's programming and programs both banks at once.
        Assert.True(loader.Report.Phases.Single(p => p.Name == "erase+program").Ms < host.Report.Phases.Single(p => p.Name == "erase+program").Ms);
    }

    [Fact]
    public async Task The_last_partial_flash_word_is_padded_with_the_erased_value()
    {
        using var rig = new BoardRig();
        var images = StreamImages.TwoBanks();

        var report = await rig.Pipeline().FlashAsync(StreamImages.Request(images));

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Equal(FlashWriteOutcome.LoaderPath, report.ProgramPath);
        Assert.True(rig.FlashHolds(images[0].Image));
        Assert.True(rig.FlashHolds(images[1].Image));
        var (bank1, bank2) = rig.FlashSnapshot();
        // CM7: 0x20000 + 5013 bytes end 11 bytes into a flash word; CM4: 3007 bytes end 31 bytes into one.
        Assert.All(bank1.AsSpan(0x2_0000 + 5013, 32 - 5013 % 32).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.All(bank2.AsSpan(3007, 32 - 3007 % 32).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal((0x2_0000 + 5013 + 31) / 32L, rig.Board.Counters.FlashWordsProgrammed[0]);
        Assert.Equal((3007 + 31) / 32L, rig.Board.Counters.FlashWordsProgrammed[1]);
        Assert.Equal(((0x2_0000 + 5013 + 31) / 32 + (3007 + 31) / 32) * 32L, report.BytesProgrammed);
    }

    [Fact]
    public async Task Every_phase_reports_its_time_bytes_rate_path_and_datasheet_limit()
    {
        using var rig = new BoardRig();
        var report = await rig.Pipeline().FlashAsync(StreamImages.Request(StreamImages.TwoBanks()));
        Assert.True(report.Succeeded, report.Error?.ToString());

        var erase = report.Phases.Single(p => p.Name == "erase");
        var program = report.Phases.Single(p => p.Name == "program");
        var both = report.Phases.Single(p => p.Name == "erase+program");
        // Two sectors of bank 1 and one of bank 2; the limit has the banks in parallel: bank 1's two erases
        // (1 s typical each at x64) and its 4253 flash words (100 µs typical each).
        Assert.Equal(3 * 128 * 1024, erase.Bytes);
        Assert.Equal(2000, erase.LimitMs!.Value, 3);
        Assert.Equal(4253 * 0.1, program.LimitMs!.Value, 3);
        Assert.Equal(2000 + 4253 * 0.1, both.LimitMs!.Value, 3);
        Assert.Equal(report.BytesProgrammed, program.Bytes);
        Assert.Equal(erase.Bytes + program.Bytes, both.Bytes);
        Assert.Equal(both.Ms / both.LimitMs.Value, both.Ratio!.Value, 2);
        Assert.Equal(program.Bytes / 1024.0 / (program.Ms / 1000), program.KiBPerSecond!.Value, 0);
        Assert.InRange(both.Ratio.Value, 1.0, 1.5);
        Assert.Equal(report.DurationsMs["erase+program"], both.Ms, 3);
        var json = report.ToJson();
        Assert.Contains("\"phases\"", json);
        Assert.Contains("\"limitMs\"", json);
    }

    [Fact]
    public async Task A_core_that_cannot_run_the_loader_leaves_the_work_to_the_host_and_says_why()
    {
        // Cores whose clock never runs: they halt at the reset vector and take register writes, but execute nothing.
        using var board = new Board(new VirtualBoardOptions(), FrozenCore.Factory);
        using var session = DebugSessions.Open(new VirtualProbeTransport(board));
        var images = StreamImages.TwoBanks();

        var report = await new FlashPipeline(session).FlashAsync(StreamImages.Request(images));

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Equal(FlashWriteOutcome.HostPath, report.ProgramPath);
        Assert.Contains("the loader did not start", report.ProgramPathReason);
        var info = Assert.Single(report.Diagnostics, d => d.Code == DiagnosticCodes.FlashLoaderFallback);
        Assert.Contains("the loader did not start", info.Message);
        Assert.Equal("passed", report.Verify!.Result);
        foreach (var image in images.Select(i => i.Image))
        {
            foreach (var segment in image.Segments)
            {
                var bank = BoardRig.Device.FindBank(segment.Address)!;
                Assert.True(board.Chip.FlashBank(bank.Number).Slice((int)(segment.Address - bank.Start), segment.Length).SequenceEqual(segment.Data.Span));
            }
        }
        Assert.All(BoardRig.Device.FlashBanks, b => Assert.False(board.Chip.Flash.IsUnlocked(b.Number)));
        Assert.Equal([2L, 1L], board.Counters.SectorErases);
    }
}
