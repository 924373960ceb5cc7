using Stm32.Build.TestSupport;
using Stm32.Build.Usb.Tests.Support;

namespace Stm32.Build.Usb.Tests;

/// <summary>
/// A second, independent witness of the USB framing: Debian's OpenOCD 0.12 with its own ST-LINK drivers
/// (<c>interface/stlink.cfg</c>: HLA; <c>interface/stlink-dap.cfg</c>: the DAP API with RW_MISC batches) over libusb
/// — no TCP backend — initialises, halts at reset, erases, writes and verifies an image on the virtual board, with
/// its default work area: its own stm32h7x flash loader runs on the board's emulated Cortex-M7.
/// </summary>
[Trait("Requires", "umockdev")]
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed class OpenOcdOverUsbTests : IDisposable
{
    private readonly Stm32Process _stm32 = new();

    [Theory]
    [InlineData("interface/stlink.cfg", "v2-1", "V2J40M27")]
    [InlineData("interface/stlink-dap.cfg", "v3", "V3J13M4B3S1")]
    public void OpenOcd_over_usb_writes_and_verifies_an_image(string interfaceConfig, string probe, string firmware)
    {
        Assert.True(File.Exists("/usr/bin/openocd"), "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var state = _stm32.PathOf("board.state");
        // A board as it comes off the bench has firmware in it (with erased flash the Cortex-M7 would lock up at
        // init): the blinky followed by a pattern through sector 0, which OpenOCD's sector erase must remove.
        var bench = _stm32.Run(TimeSpan.FromSeconds(60), "flash", "--probe", "sim", "--state", state, "--delay-guard", "0",
            BoardState.PatternImage(elf, 0x77, 0x2000, _stm32.PathOf("bench.bin")));
        Assert.True(bench.ExitCode == 0, bench.ToString());
        Assert.Contains(BoardState.Flash(state).Bank1[0x1000..0x2000], b => b != 0xFF);

        var serial = "OCD" + probe.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        var run = _stm32.SimUsb(["--probe", $"{probe}:{serial}", "--state", state],
        [
            // No GDB, telnet or Tcl server: nothing to collide with another OpenOCD on the machine.
            "openocd", "-c", "gdb_port disabled", "-c", "telnet_port disabled", "-c", "tcl_port disabled",
            "-f", interfaceConfig, "-c", $"adapter serial {serial}", "-f", "target/stm32h7x_dual_bank.cfg",
            "-c", "init", "-c", "reset halt", "-c", $"flash write_image erase {elf}", "-c", $"verify_image {elf}",
            "-c", "reset run", "-c", "shutdown",
        ], TimeSpan.FromSeconds(120));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"STLINK {firmware}", run.Err, StringComparison.Ordinal);
        Assert.Contains("halted due to debug-request", run.All, StringComparison.Ordinal);
        Assert.Matches(@"wrote \d+ bytes from file", run.All);
        Assert.Matches(@"verified \d+ bytes", run.All);
        Assert.DoesNotContain("Error:", run.All, StringComparison.Ordinal);
        Assert.True(BoardState.Holds(state, elf), "the image OpenOCD wrote is in the board's flash");
        Assert.All(BoardState.Flash(state).Bank1[0x1000..0x20000], b => Assert.Equal(0xFF, b)); // sector 0 was erased first
    }

    public void Dispose() => _stm32.Dispose();
}
