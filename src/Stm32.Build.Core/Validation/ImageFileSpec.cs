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
    /// <summary>Parses <c>FILE[@CORE]</c>; a trailing <c>@NAME</c> is taken as a core only when it names no existing file.</summary>
    public static ImageFileSpec Parse(string text, string? defaultCore = null, uint? baseAddress = null)
    {
        var at = text.LastIndexOf('@');
        if (at > 0 && at < text.Length - 1 && !File.Exists(text) && text.IndexOfAny(['/', '\\'], at) < 0)
        {
            return new ImageFileSpec(text[..at], text[(at + 1)..], baseAddress);
        }
        return new ImageFileSpec(text, defaultCore, baseAddress);
    }

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
