namespace Stm32.Build.StLink;

/// <summary>
/// Where the <c>sim</c> probe keeps its virtual board's state (flash, option bytes, pins) between commands, so
/// consecutive commands see the same flash: <c>$STM32_BUILD_SIM_DIR</c> if set, else
/// <c>$XDG_STATE_HOME/stm32-build/sim</c>, else <c>~/.local/state/stm32-build/sim</c> (on Windows
/// <c>%LOCALAPPDATA%\stm32-build\sim</c>); one file per device: <c>&lt;device&gt;.state</c>.
/// </summary>
public static class SimulatorState
{
    /// <summary>The environment variable that overrides the state directory.</summary>
    public const string DirectoryVariable = "STM32_BUILD_SIM_DIR";

    /// <summary>The state directory.</summary>
    public static string DefaultDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir)
            {
                return dir;
            }
            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "stm32-build", "sim");
            }
            if (Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, "stm32-build", "sim");
            }
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "stm32-build", "sim");
        }
    }

    /// <summary>The state file of <paramref name="device"/>.</summary>
    public static string DefaultFile(string device) =>
        Path.Combine(DefaultDirectory, device.Trim().ToUpperInvariant() + ".state");
}
