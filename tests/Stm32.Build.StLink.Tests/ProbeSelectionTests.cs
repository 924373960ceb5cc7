using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink.Tests;

/// <summary>The one probe selection syntax: auto | usb | usb:SERIAL | tcp://HOST[:PORT][/SERIAL] | sim.</summary>
public sealed class ProbeSelectionTests
{
    [Theory]
    [InlineData("auto", ProbeSelectionKind.Auto, null, null, 0)]
    [InlineData("", ProbeSelectionKind.Auto, null, null, 0)]
    [InlineData("AUTO", ProbeSelectionKind.Auto, null, null, 0)]
    [InlineData("sim", ProbeSelectionKind.Simulator, null, null, 0)]
    [InlineData("usb", ProbeSelectionKind.Usb, null, null, 0)]
    [InlineData("usb:066DFF343033464757092133", ProbeSelectionKind.Usb, "066DFF343033464757092133", null, 0)]
    [InlineData("tcp://127.0.0.1:7184", ProbeSelectionKind.Tcp, null, "127.0.0.1", 7184)]
    [InlineData("tcp://localhost", ProbeSelectionKind.Tcp, null, "localhost", 7184)]
    [InlineData("tcp://build-host:9000/0670FF3", ProbeSelectionKind.Tcp, "0670FF3", "build-host", 9000)]
    [InlineData("tcp://[::1]:7185/AB12", ProbeSelectionKind.Tcp, "AB12", "::1", 7185)]
    public void Parses(string text, ProbeSelectionKind kind, string? serial, string? host, int port)
    {
        var s = ProbeSelection.Parse(text);
        Assert.Equal(new ProbeSelection(kind, serial, host, port), s);
    }

    [Theory]
    [InlineData("usb:")]
    [InlineData("usb:12-34")]
    [InlineData("tcp://")]
    [InlineData("tcp://host:0")]
    [InlineData("tcp://host:65536")]
    [InlineData("tcp://host:port")]
    [InlineData("tcp://[::1")]
    [InlineData("tcp://host:7184/")]
    [InlineData("serial:1234")]
    [InlineData("stlink")]
    public void Rejects_with_a_coded_error_naming_the_syntax(string text)
    {
        var e = Assert.Throws<ProbeException>(() => ProbeSelection.Parse(text));
        Assert.Equal(DiagnosticCodes.InvalidProbeSelection, e.Code);
        Assert.Contains(ProbeSelection.Syntax, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("sim")]
    [InlineData("usb")]
    [InlineData("usb:ABC123")]
    [InlineData("tcp://127.0.0.1:7184")]
    [InlineData("tcp://[::1]:7185/AB12")]
    public void Round_trips(string text) => Assert.Equal(text, ProbeSelection.Parse(text).ToString());
}
