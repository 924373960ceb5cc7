namespace Stm32.Build.Tasks.CubeIde;

/// <summary>
/// The option and tool ids STM32CubeIDE writes in .cproject (the <c>superClass</c> attribute; the <c>id</c> is the
/// superClass plus a random number). Read from .cproject files CubeIDE 1.x generated in public repositories.
/// </summary>
internal static class CubeIdeOptionIds
{
    /// <summary>Every CubeIDE managed-build id starts with this.</summary>
    public const string Prefix = "com.st.stm32cube.ide.mcu.gnu.managedbuild.";

    // Tool chain level (toolChain element).
    public const string TargetMcu = Prefix + "option.target_mcu";
    public const string TargetCpuId = Prefix + "option.target_cpuid";
    public const string TargetCoreId = Prefix + "option.target_coreid";
    public const string Fpu = Prefix + "option.fpu";
    public const string FloatAbi = Prefix + "option.floatabi";
    public const string TargetBoard = Prefix + "option.target_board";
    public const string RuntimeLibraryC = Prefix + "option.runtimelibrary.c";
    public const string Toolchain = "com.st.stm32cube.ide.mcu.option.internal.toolchain.type";
    /// <summary>The internal toolchain type value of ST's bundled "GNU Tools for STM32".</summary>
    public const string ToolchainGnuToolsForStm32 = Prefix + "toolchain.base.gnu-tools-for-stm32";

    // Tools (tool element superClass).
    public const string AssemblerTool = Prefix + "tool.assembler";
    public const string CCompilerTool = Prefix + "tool.c.compiler";
    public const string CxxCompilerTool = Prefix + "tool.cpp.compiler";
    public const string CLinkerTool = Prefix + "tool.c.linker";
    public const string CxxLinkerTool = Prefix + "tool.cpp.linker";

    // Option suffixes shared by the tools (tool superClass + suffix).
    public const string DebugLevel = ".option.debuglevel";
    public const string OptimizationLevel = ".option.optimization.level";
    public const string DefinedSymbols = ".option.definedsymbols";
    public const string IncludePaths = ".option.includepaths";
    public const string OtherFlags = ".option.otherflags";
    public const string LanguageStandard = ".option.languagestandard";
    public const string LinkerScript = ".option.script";
    public const string Libraries = ".option.libraries";
    public const string LibraryDirectories = ".option.directories";
    public const string GcSections = ".option.dce";
    public const string SystemCalls = ".option.systemcalls";
    public const string PrintfFloat = ".option.nanoprintffloat";
    public const string ScanfFloat = ".option.nanoscanffloat";

    /// <summary>Enumerated option values end in <c>.value.&lt;choice&gt;</c>.</summary>
    public const string ValueMarker = ".value.";

    /// <summary>Configuration ids of CubeIDE's Debug build type contain this.</summary>
    public const string DebugConfigMarker = Prefix + "config.exe.debug";
}
