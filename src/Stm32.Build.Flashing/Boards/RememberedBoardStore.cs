using System.Globalization;
using System.Text.Json;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;

namespace Stm32.Build.Flashing.Boards;

/// <summary>
/// The boards remembered after healthy flashes, one small JSON file per chip (<c>UNIQUEID.json</c>) in the user's
/// state directory: <c>$STM32_BUILD_BOARDS_DIR</c> when set, else <c>$XDG_STATE_HOME/stm32-build/boards</c>, else
/// <c>~/.local/state/stm32-build/boards</c> (on Windows <c>%LOCALAPPDATA%\stm32-build\boards</c>) — beside the
/// virtual board's state. A file is written whole through a temporary file and a rename, and read with a size bound;
/// a corrupt file is reported and ignored, never fatal.
/// </summary>
public sealed class RememberedBoardStore
{
    /// <summary>The environment variable that overrides the directory.</summary>
    public const string DirectoryVariable = "STM32_BUILD_BOARDS_DIR";

    /// <summary>The largest store file read: a record is a few hundred bytes.</summary>
    public const int MaxFileBytes = 16 * 1024;

    private const int FormatVersion = 1;
    private const int MaxNameLength = 128;

    /// <summary>A store over <paramref name="directory"/> (created on the first <see cref="Remember"/>).</summary>
    public RememberedBoardStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The store in the user's state directory (see the class summary).</summary>
    public static RememberedBoardStore Default => new(DefaultDirectory);

