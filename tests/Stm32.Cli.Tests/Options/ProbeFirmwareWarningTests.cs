using Stm32.Build.Devices;
using Stm32.Build.StLink;
using Stm32.Cli.Options;
using Xunit;

namespace Stm32.Cli.Tests.Options;

/// <summary>A probe firmware older than a feature the operation needs is a warning naming the firmware and the oldest that has it.</summary>
public sealed class ProbeFirmwareWarningTests
{
    private static StLinkVersion V2(int jtag) => new() { Hardware = 2, Jtag = jtag, Swim = 7, VendorId = 0x0483, ProductId = 0x3748 };

    [Fact]
    public void A_V2_below_J28_is_warned_about_access_ports_on_a_dual_core_part()
    {
        var warnings = ProbeChecks.FirmwareWarnings(V2(25), DeviceCatalog.BuiltIn.Get("STM32H747XI"), clockAsked: false).ToList();
        var multiAp = Assert.Single(warnings);
        Assert.Equal("STM3051", multiAp.Code);
        Assert.Contains("firmware V2J25S7 is older than V2J28", multiAp.Message, StringComparison.Ordinal);
        Assert.Contains("CM4 on AP3", multiAp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_old_V2_is_warned_about_the_voltage_and_the_clock_too()
    {
        var codes = ProbeChecks.FirmwareWarnings(V2(12), DeviceCatalog.BuiltIn.Get("STM32H747XI"), clockAsked: true).Select(w => w.Message).ToList();
        Assert.Equal(3, codes.Count);
        Assert.Contains(codes, m => m.Contains("older than V2J13", StringComparison.Ordinal));
        Assert.Contains(codes, m => m.Contains("older than V2J22", StringComparison.Ordinal));
    }

    [Fact]
    public void Current_firmware_gets_no_warning()
    {
        Assert.Empty(ProbeChecks.FirmwareWarnings(V2(45), DeviceCatalog.BuiltIn.Get("STM32H747XI"), clockAsked: true));
        var v3 = new StLinkVersion { Hardware = 3, Jtag = 13, VendorId = 0x0483, ProductId = 0x374F };
        Assert.Empty(ProbeChecks.FirmwareWarnings(v3, DeviceCatalog.BuiltIn.Get("STM32H747XI"), clockAsked: true));
    }
}
