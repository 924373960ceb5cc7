using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.Flashing.Loader;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.StLink;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using static Stm32.Build.Flashing.Loader.H7LoaderImage.Layout;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>
/// Faults while the loader streams (the probe unplugged in the middle of a buffer, the flash array failing a flash
/// word): a coded error, the flash relocked, and a re-run on the same board reaching a verified image.
/// </summary>
public sealed class H7StreamingFaultTests
{
    /// <summary>Sector 0 of bank 1 and 8 KiB of sector 1: long enough that a fault lands in the middle of the stream.</summary>
    private static readonly ImageInput s_image = new(StreamImages.Image(0x0800_0000, 0x2_0000 + 0x2000, 0x2002_0000, 51), "CM7");

    [Fact]
    public async Task The_probe_unplugged_mid_buffer_is_a_coded_error_the_loader_relocks_and_a_rerun_verifies()
    {
        // Measure on a healthy board which USB round trips the programming spans, then unplug half-way through.
        long first = -1, last = 0;
        using (var healthy = new BoardRig())
        {
            var counting = new SyncProgress(p =>
            {
                if (p.Phase == FlashPhase.Program)
                {
                    first = first < 0 ? healthy.Board.Counters.UsbRoundTrips : first;
                    last = healthy.Board.Counters.UsbRoundTrips;
                }
            });
            var ok = await healthy.Pipeline(counting).FlashAsync(StreamImages.Request(s_image));
            Assert.True(ok.Succeeded, ok.Error?.ToString());
            Assert.Equal("loader", ok.ProgramPath);
        }
        using var rig = new BoardRig($"unplug-after={(first + last) / 2}");

        var report = await rig.Pipeline().FlashAsync(StreamImages.Request(s_image));

        Assert.Equal(DiagnosticCodes.ProbeDisconnected, report.Error!.Code);
        Assert.IsType<TransportException>(report.Exception);
        Assert.DoesNotContain("erase", report.Error.Message, StringComparison.OrdinalIgnoreCase); // the probe vanished, not the target
        Assert.InRange(rig.Board.Counters.FlashWordsProgrammed[0], 1, s_image.Image.Segments.Sum(s => s.Length) / 32 - 1);
        Assert.Equal(StateRunning, ReadLoaderState(rig));
        Assert.True(rig.Board.Chip.Flash.IsUnlocked(1), "nobody could relock the flash yet: the host is gone");

        // Time passes with nobody at the probe: the loader's lease (2 s without a sign of the host) runs out.
        lock (rig.Board.SyncRoot)
        {
            rig.Board.Clock.Advance(TimeSpan.FromSeconds(2.5));
            rig.Board.Chip.AdvanceTo(rig.Board.Clock.Nanoseconds);
        }
        Assert.Equal(StateAbandoned, ReadLoaderState(rig));
        Assert.True(rig.AllLocked());

        rig.Board.Replug();
        rig.Reopen();
        var rerun = await rig.Pipeline().FlashAsync(StreamImages.Request(s_image));
        Assert.True(rerun.Succeeded, rerun.Error?.ToString());
        Assert.Equal("loader", rerun.ProgramPath);
        Assert.Equal("passed", rerun.Verify!.Result);
        Assert.True(rig.FlashHolds(s_image.Image));
        Assert.True(rig.AllLocked());
    }

    [Theory]
    [InlineData("PGSERR")]
    [InlineData("STRBERR")]
    [InlineData("INCERR")]
    [InlineData("OPERR")]
    [InlineData("DBECCERR")]
    public async Task A_flash_error_flag_while_the_loader_programs_is_a_coded_error_naming_it_the_flash_is_relocked_and_a_rerun_verifies(string flag)
    {
        using var rig = new BoardRig();
        var failed = false;
        var progress = new SyncProgress(p =>
        {
            // After the first buffer is reported programmed, the board's flash array fails the next operation.
            if (p.Phase == FlashPhase.Program && !failed)
            {
                failed = true;
                rig.Board.Chip.FailNextFlashOperation(1u << BoardFault.FlashErrorFlags[flag]);
            }
        });

        var report = await rig.Pipeline(progress).FlashAsync(StreamImages.Request(s_image));

        Assert.True(failed);
        Assert.Equal(DiagnosticCodes.FlashOperationError, report.Error!.Code);
        Assert.Contains(flag, report.Error.Message);
        Assert.Contains("loader", report.Error.Message);
        // The failing flash word is past the first buffer and inside the image's first sector.
        Assert.InRange(report.Error.Address!.Value, 0x0800_0020u, 0x0801_FFE0u);
        Assert.Equal(0u, report.Error.Address.Value % 32);
        Assert.True(rig.AllLocked());
        Assert.Equal(0u, rig.Board.Chip.Flash.Control(1) & 0x2u); // PG cleared
        Assert.NotEqual(StateRunning, ReadLoaderState(rig));

        var rerun = await rig.Pipeline().FlashAsync(StreamImages.Request(s_image));
        Assert.True(rerun.Succeeded, rerun.Error?.ToString());
        Assert.Equal("loader", rerun.ProgramPath);
        Assert.Equal("passed", rerun.Verify!.Result);
        Assert.True(rig.FlashHolds(s_image.Image));
        Assert.True(rig.AllLocked());
    }

    /// <summary>The loader's state word, read from DTCM through the chip's bus (not through the probe).</summary>
    private static uint ReadLoaderState(BoardRig rig)
    {
        lock (rig.Board.SyncRoot)
        {
            Assert.Equal(BusStatus.Ok, rig.Board.Chip.AccessPortBus(0)!.Read(H7LoaderImage.ControlAddress + OffState, AccessSize.Word, out var state));
            return state;
        }
    }

    private sealed class SyncProgress(Action<FlashProgress> action) : IProgress<FlashProgress>
    {
        public void Report(FlashProgress value) => action(value);
    }
}
