using Stm32.Build.Usb.Tests.Support;

namespace Stm32.Build.Usb.Tests;

/// <summary>
/// The usbfs front end as a libusb client sees it (this assembly's <c>usb-check</c> mode run under
/// <c>stm32 sim usb</c>): descriptors, endpoints and packet sizes of each generation, refused requests (STALL),
/// IN transfers that wait, short packets, a halted endpoint and clearing it, claim exclusivity.
/// </summary>
[Trait("Requires", "umockdev")]
public sealed class UsbfsFrontEndTests : IDisposable
{
    private readonly Stm32Process _stm32 = new();

    [Theory]
    // generation, product, USB speed (libusb: 2 full, 3 high), bulk OUT endpoint, trace endpoint, packet size
    [InlineData("v2", "3748", 2, "02", "83", 64)]
    [InlineData("v2-1", "374b", 2, "01", "82", 64)]
    [InlineData("v3", "374f", 3, "01", "82", 512)]
    public void A_libusb_client_sees_the_probe_as_the_real_one_behaves(string probe, string product, int speed, string endpointOut, string endpointTrace, int packet)
    {
        var serial = "USBCHECK" + probe.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        var run = _stm32.SimUsb(["--probe", $"{probe}:{serial}"],
            ["dotnet", "exec", typeof(UsbfsFrontEndTests).Assembly.Location, "usb-check", serial], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.ToString());
        var seen = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        string Seen(string name) => seen.TryGetValue(name, out var v) ? v : throw new Xunit.Sdk.XunitException($"no '{name}' in:\n{run}");

        Assert.Equal("0483", Seen("idVendor"));
        Assert.Equal(product, Seen("idProduct"));
        Assert.Equal("64", Seen("bMaxPacketSize0"));
        Assert.Equal(speed.ToString(System.Globalization.CultureInfo.InvariantCulture), Seen("speed"));
        Assert.Equal("1", Seen("bus"));

        // Configuration 1: one vendor-class interface with bulk EP1 IN, the OUT endpoint and the trace endpoint.
        var config = Convert.FromHexString(Seen("configuration"));
        Assert.Equal(9 + 9 + (3 * 7), config.Length);
        Assert.Equal(config.Length, config[2] | (config[3] << 8));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF }, config[(9 + 5)..(9 + 8)]);
        var endpoints = Enumerable.Range(0, 3).Select(i => config.AsSpan(18 + (7 * i), 7).ToArray()).ToList();
        Assert.Equal(["81", endpointOut, endpointTrace], endpoints.Select(e => e[2].ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(endpoints, e => Assert.Equal(2, e[3])); // bulk
        Assert.All(endpoints, e => Assert.Equal(packet, e[4] | (e[5] << 8)));

        // Only a high-speed device has a device qualifier (USB 2.0 9.6.2); unknown strings are refused.
        Assert.Equal(speed == 3 ? "10" : "-9", Seen("qualifier"));
        Assert.Equal("-9", Seen("string9"));

        Assert.Equal("0", Seen("claim"));
        Assert.Equal("-7/0", Seen("idleIn"));                    // nothing to send: timeout, no data
        Assert.Equal("0", Seen("versionOut"));
        Assert.Equal("0/6", Seen("versionIn"));                  // a 6-byte short packet ends the transfer
        Assert.Equal("-9", Seen("tooLongOut"));                  // STALL
        Assert.Equal("-9", Seen("haltedOut"));                   // still halted
        Assert.Equal("0", Seen("clearHalt"));
        Assert.Equal("0", Seen("afterClear"));
        Assert.Equal("0/6", Seen("afterClearIn"));
        Assert.Equal("0", Seen("enterSwd"));
        Assert.Equal("0", Seen("readOut"));
        Assert.Equal($"-7/{packet}", Seen("boundaryIn"));        // a full packet, then no zero-length packet: the host times out with the data
        Assert.Equal("-6", Seen("secondClaim"));                 // busy: the first open file holds interface 0
        Assert.Equal("0", Seen("release"));
    }

    public void Dispose() => _stm32.Dispose();
}
