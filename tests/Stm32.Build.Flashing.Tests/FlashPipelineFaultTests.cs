using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Images;
using Stm32.Build.StLink;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.Flashing.Tests;

/// <summary>Each board fault of the virtual board drives its path of the pipeline.</summary>
[Trait("Requires", "gcc")]
public sealed class FlashPipelineFaultTests
{
    [Fact]
    public async Task Firmware_that_reassigns_the_swd_pins_is_regained_under_reset_with_the_window()
    {
        // swd_off.c makes PA13/PA14 outputs as soon as it runs: the debug port goes silent until NRST.
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7SwdOff);

        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)));

        Assert.Equal(DiagnosticCodes.DebugAccessLost, report.Error!.Code);
        Assert.Equal("lost-regained", report.DelayGuard!.Result);
        Assert.InRange(report.DelayGuard.FirstSilenceMs!.Value, 0, 5); // its first instructions silence the port
        Assert.Matches(@"within \d+ ms of reset", report.Error.Message);
        Assert.True(rig.FlashHolds(image));
        Assert.True(rig.AllLocked());
        Assert.Equal(Execution.CoreRunState.Halted, rig.Board.Chip.Cores[0].State);
    }

    [Fact]
    public async Task Firmware_that_reassigns_the_swd_pins_can_be_a_warning()
    {
        using var rig = new BoardRig();
        var request = BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7SwdOff))) with { DebugLossIsWarning = true };

        var report = await rig.Pipeline().FlashAsync(request);

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Contains(report.Diagnostics, d => d.Code == DiagnosticCodes.DebugAccessLost && d.Severity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public async Task AutoConnect_FallsBackToUnderReset_WhenTheRunningFirmwareHasSilencedTheDebugPort()
    {
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7SwdOff);
        var first = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero, Run = false });
        Assert.True(first.Succeeded, first.Error?.ToString());
        // Let the firmware run: it turns PA13/PA14 into outputs and the debug port goes silent.
        var reset = await rig.Pipeline().ResetAsync(BoardRig.Device, ResetKind.Software);
        Assert.True(reset.Succeeded, reset.Error?.ToString());
        rig.Board.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(rig.Board.DebugPort.IsResponding);
        rig.Reopen();

        var normal = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { Connect = ConnectMode.Normal, DelayGuard = TimeSpan.Zero });
        Assert.Equal(DiagnosticCodes.ConnectFailed, normal.Error!.Code);
        Assert.Contains("under-reset", normal.Error.Message);

        rig.Reopen();
        var auto = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero });
        Assert.True(auto.Succeeded, auto.Error?.ToString());
        Assert.Equal("under-reset", auto.Connection!.Mode);
        Assert.Equal(3, auto.Connection.Attempts);
        Assert.Single(auto.SectorsSkipped);
    }

    [Fact]
    public async Task Direct_smps_firmware_on_an_ldo_board_gives_the_recovery_diagnostic_then_recover_and_a_good_flash_work()
    {
        var state = Path.Combine(Path.GetTempPath(), $"stm32-flash-test-{Guid.NewGuid():N}.state");
        var ldoBoard = BoardCatalog.Resolve("custom-h747-ldo");
        try
        {
            using (var rig = new BoardRig(new VirtualBoardOptions { StateFile = state, Board = ldoBoard }))
            {
                var smps = ImageReader.Read(FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo));
                var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(smps)));
                Assert.Equal(DiagnosticCodes.TargetUnrecoverable, report.Error!.Code);
                Assert.Equal("lost-unrecoverable", report.DelayGuard!.Result);
                Assert.True(rig.Board.Chip.SupplyLost, "the firmware's PWR_CR3 store should have lost the core supply");
                Assert.Contains("SMPS/LDO", report.LikelyCauses[0]);
                Assert.Contains(report.LikelyCauses, c => c.Contains("PA13"));
                Assert.Contains("BOOT0 high", report.RecoverySteps[0]);
                Assert.Contains(report.RecoverySteps, s => s.Contains("stm32 recover"));
                Assert.Contains(FlashPipeline.RecoveryDocLink, report.Error.Message);

                // The documented procedure: BOOT0 high, power cycle, recover.
                rig.Board.Boot0High = true;
                rig.Board.PowerCycle();
                rig.Reopen();
                var recover = await rig.Pipeline().RecoverAsync(BoardRig.Device);
                Assert.True(recover.Succeeded, recover.Error?.ToString());
                Assert.Equal("blank", recover.Verify!.Result);
                Assert.False(rig.Board.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF));
                Assert.False(rig.Board.Chip.FlashBank(2).ContainsAnyExcept((byte)0xFF));
                rig.Board.Boot0High = false;
            }

            // BOOT0 low, power cycle, and firmware with the supply configuration the board is wired for flashes fine.
            using var good = new BoardRig(new VirtualBoardOptions { StateFile = state, Board = ldoBoard });
            var image = ImageReader.Read(FirmwareBuilder.BuildH747Hal(HalVariant.Clean));
            var ok = await good.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)));
            Assert.True(ok.Succeeded, ok.Error?.ToString());
            Assert.True(good.FlashHolds(image));
            Assert.False(good.Board.Chip.SupplyLost);
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public async Task NrstNotWired_UnderResetSaysSoPlainly()
    {
        using var rig = new BoardRig("nrst-unwired");
        var request = BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky))) with { Connect = ConnectMode.UnderReset };

        var report = await rig.Pipeline().FlashAsync(request);

        Assert.Equal(DiagnosticCodes.ConnectUnderResetFailed, report.Error!.Code);
        Assert.Contains("NRST is not wired", report.Error.Message);
        Assert.Equal(0, rig.Board.Counters.SectorErases[0]);
    }

    [Fact]
    public async Task ProbeUnpluggedMidProgram_IsATypedError_AndARerunCompletes()
    {
        var image = BoardRig.TwoSectorImage(0x33);
        // Measure on a healthy board when programming starts and ends, then unplug half-way through programming.
        long programStart = -1, programEnd = 0;
        using (var healthy = new BoardRig())
        {
            var counting = new SyncProgress(p =>
            {
                if (p.Phase == FlashPhase.Program)
                {
                    if (programStart < 0)
                    {
                        programStart = healthy.Board.Counters.UsbRoundTrips;
                    }
                    programEnd = healthy.Board.Counters.UsbRoundTrips;
                }
            });
            var ok = await healthy.Pipeline(counting).FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero });
            Assert.True(ok.Succeeded, ok.Error?.ToString());
        }
        using var rig = new BoardRig($"unplug-after={(programStart + programEnd) / 2}");

        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)));

        Assert.Equal(DiagnosticCodes.ProbeDisconnected, report.Error!.Code);
        Assert.IsType<TransportException>(report.Exception);
        Assert.True(rig.Board.Counters.FlashWordsProgrammed[0] > 0, "the unplug should happen while programming");

        rig.Board.Replug();
        rig.Board.Chip.SystemReset();
        rig.Reopen();
        var rerun = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero });
        Assert.True(rerun.Succeeded, rerun.Error?.ToString());
        Assert.Equal("passed", rerun.Verify!.Result);
        Assert.True(rig.FlashHolds(image));
    }

    [Fact]
    public async Task NoTargetPower_IsReportedByTheProbeLayer()
    {
        using var rig = new BoardRig("no-target-power");
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky))));
        Assert.Equal(DiagnosticCodes.TargetNotPowered, report.Error!.Code);
    }

    [Theory]
    [InlineData("WRPERR")]
    [InlineData("PGSERR")]
    [InlineData("STRBERR")]
    [InlineData("INCERR")]
    [InlineData("OPERR")]
    [InlineData("RDPERR")]
    [InlineData("RDSERR")]
    [InlineData("SNECCERR")]
    [InlineData("DBECCERR")]
    public async Task EachFlashErrorFlagSetByTheBoard_IsReportedByNameWithTheAddress_AndRelocks(string flag)
    {
        using var rig = new BoardRig("flash-error=" + flag);
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky))));

        Assert.False(report.Succeeded);
        Assert.Equal(DiagnosticCodes.FlashOperationError, report.Error!.Code);
        Assert.Contains(flag, report.Error.Message);
        Assert.InRange(report.Error.Address!.Value, 0x0800_0000u, 0x0801_FFFFu); // the image's only sector
        Assert.True(rig.AllLocked());
    }

    [Fact]
    public async Task StaleErrorFlags_AreClearedBeforeProgramming()
    {
        using var rig = new BoardRig();
        // A write to flash while the bank is locked leaves PGSERR set in FLASH_SR1 (RM0399 4.9.5).
        var bus = rig.Board.Chip.AccessPortBus(0)!;
        bus.Write(0x0800_0000, Execution.AccessSize.Word, 0);
        Assert.NotEqual(0u, rig.Board.Chip.Flash.Status(1) & (1u << 18));

        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky))) with { DelayGuard = TimeSpan.Zero });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Equal(0u, rig.Board.Chip.Flash.Status(1) & (uint)Stm32.Build.Flashing.H7.H7FlashErrors.All);
    }

    [Fact]
    public async Task Cancellation_RelocksTheFlash()
    {
        using var rig = new BoardRig();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == FlashPhase.Program)
            {
                cts.Cancel();
            }
        });
        var report = await rig.Pipeline(progress).FlashAsync(BoardRig.Request(new ImageInput(BoardRig.TwoSectorImage(0x44))), cts.Token);

        Assert.Equal(DiagnosticCodes.FlashCancelled, report.Error!.Code);
        Assert.IsAssignableFrom<OperationCanceledException>(report.Exception);
        Assert.True(rig.AllLocked());
    }

    [Fact]
    public async Task RdpLevel2WithoutConfirmation_IsRefusedBeforeAnythingIsTouched()
    {
        using var rig = new BoardRig();
        var request = BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky))) with { OptionBytes = new OptionBytesRequest { RdpLevel = 2 } };
        var before = rig.Board.Counters.UsbRoundTrips;

        var report = await rig.Pipeline().FlashAsync(request);

        Assert.Equal(DiagnosticCodes.OptionRdp2Refused, report.Error!.Code);
        Assert.Equal(before, rig.Board.Counters.UsbRoundTrips);
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (Progress&lt;T&gt; posts).</summary>
    private sealed class SyncProgress(Action<FlashProgress> action) : IProgress<FlashProgress>
    {
        public void Report(FlashProgress value) => action(value);
    }
}
