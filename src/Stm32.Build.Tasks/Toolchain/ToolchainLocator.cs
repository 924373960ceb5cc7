using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks.Toolchain;

/// <summary>A found arm-none-eabi toolchain: its bin directory, tool prefix and flavor.</summary>
/// <param name="BinDirectory">The directory holding arm-none-eabi-gcc.</param>
/// <param name="Prefix">The tool prefix, normally <c>arm-none-eabi-</c>.</param>
/// <param name="Flavor">ST's "GNU Tools for STM32" (found in a CubeIDE install) or a generic Arm GNU toolchain.</param>
/// <param name="Source">Where it was found: <c>Stm32ToolchainPath</c>, <c>PATH</c> or <c>STM32CubeIDE</c>.</param>
public sealed record ToolchainInfo(string BinDirectory, string Prefix, ToolchainFlavor Flavor, string Source)
{
    /// <summary>The full path of a tool, e.g. <c>Tool("gcc")</c>.</summary>
    public string Tool(string name) => Path.Combine(BinDirectory, Prefix + name + ToolchainLocator.ExecutableSuffix);
}

/// <summary>
/// Finds the arm-none-eabi GNU toolchain: first <c>Stm32ToolchainPath</c> (a bin directory or the toolchain root
/// holding bin/), then every PATH directory, then the GNU tools bundled with STM32CubeIDE in its default install
/// locations (plugins/com.st.stm32cube.ide.mcu.externaltools.gnu-tools-for-stm32.*/tools/bin).
/// </summary>
public sealed class ToolchainLocator
{
    /// <summary>".exe" on Windows, empty elsewhere.</summary>
    public static string ExecutableSuffix => OperatingSystem.IsWindows() ? ".exe" : string.Empty;

    /// <summary>How to install a toolchain, printed with a missing-toolchain error.</summary>
    public const string InstallHint =
        "Install one: Debian/Ubuntu `sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi`; "
        + "Windows/macOS: the Arm GNU Toolchain (developer.arm.com) or STM32CubeIDE; "
        + "or set the MSBuild property Stm32ToolchainPath to the toolchain's bin directory.";

    private readonly Func<string, string?> _environment;
    private readonly IReadOnlyList<string> _cubeIdeRoots;

    /// <summary>Creates a locator reading the process environment and the default CubeIDE install roots.</summary>
    public ToolchainLocator() : this(Environment.GetEnvironmentVariable, DefaultCubeIdeRoots()) { }

    /// <summary>Creates a locator with a given environment and CubeIDE roots (for tests).</summary>
    public ToolchainLocator(Func<string, string?> environment, IReadOnlyList<string> cubeIdeRoots)
    {
        _environment = environment;
        _cubeIdeRoots = cubeIdeRoots;
    }

    /// <summary>The default STM32CubeIDE install roots on this operating system.</summary>
    public static IReadOnlyList<string> DefaultCubeIdeRoots()
    {
        if (OperatingSystem.IsWindows())
        {
            var pf = Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles);
            return [Path.Combine(pf, "STMicroelectronics", "STM32Cube"), @"C:\ST"];
        }
        if (OperatingSystem.IsMacOS())
        {
            return ["/Applications/STM32CubeIDE.app/Contents/Eclipse"];
        }
        return ["/opt/st"];
    }

    /// <summary>Finds the toolchain or throws STM6001 naming every place searched.</summary>
    /// <param name="explicitPath">Stm32ToolchainPath; empty to skip.</param>
    /// <param name="prefix">The tool prefix, normally <c>arm-none-eabi-</c>.</param>
    public ToolchainInfo Locate(string? explicitPath, string prefix)
    {
        var searched = new List<string>();
        var gcc = prefix + "gcc" + ExecutableSuffix;
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            foreach (var dir in new[] { explicitPath, Path.Combine(explicitPath, "bin") })
            {
                var full = Path.GetFullPath(dir);
                searched.Add(full + " (Stm32ToolchainPath)");
                if (File.Exists(Path.Combine(full, gcc)))
                {
                    return new ToolchainInfo(full, prefix, FlavorOf(full), "Stm32ToolchainPath");
                }
            }
            // An explicit path that does not hold the toolchain is an error: do not silently use another one.
            throw NotFound(prefix, searched);
        }
        foreach (var dir in (_environment("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            searched.Add(dir + " (PATH)");
            if (File.Exists(Path.Combine(dir, gcc)))
            {
                return new ToolchainInfo(Path.GetFullPath(dir), prefix, FlavorOf(dir), "PATH");
            }
        }
        foreach (var root in _cubeIdeRoots)
        {
            foreach (var plugins in CubeIdePluginDirectories(root))
            {
                searched.Add(Path.Combine(plugins, "com.st.stm32cube.ide.mcu.externaltools.gnu-tools-for-stm32.*", "tools", "bin") + " (STM32CubeIDE)");
                if (!Directory.Exists(plugins))
                {
                    continue;
                }
                var candidates = Directory.EnumerateDirectories(plugins, "com.st.stm32cube.ide.mcu.externaltools.gnu-tools-for-stm32.*")
                    .OrderByDescending(d => d, StringComparer.Ordinal);
                foreach (var candidate in candidates)
                {
                    var bin = Path.Combine(candidate, "tools", "bin");
                    if (File.Exists(Path.Combine(bin, gcc)))
                    {
                        return new ToolchainInfo(bin, prefix, ToolchainFlavor.GnuToolsForStm32, "STM32CubeIDE");
                    }
                }
            }
        }
        throw NotFound(prefix, searched);
    }

    /// <summary>The plugins folders of CubeIDE installs under a root (versioned folders like stm32cubeide_1.16.0).</summary>
    private static IEnumerable<string> CubeIdePluginDirectories(string root)
    {
        yield return Path.Combine(root, "plugins");
        if (Directory.Exists(root))
        {
            foreach (var dir in Directory.EnumerateDirectories(root, "*STM32CubeIDE*", SearchOption.TopDirectoryOnly)
                .Concat(Directory.EnumerateDirectories(root, "stm32cubeide*", SearchOption.TopDirectoryOnly))
                .Distinct(StringComparer.Ordinal))
            {
                yield return Path.Combine(dir, "plugins");
                yield return Path.Combine(dir, "STM32CubeIDE", "plugins");
            }
        }
    }

    private static ToolchainFlavor FlavorOf(string binDirectory) =>
        binDirectory.Contains("gnu-tools-for-stm32", StringComparison.OrdinalIgnoreCase) ? ToolchainFlavor.GnuToolsForStm32 : ToolchainFlavor.Generic;

    private static Stm32Exception NotFound(string prefix, List<string> searched) =>
        new(new Diagnostic(DiagnosticCodes.ToolchainNotFound, DiagnosticSeverity.Error,
            $"No {prefix}gcc toolchain was found. Searched: {string.Join("; ", searched)}. {InstallHint}"));
}
