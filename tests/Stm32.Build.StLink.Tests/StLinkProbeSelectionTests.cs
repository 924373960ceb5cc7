using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Transport;

namespace Stm32.Build.StLink.Tests;

/// <summary>How <c>auto</c> picks among the USB probes found: exactly one usable probe, else a coded error saying how to pick.</summary>
public sealed class StLinkProbeSelectionTests
{
    private static ProbeDescriptor Usb(string serial, string model = "V2-1", bool supported = true, string location = "usb bus 1 address 4") =>
        new(ProbeTransportKind.Usb, serial, 0x0483, 0x374B, model, location, supported);

    [Fact]
    public void One_probe_is_picked()
    {
        var only = Usb("066DFF343033464757092133");
        Assert.Same(only, StLinkProbe.PickSingle([only]));
    }

    [Fact]
    public void None_is_no_probe_found()
    {
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.PickSingle([]));
        Assert.Equal(DiagnosticCodes.NoProbeFound, e.Code);
        Assert.Contains("0483:374b", e.Message, StringComparison.Ordinal);
        Assert.Contains("--probe sim", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_list_each_with_the_selection_that_picks_it()
    {
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.PickSingle([Usb("AAA111"), Usb("BBB222", "V3")]));
        Assert.Equal(DiagnosticCodes.AmbiguousProbe, e.Code);
        Assert.Contains("usb:AAA111", e.Message, StringComparison.Ordinal);
        Assert.Contains("usb:BBB222", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_next_to_a_v2_is_ignored_and_alone_is_unsupported()
    {
        var v1 = Usb("V1SERIAL", "V1", supported: false);
        var v2 = Usb("V2SERIAL");
        Assert.Same(v2, StLinkProbe.PickSingle([v1, v2]));
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.PickSingle([v1]));
        Assert.Equal(DiagnosticCodes.UnsupportedProbe, e.Code);
    }

    [Fact]
    public void A_probe_without_access_says_how_to_get_it()
    {
        var e = Assert.Throws<TransportException>(() => StLinkProbe.PickSingle([Usb("?", location: "usb bus 1 address 4 (access denied: install the udev rules)")]));
        Assert.Equal(TransportErrorKind.AccessDenied, e.Kind);
        Assert.Equal(DiagnosticCodes.UsbAccessDenied, e.Code);
        Assert.Contains("49-stm32-build-stlink.rules", e.Message, StringComparison.Ordinal);
    }
}
