using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Stm32.Build.Tasks.Terminal;

/// <summary>
/// The result of a task as the one line a person reads after the build: a high-importance message
/// <c>"PROJECT -> RESULT"</c>, the convention of the SDK's <c>"App -> bin/App.dll"</c> line. The classic console
/// logger prints it as it is; the terminal logger of the .NET SDK (the default of <c>dotnet build</c>) takes the
/// text after <c>" -> "</c> as the project's output and shows it on the project's finished line
/// (<c>"Blinky succeeded (2.1s) → flashed STM32H747XI: …"</c>), where it stays after the live area is gone.
/// Every other high-importance message is shown by the terminal logger only at <c>-v:d</c>.
/// </summary>
internal static class ResultLine
{
    /// <summary>What the terminal logger looks for between the project name and the output.</summary>
    public const string Separator = " -> ";

    /// <summary>
    /// Logs <paramref name="text"/> (one line, or several joined with newlines; the lines after the first are
    /// indented) as the project's result. The text never starts with <c>word:</c> (the terminal logger would take a
    /// leading <c>scheme:</c> for a link target).
    /// </summary>
    public static void Log(Stm32Task task, TaskLoggingHelper log, string text) =>
        log.LogMessage(MessageImportance.High, ProjectName(task.ProjectFile) + Separator + Indent(text));

    /// <summary>The name the terminal logger shows for a project (its file name without extension).</summary>
    public static string ProjectName(string? projectFile) =>
        string.IsNullOrEmpty(projectFile) ? "Stm32.Build" : Path.GetFileNameWithoutExtension(projectFile);

    private static string Indent(string text) => text.Replace("\n", "\n      ", StringComparison.Ordinal);
}
