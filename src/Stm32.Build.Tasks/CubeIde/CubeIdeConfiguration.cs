using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>A source folder of a CubeIDE configuration (<c>sourceEntries/entry kind="sourcePath"</c>).</summary>
/// <param name="Folder">The project-relative (virtual) folder; empty for the whole project.</param>
/// <param name="Excluding">Exclusion patterns relative to the folder (CDT's <c>excluding="a|b/**"</c>).</param>
public sealed record CubeIdeSourceEntry(string Folder, IReadOnlyList<string> Excluding);

/// <summary>One build configuration (Debug, Release, ...) read from an STM32CubeIDE .cproject file.</summary>
public sealed record CubeIdeConfiguration
{
    /// <summary>The configuration name, e.g. <c>Debug</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Whether CubeIDE treats it as a debug build (its parent is the debug configuration).</summary>
    public bool IsDebug { get; init; }
    /// <summary>The MCU part as CubeIDE names it, e.g. <c>STM32H747XIHx</c>.</summary>
    public string? Mcu { get; init; }
    /// <summary>The CPU index of a multi-core part (0 = Cortex-M7, 1 = Cortex-M4 on STM32H745/H747).</summary>
    public int CpuId { get; init; }
    /// <summary>The board name, when the project was made for a board.</summary>
    public string? Board { get; init; }
    /// <summary>The build settings with paths resolved to absolute paths.</summary>
    public required FirmwareBuildSettings Settings { get; init; }
    /// <summary>The source folders; CDT builds the whole project when there is none.</summary>
    public IReadOnlyList<CubeIdeSourceEntry> SourceEntries { get; init; } = [];
    /// <summary>The directory CubeIDE builds in (<c>&lt;project&gt;/&lt;Name&gt;</c>); relative option paths start there.</summary>
    public required string BuildDirectory { get; init; }
    /// <summary>The artifact (ELF) base name, <c>${ProjName}</c> resolved.</summary>
    public required string ArtifactName { get; init; }
    /// <summary>Option values this importer does not translate (STM6104).</summary>
    public IReadOnlyList<string> UnknownOptions { get; init; } = [];
    /// <summary>Where the CPU, FPU and float ABI came from (device data, series, or the project's own Stm32Cpu).</summary>
    public string CoreSource { get; init; } = string.Empty;
    /// <summary>The core's name in the device data (CM7, CM4, ...), null when the part is not in it.</summary>
    public string? CoreName { get; init; }
    /// <summary>The folders' and files' own compile settings (folderInfo/fileInfo with a resourcePath).</summary>
    public IReadOnlyList<CubeIdeResourceSettings> Resources { get; init; } = [];
    /// <summary>The pre-build and post-build steps, in order.</summary>
    public IReadOnlyList<CubeIdeBuildStep> BuildSteps { get; init; } = [];
    /// <summary>Options (id, value, line) the importer neither translates nor knows to leave out (STM6403).</summary>
    public IReadOnlyList<(string Id, string Value, int? Line)> UntranslatedOptions { get; init; } = [];
}
