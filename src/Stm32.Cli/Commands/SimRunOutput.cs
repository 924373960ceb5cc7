using System.Globalization;
using System.Text.Json;
using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard.Families.H7;
using Stm32.Build.VirtualBoard.Running;
using Stm32.Cli.Output;

namespace Stm32.Cli.Commands;

/// <summary>How <c>stm32 sim run</c> prints a <see cref="BoardRunReport"/>: text for a person, one JSON document for tools.</summary>
internal static class SimRunOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The latched supply bits with their configuration's name.</summary>
    public static string SupplyName(BoardRunSupply supply, DeviceDescription device) => supply.Written is uint value
        ? "PWR_CR3 = " + H7SupplyConfiguration.Describe(value, H7SupplyConfiguration.HasSmps(device))
        : "no supply configuration";

    /// <summary>The text report.</summary>
    public static void WriteText(TextWriter output, BoardRunReport report, DeviceDescription device)
    {
        output.WriteLine(string.Create(Inv, $"board: {report.Board} ({device.Name}), {report.TimeMs:0.###} ms of virtual time"));
        foreach (var core in report.Cores)
        {
            output.WriteLine(string.Create(Inv, $"{core.Name}: {core.State} at 0x{core.Pc:X8}"));
            foreach (var fault in core.Faults)
            {
                output.WriteLine(string.Create(Inv, $"  took {fault.Kind} at 0x{fault.Pc:X8}"));
            }
        }
        output.WriteLine(string.Create(Inv, $"resets: {report.Resets}"));
        if (report.Supply is { } supply)
        {
            output.WriteLine(supply.Written is null
                ? "supply: not written (the power-on default holds)"
                : $"supply: {SupplyName(supply, device)}, {(supply.Accepted ? "taken by the board's wiring" : "NOT taken by the board's wiring")}{(supply.Lost ? "; the core supply collapsed" : "")}");
        }
        output.WriteLine(report.DebugPortAnswers ? "debug port: answers" : $"debug port: silent ({report.DebugPortReason})");
        if (report.Uart.Length > 0)
        {
            output.WriteLine("uart:");
            foreach (var line in report.Uart.Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
            {
                output.WriteLine("  " + line);
            }
        }
        output.WriteLine(string.Create(Inv, $"unmodelled registers: {report.Unmodelled.Count}"));
        foreach (var entry in report.Unmodelled)
        {
            output.WriteLine("  " + entry);
        }
    }

    /// <summary>The JSON report: <c>timeMs</c>, <c>board</c>, <c>device</c>, <c>cores[]</c>, <c>resets</c>, <c>supply</c>, <c>debugPort</c>, <c>uart</c>, <c>unmodelled[]</c>, <c>events[]</c>.</summary>
    public static void WriteJson(TextWriter output, BoardRunReport report, DeviceDescription device) => JsonOutput.WriteObject(output, json =>
    {
        json.WriteNumber("timeMs", report.TimeMs);
        json.WriteString("board", report.Board);
        json.WriteString("device", device.Name);
        json.WriteStartArray("cores");
        foreach (var core in report.Cores)
        {
            json.WriteStartObject();
            json.WriteString("name", core.Name);
            json.WriteString("state", core.State);
            json.WriteString("pc", Hex(core.Pc));
            json.WriteStartArray("faults");
            foreach (var fault in core.Faults)
            {
                json.WriteStartObject();
                json.WriteString("kind", fault.Kind);
                json.WriteString("pc", Hex(fault.Pc));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("resets", report.Resets);
        if (report.Supply is { } supply)
        {
            json.WriteStartObject("supply");
            if (supply.Written is uint value)
            {
                json.WriteString("written", Hex(value));
                json.WriteString("name", H7SupplyConfiguration.Describe(value, H7SupplyConfiguration.HasSmps(device)));
            }
            else
            {
                json.WriteNull("written");
            }
            json.WriteBoolean("accepted", supply.Accepted);
            json.WriteBoolean("lost", supply.Lost);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("supply");
        }
        json.WriteString("debugPort", report.DebugPortAnswers ? "answers" : "silent");
        if (report.DebugPortReason is { } reason)
        {
            json.WriteString("debugPortReason", reason);
        }
        json.WriteString("uart", report.Uart);
        json.WriteStartArray("unmodelled");
        foreach (var entry in report.Unmodelled)
        {
            json.WriteStartObject();
            json.WriteString("block", entry.Block);
            json.WriteString("register", entry.Register);
            json.WriteString("address", Hex(entry.Address));
            json.WriteString("note", entry.Note);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("events");
        foreach (var e in report.Events)
        {
            json.WriteStartObject();
            json.WriteNumber("timeMs", e.TimeMs);
            json.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(e.Kind.ToString()));
            if (e.Core >= 0)
            {
                json.WriteString("core", report.Cores[e.Core].Name);
                json.WriteString("pc", Hex(e.Pc));
            }
            json.WriteString("source", e.Source);
            json.WriteString("message", e.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    private static string Hex(uint value) => string.Create(Inv, $"0x{value:X8}");
}
