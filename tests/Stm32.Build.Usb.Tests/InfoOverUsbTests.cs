using Stm32.Build.Usb.Tests.Support;

namespace Stm32.Build.Usb.Tests;

/// <summary><c>stm32 info --probe usb:SERIAL</c> over emulated USB tells what <c>--probe sim</c> tells in process.</summary>
[Trait("Requires", "umockdev")]
public sealed class InfoOverUsbTests : IDisposable
{
    private readonly Stm32Process _stm32 = new();

    private static Dictionary<string, string> Rows(string output) => output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(l => l.Split(':', 2))
        .Where(p => p.Length == 2)
        .GroupBy(p => p[0].Trim())
        .ToDictionary(g => g.Key, g => g.First()[1].Trim());

    [Theory]
    [InlineData("v2-1", "V2J40M27")]
    [InlineData("v3", "V3J13M4B3S1")]
    public void Info_over_usb_reads_the_same_target_as_in_process(string probe, string firmware)
    {
        var serial = "INFO" + probe.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        var usb = _stm32.SimUsb(["--probe", $"{probe}:{serial}", "--state", _stm32.PathOf("usb.state")],
            Stm32Process.Command("info", "--probe", "usb:" + serial, "--device", "STM32H747XI"), TimeSpan.FromSeconds(90));
        var local = _stm32.Run(TimeSpan.FromSeconds(60), "info", "--probe", "sim", "--state", _stm32.PathOf("sim.state"), "--device", "STM32H747XI");

        Assert.True(usb.ExitCode == 0, usb.ToString());
        Assert.True(local.ExitCode == 0, local.ToString());
        var overUsb = Rows(usb.Out);
        var inProcess = Rows(local.Out);
        Assert.Equal($"ST-LINK/{probe.ToUpperInvariant()} {serial} (usb:{serial})", overUsb["probe"]);
        Assert.StartsWith(firmware + " ", overUsb["firmware"], StringComparison.Ordinal);
        foreach (var row in new[] { "target voltage", "DP IDCODE", "DBGMCU IDCODE", "device", "flash size", "unique ID", "option bytes" })
        {
            Assert.True(inProcess.ContainsKey(row), $"in process: no '{row}' in\n{local}");
            Assert.Equal(inProcess[row], overUsb[row]);
        }
    }

    public void Dispose() => _stm32.Dispose();
}
