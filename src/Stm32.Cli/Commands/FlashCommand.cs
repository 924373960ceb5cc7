using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.Preflight;
using Stm32.Cli.Options;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 flash [--probe SEL] [--device NAME] [--connect normal|under-reset|auto] [--verify crc|readback|none]
/// [--delay-guard MS] [--no-skip-unchanged] [--program-path auto|loader|host] [--mass-erase] [--boot-cm7 ADDR] [--bcm7 on|off] [--rdp N [--confirm-rdp2]]
/// [--report FILE] [--format text|json] FILE[@CORE]...</c>:
/// validates, programs and verifies the images, confirms the boot and runs the delay guard (docs/flashing.md).
/// Exit codes: 0 success, 1 an error, 3 no probe, 4 the target does not answer, 130 cancelled.
/// </summary>
public static class FlashCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new TargetCommandOptions();
        var connect = TargetCommandOptions.ConnectOption();
        var verify = new Option<string>("--verify") { Description = "crc (the flash CRC unit, confirmed by a read-back when it disagrees), readback or none.", DefaultValueFactory = _ => "crc" };
        verify.AcceptOnlyFromAmong("crc", "readback", "none");
        var delayGuard = new Option<int>("--delay-guard") { Description = $"Milliseconds the firmware runs before the debug port must still answer: 0 (disabled) to {CliOptions.MaxDelayGuardMs}.", DefaultValueFactory = _ => 1000 }
            .InRange(0, CliOptions.MaxDelayGuardMs, "ms");
        var lossWarning = new Option<bool>("--debug-loss-warning") { Description = "Report firmware that disables debug access as a warning, not an error." };
        var noSkip = new Option<bool>("--no-skip-unchanged") { Description = "Erase and program every sector the images touch, even when its CRC already matches." };
        var programPath = new Option<string>("--program-path")
        {
            Description = "Who writes the flash words: auto (the RAM loader on the target core where the family has one and it can run, else the host), loader (only the loader: fail with STM4903 when it cannot run) or host (the host through the debug port, never the loader).",
            DefaultValueFactory = _ => "auto",
        };
        programPath.AcceptOnlyFromAmong("auto", "loader", "host");
        var massErase = new Option<bool>("--mass-erase") { Description = "Erase both banks entirely before programming." };
        var noRun = new Option<bool>("--halt") { Description = "Leave the cores halted at their reset handler (no run, no delay guard)." };
        var bootCm7 = BootAddressOption("--boot-cm7", "BOOT_CM7_ADD0");
        var bootCm4 = BootAddressOption("--boot-cm4", "BOOT_CM4_ADD0");
        var bcm7 = new Option<string?>("--bcm7") { Description = "Write BCM7 (the Cortex-M7 boots): on or off." };
        bcm7.AcceptOnlyFromAmong("on", "off");
        var bcm4 = new Option<string?>("--bcm4") { Description = "Write BCM4 (the Cortex-M4 boots): on or off." };
        bcm4.AcceptOnlyFromAmong("on", "off");
        var rdp = new Option<int?>("--rdp") { Description = "Write the read-out protection level (0, 1; 2 only with --confirm-rdp2)." }.OneOf(0, 1, 2);
        var confirmRdp2 = new Option<bool>("--confirm-rdp2") { Description = "Confirm RDP level 2: the debug port is disabled for ever; this cannot be undone." };
        var attempts = new Option<int>("--connect-attempts") { Description = "Connection attempts per mode before giving up or falling back (1 to 10).", DefaultValueFactory = _ => 2 }
            .InRange(1, 10, "attempts");
        var retryDelay = new Option<int>("--retry-delay") { Description = "Milliseconds between connection attempts (0 to 10000).", DefaultValueFactory = _ => 100 }
            .InRange(0, 10_000, "ms");
        var core = ImageArguments.Core();
        var baseAddress = ImageArguments.BaseAddress();
        var files = ImageArguments.Files();

        var command = new Command("flash", "Program and verify the images, confirm the boot, and check the debug port still answers after the delay guard.");
        target.AddTo(command);
        command.Options.Add(connect);
        command.Options.Add(verify);
        command.Options.Add(delayGuard);
        command.Options.Add(lossWarning);
        command.Options.Add(noSkip);
        command.Options.Add(programPath);
        command.Options.Add(massErase);
        command.Options.Add(noRun);
        command.Options.Add(core);
        command.Options.Add(baseAddress);
        command.Options.Add(attempts);
        command.Options.Add(retryDelay);
        command.Options.Add(bootCm7);
        command.Options.Add(bootCm4);
        command.Options.Add(bcm7);
        command.Options.Add(bcm4);
        command.Options.Add(rdp);
        command.Options.Add(confirmRdp2);
        var preflight = new PreflightOptions(boardOptions: false);
        preflight.AddTo(command);
        var allowHazards = new Option<bool>("--allow-hazards") { Description = "Flash even when the preflight finds hazards (its errors become warnings)." };
        command.Options.Add(allowHazards);
        command.Arguments.Add(files);
        command.SetAction(parse =>
        {
            var device = target.Device(parse);
            var guard = parse.GetValue(delayGuard);
            var specs = ImageArguments.Parse(parse.GetValue(files)!, parse.GetValue(core), parse.GetValue(baseAddress), device);
            var optionBytes = new OptionBytesRequest
            {
                BootCm7Address0 = BootAddress(parse.GetValue(bootCm7), "--boot-cm7", "BOOT_CM7_ADD0"),
                BootCm4Address0 = BootAddress(parse.GetValue(bootCm4), "--boot-cm4", "BOOT_CM4_ADD0"),
                BootCm7 = parse.GetValue(bcm7) is { } b7 ? b7 == "on" : null,
                BootCm4 = parse.GetValue(bcm4) is { } b4 ? b4 == "on" : null,
                RdpLevel = parse.GetValue(rdp),
                ConfirmRdpLevel2 = parse.GetValue(confirmRdp2),
            };
            if (optionBytes.BootCm4Address0 is not null && !device.IsDualCore)
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, $"--boot-cm4: the {device.Name} has no Cortex-M4"));
            }
            var failures = new List<Diagnostic>();
            var inputs = ImageFileSpec.ReadAll(specs, device, failures);
            if (failures.Count > 0)
            {
                foreach (var failure in failures)
                {
                    parse.InvocationConfiguration.Error.WriteLine(failure.ToCanonicalString());
                }
                return ExitCodes.Errors;
            }
            var request = new FlashRequest
            {
                Device = device,
                Images = inputs,
                Connect = TargetCommandOptions.ParseConnect(parse.GetValue(connect)),
                ConnectAttempts = parse.GetValue(attempts),
                ConnectRetryDelay = TimeSpan.FromMilliseconds(parse.GetValue(retryDelay)),
                Verify = parse.GetValue(verify) switch { "readback" => VerifyMode.ReadBack, "none" => VerifyMode.None, _ => VerifyMode.Crc },
                DelayGuard = TimeSpan.FromMilliseconds(guard),
                DebugLossIsWarning = parse.GetValue(lossWarning),
                SkipUnchanged = !parse.GetValue(noSkip),
                ProgramPath = ParseProgramPath(parse.GetValue(programPath)),
                MassErase = parse.GetValue(massErase),
                Run = !parse.GetValue(noRun),
                OptionBytes = optionBytes,
                Preflight = Gate(parse, preflight, target, device, inputs, parse.GetValue(allowHazards)),
            };
            return target.Run(parse, device, (pipeline, ct) => pipeline.FlashAsync(request, ct));
        });
        return command;
    }

    /// <summary>
    /// The preflight gate (null with --no-boot or for a device without a virtual model): it boots the images before
    /// anything is erased, with the board remembered for the probe's chip.
    /// </summary>
    private static PreflightGate? Gate(ParseResult parse, PreflightOptions options, TargetCommandOptions target, DeviceDescription device, IReadOnlyList<ImageInput> inputs, bool allowHazards)
    {
        if (options.Request(parse, device, inputs.Select(i => (i.Image, i.Core)), target.Board(parse), target.Supply(parse)) is not { } request || !PreflightRunner.IsModelled(device))
        {
            return null;
        }
        return FlashGate.Create(request, allowHazards, Stm32.Build.Flashing.Boards.RememberedBoardStore.Default);
    }

    /// <summary>The program path of <c>--program-path</c> (already one of auto, loader, host).</summary>
    internal static ProgramPath ParseProgramPath(string? text) => text switch
    {
        "loader" => ProgramPath.Loader,
        "host" => ProgramPath.Host,
        _ => ProgramPath.Auto,
    };

    private static Option<string?> BootAddressOption(string name, string register) =>
        new(name) { Description = $"Write {register} (option bytes) after programming: a boot address on a 64 KiB boundary (the register holds bits 31:16), e.g. 0x08100000." };

    /// <summary>
    /// A boot address for the option bytes. BOOT_CMx_ADD0 holds address bits 31:16 (RM0399 4.9.17/4.9.19), so an
    /// address with any of bits 15:0 set cannot be stored: it is refused (STM0007) instead of silently truncated.
    /// </summary>
    internal static uint? BootAddress(string? text, string option, string register)
    {
        if (text is null)
        {
            return null;
        }
        var address = ImageFileSpec.ParseAddress(text)
            ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, $"{option} '{text}' is not an address"));
        if ((address & 0xFFFF) != 0)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.OptionOutOfRange, DiagnosticSeverity.Error,
                $"{option} {Diagnostic.Hex(address)}: {register} holds bits 31:16 of the boot address only, so it would become {Diagnostic.Hex(address & 0xFFFF0000)}; give an address on a 64 KiB boundary (e.g. {Diagnostic.Hex(address & 0xFFFF0000)} or {Diagnostic.Hex((address & 0xFFFF0000) + 0x10000)})"));
        }
        return address;
    }
}
