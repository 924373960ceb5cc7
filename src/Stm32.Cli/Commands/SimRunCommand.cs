using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Running;
using Stm32.Cli.Options;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 sim run FILE… [--board NAME|FILE] [--supply NAME] [--device NAME] [--time MS] [--boot0 high|low]
/// [--format text|json]</c>: puts the images into the flash of a virtual board (one per core for a dual-core part),
/// powers it up and runs the firmware for <c>--time</c> milliseconds of virtual time, both cores executing, then
/// reports each core's state, PC and faults, the system resets, the supply configuration the firmware latched and
/// whether the board's wiring takes it, whether the debug port still answers, the UART text and the registers touched
/// that have no behaviour. Exit code 1 when a core locked up (STM4700) or the supply was lost (STM5111).
/// <c>--bare</c> runs one image on the instruction emulator alone instead (<see cref="SimRunBare"/>).
/// </summary>
public static class SimRunCommand
{
    /// <summary>The default virtual run time in milliseconds.</summary>
    public const int DefaultTimeMs = 100;

    /// <summary>Builds the <c>run</c> command (added under <c>stm32 sim</c>).</summary>
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "The image(s) to run (ELF, HEX, SREC, or BIN with --bare), one per core.", Arity = ArgumentArity.OneOrMore };
        var device = new Option<string>("--device") { Description = "The device from the device data (a --board carries its own).", DefaultValueFactory = _ => "STM32H747XI" };
        var boardOptions = new SimBoardOptions();
        var time = new Option<int>("--time") { Description = $"Virtual milliseconds to run, 1 to {(int)BoardRun.MaxDuration.TotalMilliseconds}.", DefaultValueFactory = _ => DefaultTimeMs }
            .InRange(1, (int)BoardRun.MaxDuration.TotalMilliseconds, "ms");
        var boot0 = new Option<string?>("--boot0") { Description = "The BOOT0 pin: high or low (default: the board's)." };
        boot0.AcceptOnlyFromAmong("high", "low");
        var format = CliOptions.Format();
        var bare = new Option<bool>("--bare") { Description = "Run one image on the instruction emulator alone (no peripherals), to a BKPT or --max-instructions, and print its registers." };
        var core = new Option<string>("--core") { Description = "With --bare: the core, cm7 or cm4.", DefaultValueFactory = _ => "cm7" };
        core.AcceptOnlyFromAmong("cm7", "cm4", "CM7", "CM4");
        var max = new Option<long>("--max-instructions") { Description = $"With --bare: stop after this many instructions, 1 to {SimRunBare.MaxInstructions}.", DefaultValueFactory = _ => SimRunBare.DefaultMaxInstructions }
            .InRange(1, SimRunBare.MaxInstructions, "instructions");
        var bootAddress = new Option<string?>("--boot-address") { Description = "With --bare: the vector table address to boot from." };

        var command = new Command("run", "Run firmware on a virtual board for a span of virtual time and report what it did to the board.");
        command.Arguments.Add(files);
        command.Options.Add(device);
        boardOptions.AddTo(command);
        command.Options.Add(time);
        command.Options.Add(boot0);
        command.Options.Add(format);
        command.Options.Add(bare);
        command.Options.Add(core);
        command.Options.Add(max);
        command.Options.Add(bootAddress);
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(files)!;
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(bare))
            {
                if (paths.Length != 1)
                {
                    throw Usage("--bare runs one image");
                }
                return SimRunBare.Run(paths[0], parse.GetValue(core)!, parse.GetValue(max), parse.GetValue(device)!, parse.GetValue(bootAddress), output, error);
            }
            foreach (var bareOnly in new Option[] { core, max, bootAddress })
            {
                if (parse.GetResult(bareOnly) is { Implicit: false })
                {
                    throw Usage($"{bareOnly.Name} applies to --bare runs only (a board run boots from flash, both cores, for --time ms)");
                }
            }
            var options = boardOptions.Apply(parse, new VirtualBoardOptions { Device = DeviceCatalog.BuiltIn.Get(parse.GetValue(device)!).Name }, device);
            if (SimCommand.ParseLevel(parse.GetValue(boot0)) is bool high)
            {
                options = options with { Boot0High = high, Board = (options.Board ?? Stm32.Build.VirtualBoard.Boards.BoardDescription.Bare(options.Device)) with { Boot0High = high } };
            }
            return Run(paths, options, TimeSpan.FromMilliseconds(parse.GetValue(time)), parse.GetValue(format) == "json", output, error);
        });
        return command;
    }

    /// <summary>Runs the images on the board and prints the report; returns the exit code.</summary>
    internal static int Run(IReadOnlyList<string> paths, VirtualBoardOptions options, TimeSpan duration, bool json, TextWriter output, TextWriter error)
    {
        var images = paths.Select(p => (Path: p, Image: ImageReader.Read(p))).ToList();
        using var board = new Board(options);
        var device = board.Chip.Device;
        if (images.Count > device.Cores.Count)
        {
            throw Usage($"the {device.Name} has {device.Cores.Count} core(s): give at most one image per core, not {images.Count}");
        }
        foreach (var (path, image) in images)
        {
            if (image.Segments.Count == 0)
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.SimImageNotRunnable, DiagnosticSeverity.Error, "the image has nothing to load", path));
            }
            BoardRun.Preload(board.Chip, image, path);
        }
        var report = BoardRun.Run(board, duration);
        if (json)
        {
            SimRunOutput.WriteJson(output, report, device);
        }
        else
        {
            SimRunOutput.WriteText(output, report, device);
        }
        var code = ExitCodes.Success;
        foreach (var core in report.Cores.Where(c => c.State == BoardRunCore.LockedUp))
        {
            error.WriteLine(new Diagnostic(DiagnosticCodes.CoreLockedUp, DiagnosticSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"the {core.Name} locked up at PC 0x{core.Pc:X8} within {report.TimeMs:0.###} ms of power-on"),
                paths[0]).ToCanonicalString());
            code = ExitCodes.Errors;
        }
        if (report.Supply is { Lost: true } supply)
        {
            error.WriteLine(new Diagnostic(DiagnosticCodes.BoardRunSupplyLost, DiagnosticSeverity.Error,
                $"the core supply collapsed: the firmware latched {SimRunOutput.SupplyName(supply, device)} on board '{report.Board}', whose wiring does not take it; a real board stops answering its debugger until a power cycle with BOOT0 high",
                paths[0]).ToCanonicalString());
            code = ExitCodes.Errors;
        }
        return code;
    }

    private static Stm32Exception Usage(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
