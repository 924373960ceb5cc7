using System.Globalization;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks;

/// <summary>
/// Links the objects with the project's linker script into an ELF and a map, the way CubeIDE's makefile does
/// (gcc, or g++ when there is C++, with an objects.list response file). Skipped when the ELF is newer than
/// every object, the linker script and the library files, and the link command is unchanged.
/// </summary>
public sealed class LinkFirmware : FirmwareSettingsTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The objects to link, in order.</summary>
    [Required] public ITaskItem[] ObjectFiles { get; set; } = [];
    /// <summary>The ELF to write.</summary>
    [Required] public string ElfFile { get; set; } = string.Empty;
    /// <summary>The map to write.</summary>
    [Required] public string MapFile { get; set; } = string.Empty;
    /// <summary>The response file listing the objects (CubeIDE's objects.list).</summary>
    [Required] public string ObjectsListFile { get; set; } = string.Empty;
    /// <summary>arm-none-eabi-gcc.</summary>
    [Required] public string Gcc { get; set; } = string.Empty;
    /// <summary>arm-none-eabi-g++ (used when an object comes from C++).</summary>
    [Required] public string Gxx { get; set; } = string.Empty;

    /// <summary>True when the linker ran.</summary>
    [Output] public bool Linked { get; private set; }
    /// <summary>Files written (ELF, map, objects.list, flags).</summary>
    [Output] public ITaskItem[] FileWrites { get; private set; } = [];

    /// <inheritdoc />
    public void Cancel() => _cancel.Cancel();

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var settings = BuildSettings();
        var projectDir = Path.GetFullPath(ProjectDirectory);
        if (settings.LinkerScript is null || !File.Exists(settings.LinkerScript))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.LinkerScriptMissing, DiagnosticSeverity.Error,
                settings.LinkerScript is null
                    ? "No linker script: set Stm32LinkerScript or put a *_FLASH.ld file in the project folder."
                    : "The linker script does not exist.",
                settings.LinkerScript ?? Path.Combine(projectDir, "*_FLASH.ld")));
        }
        if (ObjectFiles.Length == 0)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.NoSources, DiagnosticSeverity.Error,
                "There is nothing to link: the project has no C, C++ or assembler source.", projectDir));
        }
        var elf = Path.GetFullPath(ElfFile, projectDir);
        var map = Path.GetFullPath(MapFile, projectDir);
        var list = Path.GetFullPath(ObjectsListFile, projectDir);
        var flagsFile = elf + ".flags";
        FileWrites = new[] { elf, map, list, flagsFile }.Select(f => (ITaskItem)new TaskItem(f)).ToArray();

        var builder = new GccCommandLineBuilder(settings, projectDir);
        var objects = ObjectFiles.Select(o => Path.GetFullPath(o.ItemSpec, projectDir)).ToList();
        var sb = new StringBuilder();
        foreach (var o in objects)
        {
            sb.Append('"').Append(builder.Render(o)).Append('"').Append('\n');
        }
        WriteIfChanged(list, sb.ToString());

        var cxx = ObjectFiles.Any(o => o.GetMetadata(Stm32Names.Metadata.Language) == nameof(SourceLanguage.Cxx));
        var tool = cxx ? Gxx : Gcc;
        var args = builder.LinkArguments(cxx, elf, list, map);
        var hash = ObjectPaths.Hash(tool, args.Concat(objects));
        var inputs = objects.Append(settings.LinkerScript).Concat(LibraryFiles(settings, projectDir));
        if (IsUpToDate(elf, map, flagsFile, hash, inputs))
        {
            Log.LogMessage(MessageImportance.Normal, $"Stm32.Build: {Path.GetFileName(elf)} is up to date.");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(elf)!);
        if (File.Exists(flagsFile))
        {
            File.Delete(flagsFile);
        }
        Log.LogMessage(MessageImportance.Normal, CommandLine(tool, args));
        var result = ProcessRunner.RunAsync(tool, args, projectDir, _cancel.Token).GetAwaiter().GetResult();
        var loggedError = ToolOutputLogger.Log(Log, result.Output, projectDir, DiagnosticCodes.LinkerError, DiagnosticCodes.LinkerWarning);
        if (result.ExitCode != 0)
        {
            if (!loggedError)
            {
                LogDiagnostic(new Diagnostic(DiagnosticCodes.LinkerFailed, DiagnosticSeverity.Error,
                    $"{Path.GetFileName(tool)} exited with code {result.ExitCode.ToString(CultureInfo.InvariantCulture)} linking {Path.GetFileName(elf)}.", elf));
            }
            return;
        }
        File.WriteAllText(flagsFile, hash);
        Linked = true;
        Log.LogMessage(MessageImportance.High, $"Stm32.Build: linked {builder.Render(elf)}");
    }

    private static bool IsUpToDate(string elf, string map, string flagsFile, string hash, IEnumerable<string> inputs)
    {
        if (!File.Exists(elf) || !File.Exists(map) || !File.Exists(flagsFile) || File.ReadAllText(flagsFile) != hash)
        {
            return false;
        }
        var elfTime = File.GetLastWriteTimeUtc(elf);
        return inputs.All(i => File.Exists(i) && File.GetLastWriteTimeUtc(i) <= elfTime);
    }

    /// <summary>Library files named with a path (-l:libx.a) that exist in the library directories.</summary>
    private static IEnumerable<string> LibraryFiles(FirmwareBuildSettings settings, string projectDir)
    {
        foreach (var lib in settings.Libraries)
        {
            var name = lib.StartsWith(':') ? lib[1..] : "lib" + lib + ".a";
            foreach (var dir in settings.LibraryPaths)
            {
                var candidate = Path.Combine(Path.GetFullPath(dir, projectDir), name);
                if (File.Exists(candidate))
                {
                    yield return candidate;
                    break;
                }
            }
        }
    }
}
