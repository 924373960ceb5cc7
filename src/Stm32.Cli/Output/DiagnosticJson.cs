using System.Text.Json;
using Stm32.Build.Diagnostics;

namespace Stm32.Cli.Output;

/// <summary>Writes diagnostics as JSON for CI: one object per finding with code, severity, message and location.</summary>
public static class DiagnosticJson
{
    /// <summary>Writes one diagnostic's properties into an open JSON object.</summary>
    public static void WriteProperties(Utf8JsonWriter json, Diagnostic d)
    {
        json.WriteString("code", d.Code);
        json.WriteString("severity", Diagnostic.SeverityWord(d.Severity));
        json.WriteString("message", d.Message);
        if (d.File is not null)
        {
            json.WriteString("file", d.File);
        }
        if (d.Line is int line)
        {
            json.WriteNumber("line", line);
        }
        if (d.Offset is long offset)
        {
            json.WriteNumber("offset", offset);
        }
        if (d.Address is uint address)
        {
            json.WriteString("address", Diagnostic.Hex(address));
        }
    }

    /// <summary>Writes an array of diagnostics under <paramref name="name"/>.</summary>
    public static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteStartArray(name);
        foreach (var d in diagnostics)
        {
            json.WriteStartObject();
            WriteProperties(json, d);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
