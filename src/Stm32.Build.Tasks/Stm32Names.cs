namespace Stm32.Build.Tasks;

/// <summary>
/// Every MSBuild name the package defines: properties, items, metadata and targets of build/Stm32.Build.props
/// and build/*.targets, and the task names. Public names start with <c>Stm32</c>, private ones with <c>_Stm32</c>.
/// The targets files use exactly these strings (a test checks it).
/// </summary>
public static partial class Stm32Names
{
    /// <summary>Property names.</summary>
    public static class Properties
    {
        /// <summary>The task assembly MSBuild loads (the package's tools/ folder, or the repository's bin/ folder).</summary>
        public const string TasksAssembly = "Stm32TasksAssembly";
        /// <summary>The tools/ folder of the task assembly: <c>net8.0</c> under the .NET SDK's MSBuild, <c>net472</c> under Visual Studio's (.NET Framework).</summary>
        public const string TasksFramework = "Stm32TasksFramework";
        /// <summary>The toolchain's bin directory (or its root); searched before PATH and STM32CubeIDE.</summary>
        public const string ToolchainPath = "Stm32ToolchainPath";
        /// <summary>The tool prefix, <c>arm-none-eabi-</c> by default.</summary>
        public const string ToolchainPrefix = "Stm32ToolchainPrefix";
        /// <summary>The device, e.g. <c>STM32H747XI</c> (used by later validation and flashing targets).</summary>
        public const string Device = "Stm32Device";
        /// <summary>The core this project builds for on a multi-core device: <c>CM7</c> or <c>CM4</c>.</summary>
        public const string Core = "Stm32Core";
        /// <summary>The STM32CubeIDE .cproject to import; <c>$(MSBuildProjectDirectory)/.cproject</c> when it exists.</summary>
        public const string CubeIdeProjectFile = "Stm32CubeIdeProjectFile";
        /// <summary>The CubeIDE configuration to import; <c>$(Configuration)</c> by default.</summary>
        public const string CubeIdeConfiguration = "Stm32CubeIdeConfiguration";
        /// <summary>true to import the .cproject (default when it exists), false to build by convention.</summary>
        public const string ImportCubeIdeProject = "Stm32ImportCubeIdeProject";
        /// <summary>true (default) to add the CubeIDE-layout source globs when there is no .cproject.</summary>
        public const string EnableDefaultSourceItems = "Stm32EnableDefaultSourceItems";
        /// <summary>The -mcpu value.</summary>
        public const string Cpu = "Stm32Cpu";
        /// <summary>The -mfpu value.</summary>
        public const string Fpu = "Stm32Fpu";
        /// <summary>The -mfloat-abi value.</summary>
        public const string FloatAbi = "Stm32FloatAbi";
        /// <summary>The C standard (-std=).</summary>
        public const string CStandard = "Stm32CStandard";
        /// <summary>The C++ standard (-std=).</summary>
        public const string CxxStandard = "Stm32CxxStandard";
        /// <summary>The optimization flag, e.g. -O0 or -Os.</summary>
        public const string Optimization = "Stm32Optimization";
        /// <summary>The C++ optimization flag when it differs.</summary>
        public const string CxxOptimization = "Stm32CxxOptimization";
        /// <summary>The debug flag, e.g. -g3; empty for none.</summary>
        public const string DebugLevel = "Stm32DebugLevel";
        /// <summary>The assembler debug flag.</summary>
        public const string AssemblerDebugLevel = "Stm32AssemblerDebugLevel";
        /// <summary>Extra C flags (semicolon list).</summary>
        public const string CFlags = "Stm32CFlags";
        /// <summary>Extra C++ flags (semicolon list).</summary>
        public const string CxxFlags = "Stm32CxxFlags";
        /// <summary>Extra assembler flags (semicolon list).</summary>
        public const string AssemblerFlags = "Stm32AssemblerFlags";
        /// <summary>Extra linker flags (semicolon list).</summary>
        public const string LinkFlags = "Stm32LinkFlags";
        /// <summary>The runtime specs, <c>nano.specs</c> by default.</summary>
        public const string RuntimeSpecs = "Stm32RuntimeSpecs";
        /// <summary>The system-calls specs, <c>nosys.specs</c> by default.</summary>
        public const string SystemCallsSpecs = "Stm32SystemCallsSpecs";
        /// <summary>true (default) to link with -Wl,--gc-sections.</summary>
        public const string GcSections = "Stm32GcSections";
        /// <summary>true to link printf's float support (-u _printf_float).</summary>
        public const string PrintfFloat = "Stm32PrintfFloat";
        /// <summary>The linker script; the project's *_FLASH.ld by convention.</summary>
        public const string LinkerScript = "Stm32LinkerScript";
        /// <summary>The toolchain flavor: Generic or GnuToolsForStm32 (decided by the toolchain found when empty).</summary>
        public const string ToolchainFlavor = "Stm32ToolchainFlavor";
        /// <summary>Where .elf, .hex, .bin, .map and .list go.</summary>
        public const string OutputPath = "Stm32OutputPath";
        /// <summary>Where objects, dependency and flags files go.</summary>
        public const string IntermediateOutputPath = "Stm32IntermediateOutputPath";
        /// <summary>The base name of the outputs; the project name by default.</summary>
        public const string ArtifactName = "Stm32ArtifactName";
        /// <summary>true (default) to write the Intel HEX file.</summary>
        public const string GenerateHex = "Stm32GenerateHex";
        /// <summary>true (default) to write the raw binary.</summary>
        public const string GenerateBin = "Stm32GenerateBin";
        /// <summary>true to write the objdump listing (.list).</summary>
        public const string GenerateList = "Stm32GenerateList";
        /// <summary>true (default) to print the memory-region size table after link.</summary>
        public const string SizeReport = "Stm32SizeReport";
        /// <summary>true (default) to validate the linked image against Stm32Device right after link.</summary>
        public const string ValidateAfterLink = "Stm32ValidateAfterLink";
        /// <summary>The most compilers run at once; 0 (default) means the processor count.</summary>
        public const string MaxParallelism = "Stm32MaxParallelism";
        /// <summary>Targets Stm32Build depends on (extension point).</summary>
        public const string BuildDependsOn = "Stm32BuildDependsOn";
        /// <summary>Targets Stm32Compile depends on (extension point).</summary>
        public const string CompileDependsOn = "Stm32CompileDependsOn";
        /// <summary>Targets Stm32Link depends on (extension point).</summary>
        public const string LinkDependsOn = "Stm32LinkDependsOn";
        /// <summary>Targets run after link and before the size report (validation hooks in).</summary>
        public const string AfterLinkDependsOn = "Stm32AfterLinkDependsOn";
        /// <summary>The path of the linked ELF (set by Stm32PrepareBuild).</summary>
        public const string ElfFile = "Stm32ElfFile";
        /// <summary>The path of the Intel HEX output.</summary>
        public const string HexFile = "Stm32HexFile";
        /// <summary>The path of the raw binary output.</summary>
        public const string BinFile = "Stm32BinFile";
        /// <summary>The path of the linker map.</summary>
        public const string MapFile = "Stm32MapFile";
        /// <summary>The path of the objdump listing.</summary>
        public const string ListFile = "Stm32ListFile";
    }

