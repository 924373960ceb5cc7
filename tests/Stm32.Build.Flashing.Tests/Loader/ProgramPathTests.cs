using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Flashing.Tests.Families;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Driver;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>
/// <see cref="FlashRequest.ProgramPath"/>: <c>loader</c> runs the loader or fails with STM4903 (no fallback), both on
/// a core that cannot run it and on a family without one; <c>host</c> never runs it; the report says what ran.
/// </summary>
public sealed class ProgramPathTests
{
    [Theory]
    [InlineData(ProgramPath.Auto, FlashWriteOutcome.LoaderPath)]
    [InlineData(ProgramPath.Loader, FlashWriteOutcome.LoaderPath)]
    [InlineData(ProgramPath.Host, FlashWriteOutcome.HostPath)]
    public async Task The_report_says_which_path_ran(ProgramPath path, string expected)
    {
        using var rig = new BoardRig();
        var images = StreamImages.TwoBanks();
        var instructions = rig.Board.Chip.Cores[0].InstructionsRetired;

        var report = await rig.Pipeline().FlashAsync(StreamImages.Request(images) with { ProgramPath = path });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Equal(expected, report.ProgramPath);
        Assert.Equal(expected, report.Phases.Single(p => p.Name == "program").Path);
        Assert.Null(report.ProgramPathReason);
        Assert.DoesNotContain(report.Diagnostics, d => d.Code == DiagnosticCodes.FlashLoaderFallback);
        Assert.True(rig.FlashHolds(images[0].Image));
        Assert.True(rig.FlashHolds(images[1].Image));
        Assert.True(rig.AllLocked());
        // The host-driven path runs no instruction on the Cortex-M7; the loader does.
        var ran = rig.Board.Chip.Cores[0].InstructionsRetired - instructions;
        if (expected == FlashWriteOutcome.HostPath)
        {
            Assert.Equal(0, ran);
        }
        else
        {
            Assert.True(ran > 0);
        }
    }

    [Fact]
    public async Task A_required_loader_the_core_cannot_run_fails_with_STM4903_relocked_without_host_programming()
    {
        // Halt-only cores: they halt at the reset vector and take register writes, but execute nothing.
        using var board = new Board(new VirtualBoardOptions(), (description, host) => new HaltOnlyCore(description, host));
        using var session = DebugSessions.Open(new VirtualProbeTransport(board));
        var images = StreamImages.TwoBanks();

        var report = await new FlashPipeline(session).FlashAsync(StreamImages.Request(images) with { ProgramPath = ProgramPath.Loader });

        Assert.False(report.Succeeded);
        Assert.Equal(DiagnosticCodes.FlashLoaderRequired, report.Error!.Code);
        Assert.Contains("the loader did not start", report.Error.Message);
        Assert.Contains("were erased", report.Error.Message);
        Assert.DoesNotContain(report.Diagnostics, d => d.Code == DiagnosticCodes.FlashLoaderFallback);
        // Nothing fell back to the host: no flash word was programmed, and the flash is locked again.
        Assert.All(board.Counters.FlashWordsProgrammed, words => Assert.Equal(0, words));
        Assert.All(BoardRig.Device.FlashBanks, b => Assert.False(board.Chip.Flash.IsUnlocked(b.Number)));

        // The same board with the default path: the host takes over and the image verifies.
        var rerun = await new FlashPipeline(session).FlashAsync(StreamImages.Request(images));
        Assert.True(rerun.Succeeded, rerun.Error?.ToString());
        Assert.Equal(FlashWriteOutcome.HostPath, rerun.ProgramPath);
        Assert.Equal("passed", rerun.Verify!.Result);
    }

    [Fact]
    public async Task A_required_loader_on_a_family_without_one_is_refused_before_the_probe_is_touched()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32F407VG");
        var session = new RegisterFileSession();
        var image = StreamImages.Image(0x0800_0000, 4096, 0x2001_C000, 7);

        var report = await new FlashPipeline(session).FlashAsync(new FlashRequest
        {
            Device = device,
            Images = [new ImageInput(image)],
            ProgramPath = ProgramPath.Loader,
            ConfirmBoot = false,
            Run = false,
            DelayGuard = TimeSpan.Zero,
        });

        Assert.False(report.Succeeded);
        Assert.Equal(DiagnosticCodes.FlashLoaderRequired, report.Error!.Code);
        Assert.Contains("stm32f4", report.Error.Message);
        Assert.Empty(session.Writes);
        Assert.Empty(session.MemoryWrites);
        Assert.Equal(TimeSpan.Zero, session.Now); // not one register read either
    }

    [Fact]
    public async Task A_family_driver_asked_for_its_loader_erases_nothing()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32F407VG");
        var session = new RegisterFileSession();
        var driver = FlashDrivers.Create(session, device, 3.3);
        var sector = driver.PlanErase(FlashSector.All(driver.Banks, device.EraseUnit).Take(1));

        var error = await Assert.ThrowsAsync<FlashException>(() => driver.EraseAndProgramAsync(sector, new FlashProgramPlan([]),
            new FlashWriteOptions { Clock = session, Path = ProgramPath.Loader }, CancellationToken.None));

        Assert.Equal(DiagnosticCodes.FlashLoaderRequired, error.Diagnostic.Code);
        Assert.Empty(session.Writes);
    }
}
