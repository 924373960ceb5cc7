namespace Stm32.Build.Tasks.Gcc;

/// <summary>The source languages a firmware build compiles.</summary>
public enum SourceLanguage
{
    /// <summary>C, compiled with arm-none-eabi-gcc.</summary>
    C,
    /// <summary>C++, compiled with arm-none-eabi-g++.</summary>
    Cxx,
    /// <summary>Assembler (.s and .S), run through gcc with <c>-x assembler-with-cpp</c> as CubeIDE does.</summary>
    Assembler,
}

/// <summary>Which GNU toolchain runs the build; ST's build of it accepts options upstream gcc does not.</summary>
public enum ToolchainFlavor
{
    /// <summary>An upstream Arm GNU toolchain (Arm's releases, Debian's gcc-arm-none-eabi).</summary>
    Generic,
    /// <summary>"GNU Tools for STM32" bundled with STM32CubeIDE (adds -fcyclomatic-complexity).</summary>
    GnuToolsForStm32,
}

/// <summary>
/// Everything that decides a firmware build's compiler and linker command lines, independent of where it came
/// from (an imported STM32CubeIDE .cproject or MSBuild properties). Paths are absolute; the command-line builder
/// renders them relative to the directory gcc runs in.
/// </summary>
public sealed record FirmwareBuildSettings
{
    /// <summary>The -mcpu value, e.g. <c>cortex-m7</c>.</summary>
    public string Cpu { get; init; } = "cortex-m7";
    /// <summary>The -mfpu value, e.g. <c>fpv5-d16</c>; none when empty.</summary>
    public string? Fpu { get; init; }
    /// <summary>The -mfloat-abi value (<c>hard</c>, <c>softfp</c>, <c>soft</c>); none when empty.</summary>
    public string? FloatAbi { get; init; }
    /// <summary>Generate Thumb code (-mthumb); always on for Cortex-M.</summary>
    public bool Thumb { get; init; } = true;
    /// <summary>The C language standard (-std=), e.g. <c>gnu11</c>.</summary>
    public string CStandard { get; init; } = "gnu11";
    /// <summary>The C++ language standard (-std=), e.g. <c>gnu++14</c>.</summary>
    public string CxxStandard { get; init; } = "gnu++14";
    /// <summary>The optimization flag for C and C++, e.g. <c>-O0</c> or <c>-Os</c>.</summary>
    public string Optimization { get; init; } = "-O0";
    /// <summary>The optimization flag for C++ when it differs from C; null means the same as C.</summary>
    public string? CxxOptimization { get; init; }
    /// <summary>The debug flag for C and C++, e.g. <c>-g3</c>; empty for none (CubeIDE's -g0 emits nothing).</summary>
    public string DebugLevel { get; init; } = "-g3";
    /// <summary>The debug flag for the assembler; null means the same as C.</summary>
    public string? AssemblerDebugLevel { get; init; }
    /// <summary>Preprocessor symbols for C (NAME or NAME=VALUE), in order.</summary>
    public IReadOnlyList<string> CDefines { get; init; } = [];
    /// <summary>Preprocessor symbols for C++; null means the same as C.</summary>
    public IReadOnlyList<string>? CxxDefines { get; init; }
    /// <summary>Preprocessor symbols for the assembler.</summary>
    public IReadOnlyList<string> AssemblerDefines { get; init; } = [];
    /// <summary>Include directories for C (absolute paths), in order.</summary>
    public IReadOnlyList<string> CIncludePaths { get; init; } = [];
    /// <summary>Include directories for C++; null means the same as C.</summary>
    public IReadOnlyList<string>? CxxIncludePaths { get; init; }
    /// <summary>Include directories for the assembler.</summary>
    public IReadOnlyList<string> AssemblerIncludePaths { get; init; } = [];
    /// <summary>Extra C compiler flags, added after the standard ones.</summary>
    public IReadOnlyList<string> COtherFlags { get; init; } = [];
    /// <summary>Extra C++ compiler flags.</summary>
    public IReadOnlyList<string> CxxOtherFlags { get; init; } = [];
    /// <summary>Extra assembler flags.</summary>
    public IReadOnlyList<string> AssemblerOtherFlags { get; init; } = [];
    /// <summary>Place each function and data item in its own section (-ffunction-sections -fdata-sections).</summary>
    public bool SectionPerItem { get; init; } = true;
    /// <summary>Warning flags, CubeIDE's default is <c>-Wall</c>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = ["-Wall"];
    /// <summary>Write .su stack usage files (-fstack-usage).</summary>
    public bool StackUsage { get; init; } = true;
    /// <summary>C++: -fno-exceptions, -fno-rtti, -fno-use-cxa-atexit (CubeIDE's defaults).</summary>
    public bool CxxNoExceptionsNoRtti { get; init; } = true;
    /// <summary>The C runtime specs for compile and link, e.g. <c>nano.specs</c>; none when empty.</summary>
    public string? RuntimeSpecs { get; init; } = "nano.specs";
    /// <summary>The system-calls specs for link, e.g. <c>nosys.specs</c>; none when empty.</summary>
    public string? SystemCallsSpecs { get; init; } = "nosys.specs";
    /// <summary>The linker script (absolute path).</summary>
    public string? LinkerScript { get; init; }
    /// <summary>Libraries as CubeIDE lists them: <c>m</c> becomes <c>-lm</c>, <c>:libx.a</c> becomes <c>-l:libx.a</c>.</summary>
    public IReadOnlyList<string> Libraries { get; init; } = [];
    /// <summary>Library search directories (absolute paths).</summary>
    public IReadOnlyList<string> LibraryPaths { get; init; } = [];
    /// <summary>Extra linker flags.</summary>
    public IReadOnlyList<string> LinkerOtherFlags { get; init; } = [];
    /// <summary>Discard unused sections (-Wl,--gc-sections).</summary>
    public bool GcSections { get; init; } = true;
    /// <summary>Link printf's floating-point support (-u _printf_float).</summary>
    public bool PrintfFloat { get; init; }
    /// <summary>Link scanf's floating-point support (-u _scanf_float).</summary>
    public bool ScanfFloat { get; init; }
    /// <summary>Which toolchain runs the commands.</summary>
    public ToolchainFlavor Flavor { get; init; } = ToolchainFlavor.Generic;

    /// <summary>The defines used for a language.</summary>
    public IReadOnlyList<string> DefinesFor(SourceLanguage language) => language switch
    {
        SourceLanguage.Cxx => CxxDefines ?? CDefines,
        SourceLanguage.Assembler => AssemblerDefines,
        _ => CDefines,
    };

    /// <summary>The include directories used for a language.</summary>
    public IReadOnlyList<string> IncludePathsFor(SourceLanguage language) => language switch
    {
        SourceLanguage.Cxx => CxxIncludePaths ?? CIncludePaths,
        SourceLanguage.Assembler => AssemblerIncludePaths,
        _ => CIncludePaths,
    };

    /// <summary>Tells the language of a source file from its extension, or null when it is not a source.</summary>
    public static SourceLanguage? LanguageOf(string path)
    {
        var ext = Path.GetExtension(path);
        return ext switch
        {
            ".c" => SourceLanguage.C,
            ".s" or ".S" or ".asm" => SourceLanguage.Assembler,
            ".cpp" or ".cc" or ".cxx" or ".c++" or ".C" => SourceLanguage.Cxx,
            _ => null,
        };
    }
}
