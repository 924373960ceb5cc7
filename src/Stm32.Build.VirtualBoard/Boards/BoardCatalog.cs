using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Boards;

/// <summary>
/// The bundled boards (embedded <c>Boards/Data/*.json</c>) and board files. <see cref="Resolve"/> takes a bundled
/// name or a path. A board file is one JSON object (comments and trailing commas allowed):
/// <code>
/// { "name": "my-board", "device": "STM32H747XI", "supply": "ldo",
///   "hse": { "frequency": 25000000, "mode": "crystal" }, "lse": { "frequency": 32768 },
///   "nrst": true, "boot0": "low", "uarts": [ { "peripheral": "USART1", "tx": "PA9", "rx": "PA10" } ] }
/// </code>
/// An unknown property or a bad value is a coded error naming it (STM5102, STM5103); nothing is guessed.
/// </summary>
public static class BoardCatalog
{
    /// <summary>The largest board file read (a description is a few hundred bytes).</summary>
    public const int MaxFileBytes = 64 * 1024;

    private const string ResourcePrefix = "Stm32.Build.VirtualBoard.Boards.";
    private static readonly Lazy<IReadOnlyList<BoardDescription>> s_bundled = new(LoadBundled);

    private static readonly JsonDocumentOptions s_json = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The bundled boards, by name.</summary>
    public static IReadOnlyList<BoardDescription> Bundled => s_bundled.Value;

    /// <summary>
    /// A bundled board by name (case-insensitive), else a board file at <paramref name="nameOrPath"/>; when
    /// <paramref name="device"/> is given the board must carry it (STM5105).
    /// </summary>
    public static BoardDescription Resolve(string nameOrPath, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        var board = Bundled.FirstOrDefault(b => string.Equals(b.Name, nameOrPath.Trim(), StringComparison.OrdinalIgnoreCase));
        if (board is null)
        {
            if (!File.Exists(nameOrPath))
            {
                throw Error(DiagnosticCodes.BoardNotFound, null,
                    $"no bundled board is named '{nameOrPath}' and no such file exists; bundled boards: {string.Join(", ", Bundled.Select(b => b.Name))}");
            }
            board = ReadFile(nameOrPath);
        }
        if (device is not null)
        {
            RequireDevice(board, device);
        }
        return board;
    }

    /// <summary>Checks that <paramref name="board"/> carries <paramref name="device"/> (STM5105 otherwise, naming both parts).</summary>
    public static void RequireDevice(BoardDescription board, string device)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (!DeviceCatalog.BuiltIn.Get(device).Name.Equals(DeviceCatalog.BuiltIn.Get(board.Device).Name, StringComparison.OrdinalIgnoreCase))
        {
            throw Error(DiagnosticCodes.BoardDeviceMismatch, board.Source,
                $"board '{board.Name}' carries the {board.Device}, not the {device}");
        }
    }

    /// <summary>Reads a board file (bounded; coded errors name the file and the property).</summary>
    public static BoardDescription ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            bytes = new byte[MaxFileBytes + 1];
            var total = 0;
            int n;
            while (total < bytes.Length && (n = stream.Read(bytes, total, bytes.Length - total)) > 0)
            {
                total += n;
            }
            if (total > MaxFileBytes)
            {
                throw Error(DiagnosticCodes.BoardFileUnreadable, path, $"the board file is larger than {MaxFileBytes} bytes: it is not a board description");
            }
            Array.Resize(ref bytes, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Error(DiagnosticCodes.BoardFileUnreadable, path, $"cannot read the board file: {ex.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses a board description; <paramref name="source"/> names it in errors.</summary>
    public static BoardDescription Parse(ReadOnlySpan<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), s_json);
        }
        catch (JsonException ex)
        {
            throw Error(DiagnosticCodes.BoardFileUnreadable, source, $"not a JSON board description: {ex.Message}");
        }
        using (document)
        {
            return BoardDescriptionReader.Read(document.RootElement, source);
        }
    }

    private static IReadOnlyList<BoardDescription> LoadBundled()
    {
        var assembly = typeof(BoardCatalog).Assembly;
        var boards = new List<BoardDescription>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            boards.Add(Parse(memory.ToArray(), name[ResourcePrefix.Length..]) with { Source = "bundled" });
        }
        return boards;
    }

    internal static Stm32Exception Error(string code, string? file, string message) =>
        new(new Diagnostic(code, DiagnosticSeverity.Error, message, file));

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    internal static Assembly Assembly => typeof(BoardCatalog).Assembly;
}
