using Stm32.Build.TestSupport;
using Stm32.Build.Usb.Tests.Support;

namespace Stm32.Build.Usb.Tests;

/// <summary>Two virtual probes on the bus, flashed by two processes at once: each image lands on its own board.</summary>
[Trait("Requires", "umockdev")]
[Trait("Requires", "gcc")]
public sealed class TwoProbesOverUsbTests : IDisposable
{
    private readonly Stm32Process _stm32 = new();

    [Fact]
    public void Two_processes_flash_two_probes_at_once_and_each_board_gets_its_own_image()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var other = BoardState.PatternImage(elf, 0x5A, 0x2000, _stm32.PathOf("other.bin"));
        var cli = Stm32Process.Cli;
        var script = _stm32.Script("two.sh", $"""
            dotnet {cli} flash --probe usb:TWOPROBEA --delay-guard 0 {elf} > {_stm32.PathOf("a.out")} 2>&1 &
            a=$!
            dotnet {cli} flash --probe usb:TWOPROBEB --delay-guard 0 {other} > {_stm32.PathOf("b.out")} 2>&1 &
            b=$!
            wait $a; echo "a exit $?"
            wait $b; echo "b exit $?"
            """);
        var run = _stm32.SimUsb(
            ["--probe", "v3:TWOPROBEA", "--state", _stm32.PathOf("a.state"), "--probe", "v2-1:TWOPROBEB", "--state", _stm32.PathOf("b.state")],
            script, TimeSpan.FromSeconds(120));

        var outputs = $"{run}\n--- a\n{File.ReadAllText(_stm32.PathOf("a.out"))}\n--- b\n{File.ReadAllText(_stm32.PathOf("b.out"))}";
        Assert.True(run.ExitCode == 0, outputs);
        Assert.Contains("a exit 0", run.Out, StringComparison.Ordinal);
        Assert.Contains("b exit 0", run.Out, StringComparison.Ordinal);
        Assert.Contains("probe ST-LINK/V3 TWOPROBEA", File.ReadAllText(_stm32.PathOf("a.out")), StringComparison.Ordinal);
        Assert.Contains("probe ST-LINK/V2-1 TWOPROBEB", File.ReadAllText(_stm32.PathOf("b.out")), StringComparison.Ordinal);

        Assert.True(BoardState.Holds(_stm32.PathOf("a.state"), elf), "board A holds the ELF");
        Assert.True(BoardState.Holds(_stm32.PathOf("b.state"), other, BoardState.BinaryAtFlash), "board B holds the other image");
        Assert.False(BoardState.Holds(_stm32.PathOf("a.state"), other, BoardState.BinaryAtFlash), "board A got nothing of B's image");
        // Board B holds its pattern after the blinky; on board A that flash was never programmed.
        Assert.All(BoardState.Flash(_stm32.PathOf("a.state")).Bank1[0x1000..0x2000], b => Assert.Equal(0xFF, b));
    }

    public void Dispose() => _stm32.Dispose();
}
