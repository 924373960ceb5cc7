using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Driver;

namespace Stm32.Build.Tasks;

/// <summary>
/// The <c>sim</c> probe's board properties from the project (<c>Stm32Device</c>, <c>Stm32SimStateFile</c>,
/// <c>Stm32SimBoard</c>, <c>Stm32BoardSupply</c>), one place for every probe task. A board that is not a bundled
/// board's name is a board file, resolved against the current directory (the project's, when MSBuild runs a task).
/// </summary>
internal static class SimulatorSettings
{
    /// <summary>The property bag for <see cref="SimulatorProperties.ToBoardOptions"/>.</summary>
    public static Dictionary<string, string> For(string? device, string? stateFile, string? board, string? supply)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(board))
        {
            var name = board.Trim();
            properties[SimulatorProperties.Board] = BoardCatalog.Bundled.Any(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
                ? name
                : Path.GetFullPath(name);
        }
        if (!string.IsNullOrWhiteSpace(device) || !properties.ContainsKey(SimulatorProperties.Board))
        {
            properties[SimulatorProperties.Device] = string.IsNullOrWhiteSpace(device) ? "STM32H747XI" : device.Trim();
        }
        if (!string.IsNullOrWhiteSpace(stateFile))
        {
            properties[SimulatorProperties.State] = Path.GetFullPath(stateFile);
        }
        if (!string.IsNullOrWhiteSpace(supply))
        {
            properties[SimulatorProperties.Supply] = supply.Trim();
        }
        return properties;
    }
}
