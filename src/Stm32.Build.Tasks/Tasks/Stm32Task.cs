using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Tasks;

/// <summary>
/// Base of the package's tasks: runs <see cref="ExecuteCore"/>, turns the product's coded exceptions into
/// MSBuild errors at their file and line, and returns <c>!Log.HasLoggedErrors</c>. Only expected exception
/// types are caught here; anything else is a bug and MSBuild reports it with the task's name.
/// </summary>
public abstract class Stm32Task : Microsoft.Build.Utilities.Task
{
    /// <summary>
    /// The project that runs the task (<c>$(MSBuildProjectFullPath)</c>; the build engine only knows the file that
    /// declares the task's target). Names the project in the result line and hosts the progress targets.
    /// </summary>
    public string? ProjectFile { get; set; }

    /// <inheritdoc />
    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (Stm32Exception ex)
        {
            LogDiagnostic(ex.Diagnostic);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDiagnostic(new Diagnostic(DiagnosticCodes.FileNotReadable, DiagnosticSeverity.Error, ex.Message));
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>The task's work; throw <see cref="Stm32Exception"/> for errors the user can fix.</summary>
    protected abstract void ExecuteCore();

    /// <summary>Logs a diagnostic as an MSBuild error, warning or message with its code, file and line.</summary>
    protected void LogDiagnostic(Diagnostic d, int column = 0)
    {
        switch (d.Severity)
        {
            case DiagnosticSeverity.Error:
                Log.LogError(null, d.Code, null, d.File, d.Line ?? 0, column, 0, 0, d.Message);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(null, d.Code, null, d.File, d.Line ?? 0, column, 0, 0, d.Message);
                break;
            default:
                Log.LogMessage(MessageImportance.Normal, d.ToCanonicalString());
                break;
        }
    }

    /// <summary>
    /// Reads a boolean task parameter written as an MSBuild string with MSBuild's spellings (true/false, yes/no,
    /// on/off, !true ...; empty = default); anything else is STM8010 naming <paramref name="property"/>.
    /// </summary>
    protected static bool Flag(string? value, bool defaultValue, string property) => MSBuildBoolean.Parse(value, defaultValue, property);

    /// <summary>Splits an MSBuild semicolon list, dropping empty entries.</summary>
    protected static string[] SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A command line as a shell would take it (words with spaces or quotes quoted), for the log.</summary>
    internal static string CommandLine(string tool, IEnumerable<string> arguments) =>
        string.Join(" ", new[] { tool }.Concat(arguments).Select(a => a.Length > 0 && a.IndexOfAny([' ', '"', '\'', '\t']) < 0 ? a : "\"" + a.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));

    /// <summary>Writes a file only when its content differs, so timestamps move only on real change.</summary>
    /// <returns>True when the file was written.</returns>
    internal static bool WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && string.Equals(File.ReadAllText(path), content, StringComparison.Ordinal))
        {
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content);
        return true;
    }
}
