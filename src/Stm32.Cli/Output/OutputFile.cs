using Stm32.Build.Diagnostics;

namespace Stm32.Cli.Output;

/// <summary>
/// Files the command writes (the JSON report, <c>read -o</c>): the path is checked before any probe is touched, and
/// the content is written to a temporary file beside it and renamed over it, so a failure never leaves a partial
/// file. Every failure is a coded STM0005 error naming the file.
/// </summary>
internal static class OutputFile
{
    /// <summary>
    /// Throws STM0005 when <paramref name="path"/> cannot be a file written by <paramref name="option"/>: it is a
    /// directory, its folder does not exist, a part of its folder is a regular file, or the path is not valid.
    /// </summary>
    public static string Check(string path, string option)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Error(path, $"{option}: '{path}' is not a valid path ({ex.Message})");
        }
        if (Directory.Exists(full) || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
        {
            throw Error(path, $"{option}: '{path}' is a directory; name a file in it");
        }
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            var existing = folder;
            while (existing is not null && !Directory.Exists(existing) && !File.Exists(existing))
            {
                existing = Path.GetDirectoryName(existing);
            }
            throw Error(path, existing is not null && File.Exists(existing)
                ? $"{option}: '{path}' is under '{existing}', which is a file, not a folder"
                : $"{option}: the folder '{folder}' does not exist; create it first");
        }
        return full;
    }

    /// <summary>
    /// Throws STM0005 when a state file (read when it exists, written back) cannot live at <paramref name="path"/>:
    /// it is a directory, or a part of its folder is a regular file. A missing folder is created when the state is saved.
    /// </summary>
    public static void CheckState(string path, string option)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Error(path, $"{option}: '{path}' is not a valid path ({ex.Message})");
        }
        if (Directory.Exists(full))
        {
            throw Error(path, $"{option}: '{path}' is a directory; name a file in it");
        }
        for (var folder = Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder))
            {
                throw Error(path, $"{option}: '{path}' is under '{folder}', which is a file, not a folder");
            }
            if (Directory.Exists(folder))
            {
                break;
            }
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Write(string path, string option, Action<Stream> content)
    {
        var full = Check(path, option);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                content(stream);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw Error(path, $"{option}: cannot write '{path}': {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes text (UTF-8, no byte-order mark).</summary>
    public static void WriteText(string path, string option, string text) =>
        Write(path, option, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the temporary file keeps a leading dot and the process id in its name.
        }
    }

    private static Stm32Exception Error(string path, string message, Exception? inner = null) =>
        new(new Diagnostic(DiagnosticCodes.OutputNotWritable, DiagnosticSeverity.Error, message, File: path), inner);
}
