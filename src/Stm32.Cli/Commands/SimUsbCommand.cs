using System.CommandLine;
using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.VirtualBoard.Usb;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 sim usb [--probe v2|v2-1|v3[:SERIAL]]… [--device NAME] [--board NAME|FILE] [--supply NAME] [--state FILE]… [--fault F]… [--boot0 high|low]
/// [--replug-after MS] [--counters FILE] [--verbose] -- COMMAND [ARGS]</c>: runs COMMAND with virtual ST-LINKs
/// attached over emulated USB (Linux usbfs through umockdev, <see cref="SimUsbSession"/>), so any libusb program —
/// <c>stm32</c> itself, OpenOCD, others — finds them as plugged-in probes; returns COMMAND's exit code.
/// The i-th <c>--state</c> belongs to the i-th probe; faults, BOOT0, <c>--board</c> and <c>--supply</c> apply to every board.
/// </summary>
public static class SimUsbCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var probes = new Option<string[]>("--probe") { Description = "A virtual ST-LINK (repeatable): v2, v2-1 or v3, optionally :SERIAL (default: one v3).", AllowMultipleArgumentsPerToken = false };
        var device = new Option<string>("--device") { Description = "The device on every board.", DefaultValueFactory = _ => "STM32H747XI" };
        var states = new Option<string[]>("--state") { Description = "A board's state file (repeatable: the i-th for the i-th probe); flash, option bytes and BOOT0 are loaded from it and saved on exit.", AllowMultipleArgumentsPerToken = false };
        var faults = new Option<string[]>("--fault") { Description = "A board fault on every board (repeatable): " + string.Join(", ", BoardFault.Names) + ".", AllowMultipleArgumentsPerToken = false };
        var boot0 = new Option<string?>("--boot0") { Description = "The BOOT0 pin: high or low (default: the state file's level, else low)." };
        boot0.AcceptOnlyFromAmong("high", "low");
        var replug = new Option<int?>("--replug-after") { Description = "After a probe leaves the bus (fault unplug-after=N), plug it in again after this many milliseconds." };
        var counters = new Option<string?>("--counters") { Description = "Write each board's counters (JSON) to this file when COMMAND ends." };
        var board = new Option<string?>("--board") { Description = "The board on every probe: a bundled board or a board description file (it carries the device)." };
        var supply = new Option<string?>("--supply") { Description = "The supply wiring on every board, overriding the board's: ldo, direct-smps, … or the HAL's PWR_… names." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print what happens on the emulated bus on standard error." };
        var commandLine = new Argument<string[]>("command") { Description = "The command to run and its arguments (after --).", Arity = ArgumentArity.OneOrMore };

        var command = new Command("usb", "Run a command with virtual ST-LINKs attached over emulated USB (Linux, umockdev): any libusb tool sees them.");
        command.Options.Add(probes);
        command.Options.Add(device);
        command.Options.Add(states);
        command.Options.Add(faults);
        command.Options.Add(boot0);
        command.Options.Add(board);
        command.Options.Add(supply);
        command.Options.Add(replug);
        command.Options.Add(counters);
        command.Options.Add(verbose);
        command.Arguments.Add(commandLine);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            // A board carries its device: --device counts beside it only when given explicitly.
            var deviceName = parse.GetValue(board) is not null && parse.GetResult(device) is not { Implicit: false } ? null : parse.GetValue(device)!;
            var boards = Boards(parse.GetValue(probes) ?? [], deviceName, parse.GetValue(states) ?? [], parse.GetValue(faults) ?? [], parse.GetValue(boot0),
                parse.GetValue(board), parse.GetValue(supply));
            if (parse.GetValue(replug) is < 0)
            {
                throw Invalid("--replug-after is a number of milliseconds, 0 or more");
            }
            if (!VirtualUsbBus.IsHostPreloaded)
            {
                // The bus's host must run under umockdev's preload: run this same command line again under it.
                return SimUsbSession.RerunUnderPreload(parse.Tokens.Select(t => t.Value).ToList(), error);
            }
            var options = new SimUsbSession.Options(
                boards,
                parse.GetValue(replug) is int ms ? TimeSpan.FromMilliseconds(ms) : null,
                parse.GetValue(counters),
                parse.GetValue(verbose) ? line => error.WriteLine("stm32 sim usb: " + line) : null);
            return SimUsbSession.Run(options, parse.GetValue(commandLine)!, error);
        });
        return command;
    }

    /// <summary>The board properties of each probe (<see cref="SimulatorProperties"/>), as the <c>sim</c> probe takes them.</summary>
    internal static IReadOnlyList<IReadOnlyDictionary<string, string>> Boards(string[] probes, string? device, string[] states, string[] faults, string? boot0,
        string? boardName = null, string? supply = null)
    {
        if (probes.Length == 0)
        {
            probes = ["v3"];
        }
        if (device is not null)
        {
            _ = Stm32.Build.Devices.DeviceCatalog.BuiltIn.Get(device);
        }
        if (states.Length > probes.Length)
        {
            throw Invalid($"{states.Length} --state files for {probes.Length} probe(s): give one per probe at most");
        }
        var boards = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 0; i < probes.Length; i++)
        {
            var parts = probes[i].Split(':', 2);
            var board = new Dictionary<string, string> { [SimulatorProperties.Probe] = parts[0] };
            if (device is not null)
            {
                board[SimulatorProperties.Device] = device;
            }
            if (boardName is not null)
            {
                board[SimulatorProperties.Board] = boardName;
            }
            if (supply is not null)
            {
                board[SimulatorProperties.Supply] = supply;
            }
            _ = SimulatorProperties.ParseProbe(parts[0]);
            if (parts.Length == 2)
            {
                board[SimulatorProperties.Serial] = parts[1];
            }
            if (i < states.Length)
            {
                board[SimulatorProperties.State] = states[i];
            }
            if (faults.Length > 0)
            {
                board[SimulatorProperties.Fault] = string.Join(",", faults.Select(f => BoardFault.Parse(f).ToString()));
            }
            if (boot0 is not null)
            {
                board[SimulatorProperties.Boot0] = boot0;
            }
            _ = SimulatorProperties.ToBoardOptions(board); // every property checked before anything starts
            boards.Add(board);
        }
        return boards;
    }

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.SimUsbInvalidOption, DiagnosticSeverity.Error, message));

    /// <summary>The default serial of the i-th probe: 24 hex digits, from its state file when it has one (so a board keeps its serial), else from this session.</summary>
    internal static string DefaultSerial(int index, string? stateFile)
    {
        var seed = stateFile ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}:{Environment.TickCount64}:{index}");
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        return Convert.ToHexString(hash, 0, 12);
    }
}