    /// <summary>Item names.</summary>
    public static class Items
    {
        /// <summary>C, C++ and assembler sources to compile.</summary>
        public const string Source = "Stm32Source";
        /// <summary>Glob patterns (project-relative) removed from the sources after import.</summary>
        public const string ExcludeSource = "Stm32ExcludeSource";
        /// <summary>Preprocessor symbols for C and C++.</summary>
        public const string Define = "Stm32Define";
        /// <summary>Preprocessor symbols for C++ only (when they differ from C).</summary>
        public const string CxxDefine = "Stm32CxxDefine";
        /// <summary>Preprocessor symbols for the assembler.</summary>
        public const string AssemblerDefine = "Stm32AssemblerDefine";
        /// <summary>Include directories for C and C++.</summary>
        public const string IncludePath = "Stm32IncludePath";
        /// <summary>Include directories for C++ only (when they differ from C).</summary>
        public const string CxxIncludePath = "Stm32CxxIncludePath";
        /// <summary>Include directories for the assembler.</summary>
        public const string AssemblerIncludePath = "Stm32AssemblerIncludePath";
        /// <summary>Libraries (<c>m</c>, <c>:libx.a</c>).</summary>
        public const string Library = "Stm32Library";
        /// <summary>Library search directories.</summary>
        public const string LibraryPath = "Stm32LibraryPath";
        /// <summary>The compiled objects (output of Stm32Compile).</summary>
        public const string ObjectFile = "Stm32ObjectFile";
        /// <summary>The linked images with Core and Device metadata (output of Stm32Build); dual-core projects return two.</summary>
        public const string FirmwareImage = "Stm32FirmwareImage";
        /// <summary>Sub-projects of a multi-core project (CM7/, CM4/), each built and its images collected.</summary>
        public const string CoreProject = "Stm32CoreProject";
        /// <summary>Candidate linker scripts found by convention.</summary>
        public const string LinkerScriptCandidate = "_Stm32LinkerScriptCandidate";
    }

