using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stm32.Cli.Output;

/// <summary>
/// Writes the one JSON document a command prints on standard output with <c>--format json</c>. The encoder is
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>: it escapes what JSON itself requires (the quote, the
/// backslash, control characters) and leaves apostrophes, <c>&lt; &gt; &amp; +</c> and non-ASCII text as they are.
/// The default encoder escapes those for HTML pages (<c>\u0027</c> for an apostrophe); this output goes to programs
/// and terminals and is never embedded in HTML unescaped, so the "unsafe" (for HTML) encoder is the right one, as for
/// the JSON report of the flashing pipeline.
/// </summary>
internal static class JsonOutput
{
    /// <summary>The writer options every command uses.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds one document with <paramref name="write"/> and prints it on <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            write(json);
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Writes an object with <paramref name="body"/> as its properties.</summary>
    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> body) => Write(output, json =>
    {
        json.WriteStartObject();
        body(json);
        json.WriteEndObject();
    });
}
