using System.Globalization;
using Microsoft.Build.Framework;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks;

/// <summary>
/// Runs an imported CubeIDE project's pre-build or post-build step, one command at a time, in a shell (<c>/bin/sh -c</c>;
/// <c>cmd /c</c> on Windows) in the folder of the ELF, as CDT's makefile runs them in the build folder. Stops at the
/// first command that fails: error STM6405 at the .cproject line with its exit code and output.
/// </summary>
public sealed class RunBuildSteps : Stm32Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The commands (Command metadata: expanded; DefiningFile and Line: where the .cproject states them).</summary>
    [Required] public ITaskItem[] Steps { get; set; } = [];

    /// <summary>Where they run.</summary>
    [Required] public string WorkingDirectory { get; set; } = string.Empty;

    /// <inheritdoc />
    public void Cancel() => _cancel.Cancel();

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var directory = Path.GetFullPath(WorkingDirectory);
        Directory.CreateDirectory(directory);
        foreach (var step in Steps)
        {
            var command = step.GetMetadata(Stm32Names.Metadata.Command);
            var kind = step.GetMetadata("Kind");
            Log.LogMessage(MessageImportance.High, $"Stm32.Build: {kind} step: {command}");
            var (shell, flag) = OperatingSystem.IsWindows() ? ("cmd.exe", "/c") : ("/bin/sh", "-c");
            var result = ProcessRunner.RunAsync(shell, [flag, command], directory, _cancel.Token).GetAwaiter().GetResult();
            foreach (var line in result.Output)
            {
                Log.LogMessage(MessageImportance.Normal, line);
            }
            if (result.ExitCode != 0)
            {
                int.TryParse(step.GetMetadata("Line"), NumberStyles.None, CultureInfo.InvariantCulture, out var at);
                LogDiagnostic(new Diagnostic(DiagnosticCodes.CubeIdeBuildStepFailed, DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture, $"The {kind} step '{command}' exited with code {result.ExitCode}: {string.Join(" ", result.Output.TakeLast(5))}"),
                    step.GetMetadata("DefiningFile") is { Length: > 0 } file ? file : null, at > 0 ? at : null));
                return;
            }
        }
    }
}
