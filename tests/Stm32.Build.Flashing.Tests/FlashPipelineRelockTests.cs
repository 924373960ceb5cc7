using System.Buffers.Binary;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.StLink;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing.Tests;

/// <summary>
/// A probe lost while the flash is unlocked leaves nobody to lock it: the run says so (warning STM4105, with what
/// was erased and programmed) instead of implying it was relocked, the failure stays a probe error (STM3008) even
/// when the probe goes during the relock itself, and the next flash locks it. The unplug is a board property
/// (<c>unplug-after=N</c>), placed by counting the commands of a healthy run.
/// </summary>
public sealed class FlashPipelineRelockTests
{
    /// <summary>A 132 KiB CM7 image (sectors 1:0 and 1:1): vector table, <c>b .</c> at 0x400, pseudo-random bytes.</summary>
    private static FirmwareImage Image()
    {
        var bytes = new byte[0x2_1000];
        new Random(4105).NextBytes(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0x2002_0000);
        for (var vector = 4; vector < 0x400; vector += 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(vector), 0x0800_0401);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x400), 0xE7FE);
        return ImageReader.Read(bytes, "relock.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = 0x0800_0000 });
    }

    /// <summary>The command counts of a healthy run at the first program event and at the last verify event.</summary>
    private static (long ProgramStart, long VerifyEnd) Measure(FirmwareImage image)
    {
        long programStart = -1, verifyEnd = -1;
        using var healthy = new BoardRig();
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == FlashPhase.Program && programStart < 0)
            {
                programStart = healthy.Board.Counters.UsbRoundTrips;
            }
            if (p.Phase == FlashPhase.Verify)
            {
                verifyEnd = healthy.Board.Counters.UsbRoundTrips;
            }
        });
        var ok = healthy.Pipeline(progress).FlashAsync(BoardRig.Request(new ImageInput(image, "CM7")) with { DelayGuard = TimeSpan.Zero }).GetAwaiter().GetResult();
        Assert.True(ok.Succeeded, ok.Error?.ToString());
        return (programStart, verifyEnd);
    }

    [Fact]
    public async Task A_probe_lost_while_programming_is_a_probe_error_that_says_the_flash_stays_unlocked()
    {
        var image = Image();
        var (programStart, _) = Measure(image);
        using var rig = new BoardRig($"unplug-after={programStart + 20}");

        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image, "CM7")) with { DelayGuard = TimeSpan.Zero });

        Assert.Equal(DiagnosticCodes.ProbeDisconnected, report.Error!.Code);
        Assert.True(rig.Board.Chip.Flash.IsUnlocked(1), "the probe left while bank 1 was unlocked; nothing could lock it");
        var warning = Assert.Single(report.Diagnostics, d => d.Code == DiagnosticCodes.FlashRelockFailed);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("stays unlocked", warning.Message);
        Assert.Contains("(1:0, 1:1)", warning.Message);
        Assert.Contains($"{report.BytesProgrammed} bytes were programmed", warning.Message);

        rig.Board.Replug();
        rig.Reopen();
        var rerun = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image, "CM7")) with { DelayGuard = TimeSpan.Zero });
        Assert.True(rerun.Succeeded, rerun.Error?.ToString());
        Assert.True(rig.AllLocked());
        Assert.True(rig.FlashHolds(image));
    }

    [Fact]
    public async Task A_probe_lost_during_the_relock_after_verify_is_a_probe_error_not_a_flash_error()
    {
        var image = Image();
        var (_, verifyEnd) = Measure(image);
        using var rig = new BoardRig($"unplug-after={verifyEnd}");

        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image, "CM7")) with { DelayGuard = TimeSpan.Zero });

        Assert.Equal(DiagnosticCodes.ProbeDisconnected, report.Error!.Code);
        Assert.IsType<TransportException>(report.Exception);
        Assert.Equal("passed", report.Verify!.Result);
        var warning = Assert.Single(report.Diagnostics, d => d.Code == DiagnosticCodes.FlashRelockFailed);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("the images were programmed (verify passed)", warning.Message);
        Assert.True(rig.FlashHolds(image));
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread.</summary>
    private sealed class SyncProgress(Action<FlashProgress> action) : IProgress<FlashProgress>
    {
        public void Report(FlashProgress value) => action(value);
    }
}
