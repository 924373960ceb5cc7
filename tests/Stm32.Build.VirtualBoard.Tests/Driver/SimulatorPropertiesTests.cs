using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Driver;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Driver;

/// <summary>The <c>board</c> and <c>supply</c> rows of the sim probe's properties: a board carries its device; names are checked with coded errors.</summary>
public sealed class SimulatorPropertiesTests
{
    private static VirtualBoardOptions Options(params (string Key, string Value)[] rows) =>
        SimulatorProperties.ToBoardOptions(rows.ToDictionary(r => r.Key, r => r.Value));

    [Fact]
    public void A_bundled_board_sets_the_board_and_its_device()
    {
        var options = Options((SimulatorProperties.Board, "nucleo-h743zi2"));
        Assert.Equal("NUCLEO-H743ZI2", options.Board!.Name);
        Assert.Equal("STM32H743ZI", options.Device);
        Assert.Equal(SupplyWiring.Ldo, options.Board.Supply);

        using var board = new VirtualBoard(options);
        Assert.Equal("STM32H743ZI", board.Chip.Device.Name);
    }

    [Fact]
    public void The_supply_row_overrides_the_boards_wiring_by_name_or_hal_alias()
    {
        var options = Options((SimulatorProperties.Board, "custom-h747-ldo"), (SimulatorProperties.Supply, "PWR_DIRECT_SMPS_SUPPLY"));
        Assert.Equal(SupplyWiring.DirectSmps, options.Supply);
        using var board = new VirtualBoard(options);
        Assert.Equal(SupplyWiring.DirectSmps, board.Board.Supply);
        Assert.Equal("custom-h747-ldo", board.Board.Name);
    }

    [Fact]
    public void A_board_file_is_read_from_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"board-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "name": "bench", "device": "STM32H747XI", "supply": "smps-1v8-supplies-ldo", "hse": null, "lse": null }""");
        try
        {
            var options = Options((SimulatorProperties.Board, path));
            Assert.Equal("bench", options.Board!.Name);
            Assert.Equal(SupplyWiring.Smps1V8SuppliesLdo, options.Board.Supply);
            Assert.Null(options.Board.Hse);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("board", "no-such-board", "STM5104")]
    [InlineData("supply", "smps-3v3", "STM5106")]
    public void Unknown_names_are_probe_property_errors_with_their_own_codes(string key, string value, string code)
    {
        var ex = Assert.Throws<ProbeException>(() => Options((key, value)));
        Assert.Equal(code, ex.Diagnostic.Code);
    }

    [Fact]
    public void A_device_beside_a_board_carrying_another_part_is_STM5105()
    {
        var ex = Assert.Throws<ProbeException>(() => Options((SimulatorProperties.Device, "STM32H747XI"), (SimulatorProperties.Board, "NUCLEO-H743ZI2")));
        Assert.Equal(DiagnosticCodes.BoardDeviceMismatch, ex.Diagnostic.Code);
        Assert.Contains("STM32H743ZI", ex.Diagnostic.Message, StringComparison.Ordinal);
    }
}
