using static Stm32.Build.Tasks.CubeIde.CubeIdeOptionIds;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>
/// The .cproject options the importer knows: those it translates into the build and those it reads and leaves out
/// on purpose (the reason is in the comment). Any other option is reported (STM6403) with its id and value, so a
/// setting the build does not honour is never silent. Ids are CDT superClass ids without their numeric suffixes.
/// </summary>
internal static class CubeIdeOptionCatalog
{
    private static readonly string[] s_compilerSuffixes = [DebugLevel, OptimizationLevel, DefinedSymbols, IncludePaths, OtherFlags, LanguageStandard];
    private static readonly string[] s_assemblerSuffixes = [DebugLevel, DefinedSymbols, IncludePaths, OtherFlags];
    private static readonly string[] s_linkerSuffixes = [LinkerScript, Libraries, LibraryDirectories, GcSections, SystemCalls, PrintfFloat, ScanfFloat, OtherFlags];

    private static readonly HashSet<string> s_known = new(StringComparer.Ordinal)
    {
        // Translated: the MCU, its core and floating point, the C library.
        TargetMcu, TargetCpuId, Fpu, FloatAbi, RuntimeLibraryC, CubeIdeOptionIds.Toolchain,
        // Read, not needed: the core index again, the board's name, CubeIDE's record of its own defaults, the
        // toolchain's version (the toolchain is found by Stm32ResolveToolchain), the debugger's CPU clock.
        TargetCoreId, TargetBoard, Prefix + "option.defaults", "com.st.stm32cube.ide.mcu.option.internal.toolchain.version",
        "com.st.stm32cube.ide.mcu.debug.option.cpuclock",
        // .hex and .bin are always written (Stm32GenerateHex, Stm32GenerateBin).
        Prefix + "option.convertHex", Prefix + "option.convertBinary", Prefix + "option.convertbinary", Prefix + "option.converthex",
    };

    static CubeIdeOptionCatalog()
    {
        foreach (var suffix in s_compilerSuffixes)
        {
            s_known.Add(CCompilerTool + suffix);
            s_known.Add(CxxCompilerTool + suffix);
        }
        foreach (var suffix in s_assemblerSuffixes)
        {
            s_known.Add(AssemblerTool + suffix);
        }
        foreach (var suffix in s_linkerSuffixes)
        {
            s_known.Add(CLinkerTool + suffix);
            s_known.Add(CxxLinkerTool + suffix);
        }
    }

    /// <summary>True when the importer translates or deliberately leaves out the option.</summary>
    public static bool IsKnown(string optionId) => s_known.Contains(optionId);

    /// <summary>True for the options a folder or file may override (compile options of the compilers and the assembler).</summary>
    public static bool IsPerResource(string optionId) =>
        s_compilerSuffixes.Any(s => optionId == CCompilerTool + s || optionId == CxxCompilerTool + s)
        || s_assemblerSuffixes.Any(s => optionId == AssemblerTool + s);

    /// <summary>
    /// A CDT id without its numeric suffixes: <c>…tool.c.compiler.1862130001.497793763</c> to <c>…tool.c.compiler</c>
    /// (a folder's or file's tool names its parent's id, suffix included, as its superClass).
    /// </summary>
    public static string BaseId(string id)
    {
        var result = id;
        while (true)
        {
            var dot = result.LastIndexOf('.');
            if (dot <= 0 || dot == result.Length - 1 || !result.AsSpan(dot + 1).ContainsOnlyDigits())
            {
                return result;
            }
            result = result[..dot];
        }
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => text.IndexOfAnyExceptInRange('0', '9') < 0;
}