    /// <summary>Item metadata names.</summary>
    public static class Metadata
    {
        /// <summary>A source's path inside the project (linked resources keep their virtual name); objects mirror it.</summary>
        public const string VirtualPath = "VirtualPath";
        /// <summary>The core an image runs on (CM7, CM4).</summary>
        public const string Core = "Core";
        /// <summary>The device an image is for.</summary>
        public const string Device = "Device";
        /// <summary>The Intel HEX file beside an image's ELF.</summary>
        public const string HexFile = "HexFile";
        /// <summary>The raw binary beside an image's ELF.</summary>
        public const string BinFile = "BinFile";
        /// <summary>The linker map beside an image's ELF.</summary>
        public const string MapFile = "MapFile";
        /// <summary>The project that built an image.</summary>
        public const string Project = "Project";
        /// <summary>The language of a source: C, Cxx or Assembler.</summary>
        public const string Language = "Language";
        /// <summary>A source's own optimization flag (a CubeIDE folder or file setting), e.g. <c>-O3</c>.</summary>
        public const string Optimization = "Optimization";
        /// <summary>A source's own debug flag (a single space: none).</summary>
        public const string DebugLevel = "DebugLevel";
        /// <summary>A source's own defines (semicolon list; replaces the project's).</summary>
        public const string Defines = "Defines";
        /// <summary>A source's own include directories (semicolon list; replaces the project's).</summary>
        public const string IncludePaths = "IncludePaths";
        /// <summary>A source's own extra flags (semicolon list; replaces the project's).</summary>
        public const string OtherFlags = "OtherFlags";
        /// <summary>The command of a CubeIDE pre-build or post-build step.</summary>
        public const string Command = "Command";
    }

    /// <summary>Target names.</summary>
    public static class Targets
    {
        /// <summary>Builds the firmware: compile, link, convert, validate hook, size report.</summary>
        public const string Build = "Stm32Build";
        /// <summary>Finds the toolchain.</summary>
        public const string ResolveToolchain = "Stm32ResolveToolchain";
        /// <summary>Imports the STM32CubeIDE project when there is one.</summary>
        public const string ImportCubeIdeProject = "Stm32ImportCubeIdeProject";
        /// <summary>Computes output paths and defaults.</summary>
        public const string PrepareBuild = "Stm32PrepareBuild";
        /// <summary>Compiles the sources.</summary>
        public const string Compile = "Stm32Compile";
        /// <summary>Links the objects.</summary>
        public const string Link = "Stm32Link";
        /// <summary>Writes .hex, .bin and .list.</summary>
        public const string ConvertImage = "Stm32ConvertImage";
        /// <summary>Prints the size table.</summary>
        public const string SizeReport = "Stm32SizeReport";
        /// <summary>Builds the core sub-projects of a multi-core project.</summary>
        public const string BuildCoreProjects = "Stm32BuildCoreProjects";
        /// <summary>Deletes the outputs.</summary>
        public const string Clean = "Stm32Clean";
        /// <summary>The hook where image validation runs after link (Stm32.Build.Validation).</summary>
        public const string ValidateAfterLink = "_Stm32ValidateAfterLink";
    }

