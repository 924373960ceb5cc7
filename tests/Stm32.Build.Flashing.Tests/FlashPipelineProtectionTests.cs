using Stm32.Build.Diagnostics;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing.Tests;

/// <summary>Write protection, PCROP and readout protection are read before anything is erased.</summary>
public sealed class FlashPipelineProtectionTests
{
    [Fact]
    public async Task A_write_protected_sector_refuses_a_dual_core_flash_before_anything_is_erased()
    {
        using var rig = new BoardRig();
        var old = await rig.Pipeline().FlashAsync(BoardRig.Request(
            new ImageInput(BoardRig.TwoSectorImage(0x10), "CM7"), new ImageInput(BoardRig.Elf(FirmwareVariant.Cm4Blinky), "CM4")) with { DelayGuard = TimeSpan.Zero });
        Assert.True(old.Succeeded, old.Error?.ToString());
        rig.WriteProtect(bank: 1, sectors: 1);
        var (bank1, bank2) = rig.FlashSnapshot();
        var erases = rig.Board.Counters.SectorErases.ToArray();
        var words = rig.Board.Counters.FlashWordsProgrammed.ToArray();

        // A new dual-core image: the CM7 part spans sectors 0 and 1 of bank 1, the CM4 part sector 0 of bank 2.
        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(
            new ImageInput(BoardRig.TwoSectorImage(0x20), "CM7"), new ImageInput(BoardRig.Elf(FirmwareVariant.Cm4Blinky), "CM4")));

