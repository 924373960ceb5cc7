using System.Text.Json;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.H7;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing.Tests;

/// <summary>Option bytes, mass erase, progress events and the JSON report.</summary>
[Trait("Requires", "gcc")]
public sealed class FlashPipelineOptionTests
{
    [Fact]
    public async Task OptionBytes_AreWrittenOnlyOnRequest_AndMismatchesAndBcm7AreWarnedAbout()
    {
        using var rig = new BoardRig();
        var cm4 = BoardRig.Elf(FirmwareVariant.Cm4Blinky);
        var cm7 = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        // Move the CM4 boot address and switch BCM7 off, without booting afterwards.
        var write = BoardRig.Request(new ImageInput(cm7, "CM7")) with
        {
            OptionBytes = new OptionBytesRequest { BootCm4Address0 = 0x0812_0000, BootCm7 = false },
            ConfirmBoot = false,
        };
        var first = await rig.Pipeline().FlashAsync(write);
        Assert.True(first.Succeeded, first.Error?.ToString());
        Assert.True(first.OptionBytes!.Written);
        Assert.Equal(1, rig.Board.Counters.OptionByteWrites);
        Assert.Equal("0x08120000", first.OptionBytes.BootCm4Address0);

        var second = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(cm7, "CM7"), new ImageInput(cm4, "CM4")) with { ConfirmBoot = false });

        Assert.True(second.Succeeded, second.Error?.ToString());
        Assert.Equal(1, rig.Board.Counters.OptionByteWrites);
        Assert.Contains(second.Diagnostics, d => d.Code == DiagnosticCodes.OptionBcm7Disabled && d.Severity == DiagnosticSeverity.Warning);
        var mismatch = Assert.Single(second.Diagnostics, d => d.Code == DiagnosticCodes.OptionBootAddressMismatch);
        Assert.Contains("0x08100000", mismatch.Message);
        Assert.Contains("0x08120000", mismatch.Message);
        Assert.Contains("BOOT_CM4_ADD0", mismatch.Message);
    }

    [Fact]
    public async Task MassErase_ErasesBothBanksOnlyWhenAsked()
    {
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { MassErase = true, DelayGuard = TimeSpan.Zero });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.True(report.MassErased);
        Assert.Equal([1L, 1L], rig.Board.Counters.BankErases);
        Assert.Equal([0L, 0L], rig.Board.Counters.SectorErases);
        Assert.True(rig.FlashHolds(image));
    }

    [Fact]
    public async Task ProgressEvents_CoverThePhasesWithBytesDoneUpToTheTotal()
    {
        using var rig = new BoardRig();
        var events = new List<FlashProgress>();
        var progress = new Collect(events);
        var report = await rig.Pipeline(progress).FlashAsync(BoardRig.Request(new ImageInput(BoardRig.TwoSectorImage(0x55))) with { DelayGuard = TimeSpan.FromMilliseconds(20) });

        Assert.True(report.Succeeded, report.Error?.ToString());
        var phases = events.Select(e => e.Phase).Distinct().ToList();
        Assert.Equal([FlashPhase.Validate, FlashPhase.Connect, FlashPhase.Compare, FlashPhase.Erase, FlashPhase.Program, FlashPhase.Verify, FlashPhase.ConfirmBoot, FlashPhase.DelayGuard, FlashPhase.Done], phases);
        var lastProgram = events.Last(e => e.Phase == FlashPhase.Program);
        Assert.Equal(report.BytesProgrammed, lastProgram.BytesDone);
        Assert.Equal(lastProgram.BytesTotal, lastProgram.BytesDone);
        Assert.All(events.Where(e => e.Phase is FlashPhase.Erase or FlashPhase.Program), e => Assert.NotNull(e.Sector));
    }

    [Fact]
    public async Task JsonReport_HasTheFieldsTheIssueAsksFor()
    {
        using var rig = new BoardRig();
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky))) with { DelayGuard = TimeSpan.FromMilliseconds(10) });
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        foreach (var name in new[] { "device", "probe", "images", "sectorsErased", "sectorsSkipped", "bytesProgrammed", "verify", "boot", "delayGuard", "durationsMs", "boardCounters", "parallelism", "optionBytes" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }
        Assert.StartsWith("0x", root.GetProperty("images")[0].GetProperty("crc32").GetString());
        Assert.Equal("passed", root.GetProperty("delayGuard").GetProperty("result").GetString());
        Assert.Equal(rig.Board.Counters.UsbRoundTrips, root.GetProperty("boardCounters").GetProperty("usbRoundTrips").GetInt64());
    }

    private sealed class Collect(List<FlashProgress> list) : IProgress<FlashProgress>
    {
        public void Report(FlashProgress value) => list.Add(value);
    }
}
