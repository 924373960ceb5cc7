using System.CommandLine;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.Validation;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 read [--probe SEL] [--device NAME] [--address ADDR] [--length N] --output FILE</c>: reads target memory
/// (by default the whole flash of bank 1 and 2) into a raw binary, or an Intel HEX / S-record file by extension.
/// </summary>
public static class ReadCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new TargetCommandOptions();
        var connect = TargetCommandOptions.ConnectOption();
        var address = new Option<string?>("--address") { Description = "The first address (default: the flash start)." };
        var length = new Option<string?>("--length") { Description = "Bytes to read (default: the whole flash)." };
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
            if (count is 0 or > int.MaxValue)
            {
                throw Invalid($"--length {count} is out of range");
            }
            var path = parse.GetValue(file)!;
            var mode = TargetCommandOptions.ParseConnect(parse.GetValue(connect));
            byte[]? data = null;
            var code = target.Run(parse, device, async (pipeline, ct) =>
            {
                var (report, bytes) = await pipeline.ReadAsync(device, start, (int)count, mode, ct).ConfigureAwait(false);
                data = bytes;
                return report;
            }, (report, output) => output.WriteLine($"read {count} bytes at {Diagnostic.Hex(start)} into {path}"));
            if (code == ExitCodes.Success && data is not null)
            {
                Write(path, start, data);
            }
            return code;
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
            File.WriteAllText(path, text.ToString());
            return;
        }
        File.WriteAllBytes(path, data);
    }

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
