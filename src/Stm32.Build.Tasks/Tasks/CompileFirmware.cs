using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks;

/// <summary>
/// Compiles C, C++ and assembler sources with arm-none-eabi-gcc/g++, several at once (at most the processor
/// count, or <see cref="MaxParallelism"/>), and only those that are out of date: an object is rebuilt when it
/// is missing, older than its source or any header gcc listed in its -MMD dependency file, or when its
/// command line changed (a flags hash file beside the object). gcc's messages become MSBuild errors and
/// warnings at their file, line and column with gcc's own text.
/// </summary>
public sealed class CompileFirmware : FirmwareSettingsTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The sources; metadata VirtualPath sets the object's path under the intermediate directory.</summary>
    [Required] public ITaskItem[] Sources { get; set; } = [];
    /// <summary>Where objects, .d and .flags files go.</summary>
    [Required] public string IntermediateDirectory { get; set; } = string.Empty;
    /// <summary>arm-none-eabi-gcc (C and assembler).</summary>
    [Required] public string Gcc { get; set; } = string.Empty;
    /// <summary>arm-none-eabi-g++ (C++).</summary>
    [Required] public string Gxx { get; set; } = string.Empty;
    /// <summary>The most compilers at once; 0 or less means <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxParallelism { get; set; }

    /// <summary>The objects, in source order, with Language metadata.</summary>
    [Output] public ITaskItem[] ObjectFiles { get; private set; } = [];
    /// <summary>How many sources were compiled (0 for an up-to-date build).</summary>
    [Output] public int CompiledCount { get; private set; }
    /// <summary>Every file this task writes, for incremental clean.</summary>
    [Output] public ITaskItem[] FileWrites { get; private set; } = [];

    /// <inheritdoc />
    public void Cancel() => _cancel.Cancel();

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var settings = BuildSettings();
        var projectDir = Path.GetFullPath(ProjectDirectory);
        var intermediate = Path.GetFullPath(IntermediateDirectory, projectDir);
        var builder = new GccCommandLineBuilder(settings, projectDir);
        var units = Plan(builder, projectDir, intermediate);
        if (Log.HasLoggedErrors)
        {
            return;
        }
        ObjectFiles = units.Select(u =>
        {
            var item = new TaskItem(u.ObjectFile);
            item.SetMetadata(Stm32Names.Metadata.Language, u.Language.ToString());
            return (ITaskItem)item;
        }).ToArray();
        FileWrites = units.SelectMany(u => new[] { u.ObjectFile, u.DependencyFile, u.FlagsFile, Path.ChangeExtension(u.ObjectFile, ".su") })
            .Select(f => (ITaskItem)new TaskItem(f)).ToArray();

        var stale = units.Where(u => !IsUpToDate(u, projectDir)).ToList();
        CompiledCount = stale.Count;
        if (stale.Count == 0)
        {
            Log.LogMessage(MessageImportance.Normal, $"Stm32.Build: all {units.Count} objects are up to date.");
            return;
        }
        var parallelism = MaxParallelism > 0 ? MaxParallelism : Environment.ProcessorCount;
        Log.LogMessage(MessageImportance.Normal, $"Stm32.Build: compiling {stale.Count} of {units.Count} sources ({parallelism} at once).");
        foreach (var unit in stale)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(unit.ObjectFile)!);
            // A stale flags file must not survive a failed compile.
            File.Delete(unit.FlagsFile);
            Log.LogMessage(MessageImportance.Normal, CommandLine(unit.Tool, unit.Arguments));
        }
        var results = new ProcessResult?[stale.Count];
        var failures = new Stm32Exception?[stale.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = _cancel.Token };
        try
        {
            Parallel.ForEachAsync(Enumerable.Range(0, stale.Count), options, async (i, ct) =>
            {
                var unit = stale[i];
                try
                {
                    results[i] = await ProcessRunner.RunAsync(unit.Tool, unit.Arguments, projectDir, ct).ConfigureAwait(false);
                    if (results[i]!.ExitCode == 0)
                    {
                        File.WriteAllText(unit.FlagsFile, unit.FlagsHash);
                    }
                }
                catch (Stm32Exception ex)
                {
                    failures[i] = ex;
                }
            }).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            LogDiagnostic(new Diagnostic(DiagnosticCodes.BuildCancelled, DiagnosticSeverity.Error, "The build was cancelled."));
            return;
        }
        for (var i = 0; i < stale.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                LogDiagnostic(failure.Diagnostic);
                continue;
            }
            var result = results[i];
            if (result is null)
            {
                continue;
            }
            var loggedError = ToolOutputLogger.Log(Log, result.Output, projectDir, DiagnosticCodes.CompilerError, DiagnosticCodes.CompilerWarning);
            if (result.ExitCode != 0 && !loggedError)
            {
                LogDiagnostic(new Diagnostic(DiagnosticCodes.CompilerFailed, DiagnosticSeverity.Error,
                    $"{Path.GetFileName(stale[i].Tool)} exited with code {result.ExitCode.ToString(CultureInfo.InvariantCulture)} compiling this file.",
                    stale[i].Source));
            }
        }
    }

    /// <summary>One source to compile and the files and command line that belong to it.</summary>
    internal sealed record Unit(string Source, SourceLanguage Language, string ObjectFile, string DependencyFile, string FlagsFile, string Tool, IReadOnlyList<string> Arguments, string FlagsHash);

    private List<Unit> Plan(GccCommandLineBuilder builder, string projectDir, string intermediate)
    {
        var units = new List<Unit>();
        var byObject = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in Sources)
        {
            var source = Path.GetFullPath(item.ItemSpec, projectDir);
            if (!File.Exists(source))
            {
                LogDiagnostic(new Diagnostic(DiagnosticCodes.SourceFileMissing, DiagnosticSeverity.Error,
                    "The source file does not exist.", source));
                continue;
            }
            if (FirmwareBuildSettings.LanguageOf(source) is not { } language)
            {
                Log.LogMessage(MessageImportance.Low, $"Stm32.Build: {source} is not a C, C++ or assembler source; skipped.");
                continue;
            }
            var virtualPath = item.GetMetadata(Stm32Names.Metadata.VirtualPath);
            if (string.IsNullOrEmpty(virtualPath))
            {
                virtualPath = ObjectPaths.VirtualPathOf(source, projectDir);
            }
            var obj = Path.Combine(intermediate, Path.ChangeExtension(virtualPath, ".o"));
            if (byObject.TryGetValue(obj, out var other) && string.Equals(other, source, StringComparison.Ordinal))
            {
                // The same file listed twice (e.g. by two globs): compile it once.
                continue;
            }
            if (other is not null)
            {
                LogDiagnostic(new Diagnostic(DiagnosticCodes.InvalidBuildProperty, DiagnosticSeverity.Error,
                    $"Two sources compile to the same object '{obj}': '{other}' and this one; rename one or set its VirtualPath metadata.", source));
                continue;
            }
            byObject[obj] = source;
            var dep = Path.ChangeExtension(obj, ".d");
            var tool = language == SourceLanguage.Cxx ? Gxx : Gcc;
            var args = SourceBuilder(builder, item, language).CompileArguments(language, source, obj, dep);
            units.Add(new Unit(source, language, obj, dep, obj + ".flags", tool, args, ObjectPaths.Hash(tool, args)));
        }
        return units;
    }

    /// <summary>
    /// The command-line builder of one source: the project's, or one with the source's own settings (a CubeIDE folder's
    /// or file's Optimization, DebugLevel, Defines, IncludePaths, OtherFlags metadata; a single space means none).
    /// </summary>
    private static GccCommandLineBuilder SourceBuilder(GccCommandLineBuilder builder, ITaskItem item, SourceLanguage language)
    {
        string? Meta(string name) => item.GetMetadata(name) is { Length: > 0 } v ? v : null;
        IReadOnlyList<string>? List(string name) => Meta(name) is { } v ? v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        var o = new CubeIde.CubeIdeToolOverride
        {
            Optimization = Meta(Stm32Names.Metadata.Optimization)?.Trim(),
            DebugLevel = Meta(Stm32Names.Metadata.DebugLevel)?.Trim(),
            Defines = List(Stm32Names.Metadata.Defines),
            IncludePaths = List(Stm32Names.Metadata.IncludePaths),
            OtherFlags = List(Stm32Names.Metadata.OtherFlags),
        };
        return o.IsEmpty ? builder : new GccCommandLineBuilder(CubeIde.CubeIdeResourceSettings.Apply(builder.Settings, o, language), builder.BaseDirectory);
    }

    /// <summary>True when the object exists, its flags are unchanged and it is newer than every prerequisite.</summary>
    internal static bool IsUpToDate(Unit unit, string projectDir)
    {
        if (!File.Exists(unit.ObjectFile) || !File.Exists(unit.DependencyFile) || !File.Exists(unit.FlagsFile))
        {
            return false;
        }
        if (!string.Equals(File.ReadAllText(unit.FlagsFile), unit.FlagsHash, StringComparison.Ordinal))
        {
            return false;
        }
        var objTime = File.GetLastWriteTimeUtc(unit.ObjectFile);
        if (File.GetLastWriteTimeUtc(unit.Source) > objTime)
        {
            return false;
        }
        foreach (var prerequisite in DependencyFile.ReadPrerequisites(File.ReadAllText(unit.DependencyFile)))
        {
            var path = Path.GetFullPath(prerequisite, projectDir);
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) > objTime)
            {
                return false;
            }
        }
        return true;
    }
}
