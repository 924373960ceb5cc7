using Microsoft.Build.Framework;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks;

/// <summary>
/// Base of the tasks that run gcc: takes the build settings as task parameters (the Stm32* properties and
/// items) and turns them into <see cref="FirmwareBuildSettings"/>. Whitespace-only values mean "none".
/// </summary>
public abstract class FirmwareSettingsTask : Stm32Task
{
    /// <summary>The directory gcc runs in (the project directory); paths on command lines are relative to it.</summary>
    [Required] public string ProjectDirectory { get; set; } = string.Empty;
    /// <summary>-mcpu.</summary>
    public string? Cpu { get; set; }
    /// <summary>-mfpu.</summary>
    public string? Fpu { get; set; }
    /// <summary>-mfloat-abi.</summary>
    public string? FloatAbi { get; set; }
    /// <summary>C standard.</summary>
    public string? CStandard { get; set; }
    /// <summary>C++ standard.</summary>
    public string? CxxStandard { get; set; }
    /// <summary>Optimization flag.</summary>
    public string? Optimization { get; set; }
    /// <summary>C++ optimization flag.</summary>
    public string? CxxOptimization { get; set; }
    /// <summary>Debug flag.</summary>
    public string? DebugLevel { get; set; }
    /// <summary>Assembler debug flag.</summary>
    public string? AssemblerDebugLevel { get; set; }
    /// <summary>Runtime specs.</summary>
    public string? RuntimeSpecs { get; set; }
    /// <summary>System-calls specs.</summary>
    public string? SystemCallsSpecs { get; set; }
    /// <summary>C and C++ defines.</summary>
    public ITaskItem[] Defines { get; set; } = [];
    /// <summary>C++ defines when they differ.</summary>
    public ITaskItem[] CxxDefines { get; set; } = [];
    /// <summary>Assembler defines.</summary>
    public ITaskItem[] AssemblerDefines { get; set; } = [];
    /// <summary>C and C++ include directories.</summary>
    public ITaskItem[] IncludePaths { get; set; } = [];
    /// <summary>C++ include directories when they differ.</summary>
    public ITaskItem[] CxxIncludePaths { get; set; } = [];
    /// <summary>Assembler include directories.</summary>
    public ITaskItem[] AssemblerIncludePaths { get; set; } = [];
    /// <summary>Extra C flags.</summary>
    public string? CFlags { get; set; }
    /// <summary>Extra C++ flags.</summary>
    public string? CxxFlags { get; set; }
    /// <summary>Extra assembler flags.</summary>
    public string? AssemblerFlags { get; set; }
    /// <summary>Extra linker flags.</summary>
    public string? LinkFlags { get; set; }
    /// <summary>The linker script.</summary>
    public string? LinkerScript { get; set; }
    /// <summary>Libraries.</summary>
    public ITaskItem[] Libraries { get; set; } = [];
    /// <summary>Library directories.</summary>
    public ITaskItem[] LibraryPaths { get; set; } = [];
    /// <summary>true/false: -Wl,--gc-sections.</summary>
    public string? GcSections { get; set; }
    /// <summary>true/false: -u _printf_float.</summary>
    public string? PrintfFloat { get; set; }
    /// <summary>Generic or GnuToolsForStm32.</summary>
    public string? Flavor { get; set; }

    /// <summary>The settings the parameters describe.</summary>
    internal FirmwareBuildSettings BuildSettings()
    {
        ToolchainFlavor flavor = ToolchainFlavor.Generic;
        if (!string.IsNullOrWhiteSpace(Flavor) && !Enum.TryParse(Flavor.Trim(), ignoreCase: true, out flavor))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidBuildProperty, DiagnosticSeverity.Error,
                $"Stm32ToolchainFlavor '{Flavor}' is not valid; use Generic or GnuToolsForStm32."));
        }
        return new FirmwareBuildSettings
        {
            Cpu = Value(Cpu) ?? "cortex-m7",
            Fpu = Value(Fpu),
            FloatAbi = Value(FloatAbi),
            CStandard = Value(CStandard) ?? "gnu11",
            CxxStandard = Value(CxxStandard) ?? "gnu++14",
            Optimization = Value(Optimization) ?? string.Empty,
            CxxOptimization = Value(CxxOptimization),
            DebugLevel = Value(DebugLevel) ?? string.Empty,
            AssemblerDebugLevel = AssemblerDebugLevel is null ? null : Value(AssemblerDebugLevel) ?? string.Empty,
            CDefines = Specs(Defines),
            CxxDefines = CxxDefines.Length > 0 ? Specs(CxxDefines) : null,
            AssemblerDefines = Specs(AssemblerDefines),
            CIncludePaths = Paths(IncludePaths),
            CxxIncludePaths = CxxIncludePaths.Length > 0 ? Paths(CxxIncludePaths) : null,
            AssemblerIncludePaths = Paths(AssemblerIncludePaths),
            COtherFlags = SplitList(CFlags),
            CxxOtherFlags = SplitList(CxxFlags),
            AssemblerOtherFlags = SplitList(AssemblerFlags),
            LinkerOtherFlags = SplitList(LinkFlags),
            RuntimeSpecs = Value(RuntimeSpecs),
            SystemCallsSpecs = Value(SystemCallsSpecs),
            LinkerScript = Value(LinkerScript) is { } ld ? Path.GetFullPath(ld, ProjectDirectory) : null,
            Libraries = Specs(Libraries),
            LibraryPaths = Paths(LibraryPaths),
            GcSections = Flag(GcSections, true, "Stm32GcSections"),
            PrintfFloat = Flag(PrintfFloat, false, "Stm32PrintfFloat"),
            Flavor = flavor,
        };
    }

    private static string? Value(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private static List<string> Specs(ITaskItem[] items) => items.Select(i => i.ItemSpec.Trim()).Where(s => s.Length > 0).ToList();

    private List<string> Paths(ITaskItem[] items) =>
        items.Select(i => i.ItemSpec.Trim()).Where(s => s.Length > 0).Select(p => Path.GetFullPath(p, ProjectDirectory)).ToList();
}
