using System.Xml;
using System.Xml.Linq;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;
using static Stm32.Build.Tasks.CubeIde.CubeIdeOptionIds;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>
/// Reads an STM32CubeIDE <c>.cproject</c> file (Eclipse CDT managed build, CubeIDE's MCU GCC tool chain):
/// the configurations, their tool options and source entries.
/// </summary>
public static class CProjectReader
{
    /// <summary>The configuration names in a .cproject file, in file order.</summary>
    public static IReadOnlyList<string> ConfigurationNames(string cprojectPath) =>
        Configurations(Load(cprojectPath)).Select(c => c.Name).ToList();

    /// <summary>Reads one configuration of a .cproject file.</summary>
    /// <param name="cprojectPath">The .cproject file.</param>
    /// <param name="configurationName">Debug, Release or another configuration name (case-insensitive).</param>
    /// <param name="projectName">The Eclipse project name (${ProjName}); the folder name when null.</param>
    /// <param name="findProject">Finds another workspace project's directory by name.</param>
    /// <param name="cpu">The project's own -mcpu (Stm32Cpu); when set, it wins and the MCU need not be known.</param>
    /// <param name="outputDirectory">The folder the ELF is written to, where the build steps run (default: the configuration's build folder).</param>
    /// <exception cref="Stm32Exception">STM6101 when the file is not CubeIDE's format, STM6102 when the configuration is missing,
    /// STM6401/STM6402/STM6406 when the MCU's core cannot be told.</exception>
    public static CubeIdeConfiguration Read(string cprojectPath, string configurationName, string? projectName = null, Func<string, string?>? findProject = null,
        string? cpu = null, string? outputDirectory = null)
    {
        var full = Path.GetFullPath(cprojectPath);
        var doc = Load(full);
        var configs = Configurations(doc);
        var match = configs.FirstOrDefault(c => string.Equals(c.Name, configurationName, StringComparison.OrdinalIgnoreCase));
        if (match.Element is null)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.CubeIdeConfigurationNotFound, DiagnosticSeverity.Error,
                $"The configuration '{configurationName}' is not in the STM32CubeIDE project; it has: {string.Join(", ", configs.Select(c => c.Name))}.",
                full));
        }
        var projectDir = Path.GetDirectoryName(full)!;
        var name = projectName ?? new DirectoryInfo(projectDir).Name;
        return ReadConfiguration(full, match.Name, match.Element, projectDir, name, findProject, cpu, outputDirectory);
    }

    private static XDocument Load(string path)
    {
        try
        {
            return XDocument.Load(path, LoadOptions.SetLineInfo);
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
        {
            var code = ex is XmlException ? DiagnosticCodes.CubeIdeProjectInvalid : DiagnosticCodes.FileNotReadable;
            var line = ex is XmlException x ? x.LineNumber : (int?)null;
            throw new Stm32Exception(new Diagnostic(code, DiagnosticSeverity.Error,
                $"The STM32CubeIDE project file cannot be read: {ex.Message}", path, line), ex);
        }
    }

    private static List<(string Name, XElement Element)> Configurations(XDocument doc)
    {
        var result = new List<(string, XElement)>();
        foreach (var cconfig in doc.Descendants("cconfiguration"))
        {
            var configuration = cconfig.Descendants("configuration").FirstOrDefault();
            var name = configuration?.Attribute("name")?.Value
                ?? cconfig.Elements("storageModule").Select(s => s.Attribute("name")?.Value).FirstOrDefault(n => n is not null);
            if (configuration is not null && name is not null)
            {
                result.Add((name, configuration));
            }
        }
        return result;
    }

    private static CubeIdeConfiguration ReadConfiguration(string cprojectPath, string configName, XElement configuration, string projectDir, string projectName,
        Func<string, string?>? findProject, string? userCpu, string? outputDirectory)
    {
        var isDebug = (configuration.Attribute("parent")?.Value ?? configuration.Attribute("id")?.Value ?? string.Empty)
            .StartsWith(DebugConfigMarker, StringComparison.Ordinal)
            || string.Equals(configName, "Debug", StringComparison.OrdinalIgnoreCase);
        var buildDir = Path.Combine(projectDir, configName);
        var paths = new CubeIdePathResolver(projectDir, projectName, buildDir, findProject);
        var unknown = new List<string>();

        var rootFolder = configuration.Elements("folderInfo").FirstOrDefault(f => string.IsNullOrEmpty(f.Attribute("resourcePath")?.Value))
            ?? configuration.Elements("folderInfo").FirstOrDefault();
        var toolChain = rootFolder?.Element("toolChain");
        if (toolChain is null)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.CubeIdeProjectInvalid, DiagnosticSeverity.Error,
                $"The configuration '{configName}' has no tool chain (folderInfo/toolChain); this is not an STM32CubeIDE managed-build project.",
                cprojectPath, LineOf(configuration)));
        }
        var chainOptions = new OptionSet(toolChain.Elements("option"));
        var tools = new Dictionary<string, OptionSet>(StringComparer.Ordinal);
        foreach (var tool in toolChain.Elements("tool"))
        {
            tools[CubeIdeOptionCatalog.BaseId(tool.Attribute("superClass")?.Value ?? string.Empty)] = new OptionSet(tool.Elements("option"));
        }
        var untranslated = Untranslated(toolChain.Elements("option").Concat(toolChain.Elements("tool").SelectMany(t => t.Elements("option"))), perResource: false);
        OptionSet Tool(string id) => tools.TryGetValue(id, out var set) ? set : OptionSet.Empty;
        var asm = Tool(AssemblerTool);
        var c = Tool(CCompilerTool);
        var cxx = Tool(CxxCompilerTool);
        var ld = Tool(CLinkerTool);
        var ldxx = Tool(CxxLinkerTool);

        var mcu = chainOptions.Value(TargetMcu);
        _ = int.TryParse(chainOptions.Value(TargetCpuId), out var cpuId);
        var flavor = chainOptions.Value(CubeIdeOptionIds.Toolchain) is { } tc && tc != ToolchainGnuToolsForStm32 ? ToolchainFlavor.Generic : ToolchainFlavor.GnuToolsForStm32;

        var core = string.IsNullOrWhiteSpace(userCpu)
            ? CubeIdeCoreResolver.Resolve(mcu, cpuId, chainOptions.Choice(Fpu), chainOptions.Choice(FloatAbi), cprojectPath, chainOptions.Line(TargetMcu) ?? LineOf(toolChain))
            : new CubeIdeCore(userCpu.Trim(), NullIfNone(chainOptions.Choice(Fpu)), NullIfNone(chainOptions.Choice(FloatAbi)) ?? "soft", null, "the project's Stm32Cpu");
        string defaultOpt = isDebug ? "-O0" : "-Os";
        string defaultDebug = isDebug ? "-g3" : string.Empty;
        var cDefines = c.List(CCompilerTool + DefinedSymbols);
        var settings = new FirmwareBuildSettings
        {
            Cpu = core.Cpu,
            Fpu = core.Fpu,
            FloatAbi = core.FloatAbi,
            CStandard = Standard(c.Choice(CCompilerTool + LanguageStandard)) ?? "gnu11",
            CxxStandard = Standard(cxx.Choice(CxxCompilerTool + LanguageStandard)) ?? "gnu++14",
            Optimization = OptimizationFlag(c.Choice(CCompilerTool + OptimizationLevel), unknown) ?? defaultOpt,
            CxxOptimization = OptimizationFlag(cxx.Choice(CxxCompilerTool + OptimizationLevel), unknown) ?? defaultOpt,
            DebugLevel = DebugFlag(c.Choice(CCompilerTool + DebugLevel)) ?? defaultDebug,
            AssemblerDebugLevel = DebugFlag(asm.Choice(AssemblerTool + DebugLevel)) ?? defaultDebug,
            CDefines = cDefines ?? [],
            CxxDefines = cxx.List(CxxCompilerTool + DefinedSymbols) ?? [],
            AssemblerDefines = asm.List(AssemblerTool + DefinedSymbols) ?? (isDebug ? ["DEBUG"] : []),
            CIncludePaths = (c.List(CCompilerTool + IncludePaths) ?? []).Select(paths.Resolve).ToList(),
            CxxIncludePaths = (cxx.List(CxxCompilerTool + IncludePaths) ?? []).Select(paths.Resolve).ToList(),
            AssemblerIncludePaths = (asm.List(AssemblerTool + IncludePaths) ?? []).Select(paths.Resolve).ToList(),
            COtherFlags = SplitFlags(c.List(CCompilerTool + OtherFlags)),
            CxxOtherFlags = SplitFlags(cxx.List(CxxCompilerTool + OtherFlags)),
            AssemblerOtherFlags = SplitFlags(asm.List(AssemblerTool + OtherFlags)),
            RuntimeSpecs = RuntimeSpecs(chainOptions.Choice(RuntimeLibraryC), unknown),
            SystemCallsSpecs = SystemCallsSpecs(ld.Choice(CLinkerTool + SystemCalls) ?? ldxx.Choice(CxxLinkerTool + SystemCalls), unknown),
            LinkerScript = (ld.Value(CLinkerTool + LinkerScript) ?? ldxx.Value(CxxLinkerTool + LinkerScript)) is { Length: > 0 } script ? paths.Resolve(script) : null,
            Libraries = ld.List(CLinkerTool + Libraries) ?? ldxx.List(CxxLinkerTool + Libraries) ?? [],
            LibraryPaths = (ld.List(CLinkerTool + LibraryDirectories) ?? ldxx.List(CxxLinkerTool + LibraryDirectories) ?? []).Select(paths.Resolve).ToList(),
            LinkerOtherFlags = SplitFlags(ld.List(CLinkerTool + OtherFlags) ?? ldxx.List(CxxLinkerTool + OtherFlags)),
            GcSections = (ld.Value(CLinkerTool + GcSections) ?? ldxx.Value(CxxLinkerTool + GcSections)) is not "false",
            PrintfFloat = (ld.Value(CLinkerTool + PrintfFloat) ?? ldxx.Value(CxxLinkerTool + PrintfFloat)) is "true",
            ScanfFloat = (ld.Value(CLinkerTool + ScanfFloat) ?? ldxx.Value(CxxLinkerTool + ScanfFloat)) is "true",
            Flavor = flavor,
        };
        // C++ files use the C++ tool's own lists when it has them; CubeIDE keeps them separately.
        if (cxx.List(CxxCompilerTool + DefinedSymbols) is null)
        {
            settings = settings with { CxxDefines = null };
        }
        if (cxx.List(CxxCompilerTool + IncludePaths) is null)
        {
            settings = settings with { CxxIncludePaths = null };
        }

        var entries = configuration.Element("sourceEntries")?.Elements("entry")
            .Where(e => e.Attribute("kind")?.Value == "sourcePath")
            .Select(e => new CubeIdeSourceEntry(
                (e.Attribute("name")?.Value ?? string.Empty).Trim('/'),
                (e.Attribute("excluding")?.Value ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries)))
            .ToList() ?? [];

        var artifactName = paths.ExpandName(configuration.Attribute("artifactName")?.Value ?? "${ProjName}");
        var resources = new List<CubeIdeResourceSettings>();
        foreach (var resource in configuration.Elements("folderInfo").Concat(configuration.Elements("fileInfo")))
        {
            var resourcePath = (resource.Attribute("resourcePath")?.Value ?? string.Empty).Replace('\\', '/').Trim('/');
            if (resourcePath.Length == 0)
            {
                continue;
            }
            var resourceTools = resource.Descendants("tool").ToList();
            untranslated.AddRange(Untranslated(resourceTools.SelectMany(t => t.Elements("option")), perResource: true));
            CubeIdeToolOverride Override(string toolId)
            {
                var tool = resourceTools.FirstOrDefault(t => CubeIdeOptionCatalog.BaseId(t.Attribute("superClass")?.Value ?? string.Empty) == toolId);
                if (tool is null)
                {
                    return new CubeIdeToolOverride();
                }
                var o = new OptionSet(tool.Elements("option"));
                return new CubeIdeToolOverride
                {
                    Optimization = OptimizationFlag(o.Choice(toolId + OptimizationLevel), unknown),
                    DebugLevel = DebugFlag(o.Choice(toolId + DebugLevel)),
                    Defines = o.List(toolId + DefinedSymbols),
                    IncludePaths = o.List(toolId + IncludePaths)?.Select(paths.Resolve).ToList(),
                    OtherFlags = o.List(toolId + OtherFlags) is { } other ? SplitFlags(other) : null,
                };
            }
            resources.Add(new CubeIdeResourceSettings(resourcePath, resource.Name.LocalName == "fileInfo",
                Override(CCompilerTool), Override(CxxCompilerTool), Override(AssemblerTool)));
        }

        return new CubeIdeConfiguration
        {
            CoreSource = core.Source,
            CoreName = core.Core,
            Resources = resources,
            BuildSteps = CubeIdeBuildSteps.Read(configuration, paths, configName, projectName, artifactName, outputDirectory ?? buildDir),
            UntranslatedOptions = untranslated,
            Name = configName,
            IsDebug = isDebug,
            Mcu = mcu,
            CpuId = cpuId,
            Board = chainOptions.Value(TargetBoard),
            Settings = settings,
            SourceEntries = entries,
            BuildDirectory = buildDir,
            ArtifactName = artifactName,
            UnknownOptions = unknown,
        };
    }

    private static int? LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    /// <summary>
    /// The options of <paramref name="options"/> the importer does not know (for a folder or file: that are not the
    /// compile options it applies per source).
    /// </summary>
    private static List<(string Id, string Value, int? Line)> Untranslated(IEnumerable<XElement> options, bool perResource) =>
        options
            .Select(o => (Id: CubeIdeOptionCatalog.BaseId(o.Attribute("superClass")?.Value ?? string.Empty), Option: o))
            .Where(x => x.Id.Length > 0 && !(perResource ? CubeIdeOptionCatalog.IsPerResource(x.Id) : CubeIdeOptionCatalog.IsKnown(x.Id)))
            .Select(x => (x.Id, x.Option.Attribute("value")?.Value
                ?? string.Join(";", x.Option.Elements("listOptionValue").Select(v => v.Attribute("value")?.Value)), LineOf(x.Option)))
            .ToList();

    private static string? NullIfNone(string? choice) => choice is null or "none" or "no" ? null : choice;

    private static string? Standard(string? choice) => choice is null ? null : choice.StartsWith("iso", StringComparison.Ordinal) ? choice[3..] : choice;

    private static string? OptimizationFlag(string? choice, List<string> unknown) => choice switch
    {
        null => null,
        "o0" => "-O0",
        "o1" => "-O1",
        "o2" => "-O2",
        "o3" => "-O3",
        "os" => "-Os",
        "og" => "-Og",
        "oz" => "-Oz",
        "ofast" => "-Ofast",
        _ => Unknown(unknown, "optimization level " + choice),
    };

    private static string? DebugFlag(string? choice) => choice switch
    {
        null => null,
        "g0" => string.Empty,
        "g" => "-g",
        _ => "-" + choice,
    };

    private static string? RuntimeSpecs(string? choice, List<string> unknown) => choice switch
    {
        null or "nano" => "nano.specs",
        "standard" or "reduced" => null,
        _ => choice.Contains("nano", StringComparison.Ordinal) ? "nano.specs" : Unknown(unknown, "runtime library " + choice),
    };

    private static string? SystemCallsSpecs(string? choice, List<string> unknown) => choice switch
    {
        null or "minimal" or "nosys" => "nosys.specs",
        "none" or "standard" => null,
        _ => Unknown(unknown, "system calls " + choice) ?? "nosys.specs",
    };

    private static string? Unknown(List<string> unknown, string what)
    {
        unknown.Add(what);
        return null;
    }

    private static IReadOnlyList<string> SplitFlags(IReadOnlyList<string>? values) =>
        values is null ? [] : values.SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>The options of one tool or tool chain, keyed by superClass without the random suffix.</summary>
    private sealed class OptionSet
    {
        public static readonly OptionSet Empty = new([]);
        private readonly Dictionary<string, XElement> _options = new(StringComparer.Ordinal);

        public OptionSet(IEnumerable<XElement> options)
        {
            foreach (var option in options)
            {
                var key = option.Attribute("superClass")?.Value;
                if (key is not null)
                {
                    // A folder's or file's option names its parent option, numeric suffix included.
                    _options[CubeIdeOptionCatalog.BaseId(key)] = option;
                }
            }
        }

        /// <summary>The line of an option in the file.</summary>
        public int? Line(string id) => _options.TryGetValue(id, out var o) ? LineOf(o) : null;

        public string? Value(string id) => _options.TryGetValue(id, out var o) ? o.Attribute("value")?.Value : null;

        /// <summary>The choice after ".value." of an enumerated option, e.g. <c>g3</c>, <c>fpv5-d16</c>, <c>hard</c>.</summary>
        public string? Choice(string id)
        {
            var v = Value(id);
            if (string.IsNullOrEmpty(v))
            {
                return null;
            }
            var i = v.LastIndexOf(ValueMarker, StringComparison.Ordinal);
            return i >= 0 ? v[(i + ValueMarker.Length)..] : v;
        }

        /// <summary>The listOptionValue values of a list option, or null when the option is absent.</summary>
        public IReadOnlyList<string>? List(string id) =>
            _options.TryGetValue(id, out var o)
                ? o.Elements("listOptionValue").Select(v => v.Attribute("value")?.Value).OfType<string>().Where(v => v.Length > 0).ToList()
                : null;
    }
}