        Assert.Equal(DiagnosticCodes.SectorsWriteProtected, report.Error!.Code);
        Assert.Contains("sector 1 of bank 1 (0x08020000)", report.Error.Message);
        Assert.Equal(0x0802_0000u, report.Error.Address);
        Assert.Equal(erases, rig.Board.Counters.SectorErases);
        Assert.Equal(words, rig.Board.Counters.FlashWordsProgrammed);
        var (after1, after2) = rig.FlashSnapshot();
        Assert.Equal(bank1, after1);
        Assert.Equal(bank2, after2);
        Assert.True(rig.AllLocked());
        Assert.Equal(["1:1"], report.Protection!.WriteProtected);
        Assert.Empty(report.SectorsErased);
    }

    [Fact]
    public async Task A_write_protected_sector_the_image_does_not_touch_is_left_alone()
    {
        using var rig = new BoardRig();
        rig.WriteProtect(bank: 1, sectors: 7);
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);

        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.True(rig.FlashHolds(image));
        Assert.Equal(["1:7"], report.Protection!.WriteProtected);
        Assert.Contains(report.Diagnostics, d => d.Code == DiagnosticCodes.ProtectionReport && d.Message.Contains("sector 7 of bank 1"));
    }

    [Fact]
    public async Task Erase_of_a_range_with_a_protected_sector_and_a_mass_erase_are_refused()
    {
        using var rig = new BoardRig();
        rig.WriteProtect(bank: 2, sectors: 3);

        var range = await rig.Pipeline().EraseAsync(BoardRig.Device, start: 0x0814_0000, length: 0x4_0000);
        var all = await rig.Pipeline().EraseAsync(BoardRig.Device);

        Assert.Equal(DiagnosticCodes.SectorsWriteProtected, range.Error!.Code);
        Assert.Contains("sector 3 of bank 2", range.Error.Message);
        Assert.Equal(DiagnosticCodes.SectorsWriteProtected, all.Error!.Code);
        Assert.Equal([0L, 0L], rig.Board.Counters.SectorErases);
        Assert.Equal([0L, 0L], rig.Board.Counters.BankErases);
    }

    [Fact]
    public async Task A_PCROP_area_in_the_erase_plan_is_refused_naming_the_area()
    {
        using var rig = new BoardRig();
        // PRAR_PRG1: protected area from 0x08000000 + 0x10 * 256 to 0x08000000 + 0x1F * 256 + 255 (RM0399 4.9.12).
        rig.WriteOptionRegister(0x2C, (0x1Fu << 16) | 0x10);

        var report = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky))));

        Assert.Equal(DiagnosticCodes.ProtectedAreaInPlan, report.Error!.Code);
        Assert.Contains("PCROP 0x08001000..0x08001FFF", report.Error.Message);
        Assert.Equal([0L, 0L], rig.Board.Counters.SectorErases);
    }

    [Fact]
    public async Task Readout_protection_level_1_is_refused_before_erasing_and_regressed_only_by_a_confirmed_recover()
    {
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        var protect = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with
        {
            OptionBytes = new OptionBytesRequest { RdpLevel = 1 },
            DelayGuard = TimeSpan.Zero,
        });
        Assert.True(protect.Succeeded, protect.Error?.ToString());
        Assert.Equal(1, protect.OptionBytes!.RdpLevel);
        var erases = rig.Board.Counters.SectorErases.ToArray();
        var bankErases = rig.Board.Counters.BankErases.ToArray();

        // A flash at level 1: refused before anything is erased, with the way out.
        var refused = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)));
        Assert.Equal(DiagnosticCodes.ReadoutProtected, refused.Error!.Code);
        Assert.Contains("stm32 recover --rdp-regression --confirm-mass-erase", refused.Error.Message);
        Assert.Contains("erases the whole flash", refused.Error.Message);
        Assert.Equal(erases, rig.Board.Counters.SectorErases);
        Assert.Equal(bankErases, rig.Board.Counters.BankErases);
        Assert.True(rig.AllLocked());

        // A plain recover does not regress; an unconfirmed regression does not touch the probe.
        var plain = await rig.Pipeline().RecoverAsync(BoardRig.Device);
        Assert.Equal(DiagnosticCodes.ReadoutProtected, plain.Error!.Code);
        var trips = rig.Board.Counters.UsbRoundTrips;
        var unconfirmed = await rig.Pipeline().RecoverAsync(BoardRig.Device, new RecoverOptions { RdpRegression = true });
        Assert.Equal(DiagnosticCodes.RdpRegressionNotConfirmed, unconfirmed.Error!.Code);
        Assert.Equal(trips, rig.Board.Counters.UsbRoundTrips);
        Assert.True(rig.Board.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF), "nothing erased yet");

        // The confirmed regression: level 0, both banks mass-erased by the chip, proven blank.
        var regressed = await rig.Pipeline().RecoverAsync(BoardRig.Device, new RecoverOptions { RdpRegression = true, ConfirmMassErase = true });
        Assert.True(regressed.Succeeded, regressed.Error?.ToString());
        Assert.Equal(0, regressed.OptionBytes!.RdpLevel);
        Assert.Equal("blank", regressed.Verify!.Result);
        Assert.Contains(regressed.Diagnostics, d => d.Code == DiagnosticCodes.RdpRegressed);
        Assert.False(rig.Board.Chip.FlashBank(1).ContainsAnyExcept((byte)0xFF));
        Assert.False(rig.Board.Chip.FlashBank(2).ContainsAnyExcept((byte)0xFF));

        // Flashing works again.
        var again = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero });
        Assert.True(again.Succeeded, again.Error?.ToString());
        Assert.True(rig.FlashHolds(image));

        // RDP level 2 is still refused without its confirmation, before the probe is touched.
        trips = rig.Board.Counters.UsbRoundTrips;
        var rdp2 = await rig.Pipeline().FlashAsync(BoardRig.Request(new ImageInput(image)) with { OptionBytes = new OptionBytesRequest { RdpLevel = 2 } });
        Assert.Equal(DiagnosticCodes.OptionRdp2Refused, rdp2.Error!.Code);
        Assert.Equal(trips, rig.Board.Counters.UsbRoundTrips);
    }

    [Theory]
    [InlineData(0x1234_5678u, null, "BOOT_CM7_ADD0 cannot be 0x12345678")]
    [InlineData(0x4000_0000u, null, "BOOT_CM7_ADD0 cannot be 0x40000000")]
    [InlineData(null, 3, "RDP level 3 does not exist")]
    [InlineData(null, -1, "RDP level -1 does not exist")]
    public async Task Option_values_that_cannot_be_written_are_refused_before_the_probe_is_touched(uint? boot, int? rdp, string expected)
    {
        using var rig = new BoardRig();
        var request = BoardRig.Request(new ImageInput(BoardRig.Elf(FirmwareVariant.Cm7Blinky))) with
        {
            OptionBytes = new OptionBytesRequest { BootCm7Address0 = boot, RdpLevel = rdp },
        };
        var trips = rig.Board.Counters.UsbRoundTrips;

        var report = await rig.Pipeline().FlashAsync(request);

        Assert.Equal(DiagnosticCodes.OptionValueInvalid, report.Error!.Code);
        Assert.Contains(expected, report.Error.Message);
        Assert.Equal(trips, rig.Board.Counters.UsbRoundTrips);
    }
}
