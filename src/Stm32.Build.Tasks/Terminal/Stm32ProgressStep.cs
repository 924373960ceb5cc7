using Microsoft.Build.Framework;

namespace Stm32.Build.Tasks.Terminal;

/// <summary>
/// The task of each progress target (build/Stm32.Build.Progress.targets): holds the terminal logger's live line on
/// its target (the step's name) while the probe task of the same project is at that step. Returns at once when no
/// probe task is running. Logs nothing.
/// </summary>
public sealed class Stm32ProgressStep : Microsoft.Build.Utilities.Task, ICancelableTask
{
    /// <summary>The longest a step is held (a bound for a lost board; the probe task's own steps are bounded).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    private volatile bool _cancelled;

    /// <summary>The step (the target's name).</summary>
    [Required] public string Step { get; set; } = string.Empty;

    /// <summary>The project (<c>$(MSBuildProjectFullPath)</c>), whose probe task's step is shown.</summary>
    [Required] public string ProjectFile { get; set; } = string.Empty;

    /// <inheritdoc />
    public void Cancel() => _cancelled = true;

    /// <inheritdoc />
    public override bool Execute()
    {
        if (BuildEngine is IBuildEngine4 engine
            && engine.GetRegisteredTaskObject(StepBoard.Key(ProjectFile), RegisteredTaskObjectLifetime.Build) is StepBoard board)
        {
            board.HoldWhile(Step, Limit, () => _cancelled);
        }
        return true;
    }
}