    /// <summary>Task class names (as UsingTask declares them).</summary>
    public static class Tasks
    {
        /// <summary>The ResolveToolchain task.</summary>
        public const string ResolveToolchain = "Stm32.Build.Tasks.ResolveToolchain";
        /// <summary>The RunBuildSteps task (an imported CubeIDE project's pre-build and post-build steps).</summary>
        public const string RunBuildSteps = "Stm32.Build.Tasks.RunBuildSteps";
        /// <summary>The ReadCubeIdeProject task.</summary>
        public const string ReadCubeIdeProject = "Stm32.Build.Tasks.ReadCubeIdeProject";
        /// <summary>The CompileFirmware task.</summary>
        public const string CompileFirmware = "Stm32.Build.Tasks.CompileFirmware";
        /// <summary>The LinkFirmware task.</summary>
        public const string LinkFirmware = "Stm32.Build.Tasks.LinkFirmware";
        /// <summary>The ConvertFirmwareImage task.</summary>
        public const string ConvertFirmwareImage = "Stm32.Build.Tasks.ConvertFirmwareImage";
        /// <summary>The FirmwareSizeReport task.</summary>
        public const string FirmwareSizeReport = "Stm32.Build.Tasks.FirmwareSizeReport";
        /// <summary>The ValidateFirmwareImage task.</summary>
        public const string ValidateFirmwareImage = "Stm32.Build.Tasks.ValidateFirmwareImage";
    }

