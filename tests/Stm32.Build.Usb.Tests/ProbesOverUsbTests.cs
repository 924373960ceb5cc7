using System.Text.RegularExpressions;
using Stm32.Build.Usb.Tests.Support;

namespace Stm32.Build.Usb.Tests;

/// <summary><c>stm32 probes</c> under <c>stm32 sim usb</c>: every virtual probe with its serial, generation, firmware and USB location.</summary>
[Trait("Requires", "umockdev")]
public sealed class ProbesOverUsbTests : IDisposable
{
    private readonly Stm32Process _stm32 = new();

    [Fact]
    public void Probes_lists_each_virtual_probe_with_serial_generation_and_firmware()
    {
        const string v2Serial = "066DFF485550755187121234"; // 24 hex digits: sent raw, as the V2's old bootloader does
        var run = _stm32.SimUsb(
            ["--probe", "v2:" + v2Serial, "--probe", "v2-1:PROBESV21", "--probe", "v3:PROBESV3"],
            Stm32Process.Command("probes"), TimeSpan.FromSeconds(60), rerun: true); // started plainly: it runs itself again under the preload

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith("usb:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Matches(Line(v2Serial, "V2", "V2J45S7", "0483:3748"), Assert.Single(lines, l => l.StartsWith("usb:" + v2Serial, StringComparison.Ordinal)));
        Assert.Matches(Line("PROBESV21", "V2-1", "V2J40M27", "0483:374b"), Assert.Single(lines, l => l.StartsWith("usb:PROBESV21", StringComparison.Ordinal)));
        Assert.Matches(Line("PROBESV3", "V3", "V3J13M4B3S1", "0483:374f"), Assert.Single(lines, l => l.StartsWith("usb:PROBESV3", StringComparison.Ordinal)));
        var addresses = lines.Select(l => Regex.Match(l, @"usb bus 1 address (\d+)$").Groups[1].Value).ToList();
        Assert.Equal(3, addresses.Distinct().Count());
    }

    private static Regex Line(string serial, string generation, string firmware, string usbId) => new(
        $@"^usb:{serial}\s+ST-LINK/{Regex.Escape(generation)}\s+firmware {firmware}\s+serial {serial}\s+{usbId}\s+usb bus 1 address \d+$");

    public void Dispose() => _stm32.Dispose();
}