    /// <summary>The user's state directory for remembered boards.</summary>
    public static string DefaultDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir)
            {
                return dir;
            }
            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "stm32-build", "boards");
            }
            if (Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, "stm32-build", "boards");
            }
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "stm32-build", "boards");
        }
    }

    /// <summary>The directory of the store.</summary>
    public string Directory { get; }

    /// <summary>The file that holds the board with <paramref name="uniqueId"/>.</summary>
    public string FileOf(string uniqueId) => Path.Combine(Directory, CheckUniqueId(uniqueId) + ".json");

    /// <summary>
    /// The board remembered for <paramref name="uniqueId"/>, or null: none is remembered (<paramref name="problem"/>
    /// null), or what stands where its file should be cannot be used (<paramref name="problem"/> says why, a
    /// warning coded STM1546 naming the file): corrupt or truncated JSON, wrong types, too large, empty, not a
    /// regular file (a directory, a pipe, a device, a link that leads nowhere), unreadable, or the store directory
    /// itself not a directory. Such a file is left for the next <see cref="Remember"/> to replace. Never throws for
    /// what is on disk and never blocks (nothing but a non-empty regular file is opened).
    /// </summary>
    public RememberedBoard? Recall(string uniqueId, out Diagnostic? problem)
    {
        var path = FileOf(uniqueId);
        problem = null;
        byte[] bytes;
        try
        {
            if (Unusable(path) is { } why)
            {
                problem = Corrupt(why.Path, why.Reason);
                return null;
            }
            if (!File.Exists(path))
            {
                return null;
            }
            bytes = BoundedFile.ReadAllBytes(path, MaxFileBytes, length => new InvalidDataException(length is long n
                ? $"it is {n} bytes, more than a remembered board can be ({MaxFileBytes})"
                : $"it goes on past {MaxFileBytes} bytes, more than a remembered board can be"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            problem = Corrupt(path, e.Message);
            return null;
        }
        try
        {
            return Parse(bytes, uniqueId.ToUpperInvariant());
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            problem = Corrupt(path, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Why what stands at <paramref name="path"/> (or the store directory) cannot be read as a record, or null when it
    /// is absent or a non-empty regular file. Decided from the directory entry alone, without opening it: opening a
    /// named pipe for reading waits for a writer, and a device has no length.
    /// </summary>
    private (string Path, string Reason)? Unusable(string path)
    {
        if (File.Exists(Directory))
        {
            return (Directory, "the store's directory is a file, so no board can be remembered in it");
        }
        if (System.IO.Directory.Exists(path))
        {
            return (path, "it is a directory, not a file");
        }
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target
            && Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target)) is var resolved
            && !File.Exists(resolved) && !System.IO.Directory.Exists(resolved))
        {
            return (path, $"it is a link to '{target}', which leads to no file");
        }
        if (!info.Exists)
        {
            return null;
        }
        if (info.Length == 0)
        {
            return (path, "it is empty or not a regular file (a pipe or a device)");
        }
        return null;
    }

    /// <summary>
    /// Remembers <paramref name="board"/>, replacing what was remembered for its unique ID: written to a temporary
    /// file in the directory and renamed over the old one, so a reader sees the old or the new record, never half.
    /// </summary>
    /// <exception cref="Stm32Exception">The file could not be written (STM1547).</exception>
    public void Remember(RememberedBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var path = FileOf(board.UniqueId);
        if (board.Device.Length is 0 or > MaxNameLength || board.SupplyName is { Length: > MaxNameLength })
        {
            throw new ArgumentException($"the device name and supply name must be 1 to {MaxNameLength} characters", nameof(board));
        }
        var json = Serialize(board with { UniqueId = board.UniqueId.ToUpperInvariant() });
        var temp = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllBytes(temp, json);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.RememberedBoardStoreUnwritable, DiagnosticSeverity.Warning,
                $"the board could not be remembered: {e.Message}", path), e);
        }
    }

    private static byte[] Serialize(RememberedBoard board)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", FormatVersion);
            w.WriteString("uniqueId", board.UniqueId);
            w.WriteString("device", board.Device);
            if (board.PwrCr3 is uint cr3)
            {
                w.WriteString("pwrCr3", "0x" + cr3.ToString("X8", CultureInfo.InvariantCulture));
            }
            if (board.SupplyName is { } supply)
            {
                w.WriteString("supplyName", supply);
            }
            w.WriteString("observed", board.Observed.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static RememberedBoard Parse(byte[] bytes, string uniqueId)
    {
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 4 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("it is not a JSON object");
        }
        string Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 and <= MaxNameLength } s
            ? s
            : throw new InvalidDataException($"'{name}' is missing or not a string of 1 to {MaxNameLength} characters");
        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Number || format.GetInt32() != FormatVersion)
        {
            throw new InvalidDataException($"'format' is not {FormatVersion}");
        }
        var id = Text("uniqueId");
        if (!string.Equals(id, uniqueId, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"it holds the board {id}, not {uniqueId}");
        }
        uint? cr3 = null;
        if (root.TryGetProperty("pwrCr3", out _))
        {
            var hex = Text("pwrCr3");
            cr3 = hex.StartsWith("0x", StringComparison.Ordinal) && hex.Length is > 2 and <= 10
                ? uint.Parse(hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : throw new InvalidDataException($"'pwrCr3' is '{hex}', not a 32-bit hex value 0x...");
        }
        string? supply = root.TryGetProperty("supplyName", out _) ? Text("supplyName") : null;
        var observed = DateTimeOffset.Parse(Text("observed"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return new RememberedBoard(id, Text("device"), cr3, supply, observed);
    }

    private static Diagnostic Corrupt(string path, string why) =>
        new(DiagnosticCodes.RememberedBoardStoreCorrupt, DiagnosticSeverity.Warning,
            $"the remembered board is ignored: {why}; the preflight goes on without it and the next healthy flash of the board replaces it", path);

    private static string CheckUniqueId(string uniqueId)
    {
        ArgumentNullException.ThrowIfNull(uniqueId);
        return IsUniqueId(uniqueId)
            ? uniqueId.ToUpperInvariant()
            : throw new ArgumentException($"'{uniqueId}' is not a unique ID (XXXXXXXX-XXXXXXXX-XXXXXXXX, hex)", nameof(uniqueId));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file is never read.
        }
    }

    /// <summary>Whether <paramref name="text"/> is XXXXXXXX-XXXXXXXX-XXXXXXXX in hex (no path characters can pass).</summary>
    private static bool IsUniqueId(string text)
    {
        if (text.Length != 26)
        {
            return false;
        }
        for (int i = 0; i < text.Length; i++)
        {
            bool ok = i is 8 or 17 ? text[i] == '-' : Uri.IsHexDigit(text[i]);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The unique ID text of 12 bytes read at the unique ID address: three little-endian words in address order.</summary>
    public static string UniqueIdText(ReadOnlySpan<byte> uid) =>
        uid.Length != 12
            ? throw new ArgumentException("a unique ID is 12 bytes", nameof(uid))
            : string.Create(CultureInfo.InvariantCulture,
                $"{System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(uid):X8}-{System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(uid[4..]):X8}-{System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(uid[8..]):X8}");
}
