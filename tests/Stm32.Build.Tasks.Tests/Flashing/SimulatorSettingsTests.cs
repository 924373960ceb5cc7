using Stm32.Build.Tasks;
using Stm32.Build.VirtualBoard.Driver;
using Xunit;

namespace Stm32.Build.Tasks.Tests.Flashing;

/// <summary>How the probe tasks turn Stm32Device, Stm32SimStateFile, Stm32SimBoard and Stm32BoardSupply into the sim probe's properties.</summary>
public sealed class SimulatorSettingsTests
{
    [Fact]
    public void A_bundled_board_is_passed_by_name_and_a_board_file_by_its_full_path()
    {
        var bundled = SimulatorSettings.For("STM32H747XI", null, "STM32H747I-DISCO", null);
        Assert.Equal("STM32H747I-DISCO", bundled[SimulatorProperties.Board]);

        var file = SimulatorSettings.For(null, null, Path.Combine("boards", "bench.json"), "ldo");
        Assert.Equal(Path.GetFullPath(Path.Combine("boards", "bench.json")), file[SimulatorProperties.Board]);
        Assert.Equal("ldo", file[SimulatorProperties.Supply]);
        Assert.False(file.ContainsKey(SimulatorProperties.Device)); // the board carries its device
    }

    [Fact]
    public void Without_a_board_the_device_is_the_projects_or_the_default()
    {
        Assert.Equal("STM32H743ZI", SimulatorSettings.For("STM32H743ZI", null, "", null)[SimulatorProperties.Device]);
        Assert.Equal("STM32H747XI", SimulatorSettings.For(null, null, null, null)[SimulatorProperties.Device]);
    }

    [Fact]
    public void The_settings_build_the_board_the_project_declares()
    {
        var options = SimulatorProperties.ToBoardOptions(SimulatorSettings.For("STM32H747XI", null, "custom-h747-ldo", "direct-smps"));
        Assert.Equal("custom-h747-ldo", options.Board!.Name);
        Assert.Equal(Stm32.Build.VirtualBoard.Boards.SupplyWiring.DirectSmps, options.Supply);
    }
}