    /// <summary>
    /// Private names (leading underscore) of the targets: toolchain paths, values read from a CubeIDE project
    /// before they fill the public properties, and internal targets. Not a contract; listed so every name is here.
    /// </summary>
    public static class Private
    {
        /// <summary><c>_Stm32PreBuildSteps</c>: runs an imported CubeIDE project's pre-build step.</summary>
        public const string PreBuildSteps = "_Stm32PreBuildSteps";
        /// <summary><c>_Stm32PostBuildSteps</c>: runs an imported CubeIDE project's post-build step.</summary>
        public const string PostBuildSteps = "_Stm32PostBuildSteps";
        /// <summary><c>_Stm32PreBuildStep</c>: the pre-build step's commands.</summary>
        public const string PreBuildStep = "_Stm32PreBuildStep";
        /// <summary><c>_Stm32PostBuildStep</c>: the post-build step's commands.</summary>
        public const string PostBuildStep = "_Stm32PostBuildStep";
        /// <summary><c>_Stm32BuildAfterSdkBuild</c>.</summary>
        public const string BuildAfterSdkBuild = "_Stm32BuildAfterSdkBuild";
        /// <summary><c>_Stm32CheckTasksAssembly</c>.</summary>
        public const string CheckTasksAssembly = "_Stm32CheckTasksAssembly";
        /// <summary><c>_Stm32CleanAfterSdkClean</c>.</summary>
        public const string CleanAfterSdkClean = "_Stm32CleanAfterSdkClean";
        /// <summary><c>_Stm32ValidateImage</c>: validation proper, skipped while its stamp is newer than the ELF.</summary>
        public const string ValidateImage = "_Stm32ValidateImage";
        /// <summary><c>_Stm32ExcludedSourcePath</c>.</summary>
        public const string ExcludedSourcePath = "_Stm32ExcludedSourcePath";
        /// <summary><c>_Stm32FoundFlavor</c>.</summary>
        public const string FoundFlavor = "_Stm32FoundFlavor";
        /// <summary><c>_Stm32Gcc</c>.</summary>
        public const string Gcc = "_Stm32Gcc";
        /// <summary><c>_Stm32Gxx</c>.</summary>
        public const string Gxx = "_Stm32Gxx";
        /// <summary><c>_Stm32ImportedArtifactName</c>.</summary>
        public const string ImportedArtifactName = "_Stm32ImportedArtifactName";
        /// <summary><c>_Stm32ImportedAssemblerDebugLevel</c>.</summary>
        public const string ImportedAssemblerDebugLevel = "_Stm32ImportedAssemblerDebugLevel";
        /// <summary><c>_Stm32ImportedAssemblerFlags</c>.</summary>
        public const string ImportedAssemblerFlags = "_Stm32ImportedAssemblerFlags";
        /// <summary><c>_Stm32ImportedCFlags</c>.</summary>
        public const string ImportedCFlags = "_Stm32ImportedCFlags";
        /// <summary><c>_Stm32ImportedCStandard</c>.</summary>
        public const string ImportedCStandard = "_Stm32ImportedCStandard";
        /// <summary><c>_Stm32ImportedCore</c>.</summary>
        public const string ImportedCore = "_Stm32ImportedCore";
        /// <summary><c>_Stm32ImportedCpu</c>.</summary>
        public const string ImportedCpu = "_Stm32ImportedCpu";
        /// <summary><c>_Stm32ImportedCxxFlags</c>.</summary>
        public const string ImportedCxxFlags = "_Stm32ImportedCxxFlags";
        /// <summary><c>_Stm32ImportedCxxOptimization</c>.</summary>
        public const string ImportedCxxOptimization = "_Stm32ImportedCxxOptimization";
        /// <summary><c>_Stm32ImportedCxxStandard</c>.</summary>
        public const string ImportedCxxStandard = "_Stm32ImportedCxxStandard";
        /// <summary><c>_Stm32ImportedDebugLevel</c>.</summary>
        public const string ImportedDebugLevel = "_Stm32ImportedDebugLevel";
        /// <summary><c>_Stm32ImportedFloatAbi</c>.</summary>
        public const string ImportedFloatAbi = "_Stm32ImportedFloatAbi";
        /// <summary><c>_Stm32ImportedFpu</c>.</summary>
        public const string ImportedFpu = "_Stm32ImportedFpu";
        /// <summary><c>_Stm32ImportedGcSections</c>.</summary>
        public const string ImportedGcSections = "_Stm32ImportedGcSections";
        /// <summary><c>_Stm32ImportedLinkFlags</c>.</summary>
        public const string ImportedLinkFlags = "_Stm32ImportedLinkFlags";
        /// <summary><c>_Stm32ImportedLinkerScript</c>.</summary>
        public const string ImportedLinkerScript = "_Stm32ImportedLinkerScript";
        /// <summary><c>_Stm32ImportedOptimization</c>.</summary>
        public const string ImportedOptimization = "_Stm32ImportedOptimization";
        /// <summary><c>_Stm32ImportedPrintfFloat</c>.</summary>
        public const string ImportedPrintfFloat = "_Stm32ImportedPrintfFloat";
        /// <summary><c>_Stm32ImportedRuntimeSpecs</c>.</summary>
        public const string ImportedRuntimeSpecs = "_Stm32ImportedRuntimeSpecs";
        /// <summary><c>_Stm32ImportedSystemCallsSpecs</c>.</summary>
        public const string ImportedSystemCallsSpecs = "_Stm32ImportedSystemCallsSpecs";
        /// <summary><c>_Stm32IsRealBuild</c>.</summary>
        public const string IsRealBuild = "_Stm32IsRealBuild";
        /// <summary><c>_Stm32Objcopy</c>.</summary>
        public const string Objcopy = "_Stm32Objcopy";
        /// <summary><c>_Stm32Objdump</c>.</summary>
        public const string Objdump = "_Stm32Objdump";
        /// <summary><c>_Stm32ProduceImage</c>.</summary>
        public const string ProduceImage = "_Stm32ProduceImage";
    }
}
