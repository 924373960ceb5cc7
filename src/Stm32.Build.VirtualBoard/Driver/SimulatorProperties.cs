using Stm32.Build.Diagnostics;
using Stm32.Build.Devices;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Driver;

/// <summary>
/// The <c>sim</c> probe's board properties (<see cref="ProbeOpenOptions.Simulator"/>), opaque to the driver and
/// interpreted here into <see cref="VirtualBoardOptions"/>. Each property is one row of <see cref="s_properties"/>:
/// adding one is a one-line change. Keys are case-insensitive; an unknown key or a bad value is STM3032.
/// </summary>
public static class SimulatorProperties
{
    /// <summary>The device from the device data (default STM32H747XI).</summary>
    public const string Device = "device";
    /// <summary>The state file (default <see cref="SimulatorState.DefaultFile"/> of the device).</summary>
    public const string State = "state";
    /// <summary>Board faults, comma-separated (<see cref="BoardFault.Names"/>).</summary>
    public const string Fault = "fault";
    /// <summary>The probe generation: <c>v2</c>, <c>v2-1</c> or <c>v3</c> (default).</summary>
    public const string Probe = "probe";
    /// <summary>The BOOT0 pin at start: <c>high</c> or <c>low</c> (default: the state file's level).</summary>
    public const string Boot0 = "boot0";
    /// <summary>The probe's USB serial number.</summary>
    public const string Serial = "serial";
    /// <summary>The board: a bundled board's name or a board file (<see cref="BoardCatalog.Resolve"/>); it carries the device.</summary>
    public const string Board = "board";
    /// <summary>The supply wiring, overriding the board's: a name of <see cref="SupplyWiringNames.All"/>.</summary>
    public const string Supply = "supply";

    /// <summary>The probe generation names and their models.</summary>
    public static IReadOnlyList<(string Name, ProbeModel Model)> ProbeNames { get; } =
        [("v2", ProbeModel.V2), ("v2-1", ProbeModel.V2_1), ("v3", ProbeModel.V3)];

    private static readonly Dictionary<string, Func<VirtualBoardOptions, string, VirtualBoardOptions>> s_properties =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [Device] = (o, v) => o with { Device = v.Trim() },
            [State] = (o, v) => o with { StateFile = v },
            [Fault] = (o, v) => o with { Faults = [.. o.Faults, .. v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(BoardFault.Parse)] },
            [Probe] = (o, v) => o with { Probe = ParseProbe(v) },
            [Boot0] = (o, v) => o with { Boot0High = ParseLevel(v, Boot0) },
            [Serial] = (o, v) => o with { SerialNumber = ParseSerial(v) },
            [Board] = (o, v) => o with { Board = ParseBoard(v) },
            [Supply] = (o, v) => o with { Supply = ParseSupply(v) },
        };

    /// <summary>The property names this build interprets.</summary>
    public static IReadOnlyCollection<string> Names => s_properties.Keys;

    /// <summary>The board options <paramref name="properties"/> describe (from the defaults of <see cref="VirtualBoardOptions"/>).</summary>
    public static VirtualBoardOptions ToBoardOptions(IReadOnlyDictionary<string, string>? properties, VirtualBoardOptions? start = null)
    {
        var options = start ?? new VirtualBoardOptions();
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            if (!s_properties.TryGetValue(key, out var apply))
            {
                throw Invalid($"unknown virtual board property '{key}'; known: {string.Join(", ", s_properties.Keys)}");
            }
            if (value is null)
            {
                throw Invalid($"virtual board property '{key}' has no value");
            }
            options = apply(options, value);
        }
        if (options.Board is { } board)
        {
            // The board carries its device: a device named beside it must be the same part.
            if (properties!.ContainsKey(Device))
            {
                try
                {
                    BoardCatalog.RequireDevice(board, options.Device);
                }
                catch (Stm32Exception ex)
                {
                    throw new ProbeException(ex.Diagnostic);
                }
            }
            options = options with { Device = board.Device };
        }
        return options;
    }

    /// <summary>Resolves a board name or file (its own coded errors, STM5101–STM5105).</summary>
    public static BoardDescription ParseBoard(string text)
    {
        try
        {
            return BoardCatalog.Resolve(text.Trim());
        }
        catch (Stm32Exception ex)
        {
            throw new ProbeException(ex.Diagnostic);
        }
    }

    /// <summary>Parses a supply wiring name or HAL alias (STM5106 when unknown).</summary>
    public static SupplyWiring ParseSupply(string text) => SupplyWiringNames.TryParse(text, out var wiring)
        ? wiring
        : throw new ProbeException(new Diagnostic(DiagnosticCodes.UnknownSupplyConfiguration, DiagnosticSeverity.Error,
            $"'{text}' is not a supply configuration; known: {string.Join(", ", SupplyWiringNames.All)}"));

    /// <summary>Parses a probe generation name (<c>v2</c>, <c>v2-1</c>, <c>v3</c>).</summary>
    public static ProbeModel ParseProbe(string text)
    {
        foreach (var (name, model) in ProbeNames)
        {
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return model;
            }
        }
        throw Invalid($"virtual probe '{text}' is not one of {string.Join(", ", ProbeNames.Select(p => p.Name))}");
    }

    private static bool ParseLevel(string text, string key) => text.Trim().ToLowerInvariant() switch
    {
        "high" or "1" => true,
        "low" or "0" => false,
        _ => throw Invalid($"virtual board property '{key}' is high or low, not '{text}'"),
    };

    private static string ParseSerial(string text)
    {
        var serial = text.Trim();
        if (serial.Length is 0 or > 64 || !serial.All(char.IsAsciiLetterOrDigit))
        {
            throw Invalid($"a virtual probe serial number is 1 to 64 letters and digits, not '{text}'");
        }
        return serial;
    }

    private static ProbeException Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.ProbeTransportProperty, DiagnosticSeverity.Error, message));
}
