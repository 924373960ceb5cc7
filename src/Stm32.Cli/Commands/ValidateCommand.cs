using System.CommandLine;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Preflight;
using Stm32.Build.Validation;
using Stm32.Cli.Options;
using Stm32.Cli.Output;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 validate --device NAME [--core CORE] [--boot-address CORE=ADDR]... [--base-address ADDR] [--no-boot]
/// [--boot-time MS] [--board NAME|FILE] [--supply NAME] [--format text|json] FILE[@CORE][@ADDRESS]...</c>:
/// checks linked images against the device, then (unless <c>--no-boot</c>) boots the images of the cores it can
/// run on the virtual board and reports what they will do to the board (the brick-hazard preflight, STM15xx), and
/// prints findings in the compiler canonical format (or JSON). Exit code 1 when any error was found, 0 otherwise.
/// </summary>
public static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var device = new Option<string?>("--device", "-d") { Description = "The device, e.g. STM32H747XI (an ordering code such as STM32H747XIH6 works too); a --board carries its own." };
        var core = ImageArguments.Core();
        var bootAddresses = new Option<string[]>("--boot-address") { Description = "A core's boot address when the option bytes moved it: CORE=ADDRESS, e.g. CM4=0x08100000.", AllowMultipleArgumentsPerToken = false };
        var baseAddress = ImageArguments.BaseAddress();
        var singleBank = new Option<bool?>("--single-bank") { Description = "Require each image to fit in one flash bank (default: on for dual-core parts)." };
        var format = CliOptions.Format("the images and findings as one JSON document");
        var files = ImageArguments.Files();
        var preflight = new PreflightOptions();

        var command = new Command("validate", "Check linked images against the device (memory map, size, vector table, boot addresses, dual-core banks, overlaps), then boot them on the virtual board and report what they will do to the board.")
        {
            device, core, bootAddresses, baseAddress, singleBank, format, files,
        };
        preflight.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var dev = DeviceCatalog.BuiltIn.Get(parse.GetValue(device)
                ?? (parse.GetValue(preflight.Board) is { Length: > 0 } board ? Stm32.Build.VirtualBoard.Boards.BoardCatalog.Resolve(board).Device : null)
                ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error,
                    "give the device (--device, e.g. STM32H747XI) or a board that carries it (--board)")));
            var options = new ValidationOptions
            {
                BootAddresses = ParseBootAddresses(parse.GetValue(bootAddresses) ?? [], dev),
                SingleBank = parse.GetValue(singleBank),
            };
            var specs = ImageArguments.Parse(parse.GetValue(files)!, parse.GetValue(core), parse.GetValue(baseAddress), dev);

            var findings = new List<Diagnostic>();
            var inputs = ImageFileSpec.ReadAll(specs, dev, findings);
            var result = new ImageValidator(dev, options).Validate(inputs);
            findings.AddRange(result.Diagnostics);
            var request = preflight.Request(parse, dev, result.Images.Select(i => (i.Image, i.Core)));
            PreflightResult? booted = null;
            if (request is not null && !findings.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                booted = PreflightRunner.Run(request);
                findings.AddRange(booted.Findings.Select(f => f.ToDiagnostic()));
            }

            var errors = findings.Count(d => d.Severity == DiagnosticSeverity.Error);
            var warnings = findings.Count(d => d.Severity == DiagnosticSeverity.Warning);
            if (parse.GetValue(format) == "json")
            {
                WriteJson(output, dev, result, findings.Where(d => booted is null || !d.Code.StartsWith("STM15", StringComparison.Ordinal)).ToList(), booted, errors, warnings);
            }
            else
            {
                foreach (var finding in findings)
                {
                    output.WriteLine(finding.ToCanonicalString());
                }
                if (booted is not null)
                {
                    output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"stm32 validate: booted {booted.Simulated.TotalMilliseconds:0.#} ms on the virtual board ({booted.Board}): {string.Join("; ", booted.Cores)}"));
                }
                output.WriteLine($"stm32 validate: {dev.Name}, {specs.Count} file(s): {errors} error(s), {warnings} warning(s)");
            }
            return errors > 0 ? ExitCodes.Errors : ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, uint> ParseBootAddresses(IEnumerable<string> values, DeviceDescription device)
    {
        var result = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var parts = value.Split('=', 2);
            if (parts.Length != 2 || device.FindCore(parts[0]) is null || ImageFileSpec.ParseAddress(parts[1]) is not uint address)
            {
                throw Invalid($"--boot-address '{value}' must be CORE=ADDRESS with a core of {device.Name} ({string.Join(", ", device.Cores.Select(c => c.Name))})");
            }
            result[parts[0]] = address;
        }
        return result;
    }

    private static void WriteJson(TextWriter output, DeviceDescription device, ValidationResult result, List<Diagnostic> findings, PreflightResult? preflight, int errors, int warnings) =>
        JsonOutput.WriteObject(output, json =>
        {
            json.WriteString("device", device.Name);
            json.WriteStartArray("images");
            foreach (var image in result.Images)
            {
                json.WriteStartObject();
                json.WriteString("file", image.Image.SourcePath);
                json.WriteString("format", image.Image.Format.ToString());
                if (image.Core is not null)
                {
                    json.WriteString("core", image.Core);
                }
                if (image.BootAddress is uint boot)
                {
                    json.WriteString("bootAddress", Diagnostic.Hex(boot));
                }
                json.WriteNumber("bytes", image.Image.TotalBytes);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            DiagnosticJson.WriteArray(json, "diagnostics", findings);
            PreflightOptions.WriteJson(json, preflight);
            json.WriteNumber("errors", errors);
            json.WriteNumber("warnings", warnings);
        });

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
