using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Boards;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Xunit;

namespace Stm32.Build.Preflight.Tests;

/// <summary>
/// The preflight in front of the flashing pipeline, on the twin as the real board: a hazard stops the flash before
/// anything is erased; the seed's story end to end (SMPS firmware on an LDO board, nothing declared, nothing remembered).
/// </summary>
[Trait("Requires", "gcc")]
public sealed class FlashGateTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-preflight-{Guid.NewGuid():N}.state");

    private readonly string _boards = Path.Combine(Path.GetTempPath(), $"stm32-preflight-boards-{Guid.NewGuid():N}");

    public void Dispose()
    {
        File.Delete(_state);
        if (Directory.Exists(_boards))
        {
            Directory.Delete(_boards, recursive: true);
        }
    }

    [Fact]
    public async Task A_board_remembered_after_an_LDO_flash_refuses_SMPS_firmware_before_any_erase()
    {
        var clean = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        var smps = FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo);
        var store = new RememberedBoardStore(_boards);
        using var rig = new TwinRig(BoardCatalog.Resolve("custom-h747-ldo"), _state);

        // Nothing declared: the LDO firmware is a warning only, flashes, and the pipeline remembers the board.
        var first = await rig.FlashAsync(clean, allowHazards: false, store: store);
        Assert.True(first.Succeeded, first.Error?.ToString());
        Assert.Contains(first.Diagnostics, d => d.Code == DiagnosticCodes.PreflightSupplyWiringUnknown);
        Assert.Equal(0x02u, Convert.ToUInt32(first.Board!.PwrCr3, 16) & 0x3F);   // PWR_LDO_SUPPLY latched by the firmware
        var erases = rig.Board.Counters.SectorErases.Sum();

        // Still nothing declared: the remembered PWR_CR3 (LDO) refuses the SMPS image before anything is erased.
        var refused = await rig.FlashAsync(smps, allowHazards: false, store: store);
        Assert.Equal(DiagnosticCodes.PreflightFlashStopped, refused.Error!.Code);
        var finding = Assert.Single(refused.Diagnostics, d => d.Code == DiagnosticCodes.PreflightSupplyDiffersFromRemembered);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Contains(first.Board.UniqueId, finding.Message);
        Assert.Equal(erases, rig.Board.Counters.SectorErases.Sum());
        Assert.True(rig.Holds(clean));
    }

    /// <summary>What may stand where a remembered board's file should be.</summary>
    public static TheoryData<string> Corruptions() => ["truncated", "wrong types", "directory", "empty"];

    private static void Corrupt(string file, string corruption)
    {
        File.Delete(file);
        switch (corruption)
        {
            case "truncated": File.WriteAllText(file, "{\"format\":1,\"uniqueId\":\"0031"); break;
            case "wrong types": File.WriteAllText(file, "{\"format\":\"one\",\"uniqueId\":7,\"device\":[],\"pwrCr3\":2}"); break;
            case "directory": Directory.CreateDirectory(file); break;
            default: File.WriteAllBytes(file, []); break;
        }
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_corrupt_remembered_board_is_a_warning_naming_the_file_and_the_preflight_goes_on(string corruption)
    {
        var clean = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        var smps = FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo);
        var store = new RememberedBoardStore(_boards);
        var board = BoardCatalog.Resolve("custom-h747-ldo");
        using var rig = new TwinRig(board, _state);
        var first = await rig.FlashAsync(clean, allowHazards: false, store: store);
        Assert.True(first.Succeeded, first.Error?.ToString());
        var file = store.FileOf(first.Board!.UniqueId);
        Corrupt(file, corruption);
        var erases = rig.Board.Counters.SectorErases.Sum();

        // A hazard still stops the flash before anything is erased; the store's problem is a warning beside it.
        var refused = await rig.FlashAsync(smps, allowHazards: false, declared: board, store: store);
        Assert.Equal(DiagnosticCodes.PreflightFlashStopped, refused.Error!.Code);
        Assert.Contains(refused.Diagnostics, d => d.Code == DiagnosticCodes.PreflightSupplyMismatch && d.Severity == DiagnosticSeverity.Error);
        var problem = Assert.Single(refused.Diagnostics, d => d.Code == DiagnosticCodes.RememberedBoardStoreCorrupt);
        Assert.Equal(DiagnosticSeverity.Warning, problem.Severity);
        Assert.Equal(file, problem.File);
        Assert.Equal(erases, rig.Board.Counters.SectorErases.Sum());
        Assert.True(rig.Holds(clean));

        // Nothing declared: the preflight runs as if nothing were remembered (STM1501, a warning) and the flash goes on.
        var report = await rig.FlashAsync(clean, allowHazards: false, store: store);
        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Contains(report.Diagnostics, d => d.Code == DiagnosticCodes.RememberedBoardStoreCorrupt && d.Severity == DiagnosticSeverity.Warning);
        Assert.Contains(report.Diagnostics, d => d.Code == DiagnosticCodes.PreflightSupplyWiringUnknown && d.Severity == DiagnosticSeverity.Warning);
        Assert.DoesNotContain(report.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        if (corruption == "directory")
        {
            // Remembering over a directory fails with the store's coded warning; the flash itself succeeded.
            Assert.Contains(report.Diagnostics, d => d.Code == DiagnosticCodes.RememberedBoardStoreUnwritable && d.Severity == DiagnosticSeverity.Warning);
        }
        else
        {
            // The healthy flash replaced the corrupt file.
            Assert.Equal(0x02u, store.Recall(first.Board.UniqueId, out var after)!.PwrCr3 & 0x3F);
            Assert.Null(after);
        }
    }

    [Fact]
    public async Task A_hazard_stops_the_flash_before_anything_is_erased_and_the_board_keeps_its_firmware()
    {
        var clean = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        var smps = FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo);
        var board = BoardCatalog.Resolve("custom-h747-ldo");
        using var rig = new TwinRig(board, _state);
        var first = await rig.FlashAsync(clean, allowHazards: false, declared: board);
        Assert.True(first.Succeeded, first.Error?.ToString());
        Assert.Equal("passed", first.DelayGuard!.Result);
        var erases = rig.Board.Counters.SectorErases.Sum();

        var refused = await rig.FlashAsync(smps, allowHazards: false, declared: board);

        Assert.Equal(DiagnosticCodes.PreflightFlashStopped, refused.Error!.Code);
        Assert.Contains(refused.Diagnostics, d => d.Code == DiagnosticCodes.PreflightSupplyMismatch && d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(refused.SectorsErased);
        Assert.Equal(erases, rig.Board.Counters.SectorErases.Sum());
        Assert.True(rig.Holds(clean));
        Assert.Null(rig.Board.Chip.DebugPortSilentReason);
    }

    [Fact]
    public async Task The_seed_story_SMPS_firmware_on_an_LDO_board_with_nothing_declared()
    {
        var smps = FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo);
        var clean = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        using var rig = new TwinRig(BoardCatalog.Resolve("custom-h747-ldo"), _state);

        // Nothing declared, nothing remembered: the preflight can only warn, and the hazard is allowed anyway.
        var report = await rig.FlashAsync(smps, allowHazards: true);
        var warning = Assert.Single(report.Diagnostics, d => d.Code == DiagnosticCodes.PreflightSupplyWiringUnknown);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("passed", report.Verify!.Result);                       // the download verifies
        Assert.Equal("lost-unrecoverable", report.DelayGuard!.Result);       // the target stops answering, under-reset fails
        Assert.Equal(DiagnosticCodes.TargetUnrecoverable, report.Error!.Code);
        // STM4501 names the supply configuration first, with the value, the time and the function.
        Assert.Contains("PWR_CR3 = 0x04", report.LikelyCauses[0]);
        Assert.Contains("ms after reset", report.LikelyCauses[0]);
        Assert.Contains("HAL_PWREx_ConfigSupply", report.LikelyCauses[0]);
        Assert.Contains("STM1501", report.LikelyCauses[0]);
        Assert.Contains(report.LikelyCauses, c => c.Contains("PA13"));

        // The documented recovery: BOOT0 high, power cycle, recover.
        rig.Board.Boot0High = true;
        rig.Board.PowerCycle();
        rig.Reopen();
        var recover = await new Flashing.FlashPipeline(rig.Session).RecoverAsync(PreflightHarness.H747);
        Assert.True(recover.Succeeded, recover.Error?.ToString());
        rig.Board.Boot0High = false;
        rig.Board.PowerCycle();
        rig.Reopen();

        // The corrected image flashes and passes the delay guard.
        var fixedReport = await rig.FlashAsync(clean, allowHazards: false, declared: BoardCatalog.Resolve("custom-h747-ldo"));
        Assert.True(fixedReport.Succeeded, fixedReport.Error?.ToString());
        Assert.Equal("passed", fixedReport.DelayGuard!.Result);
        Assert.True(rig.Holds(clean));
    }
}
