using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.Emulator.Machine;
using Stm32.Build.Images;
using Stm32.Cli.Options;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 sim run --bare FILE [--core cm7|cm4] [--max-instructions N] [--device NAME] [--boot-address ADDR]</c>:
/// runs an image from reset on the instruction emulator alone, with the device's memory map and no peripherals,
/// and prints R0–R15 and xPSR one per line (<c>R0=0x1234ABCD</c>), the stop reason (<c>bkpt</c>, <c>limit</c>,
/// <c>lockup</c>, <c>sleep</c>, <c>halted</c>, <c>reset-loop</c>), the instruction count and the peripheral accesses
/// that were ignored (peripherals read as zero and ignore writes). Exit code 1 (with STM4700) when the core locked
/// up. For code linked anywhere (ITCM, RAM) and compared register for register with QEMU.
/// </summary>
internal static class SimRunBare
{
    /// <summary>The default instruction limit.</summary>
    public const long DefaultMaxInstructions = 10_000_000;

    /// <summary>The largest instruction limit: 10^10, about two minutes of emulation.</summary>
    public const long MaxInstructions = 10_000_000_000;

    /// <summary>Runs the image and prints the report; returns the exit code (1 when the core locked up).</summary>
    internal static int Run(string path, string coreName, long maxInstructions, string device, string? bootAddress, TextWriter output, TextWriter? error = null)
    {
        if (maxInstructions is <= 0 or > MaxInstructions)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.OptionOutOfRange, DiagnosticSeverity.Error,
                $"--max-instructions {maxInstructions.ToString(CultureInfo.InvariantCulture)} is out of range: 1..{MaxInstructions.ToString(CultureInfo.InvariantCulture)} instructions"));
        }
        var image = ImageReader.Read(path);
        var machine = EmulatorMachine.Create(device, coreName.ToUpperInvariant());
        machine.LoadImage(image);
        machine.BootAddress = ChooseBootAddress(image, machine, bootAddress, path);
        machine.Reset();
        var result = machine.Run(maxInstructions);
        var inv = CultureInfo.InvariantCulture;
        for (var i = 0; i < 16; i++)
        {
            output.WriteLine(string.Create(inv, $"R{i}=0x{result.Registers[i]:X8}"));
        }
        output.WriteLine(string.Create(inv, $"xPSR=0x{result.Xpsr:X8}"));
        output.WriteLine("stop: " + StopWord(result.Reason));
        output.WriteLine(string.Create(inv, $"instructions: {result.Instructions}"));
        output.WriteLine(string.Create(inv, $"boot: 0x{machine.BootAddress:X8}"));
        if (result.Reason == StopReason.Lockup || result.Cfsr != 0 || result.Hfsr != 0)
        {
            output.WriteLine(string.Create(inv, $"fault: CFSR=0x{result.Cfsr:X8} HFSR=0x{result.Hfsr:X8} BFAR=0x{result.Bfar:X8}"));
        }
        output.WriteLine(string.Create(inv, $"ignored peripheral accesses: {result.PeripheralAccesses.Count} addresses"));
        foreach (var (address, count) in result.PeripheralAccesses)
        {
            output.WriteLine(string.Create(inv, $"  0x{address:X8}: {count.Reads} reads, {count.Writes} writes"));
        }
        if (result.ItmOutput.Length > 0)
        {
            output.WriteLine("itm:");
            output.WriteLine(result.ItmOutput);
        }
        if (result.Reason == StopReason.Lockup)
        {
            (error ?? output).WriteLine(new Diagnostic(DiagnosticCodes.CoreLockedUp, DiagnosticSeverity.Error,
                string.Create(inv, $"the {coreName.ToUpperInvariant()} locked up (a fault while handling a fault) at PC 0x{result.Registers[15]:X8}: CFSR=0x{result.Cfsr:X8} HFSR=0x{result.Hfsr:X8}"),
                path).ToCanonicalString());
            return ExitCodes.Errors;
        }
        return ExitCodes.Success;
    }

    /// <summary>The word printed after <c>stop:</c> for each reason.</summary>
    internal static string StopWord(StopReason reason) => reason switch
    {
        StopReason.Breakpoint => "bkpt",
        StopReason.InstructionLimit => "limit",
        StopReason.Lockup => "lockup",
        StopReason.SleepForever => "sleep",
        StopReason.ResetLoop => "reset-loop",
        _ => "halted",
    };

    private static uint ChooseBootAddress(FirmwareImage image, EmulatorMachine machine, string? text, string path)
    {
        if (text is not null)
        {
            var span = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
            if (!uint.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address))
            {
                throw Invalid($"--boot-address '{text}' is not a hexadecimal address");
            }
            return address;
        }
        var preferred = machine.BootAddress;
        if (image.ReadUInt32(preferred) is not null || image.Segments.Count == 0)
        {
            return preferred;
        }
        // Nothing at the BOOT address (e.g. an image linked for ITCM at 0x00000000): boot from the image's lowest address.
        var lowest = image.Segments[0].Address;
        if (image.ReadUInt32(lowest) is null || image.ReadUInt32(lowest + 4) is null)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.SimImageNotRunnable, DiagnosticSeverity.Error,
                $"the image has no vector table at the BOOT address {Diagnostic.Hex(preferred)} nor at its lowest address {Diagnostic.Hex(lowest)}",
                path, Address: lowest));
        }
        return lowest;
    }

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
