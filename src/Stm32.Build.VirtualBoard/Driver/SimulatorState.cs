using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;

namespace Stm32.Build.VirtualBoard.Driver;

/// <summary>
/// Where the <c>sim</c> probe keeps its virtual board's state (flash, option bytes, pins) between commands, so
/// consecutive commands see the same flash: <c>$STM32_BUILD_SIM_DIR</c> if set, else
/// <c>$XDG_STATE_HOME/stm32-build/sim</c>, else <c>~/.local/state/stm32-build/sim</c> (on Windows
/// <c>%LOCALAPPDATA%\stm32-build\sim</c>); one file per device: <c>&lt;device&gt;.state</c>.
/// A state path is resolved once (<see cref="Resolve"/>): a symbolic link is followed to its final target, and that
/// target is what is locked, loaded and saved, so the link stays a link and two names of one file share one lock.
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

    /// <summary>
    /// The file a state path stands for, resolved once: the full path, and for a symbolic link its final target
    /// (which need not exist yet: the first save creates it through the link). A link that cannot be resolved
    /// (a loop) or a directory is STM3033.
    /// </summary>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is not null)
            {
                full = Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
            }
        }
        catch (IOException ex)
        {
            throw Invalid(full, $"the virtual board's state file {full} is a symbolic link that cannot be resolved ({ex.Message})", ex);
        }
        if (Directory.Exists(full))
        {
            throw Invalid(full, $"the virtual board's state file {full} is a directory; name a file");
        }
        return full;
    }

    /// <summary>The cross-process lock key of the board kept in <paramref name="resolvedPath"/> (a <see cref="Resolve"/>d path).</summary>
    public static string LockKey(string resolvedPath) => "sim-" + resolvedPath;

    private static ProbeException Invalid(string path, string message, Exception? inner = null) =>
        new(new Diagnostic(DiagnosticCodes.SimulatorStatePathInvalid, DiagnosticSeverity.Error, message, File: path), inner);
}
