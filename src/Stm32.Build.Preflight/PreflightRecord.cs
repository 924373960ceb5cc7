using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;

namespace Stm32.Build.Preflight;

/// <summary>
/// The result of a dry run kept in a file for a later step of the same build (MSBuild: the after-link validation
/// writes it, the Flash target's gate reads it), keyed by what decides the dry run: the device, every image's core and
/// bytes, the declared board (its name and, for a board description file, its content), the declared supply and the
/// time budget. A record whose key differs, or that cannot be read, is not used: the caller boots again.
/// </summary>
public static class PreflightRecord
{
    /// <summary>The largest record read (findings are a few hundred bytes each).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private const int FormatVersion = 1;

    /// <summary>The key of <paramref name="request"/> (SHA-256, hex). The remembered board is not part of it: the gate decides on that.</summary>
    public static string Key(PreflightRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var sha = SHA256.Create();
        void Text(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text + "\n");
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        void Bytes(byte[] bytes) => sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        Text($"format={FormatVersion};device={request.Device.Name};supply={request.DeclaredSupply};budget={(request.Budget ?? PreflightRequest.DefaultBudget).Ticks}");
        foreach (var image in request.Images)
        {
            Text($"image core={image.Core} segments={image.Image.Segments.Count}");
            foreach (var segment in image.Image.Segments)
            {
                Text(string.Create(CultureInfo.InvariantCulture, $"segment 0x{segment.Address:X8} {segment.Length}"));
                Bytes(segment.Data.ToArray());
            }
        }
        if (request.Board is { } board)
        {
            Text($"board={board.Name};source={board.Source}");
            if (board.Source.Length > 0 && File.Exists(board.Source))
            {
                Bytes(BoundedFile.ReadAllBytes(board.Source, MaxFileBytes, _ => new InvalidDataException($"the board description {board.Source} is too large")));
            }
        }
        sha.TransformFinalBlock([], 0, 0);
        return string.Concat(sha.Hash!.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>Writes <paramref name="result"/> under <paramref name="key"/> to <paramref name="path"/> (whole, through a temporary file).</summary>
    public static void Write(string path, string key, PreflightResult result)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", FormatVersion);
            w.WriteString("key", key);
            w.WriteString("board", result.Board);
            w.WriteNumber("simulatedMs", result.Simulated.TotalMilliseconds);
            if (result.SupplyLatched is uint latched)
            {
                w.WriteNumber("supplyLatched", latched);
            }
            w.WriteStartArray("findings");
            foreach (var f in result.Findings)
            {
                w.WriteStartObject();
                w.WriteString("code", f.Code);
                w.WriteString("severity", f.Severity.ToString());
                w.WriteString("message", f.Message);
                w.WriteString("consequence", f.Consequence);
                w.WriteString("remedy", f.Remedy);
                Optional(w, "core", f.Core);
                Optional(w, "symbol", f.Symbol);
                Optional(w, "source", f.Source);
                Optional(w, "file", f.File);
                if (f.TimeMs is double t)
                {
                    w.WriteNumber("timeMs", t);
                }
                if (f.Address is uint a)
                {
                    w.WriteNumber("address", a);
                }
                if (f.Value is uint v)
                {
                    w.WriteNumber("value", v);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, stream.ToArray());
        File.Copy(temp, path, overwrite: true);
        File.Delete(temp);
    }

    /// <summary>The result recorded in <paramref name="path"/> under <paramref name="key"/>, or null (absent, another key, unreadable).</summary>
    public static PreflightResult? TryRead(string? path, string key)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path) || Directory.Exists(path))
        {
            return null;
        }
        try
        {
            var bytes = BoundedFile.ReadAllBytes(path!, MaxFileBytes, _ => new InvalidDataException("too large"));
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != FormatVersion || root.GetProperty("key").GetString() != key)
            {
                return null;
            }
            var findings = new List<PreflightFinding>();
            foreach (var f in root.GetProperty("findings").EnumerateArray())
            {
                findings.Add(new PreflightFinding(f.GetProperty("code").GetString()!,
                    (DiagnosticSeverity)Enum.Parse(typeof(DiagnosticSeverity), f.GetProperty("severity").GetString()!),
                    f.GetProperty("message").GetString()!, f.GetProperty("consequence").GetString()!, f.GetProperty("remedy").GetString()!)
                {
                    Core = Text(f, "core"),
                    Symbol = Text(f, "symbol"),
                    Source = Text(f, "source"),
                    File = Text(f, "file"),
                    TimeMs = f.TryGetProperty("timeMs", out var t) ? t.GetDouble() : null,
                    Address = f.TryGetProperty("address", out var a) ? a.GetUInt32() : null,
                    Value = f.TryGetProperty("value", out var v) ? v.GetUInt32() : null,
                });
            }
            return new PreflightResult(findings, [], TimeSpan.FromMilliseconds(root.GetProperty("simulatedMs").GetDouble()), TimeSpan.Zero,
                root.GetProperty("board").GetString() ?? "")
            {
                SupplyLatched = root.TryGetProperty("supplyLatched", out var s) ? s.GetUInt32() : null,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException
            or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var p) ? p.GetString() : null;
}
