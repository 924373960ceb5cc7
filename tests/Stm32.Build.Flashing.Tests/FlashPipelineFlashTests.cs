using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing.Tests;

/// <summary>Flash and verify on the virtual board through the real ST-LINK driver.</summary>
[Trait("Requires", "gcc")]
public sealed class FlashPipelineFlashTests
{
    [Fact]
    public async Task SingleBankImage_IsProgrammedVerifiedAndBootConfirmed()
    {
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)));

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.True(rig.FlashHolds(image));
        Assert.Equal("passed", report.Verify!.Result);
        var boot = Assert.Single(report.Boot);
        Assert.True(boot.Confirmed);
        Assert.Equal(Diagnostic.Hex(image.ReadUInt32(0x0800_0004)!.Value & ~1u), boot.ActualPc);
        Assert.Equal(Diagnostic.Hex(image.ReadUInt32(0x0800_0000)!.Value), boot.ActualSp);
        Assert.Equal("passed", report.DelayGuard!.Result);
        Assert.True(report.DelayGuard.LastAnswerMs >= 1000);
        Assert.Equal(1, rig.Board.Counters.SectorErases[0]);
        Assert.Equal(0, rig.Board.Counters.SectorErases[1]);
        Assert.True(rig.AllLocked());
        Assert.StartsWith("x64", report.Parallelism);
    }

    [Fact]
    public async Task DualCoreImages_ProgramBothBanksAndConfirmBothCores()
    {
        using var rig = new BoardRig();
        var cm7 = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        var cm4 = BoardRig.Elf(FirmwareVariant.Cm4Blinky);
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(cm7, "CM7"), new ImageInput(cm4, "CM4")));

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.True(rig.FlashHolds(cm7));
        Assert.True(rig.FlashHolds(cm4));
        Assert.Equal(1, rig.Board.Counters.SectorErases[0]);
        Assert.Equal(1, rig.Board.Counters.SectorErases[1]);
        // Both banks erase at the same time: one sector erase (1 s typical at x64 on the virtual chip), not two.
        Assert.InRange(report.DurationsMs["erase"], 900, 1500);
        Assert.Equal(2, report.Boot.Count);
        Assert.All(report.Boot, b => Assert.True(b.Confirmed));
        Assert.Contains(report.Boot, b => b.Core == "CM4" && b.ActualPc == Diagnostic.Hex(cm4.ReadUInt32(0x0810_0004)!.Value & ~1u));
    }

    [Fact]
    public async Task SecondFlashOfTheSameImage_ErasesAndProgramsNothing()
    {
        using var rig = new BoardRig();
        var image = BoardRig.TwoSectorImage(0x11);
        var first = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)));
        Assert.True(first.Succeeded, first.Error?.ToString());
        var erases = rig.Board.Counters.SectorErases.ToArray();
        var words = rig.Board.Counters.FlashWordsProgrammed.ToArray();

        var second = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)));

        Assert.True(second.Succeeded, second.Error?.ToString());
        Assert.Equal(erases, rig.Board.Counters.SectorErases);
        Assert.Equal(words, rig.Board.Counters.FlashWordsProgrammed);
        Assert.Equal(2, second.SectorsSkipped.Count);
        Assert.Empty(second.SectorsErased);
        Assert.Equal(0, second.BytesProgrammed);
    }

    [Fact]
    public async Task OneByteChangedInOneSector_TouchesOnlyThatSector()
    {
        using var rig = new BoardRig();
        var first = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(BoardRig.TwoSectorImage(0x22))));
        Assert.True(first.Succeeded, first.Error?.ToString());
        var erases = rig.Board.Counters.SectorErases[0];

        var changed = BoardRig.TwoSectorImage(0x22, changedOffset: 0x20010);
        var second = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(changed)));

        Assert.True(second.Succeeded, second.Error?.ToString());
        Assert.Equal(erases + 1, rig.Board.Counters.SectorErases[0]);
        Assert.Equal(["1:1"], second.SectorsErased);
        Assert.Equal(["1:0"], second.SectorsSkipped);
        Assert.True(rig.FlashHolds(changed));
    }

    [Fact]
    public async Task LargeImageSpanningBothBanks_IsProgrammedWithBothBanksErasingTogether()
    {
        // A single-core STM32H743XI: one Cortex-M7 image may span both banks.
        using var rig = new BoardRig(new VirtualBoard.VirtualBoardOptions { Device = "STM32H743XI" });
        var image = BoardRig.Elf(FirmwareVariant.Cm7Large);
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with
        {
            Device = Devices.DeviceCatalog.BuiltIn.Get("STM32H743XI"),
            DelayGuard = TimeSpan.FromMilliseconds(10),
            ProgramPath = Flashing.Drivers.ProgramPath.Host, // the host-driven path erases everything first (the loader interleaves)
        });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.True(rig.FlashHolds(image));
        Assert.Equal(8, rig.Board.Counters.SectorErases[0]);
        Assert.True(rig.Board.Counters.SectorErases[1] > 0);
        Assert.InRange(report.DurationsMs["erase"], 7900, 9000);
    }

    [Theory]
    [InlineData(VerifyMode.ReadBack, "passed")]
    [InlineData(VerifyMode.None, "skipped")]
    public async Task VerifyModes_AreReported(VerifyMode mode, string expected)
    {
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { Verify = mode, DelayGuard = TimeSpan.Zero });
        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Equal(expected, report.Verify!.Result);
        Assert.Equal("disabled", report.DelayGuard!.Result);
    }

    [Fact]
    public async Task ImageForAnotherDevice_IsRefusedNamingBoth()
    {
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        var request = BoardRig.Request(new ImageInput(image)) with { Device = Devices.DeviceCatalog.BuiltIn.Get("STM32H747XG") };

        var report = await rig.Pipeline().FlashAsync(request);

        Assert.Equal(DiagnosticCodes.WrongDevice, report.Error!.Code);
        Assert.Contains("STM32H747XG", report.Error.Message);
        Assert.Contains("2048 KiB", report.Error.Message);
        Assert.Equal(0, rig.Board.Counters.SectorErases[0]);
    }
}
