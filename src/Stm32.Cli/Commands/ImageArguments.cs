using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.Validation;

namespace Stm32.Cli.Commands;

/// <summary>
/// The image arguments of <c>validate</c> and <c>flash</c>: <c>FILE[@CORE][@ADDRESS]</c> with <c>--core</c> and
/// <c>--base-address</c> as defaults, checked before anything is read: a core the device has, an address only for
/// raw binaries.
/// </summary>
internal static class ImageArguments
{
    /// <summary>The files argument.</summary>
    public static Argument<string[]> Files() => new("files")
    {
        Description = "ELF, Intel HEX, S-record or raw binary images: FILE, FILE@CORE (cm4.elf@CM4), FILE@ADDRESS for a .bin (app.bin@0x08020000), or FILE@CORE@ADDRESS.",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>The <c>--core</c> option.</summary>
    public static Option<string?> Core() => new("--core") { Description = "The core the images are for (CM7, CM4); a file may also say FILE@CORE." };

    /// <summary>The <c>--base-address</c> option.</summary>
    public static Option<string?> BaseAddress() => new("--base-address") { Description = "Where raw .bin files go (default: the core's boot address); a file may also say FILE@ADDRESS." };

    /// <summary>Parses and checks the specs (STM0003/STM0004 usage errors).</summary>
    public static List<ImageFileSpec> Parse(IEnumerable<string> files, string? core, string? baseAddress, DeviceDescription device)
    {
        uint? binBase = null;
        if (baseAddress is not null)
        {
            binBase = ImageFileSpec.ParseAddress(baseAddress) ?? throw Invalid($"--base-address '{baseAddress}' is not an address (0x08020000 or decimal)");
        }
        var specs = files.Select(f => ImageFileSpec.Parse(f, core, binBase)).ToList();
        foreach (var spec in specs)
        {
            if (spec.Core is { } name && device.FindCore(name) is null)
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.UnknownCore, DiagnosticSeverity.Error,
                    $"'{name}' is not a core of the {device.Name} (cores: {string.Join(", ", device.Cores.Select(c => c.Name))})", spec.Path));
            }
            if (spec.AddressGiven && ImageReader.FormatFromExtension(spec.Path) is { } format && format != ImageFormat.Binary)
            {
                throw Invalid($"'{spec.Path}@0x{spec.BaseAddress!.Value.ToString("X8", CultureInfo.InvariantCulture)}': an address places raw binaries (.bin) only; this {format} file carries its own addresses");
            }
        }
        return specs;
    }

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
