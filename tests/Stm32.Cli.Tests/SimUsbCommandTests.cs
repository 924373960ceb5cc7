using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 sim usb</c>'s options are checked before anything starts (no bus, no process): each mistake is a coded
/// usage error (exit 2). Running commands on the emulated bus is tested in tests/Stm32.Build.Usb.Tests (it needs umockdev).
/// </summary>
public sealed class SimUsbCommandTests
{
    [Theory]
    [InlineData("STM5602", "--probe", "v3", "--state", "a.state", "--state", "b.state")] // more states than probes
    [InlineData("STM3032", "--probe", "v9")]                                              // no such generation
    [InlineData("STM3032", "--probe", "v3:not/a/serial")]                                  // a serial is letters and digits
    [InlineData("STM0003", "--fault", "melted")]                                          // no such board fault
    [InlineData("STM5602", "--replug-after", "-5")]
    [InlineData("STM0001", "--device", "STM32F999")]                                      // not in the device data
    [InlineData("STM5104", "--board", "no-such-board")]                                   // neither bundled nor a file
    [InlineData("STM5106", "--supply", "smps-3v3")]                                       // no such supply wiring
    [InlineData("STM5105", "--board", "NUCLEO-H743ZI2", "--device", "STM32H747XI")]       // the board carries another part
    public void Bad_options_are_coded_errors_before_anything_runs(string code, params string[] options)
    {
        var marker = Path.Combine(Path.GetTempPath(), $"sim-usb-ran-{Guid.NewGuid():N}");
        var result = CliRun.Run(["sim", "usb", .. options, "--", "touch", marker]);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(code, result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the command ran although the options were bad");
    }

    [Fact]
    public void A_command_to_run_is_required()
    {
        var result = CliRun.Run("sim", "usb", "--probe", "v3");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("STM0003", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Board_and_supply_go_to_every_probe_and_the_board_carries_the_device()
    {
        var boards = Stm32.Cli.Commands.SimUsbCommand.Boards(["v3", "v2-1:ABC123"], null, [], [], null, "NUCLEO-H743ZI2", "direct-smps");
        Assert.Equal(2, boards.Count);
        foreach (var board in boards)
        {
            Assert.False(board.ContainsKey(Stm32.Build.VirtualBoard.Driver.SimulatorProperties.Device));
            var options = Stm32.Build.VirtualBoard.Driver.SimulatorProperties.ToBoardOptions(board);
            Assert.Equal("NUCLEO-H743ZI2", options.Board!.Name);
            Assert.Equal("STM32H743ZI", options.Device);
            Assert.Equal(Stm32.Build.VirtualBoard.Boards.SupplyWiring.DirectSmps, options.Supply);
        }
    }
}
