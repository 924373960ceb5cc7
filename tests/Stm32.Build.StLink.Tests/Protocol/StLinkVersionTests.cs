using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink.Tests.Protocol;

/// <summary>GET_VERSION / GET_VERSION_EX parsing and the firmware feature table (OpenOCD stlink_usb_version()).</summary>
public sealed class StLinkVersionTests
{
    private static byte[] Reply(int v, int x, int y, ushort pid)
    {
        var word = (ushort)((v << 12) | (x << 6) | y);
        return [(byte)(word >> 8), (byte)word, 0x83, 0x04, (byte)pid, (byte)(pid >> 8)];
    }

    [Fact]
    public void V2_reports_jtag_and_swim()
    {
        var v = StLinkVersion.ParseGetVersion(Reply(2, 37, 7, 0x3748), out var ex);
        Assert.False(ex);
        Assert.Equal((2, 37, 7, 0), (v.Hardware, v.Jtag, v.Swim, v.MassStorage));
        Assert.Equal(0x0483, v.VendorId);
        Assert.Equal(0x3748, v.ProductId);
        Assert.Equal(StLinkGeneration.V2, v.Generation);
        Assert.Equal("V2J37S7", v.ShortName);
    }

    [Fact]
    public void V2_1_reports_jtag_and_mass_storage()
    {
        var v = StLinkVersion.ParseGetVersion(Reply(2, 40, 27, 0x374B), out _);
        Assert.Equal((40, 27, 0), (v.Jtag, v.MassStorage, v.Swim));
        Assert.Equal(StLinkGeneration.V2_1, v.Generation);
        Assert.Equal("V2J40M27", v.ShortName);
    }

    [Fact]
    public void V2_1_stm8_firmware_is_msd_and_swim_only()
    {
        // OpenOCD: (x <= 22 && y == 7) on a V2-1 means MxSy (STM8 firmware), no JTAG.
        var v = StLinkVersion.ParseGetVersion(Reply(2, 22, 7, 0x374B), out _);
        Assert.Equal((0, 22, 7), (v.Jtag, v.MassStorage, v.Swim));
    }

    [Fact]
    public void V3_asks_for_the_extended_version()
    {
        var v = StLinkVersion.ParseGetVersion(Reply(3, 0, 0, 0x374F), out var ex);
        Assert.True(ex);
        Assert.Equal(3, v.Hardware);
        var full = StLinkVersion.ParseGetVersionEx([3, 1, 7, 2, 3, 0, 0, 0, 0x83, 0x04, 0x4F, 0x37]);
        Assert.Equal((3, 1, 7, 2, 3), (full.Hardware, full.Swim, full.Jtag, full.MassStorage, full.Bridge));
        Assert.Equal(0x374F, full.ProductId);
        Assert.Equal("V3J7M2B3S1", full.ShortName);
        Assert.True(full.IsV3);
    }

    [Fact]
    public void Short_replies_are_malformed()
    {
        var e = Assert.Throws<ProbeException>(() => StLinkVersion.ParseGetVersion(new byte[4], out _));
        Assert.Equal(DiagnosticCodes.MalformedReply, e.Code);
        e = Assert.Throws<ProbeException>(() => StLinkVersion.ParseGetVersionEx(new byte[8]));
        Assert.Equal(DiagnosticCodes.MalformedReply, e.Code);
    }

    [Theory]
    // The J level at which OpenOCD 0.12 turns each STLINK_F_* flag on for hardware version 2.
    [InlineData(12, StLinkFeatures.TargetVoltage, false)]
    [InlineData(13, StLinkFeatures.TargetVoltage, true)]
    [InlineData(14, StLinkFeatures.GetLastRwStatus2, false)]
    [InlineData(15, StLinkFeatures.GetLastRwStatus2, true)]
    [InlineData(21, StLinkFeatures.SwdSetFrequency, false)]
    [InlineData(22, StLinkFeatures.SwdSetFrequency, true)]
    [InlineData(23, StLinkFeatures.DapRegisters, false)]
    [InlineData(24, StLinkFeatures.DapRegisters, true)]
    [InlineData(25, StLinkFeatures.Memory16, false)]
    [InlineData(26, StLinkFeatures.Memory16, true)]
    [InlineData(27, StLinkFeatures.MultiAp, false)]
    [InlineData(28, StLinkFeatures.MultiAp, true)]
    [InlineData(28, StLinkFeatures.CloseApStatus, false)]
    [InlineData(29, StLinkFeatures.CloseApStatus, true)]
    [InlineData(31, StLinkFeatures.DpBankSelect, false)]
    [InlineData(32, StLinkFeatures.DpBankSelect, true)]
    [InlineData(45, StLinkFeatures.ComFrequency, false)]
    [InlineData(45, StLinkFeatures.Rw8Of512, false)]
    public void V2_feature_thresholds(int jtag, StLinkFeatures feature, bool expected)
    {
        var v = new StLinkVersion { Hardware = 2, Jtag = jtag, VendorId = 0x0483, ProductId = 0x3748 };
        Assert.Equal(expected, v.Has(feature));
    }

    [Theory]
    [InlineData(1, StLinkFeatures.DpBankSelect, false)]
    [InlineData(2, StLinkFeatures.DpBankSelect, true)]
    [InlineData(5, StLinkFeatures.Rw8Of512, false)]
    [InlineData(6, StLinkFeatures.Rw8Of512, true)]
    [InlineData(1, StLinkFeatures.MultiAp | StLinkFeatures.Memory16 | StLinkFeatures.ComFrequency | StLinkFeatures.GetLastRwStatus2, true)]
    [InlineData(1, StLinkFeatures.SwdSetFrequency, false)]
    public void V3_feature_thresholds(int jtag, StLinkFeatures feature, bool expected)
    {
        var v = new StLinkVersion { Hardware = 3, Jtag = jtag, VendorId = 0x0483, ProductId = 0x374F };
        Assert.Equal(expected, v.Has(feature));
    }

    [Fact]
    public void Eight_bit_limit_is_64_bytes_until_V3J6()
    {
        Assert.Equal(64, new StLinkVersion { Hardware = 2, Jtag = 45, VendorId = 0x483, ProductId = 0x3748 }.MaxRw8);
        Assert.Equal(64, new StLinkVersion { Hardware = 3, Jtag = 5, VendorId = 0x483, ProductId = 0x374F }.MaxRw8);
        Assert.Equal(512, new StLinkVersion { Hardware = 3, Jtag = 6, VendorId = 0x483, ProductId = 0x374F }.MaxRw8);
    }
}
