using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.CubeIde;

using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks;

/// <summary>
/// Imports an STM32CubeIDE project: reads the chosen configuration of <c>.cproject</c> (MCU, FPU, float ABI,
/// defines, include paths, optimization, debug level, specs, linker script, libraries, extra flags) and
/// <c>.project</c> (linked resources), and lists the sources of its source entries minus their exclusions.
/// The targets copy the outputs into the Stm32* properties that are still empty and append the items.
/// </summary>
public sealed class ReadCubeIdeProject : Stm32Task
{
    /// <summary>The .cproject file.</summary>
    [Required] public string CProjectFile { get; set; } = string.Empty;
    /// <summary>The configuration name (Debug, Release).</summary>
    [Required] public string Configuration { get; set; } = string.Empty;
    /// <summary>The project's own Stm32Cpu: when set it wins, and an MCU the importer cannot place is no error.</summary>
    public string? ProjectCpu { get; set; }
    /// <summary>The folder the ELF is written to (Stm32OutputPath), where the build steps run.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>-mcpu value.</summary>
    [Output] public string? Cpu { get; private set; }
    /// <summary>-mfpu value.</summary>
    [Output] public string? Fpu { get; private set; }
    /// <summary>-mfloat-abi value.</summary>
    [Output] public string? FloatAbi { get; private set; }
    /// <summary>C standard.</summary>
    [Output] public string? CStandard { get; private set; }
    /// <summary>C++ standard.</summary>
    [Output] public string? CxxStandard { get; private set; }
    /// <summary>Optimization flag.</summary>
    [Output] public string? Optimization { get; private set; }
    /// <summary>C++ optimization flag.</summary>
    [Output] public string? CxxOptimization { get; private set; }
    /// <summary>Debug flag (a single space when CubeIDE's g0 means none, so MSBuild keeps it set).</summary>
    [Output] public string? DebugLevel { get; private set; }
    /// <summary>Assembler debug flag (a single space for none).</summary>
    [Output] public string? AssemblerDebugLevel { get; private set; }
    /// <summary>Runtime specs (a single space for none).</summary>
    [Output] public string? RuntimeSpecs { get; private set; }
    /// <summary>System-calls specs (a single space for none).</summary>
    [Output] public string? SystemCallsSpecs { get; private set; }
    /// <summary>The linker script.</summary>
    [Output] public string? LinkerScript { get; private set; }
    /// <summary>true/false.</summary>
    [Output] public string? GcSections { get; private set; }
    /// <summary>true/false.</summary>
    [Output] public string? PrintfFloat { get; private set; }
    /// <summary>Extra C flags (semicolon list).</summary>
    [Output] public string? CFlags { get; private set; }
    /// <summary>Extra C++ flags.</summary>
    [Output] public string? CxxFlags { get; private set; }
    /// <summary>Extra assembler flags.</summary>
    [Output] public string? AssemblerFlags { get; private set; }
    /// <summary>Extra linker flags.</summary>
    [Output] public string? LinkFlags { get; private set; }
    /// <summary>Generic or GnuToolsForStm32, as the project's tool chain option says.</summary>
    [Output] public string? Flavor { get; private set; }
    /// <summary>The artifact name (${ProjName} resolved).</summary>
    [Output] public string? ArtifactName { get; private set; }
    /// <summary>The MCU (e.g. STM32H747XIHx).</summary>
    [Output] public string? Mcu { get; private set; }
    /// <summary>CM7 or CM4 from the CPU index.</summary>
    [Output] public string? Core { get; private set; }
    /// <summary>C defines.</summary>
    [Output] public ITaskItem[] Defines { get; private set; } = [];
    /// <summary>C++ defines when the C++ tool lists its own.</summary>
    [Output] public ITaskItem[] CxxDefines { get; private set; } = [];
    /// <summary>Assembler defines.</summary>
    [Output] public ITaskItem[] AssemblerDefines { get; private set; } = [];
    /// <summary>C include directories.</summary>
    [Output] public ITaskItem[] IncludePaths { get; private set; } = [];
    /// <summary>C++ include directories when the C++ tool lists its own.</summary>
    [Output] public ITaskItem[] CxxIncludePaths { get; private set; } = [];
    /// <summary>Assembler include directories.</summary>
    [Output] public ITaskItem[] AssemblerIncludePaths { get; private set; } = [];
    /// <summary>Libraries.</summary>
    [Output] public ITaskItem[] Libraries { get; private set; } = [];
    /// <summary>Library directories.</summary>
    [Output] public ITaskItem[] LibraryPaths { get; private set; } = [];
    /// <summary>Sources with VirtualPath metadata, and the folder's or file's own Optimization, DebugLevel, Defines,
    /// IncludePaths and OtherFlags when the .cproject sets them.</summary>
    [Output] public ITaskItem[] Sources { get; private set; } = [];
    /// <summary>The pre-build step's commands that can run here (identity: the command as written; Command: expanded).</summary>
    [Output] public ITaskItem[] PreBuildSteps { get; private set; } = [];
    /// <summary>The post-build step's commands that can run here.</summary>
    [Output] public ITaskItem[] PostBuildSteps { get; private set; } = [];

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var cproject = Path.GetFullPath(CProjectFile);
        if (!File.Exists(cproject))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FileNotReadable, DiagnosticSeverity.Error,
                "The STM32CubeIDE project file does not exist.", cproject));
        }
        var dir = Path.GetDirectoryName(cproject)!;
        var project = EclipseProject.Read(Path.Combine(dir, ".project"));
        var config = CProjectReader.Read(cproject, Configuration, project.Name, FindSiblingProject(dir), ProjectCpu,
            string.IsNullOrWhiteSpace(OutputDirectory) ? null : Path.GetFullPath(OutputDirectory));
        foreach (var unknown in config.UnknownOptions)
        {
            LogDiagnostic(new Diagnostic(DiagnosticCodes.CubeIdeOptionUnknown, DiagnosticSeverity.Warning,
                $"The CubeIDE option value '{unknown}' is not translated; the build uses the default.", cproject));
        }
        foreach (var (id, value, line) in config.UntranslatedOptions)
        {
            LogDiagnostic(new Diagnostic(DiagnosticCodes.CubeIdeOptionNotTranslated, DiagnosticSeverity.Warning,
                $"The CubeIDE option '{id}' (value '{value}') is not translated by the importer; the build ignores it.", cproject, line));
        }
        foreach (var step in config.BuildSteps.Where(s => s.Command is null))
        {
            LogDiagnostic(new Diagnostic(DiagnosticCodes.CubeIdeBuildStepNotRun, DiagnosticSeverity.Warning,
                $"The {step.Kind} step '{step.Text}' of configuration '{config.Name}' is not run: {step.Problem}.", cproject, step.Line));
        }
        PreBuildSteps = Steps(config, "pre-build", cproject);
        PostBuildSteps = Steps(config, "post-build", cproject);
        var s = config.Settings;
        Cpu = s.Cpu;
        Fpu = s.Fpu ?? " ";
        FloatAbi = s.FloatAbi ?? " ";
        CStandard = s.CStandard;
        CxxStandard = s.CxxStandard;
        Optimization = s.Optimization;
        CxxOptimization = s.CxxOptimization;
        DebugLevel = NoneAsSpace(s.DebugLevel);
        AssemblerDebugLevel = NoneAsSpace(s.AssemblerDebugLevel);
        RuntimeSpecs = NoneAsSpace(s.RuntimeSpecs);
        SystemCallsSpecs = NoneAsSpace(s.SystemCallsSpecs);
        LinkerScript = s.LinkerScript;
        GcSections = s.GcSections ? "true" : "false";
        PrintfFloat = s.PrintfFloat ? "true" : "false";
        CFlags = string.Join(";", s.COtherFlags);
        CxxFlags = string.Join(";", s.CxxOtherFlags);
        AssemblerFlags = string.Join(";", s.AssemblerOtherFlags);
        LinkFlags = string.Join(";", s.LinkerOtherFlags.Concat(s.ScanfFloat ? ["-u", "_scanf_float"] : []));
        Flavor = s.Flavor.ToString();
        ArtifactName = config.ArtifactName;
        Mcu = config.Mcu;
        Core = config.CoreName ?? string.Empty;
        Defines = Items(s.CDefines);
        CxxDefines = Items(s.CxxDefines ?? []);
        AssemblerDefines = Items(s.AssemblerDefines);
        IncludePaths = Items(s.CIncludePaths);
        CxxIncludePaths = Items(s.CxxIncludePaths ?? []);
        AssemblerIncludePaths = Items(s.AssemblerIncludePaths);
        Libraries = Items(s.Libraries);
        LibraryPaths = Items(s.LibraryPaths);
        Sources = CubeIdeSourceCollector.Collect(project, config)
            .Select(src =>
            {
                var item = new TaskItem(src.FullPath);
                item.SetMetadata(Stm32Names.Metadata.VirtualPath, src.VirtualPath);
                if (FirmwareBuildSettings.LanguageOf(src.FullPath) is { } language)
                {
                    SetOverrides(item, CubeIdeResourceSettings.Effective(config.Resources, src.VirtualPath, language));
                }
                return (ITaskItem)item;
            })
            .ToArray();
        Log.LogMessage(MessageImportance.Normal,
            $"Stm32.Build: imported STM32CubeIDE project '{project.Name}' configuration '{config.Name}' ({config.Mcu}, {s.Cpu} {s.Fpu ?? "no FPU"} {s.FloatAbi} from the {config.CoreSource}): {Sources.Length} sources, {config.Resources.Count} folder or file setting(s).");
    }

    private static ITaskItem[] Steps(CubeIdeConfiguration config, string kind, string cproject) =>
        config.BuildSteps.Where(s => s.Kind == kind && s.Command is not null)
            .Select(s =>
            {
                var item = new TaskItem(s.Text.Replace(";", "%3B", StringComparison.Ordinal));
                item.SetMetadata(Stm32Names.Metadata.Command, s.Command);
                item.SetMetadata("Kind", kind);
                item.SetMetadata("DefiningFile", cproject);
                item.SetMetadata("Line", (s.Line ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return (ITaskItem)item;
            })
            .ToArray();

    /// <summary>The folder's or file's own compile settings as the source's metadata (CompileFirmware applies them).</summary>
    private static void SetOverrides(TaskItem item, CubeIdeToolOverride o)
    {
        if (o.Optimization is { } opt)
        {
            item.SetMetadata(Stm32Names.Metadata.Optimization, opt);
        }
        if (o.DebugLevel is { } debug)
        {
            item.SetMetadata(Stm32Names.Metadata.DebugLevel, debug.Length == 0 ? " " : debug);
        }
        if (o.Defines is { } defines)
        {
            item.SetMetadata(Stm32Names.Metadata.Defines, defines.Count == 0 ? " " : string.Join(";", defines));
        }
        if (o.IncludePaths is { } includes)
        {
            item.SetMetadata(Stm32Names.Metadata.IncludePaths, includes.Count == 0 ? " " : string.Join(";", includes));
        }
        if (o.OtherFlags is { } flags)
        {
            item.SetMetadata(Stm32Names.Metadata.OtherFlags, flags.Count == 0 ? " " : string.Join(";", flags));
        }
    }

    private static string NoneAsSpace(string? value) => string.IsNullOrEmpty(value) ? " " : value;

    private static ITaskItem[] Items(IEnumerable<string> values) => values.Select(v => (ITaskItem)new TaskItem(v)).ToArray();

    /// <summary>Finds workspace projects beside this one by their .project name (CubeIDE dual-core layouts).</summary>
    private static Func<string, string?> FindSiblingProject(string projectDir) => name =>
    {
        var parent = Path.GetDirectoryName(projectDir);
        if (parent is null)
        {
            return null;
        }
        foreach (var sibling in Directory.EnumerateDirectories(parent))
        {
            var file = Path.Combine(sibling, ".project");
            if (File.Exists(file) && EclipseProject.Read(file).Name == name)
            {
                return sibling;
            }
        }
        return File.Exists(Path.Combine(parent, ".project")) && EclipseProject.Read(Path.Combine(parent, ".project")).Name == name ? parent : null;
    };
}
