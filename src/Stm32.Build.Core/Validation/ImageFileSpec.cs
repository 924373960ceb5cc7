using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;

namespace Stm32.Build.Validation;

/// <summary>
/// An image file named by a user (command line, MSBuild item) with its core and, for raw binaries, its base address.
/// The command-line form is <c>FILE[@CORE]</c>, e.g. <c>build/cm4.elf@CM4</c>.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Core">The core, or null to let validation take or infer it.</param>
/// <param name="BaseAddress">Where a raw binary goes; null means the core's boot address.</param>
public sealed record ImageFileSpec(string Path, string? Core = null, uint? BaseAddress = null)
{
    /// <summary>
    /// Parses <c>FILE[@CORE][@ADDRESS]</c>: <c>cm4.elf@CM4</c>, <c>app.bin@0x08020000</c> (where a raw binary goes),
    /// <c>cm4.bin@CM4@0x08100000</c>. A suffix that parses as an address (<c>0x</c> hex or decimal digits) is the
    /// binary's base address, any other suffix a core name (core names always contain letters). Suffixes are taken
    /// only when the whole text names no existing file and they contain no path separator.
    /// </summary>
    public static ImageFileSpec Parse(string text, string? defaultCore = null, uint? baseAddress = null)
    {
        string? core = null;
        uint? address = null;
        var path = text;
        for (var i = 0; i < 2 && !File.Exists(path); i++)
        {
            var at = path.LastIndexOf('@');
            if (at <= 0 || at == path.Length - 1 || path.IndexOfAny(['/', '\\'], at) >= 0)
            {
                break;
            }
            var suffix = path[(at + 1)..];
            if (address is null && ParseAddress(suffix) is uint a)
            {
                address = a;
            }
            else if (core is null && ParseAddress(suffix) is null)
            {
                core = suffix;
            }
            else
            {
                break;
            }
            path = path[..at];
        }
        return new ImageFileSpec(path, core ?? defaultCore, address ?? baseAddress) { AddressGiven = address is not null };
    }

    /// <summary>Whether the base address came from the file's own <c>@ADDRESS</c> suffix.</summary>
    public bool AddressGiven { get; init; }

    /// <summary>
    /// Reads every file. Files that cannot be read give their coded diagnostic in <paramref name="failures"/> and are
    /// left out; the others come back as validation inputs.
    /// </summary>
    public static IReadOnlyList<ImageInput> ReadAll(IEnumerable<ImageFileSpec> specs, DeviceDescription device, List<Diagnostic> failures)
    {
        var inputs = new List<ImageInput>();
        foreach (var spec in specs)
        {
            try
            {
                var core = spec.Core is null ? device.Cores[0] : device.FindCore(spec.Core);
                var baseAddress = spec.BaseAddress ?? core?.DefaultBootAddress ?? ImageReadOptions.DefaultBinaryBaseAddress;
                var image = ImageReader.Read(spec.Path, new ImageReadOptions { BinaryBaseAddress = baseAddress });
                inputs.Add(new ImageInput(image, spec.Core));
            }
            catch (Stm32Exception ex)
            {
                failures.Add(ex.Diagnostic with { File = ex.Diagnostic.File ?? spec.Path });
            }
        }
        return inputs;
    }

    /// <summary>Parses an address written in hex (<c>0x08000000</c>) or decimal; null when it is not one.</summary>
    public static uint? ParseAddress(string text)
    {
        text = text.Trim().Replace("_", "", StringComparison.Ordinal);
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
    }
}
