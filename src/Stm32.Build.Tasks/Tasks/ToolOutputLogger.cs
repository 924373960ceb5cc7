using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks;

/// <summary>Logs gcc/as/ld output lines as MSBuild errors, warnings and messages.</summary>
internal static class ToolOutputLogger
{
    /// <summary>Logs every line; returns true when an error was logged.</summary>
    public static bool Log(TaskLoggingHelper log, IEnumerable<string> lines, string workingDirectory, string errorCode, string warningCode)
    {
        var error = false;
        foreach (var line in lines)
        {
            var m = GccDiagnosticParser.Parse(line);
            var file = m.File is null ? null : SafeFullPath(m.File, workingDirectory);
            switch (m.Kind)
            {
                case GccMessageKind.Error when error && m.File is null && m.Message.EndsWith("returned 1 exit status", StringComparison.Ordinal):
                    // collect2's summary after ld's own errors adds nothing.
                    log.LogMessage(MessageImportance.High, line);
                    break;
                case GccMessageKind.Error:
                    log.LogError(null, errorCode, null, file, m.Line, m.Column, 0, 0, m.Message);
                    error = true;
                    break;
                case GccMessageKind.Warning:
                    log.LogWarning(null, warningCode, null, file, m.Line, m.Column, 0, 0, m.Message);
                    break;
                default:
                    log.LogMessage(MessageImportance.High, line);
                    break;
            }
        }
        return error;
    }

    private static string SafeFullPath(string file, string workingDirectory)
    {
        try
        {
            return Path.GetFullPath(file, workingDirectory);
        }
        catch (ArgumentException)
        {
            return file;
        }
    }
}
