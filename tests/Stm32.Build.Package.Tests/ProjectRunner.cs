using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace Stm32.Build.Package.Tests;

/// <summary>What an in-process build produced: the result, the errors and warnings (code, file) and the log.</summary>
internal sealed record BuildOutcome(bool Succeeded, IReadOnlyList<(string Code, string File, string Message)> Errors,
    IReadOnlyList<(string Code, string File, string Message)> Warnings, IReadOnlyList<string> SkippedTargets, string Log);

/// <summary>
/// Evaluates and builds projects in process with the installed SDK's MSBuild (registered by <see cref="MSBuildSetup"/>).
/// Microsoft.Build types stay in this class so test methods never need them before the locator runs.
/// </summary>
internal static class ProjectRunner
{
    private static readonly object s_gate = new();

    /// <summary>The evaluated value of each property in <paramref name="names"/>.</summary>
    public static Dictionary<string, string> Evaluate(string projectFile, IDictionary<string, string>? globals, params string[] names)
    {
        using var collection = new ProjectCollection(globals ?? new Dictionary<string, string>());
        var project = collection.LoadProject(projectFile);
        return names.ToDictionary(n => n, project.GetPropertyValue);
    }

    /// <summary>Builds <paramref name="targets"/> of <paramref name="projectFile"/> with <paramref name="globals"/>.</summary>
    public static BuildOutcome Build(string projectFile, string[] targets, IDictionary<string, string>? globals = null)
    {
        var logger = new CollectingLogger();
        var parameters = new BuildParameters { Loggers = [logger], DisableInProcNode = false, EnableNodeReuse = false, MaxNodeCount = 1 };
        var properties = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in globals ?? new Dictionary<string, string>())
        {
            properties[key] = value;
        }
        var request = new BuildRequestData(projectFile, properties, null, targets, null,
            BuildRequestDataFlags.ProvideProjectStateAfterBuild);
        BuildResult result;
        // BuildManager.DefaultBuildManager runs one build at a time per process.
        lock (s_gate)
        {
            result = BuildManager.DefaultBuildManager.Build(parameters, request);
        }
        return new BuildOutcome(result.OverallResult == BuildResultCode.Success, logger.Errors, logger.Warnings, logger.Skipped, logger.Text.ToString());
    }

    private sealed class CollectingLogger : ILogger
    {
        public List<(string, string, string)> Errors { get; } = [];
        public List<(string, string, string)> Warnings { get; } = [];
        public List<string> Skipped { get; } = [];
        public System.Text.StringBuilder Text { get; } = new();
        public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Detailed;
        public string? Parameters { get; set; }

        public void Initialize(IEventSource eventSource)
        {
            eventSource.ErrorRaised += (_, e) => { lock (Text) { Errors.Add((e.Code ?? "", e.File ?? "", e.Message ?? "")); Text.AppendLine($"error {e.Code}: {e.File}: {e.Message}"); } };
            eventSource.WarningRaised += (_, e) => { lock (Text) { Warnings.Add((e.Code ?? "", e.File ?? "", e.Message ?? "")); Text.AppendLine($"warning {e.Code}: {e.File}: {e.Message}"); } };
            eventSource.MessageRaised += (_, e) =>
            {
                lock (Text)
                {
                    if (e is TargetSkippedEventArgs skipped)
                    {
                        Skipped.Add(skipped.TargetName);
                    }
                    Text.AppendLine(e.Message);
                }
            };
        }

        public void Shutdown()
        {
        }
    }
}
