using Microsoft.Build.Framework;

namespace Stm32.Build.Tasks.Terminal;

/// <summary>
/// Shows a running operation's current step in the terminal logger's live line. The terminal logger shows, per
/// build node, the target that started last, and clears the line when a project request finishes; so while the
/// operation runs on a worker thread, the task's own thread (build-engine calls belong there) builds the progress
/// target of the current step (<see cref="ProgressTargets"/>) in its own project with the project's global
/// properties (MSBuild reuses the loaded project), and that target's <see cref="Stm32ProgressStep"/> task holds the
/// line until the step changes. Steps passed while a target was being built are skipped; a target builds once per
/// build, so a step that comes back is not shown again. With <c>enabled</c> false (the terminal logger is off, see
/// <c>Stm32LiveProgress</c>) or an engine that cannot build targets, the operation simply runs.
/// </summary>
internal sealed class LiveStatus
{
    private readonly IBuildEngine _engine;
    private readonly string _projectFile;
    private readonly StepBoard _board = new();
    private readonly bool _enabled;

    /// <summary>Creates the display for a task of <paramref name="projectFile"/> whose engine is <paramref name="engine"/>.</summary>
    public LiveStatus(IBuildEngine engine, string? projectFile, bool enabled)
    {
        _engine = engine;
        _projectFile = projectFile ?? string.Empty;
        _enabled = enabled && engine is IBuildEngine6 and IBuildEngine4 && _projectFile.Length > 0;
    }

    /// <summary>Moves the display to <paramref name="target"/> (from any thread); null is ignored.</summary>
    public void Show(string? target)
    {
        if (target is not null)
        {
            _board.Move(target);
        }
    }

    /// <summary>Runs <paramref name="operation"/> on a worker thread, showing its steps until it finishes.</summary>
    public T Run<T>(Func<Task<T>> operation)
    {
        if (!_enabled)
        {
            return operation().GetAwaiter().GetResult();
        }
        var key = StepBoard.Key(_projectFile);
        var engine4 = (IBuildEngine4)_engine;
        engine4.RegisterTaskObject(key, _board, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        try
        {
            var work = Task.Run(operation);
            work.ContinueWith(_ => _board.Complete(), TaskScheduler.Default);
            var canBuild = true;
            string? shown = null;
            while (canBuild && _board.WaitForChange(shown) is { } step)
            {
                shown = step;
                canBuild = BuildStep(step);
            }
            return work.GetAwaiter().GetResult();
        }
        finally
        {
            _board.Complete();
            engine4.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build);
        }
    }

    private bool BuildStep(string target)
    {
        var properties = ((IBuildEngine6)_engine).GetGlobalProperties();
        var global = new Dictionary<string, string>(properties.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var pair in properties)
        {
            global[pair.Key] = pair.Value;
        }
        return _engine.BuildProjectFile(_projectFile, [target], global, null);
    }
}

/// <summary>
/// The step a probe task is at, shared (as an MSBuild registered task object) between the task and the
/// <see cref="Stm32ProgressStep"/> tasks of the progress targets it builds.
/// </summary>
internal sealed class StepBoard
{
    /// <summary>How long one wait lasts before the condition is checked again.</summary>
    private static readonly TimeSpan s_slice = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private string? _current;
    private bool _completed;

    /// <summary>The registered-object key of the board of a project's running probe task.</summary>
    public static string Key(string projectFile) => "Stm32.Build.LiveStatus|" + projectFile;

    /// <summary>True once the operation finished.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>Moves to a new step.</summary>
    public void Move(string step)
    {
        lock (_gate)
        {
            if (_completed || step == _current)
            {
                return;
            }
            _current = step;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Marks the operation finished and releases every waiter.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits until the step differs from <paramref name="shown"/>; null once the operation finished.</summary>
    public string? WaitForChange(string? shown)
    {
        lock (_gate)
        {
            while (!_completed && (_current is null || _current == shown))
            {
                Monitor.Wait(_gate, s_slice);
            }
            return _completed ? null : _current;
        }
    }

    /// <summary>
    /// Waits while <paramref name="step"/> is the current step, at most <paramref name="limit"/> (the operation's
    /// own waits are bounded; this bound only keeps a lost board from holding the build), or until
    /// <paramref name="cancelled"/> says so.
    /// </summary>
    public void HoldWhile(string step, TimeSpan limit, Func<bool> cancelled)
    {
        var deadline = DateTime.UtcNow + limit;
        lock (_gate)
        {
            while (!_completed && _current == step && !cancelled() && DateTime.UtcNow < deadline)
            {
                Monitor.Wait(_gate, s_slice);
            }
        }
    }
}
