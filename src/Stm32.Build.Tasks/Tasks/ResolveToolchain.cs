using Microsoft.Build.Framework;
using Stm32.Build.Tasks.Toolchain;

namespace Stm32.Build.Tasks;

/// <summary>
/// Finds the arm-none-eabi toolchain (Stm32ToolchainPath, then PATH, then STM32CubeIDE's bundled GNU tools)
/// and returns the full paths of the tools the build runs. A missing toolchain is error STM6001 naming every
/// location searched and how to install one.
/// </summary>
public sealed class ResolveToolchain : Stm32Task
{
    /// <summary>Stm32ToolchainPath: a bin directory or the toolchain root; when set, nothing else is searched.</summary>
    public string? ToolchainPath { get; set; }

    /// <summary>The tool prefix, <c>arm-none-eabi-</c> by default.</summary>
    public string? Prefix { get; set; }

    /// <summary>The bin directory found.</summary>
    [Output] public string? BinDirectory { get; private set; }
    /// <summary>arm-none-eabi-gcc.</summary>
    [Output] public string? Gcc { get; private set; }
    /// <summary>arm-none-eabi-g++.</summary>
    [Output] public string? Gxx { get; private set; }
    /// <summary>arm-none-eabi-objcopy.</summary>
    [Output] public string? Objcopy { get; private set; }
    /// <summary>arm-none-eabi-objdump.</summary>
    [Output] public string? Objdump { get; private set; }
    /// <summary>Generic or GnuToolsForStm32.</summary>
    [Output] public string? Flavor { get; private set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var info = new ToolchainLocator().Locate(ToolchainPath, string.IsNullOrWhiteSpace(Prefix) ? "arm-none-eabi-" : Prefix.Trim());
        BinDirectory = info.BinDirectory;
        Gcc = info.Tool("gcc");
        Gxx = info.Tool("g++");
        Objcopy = info.Tool("objcopy");
        Objdump = info.Tool("objdump");
        Flavor = info.Flavor.ToString();
        Log.LogMessage(MessageImportance.Low, $"Stm32.Build: toolchain {info.BinDirectory} (from {info.Source}, {info.Flavor}).");
    }
}
