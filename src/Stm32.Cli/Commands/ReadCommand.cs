using System.CommandLine;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.Validation;
using Stm32.Cli.Output;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 read [--probe SEL] [--device NAME] [--address ADDR] [--length N] --output FILE</c>: reads target memory
/// (by default the whole flash of bank 1 and 2) into a raw binary, or an Intel HEX / S-record file by extension.
/// The output path is checked before the probe is touched; the file is written through a temporary file and a
/// rename only after the whole read succeeded, so a failed read leaves no file and never says it wrote one.
/// </summary>
public static class ReadCommand
{
    /// <summary>The most bytes one read takes (64 MiB): more than any STM32's flash and RAM together.</summary>
    public const uint MaxLength = 64u << 20;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new TargetCommandOptions();
        var connect = TargetCommandOptions.ConnectOption();
        var address = new Option<string?>("--address") { Description = "The first address (default: the flash start)." };
        var length = new Option<string?>("--length") { Description = $"Bytes to read, 1 to {MaxLength} (default: the whole flash)." };
        var file = new Option<string>("--output", "-o") { Description = "The file to write (.bin raw; .hex Intel HEX; .srec S-record).", Required = true };
        var command = new Command("read", "Read flash (or any memory) back to a file.");
        target.AddTo(command);
        command.Options.Add(connect);
        command.Options.Add(address);
        command.Options.Add(length);
        command.Options.Add(file);
        command.SetAction(parse =>
        {
            var device = target.Device(parse);
            var start = parse.GetValue(address) is { } a ? ImageFileSpec.ParseAddress(a) ?? throw Invalid($"--address '{a}' is not an address") : device.FlashBanks[0].Start;
            var count = parse.GetValue(length) is { } l ? ImageFileSpec.ParseAddress(l) ?? throw Invalid($"--length '{l}' is not a number") : device.FlashSize;
            if (count is 0 or > MaxLength || (ulong)start + count > 0x1_0000_0000UL)
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.OptionOutOfRange, DiagnosticSeverity.Error,
                    $"--length {count} at {Diagnostic.Hex(start)} is out of range: 1 to {MaxLength} bytes, ending at or below 0x100000000"));
            }
            var path = parse.GetValue(file)!;
            OutputFile.Check(path, "--output");
            var mode = TargetCommandOptions.ParseConnect(parse.GetValue(connect));
            byte[]? data = null;
            return target.Run(parse, device, async (pipeline, ct) =>
            {
                var (report, bytes) = await pipeline.ReadAsync(device, start, (int)count, mode, ct).ConfigureAwait(false);
                data = bytes;
                return report;
            }, _ =>
            {
                Write(path, start, data!);
                return $"read {count} bytes at {Diagnostic.Hex(start)} into {path}";
            });
        });
        return command;
    }

    private static void Write(string path, uint start, byte[] data)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".hex" or ".ihex" or ".srec" or ".s19" or ".s28" or ".s37" or ".mot")
        {
            var image = ImageReader.Read(data, path, ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = start });
            var text = new StringWriter();
            if (extension is ".hex" or ".ihex")
            {
                IntelHexWriter.Write(image, text);
            }
            else
            {
                SRecordWriter.Write(image, text);
            }
            OutputFile.WriteText(path, "--output", text.ToString());
            return;
        }
        OutputFile.Write(path, "--output", stream => stream.Write(data));
    }

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
