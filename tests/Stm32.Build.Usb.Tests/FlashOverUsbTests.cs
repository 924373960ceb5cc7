using System.Text.Json;
using Stm32.Build.TestSupport;
using Stm32.Build.Usb.Tests.Support;

namespace Stm32.Build.Usb.Tests;

/// <summary>
/// <c>stm32 flash --probe usb:SERIAL</c> over emulated USB runs the whole pipeline (validate, connect, erase,
/// program, verify, boot confirmation, delay guard) with the results of <c>--probe sim</c> in process: the same
/// flash contents and the same report, and the board counted the same flash operations.
/// </summary>
[Trait("Requires", "umockdev")]
[Trait("Requires", "gcc")]
public sealed class FlashOverUsbTests : IDisposable
{
    private static readonly string[] s_sameFields =
        ["operation", "succeeded", "device", "images", "targetVoltage", "parallelism", "sectorsTouched", "sectorsErased",
         "sectorsSkipped", "massErased", "bytesProgrammed", "verify", "optionBytes", "boot"];

    private readonly Stm32Process _stm32 = new();

    [Theory]
    [InlineData("v2-1")]
    [InlineData("v3")]
    public void Flash_over_usb_gives_the_flash_and_report_of_the_in_process_run(string probe)
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var serial = "FLASH" + probe.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        var usbState = _stm32.PathOf("usb.state");
        var simState = _stm32.PathOf("sim.state");

        var usb = _stm32.SimUsb(["--probe", $"{probe}:{serial}", "--state", usbState, "--counters", _stm32.PathOf("counters.json")],
            Stm32Process.Command("flash", "--probe", "usb:" + serial, "--report", _stm32.PathOf("usb.json"), elf), TimeSpan.FromSeconds(120));
        var local = _stm32.Run(TimeSpan.FromSeconds(60), "flash", "--probe", "sim", "--state", simState, "--report", _stm32.PathOf("sim.json"), elf);

        Assert.True(usb.ExitCode == 0, usb.ToString());
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Contains("verify: crc passed", usb.Out, StringComparison.Ordinal);
        Assert.Contains("delay guard: passed", usb.Out, StringComparison.Ordinal);

        // The same flash, byte for byte, in both banks.
        var (usbBank1, usbBank2) = BoardState.Flash(usbState);
        var (simBank1, simBank2) = BoardState.Flash(simState);
        Assert.True(BoardState.Holds(usbState, elf));
        Assert.Equal(simBank1, usbBank1);
        Assert.Equal(simBank2, usbBank2);

        // The same report, but for what names the probe, the durations and the board's counters.
        using var overUsb = JsonDocument.Parse(File.ReadAllText(_stm32.PathOf("usb.json")));
        using var inProcess = JsonDocument.Parse(File.ReadAllText(_stm32.PathOf("sim.json")));
        var usbRoot = overUsb.RootElement;
        var simRoot = inProcess.RootElement;
        Assert.Equal(
            simRoot.EnumerateObject().Select(p => p.Name).Where(n => n != "boardCounters").Order(),
            usbRoot.EnumerateObject().Select(p => p.Name).Order());
        foreach (var field in s_sameFields)
        {
            Assert.Equal(simRoot.GetProperty(field).Compact(), usbRoot.GetProperty(field).Compact());
        }
        foreach (var field in new[] { "mode", "dpIdcode", "devId", "revId", "revision", "flashSizeKiB" })
        {
            Assert.Equal(simRoot.GetProperty("connection").GetProperty(field).Compact(), usbRoot.GetProperty("connection").GetProperty(field).Compact());
        }
        Assert.Equal(simRoot.GetProperty("delayGuard").GetProperty("result").GetString(), usbRoot.GetProperty("delayGuard").GetProperty("result").GetString());
        Assert.StartsWith($"ST-LINK/{probe.ToUpperInvariant()} {serial}", usbRoot.GetProperty("probe").GetString(), StringComparison.Ordinal);

        // The board behind USB counted the flash operations the in-process board counted.
        using var counters = JsonDocument.Parse(File.ReadAllText(_stm32.PathOf("counters.json")));
        var board = counters.RootElement.GetProperty("probes")[0].GetProperty("counters");
        foreach (var counter in new[] { "sectorErases", "bankErases", "flashWordsProgrammed", "optionByteWrites" })
        {
            Assert.Equal(simRoot.GetProperty("boardCounters").GetProperty(counter).Compact(), board.GetProperty(counter).Compact());
        }
    }

    public void Dispose() => _stm32.Dispose();
}

internal static class JsonCompare
{
    /// <summary>The element in one canonical (compact) form, whatever indentation it was written with.</summary>
    public static string Compact(this JsonElement element) => JsonSerializer.Serialize(element);
}
