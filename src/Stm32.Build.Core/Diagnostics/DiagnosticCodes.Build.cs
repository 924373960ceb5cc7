namespace Stm32.Build.Diagnostics;

// STM6xxx: firmware builds (toolchain, STM32CubeIDE project import, compile, link, size report).
// STM60xx toolchain and inputs, STM61xx CubeIDE import, STM62xx compiler and linker, STM63xx outputs and size.
public static partial class DiagnosticCodes
{
    /// <summary>No arm-none-eabi GNU toolchain was found in any searched location.</summary>
    public const string ToolchainNotFound = "STM6001";
    /// <summary>A source file listed for the firmware build does not exist.</summary>
    public const string SourceFileMissing = "STM6002";
    /// <summary>The linker script does not exist or none was given or found.</summary>
    public const string LinkerScriptMissing = "STM6003";
    /// <summary>The firmware project has no C, C++ or assembler source to build.</summary>
    public const string NoSources = "STM6004";
    /// <summary>A toolchain program (gcc, objcopy, ...) could not be started.</summary>
    public const string ToolStartFailed = "STM6005";
    /// <summary>The build was cancelled while tools were running.</summary>
    public const string BuildCancelled = "STM6006";
    /// <summary>A toolchain program ran longer than the allowed time and was stopped.</summary>
    public const string ToolTimedOut = "STM6007";

    /// <summary>The STM32CubeIDE .cproject file is not readable XML in CubeIDE's format.</summary>
    public const string CubeIdeProjectInvalid = "STM6101";
    /// <summary>The requested build configuration (Debug, Release, ...) is not in the .cproject file.</summary>
    public const string CubeIdeConfigurationNotFound = "STM6102";
    /// <summary>The Eclipse .project file is not readable or a linked resource cannot be resolved.</summary>
    public const string EclipseProjectInvalid = "STM6103";
    /// <summary>A CubeIDE option value is not one this importer knows; it is passed through or ignored.</summary>
    public const string CubeIdeOptionUnknown = "STM6104";

    /// <summary>The compiler reported an error (gcc's own text, at its file, line and column).</summary>
    public const string CompilerError = "STM6201";
    /// <summary>The compiler reported a warning (gcc's own text, at its file, line and column).</summary>
    public const string CompilerWarning = "STM6202";
    /// <summary>The compiler failed without a located diagnostic (exit code only).</summary>
    public const string CompilerFailed = "STM6203";
    /// <summary>The linker reported an error (ld's own text).</summary>
    public const string LinkerError = "STM6204";
    /// <summary>The linker reported a warning (ld's own text).</summary>
    public const string LinkerWarning = "STM6205";
    /// <summary>The linker failed without a reported diagnostic (exit code only).</summary>
    public const string LinkerFailed = "STM6206";
    /// <summary>objcopy or objdump failed while producing .hex, .bin or .list.</summary>
    public const string ImageConversionFailed = "STM6207";

    /// <summary>The size report could not read the linker map or the ELF file.</summary>
    public const string SizeReportUnavailable = "STM6301";
    /// <summary>A memory region is filled above the warning threshold.</summary>
    public const string MemoryRegionNearlyFull = "STM6302";
}
