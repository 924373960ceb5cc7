using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.Preflight;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Cli.Options;

/// <summary>
/// The preflight options shared by <c>stm32 validate</c> and <c>stm32 flash</c> (<c>--no-boot</c>, <c>--boot-time MS</c>,
/// <c>--board NAME|FILE</c>, <c>--supply NAME</c>), the request they make and the preflight's JSON.
/// </summary>
internal sealed class PreflightOptions
{
    /// <summary>The longest <c>--boot-time</c>, in milliseconds.</summary>
    public const int MaxBootTimeMs = 60_000;

    public Option<bool> NoBoot { get; } = new("--no-boot") { Description = "Do not boot the images on the virtual board (no brick-hazard preflight)." };

    public Option<int?> BootTime { get; } = new Option<int?>("--boot-time")
    {
        Description = $"Virtual milliseconds to boot the images for the preflight, 1 to {MaxBootTimeMs} (default {PreflightRequest.DefaultBudget.TotalMilliseconds:0}).",
    };

    public Option<string?> Board { get; } = new("--board")
    {
        Description = "The board: a bundled board (" + string.Join(", ", BoardCatalog.Bundled.Select(b => b.Name)) + ") or a board description file. It carries the device.",
    };

    public Option<string?> Supply { get; } = new Option<string?>("--supply") { Description = "The board's supply wiring: ldo, direct-smps, smps-1v8-supplies-ldo, ... or the HAL name (PWR_LDO_SUPPLY, ...)." };

    private readonly bool _boardOptions;

    /// <summary>
    /// The options; <paramref name="boardOptions"/> false when the command has its own <c>--board</c>/<c>--supply</c>
    /// (the target commands: the board the target sits on) and passes their values to <see cref="Request"/>.
    /// </summary>
    public PreflightOptions(bool boardOptions = true)
    {
        _boardOptions = boardOptions;
        Supply.AcceptOnlyFromAmong([.. SupplyWiringNames.All, .. SupplyWiringNames.All.Select(n => n.ToLowerInvariant())]);
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(NoBoot);
        command.Options.Add(BootTime);
        if (_boardOptions)
        {
            command.Options.Add(Board);
            command.Options.Add(Supply);
        }
    }

    /// <summary>
    /// The request for the images (null when <c>--no-boot</c>, or when no image has a core); option values are checked
    /// here, before any probe is touched.
    /// </summary>
    public PreflightRequest? Request(ParseResult parse, DeviceDescription device, IEnumerable<(FirmwareImage Image, string? Core)> images,
        BoardDescription? declaredBoard = null, SupplyWiring? declaredSupply = null)
    {
        var budget = parse.GetValue(BootTime);
        if (budget is int ms && (ms < 1 || ms > MaxBootTimeMs))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.OptionOutOfRange, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"--boot-time {ms} is out of range: 1..{MaxBootTimeMs} ms")));
        }
        var board = _boardOptions && parse.GetValue(Board) is { Length: > 0 } name ? BoardCatalog.Resolve(name, device.Name) : declaredBoard;
        var supply = declaredSupply;
        if (_boardOptions && parse.GetValue(Supply) is { Length: > 0 } text)
        {
            if (!SupplyWiringNames.TryParse(text, out var wiring))
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.UnknownSupplyConfiguration, DiagnosticSeverity.Error,
                    $"--supply '{text}' is not a supply configuration; use one of {string.Join(", ", SupplyWiringNames.All)}"));
            }
            supply = wiring;
        }
        if (parse.GetValue(NoBoot))
        {
            return null;
        }
        var list = PreflightImage.For(device, images.Select(i => new ImageInput(i.Image, i.Core)));
        if (list.Count == 0)
        {
            return null;
        }
        return new PreflightRequest
        {
            Device = device,
            Images = list,
            Board = board,
            DeclaredSupply = supply,
            Budget = budget is int b ? TimeSpan.FromMilliseconds(b) : null,
        };
    }

    /// <summary>The preflight as a JSON object under <c>preflight</c>.</summary>
    public static void WriteJson(Utf8JsonWriter json, PreflightResult? result, bool allowHazards = false)
    {
        if (result is null)
        {
            json.WriteNull("preflight");
            return;
        }
        json.WriteStartObject("preflight");
        json.WriteString("board", result.Board);
        json.WriteNumber("simulatedMs", Math.Round(result.Simulated.TotalMilliseconds, 3));
        json.WriteNumber("hostMs", Math.Round(result.HostTime.TotalMilliseconds, 1));
        json.WriteStartArray("findings");
        foreach (var f in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("code", f.Code);
            json.WriteString("severity", Diagnostic.SeverityWord(Severity(f, allowHazards)));
            json.WriteString("message", f.Message);
            json.WriteString("consequence", f.Consequence);
            json.WriteString("remedy", f.Remedy);
            WriteOptional(json, "core", f.Core);
            if (f.Address is uint address)
            {
                json.WriteString("address", Diagnostic.Hex(address));
            }
            if (f.TimeMs is double t)
            {
                json.WriteNumber("timeMs", t);
            }
            WriteOptional(json, "symbol", f.Symbol);
            WriteOptional(json, "source", f.Source);
            WriteOptional(json, "file", f.File);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("cores");
        foreach (var c in result.Cores)
        {
            json.WriteStartObject();
            json.WriteString("core", c.Core);
            json.WriteString("state", c.State);
            json.WriteString("pc", Diagnostic.Hex(c.Pc));
            WriteOptional(json, "symbol", c.Symbol);
            json.WriteNumber("instructions", c.Instructions);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>An error becomes a warning when the hazards are allowed.</summary>
    public static DiagnosticSeverity Severity(PreflightFinding finding, bool allowHazards) =>
        allowHazards && finding.Severity == DiagnosticSeverity.Error ? DiagnosticSeverity.Warning : finding.Severity;

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
