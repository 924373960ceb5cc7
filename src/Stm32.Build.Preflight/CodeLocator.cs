using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.Images.Debugging;

namespace Stm32.Build.Preflight;

/// <summary>
/// Names code addresses of the images under test: the function and offset (<see cref="ImageSymbolizer"/>: ELF FUNC
/// symbols) and file:line from the ELF's DWARF line table — for inlined code, the call site in the function it was
/// inlined into (DWARF inlined instances). The debugging information is read only when a finding needs it (a clean
/// run reads none); an ELF whose line information cannot be read names functions only.
/// </summary>
internal sealed class CodeLocator
{
    private readonly List<(FirmwareImage Image, Lazy<ImageSymbolizer> Symbolizer)> _images = [];

    public void Add(PreflightImage image)
    {
        var elf = image.Image.Format == ImageFormat.Elf && File.Exists(image.Path);
        _images.Add((image.Image, new Lazy<ImageSymbolizer>(() => elf ? ReadElf(image) : ImageSymbolizer.For(image.Image, SourceMap.Empty))));
    }

    private static ImageSymbolizer ReadElf(PreflightImage image)
    {
        try
        {
            return ImageSymbolizer.ForElf(image.Path);
        }
        catch (Stm32Exception)
        {
            return ImageSymbolizer.For(image.Image, SourceMap.Empty);
        }
    }

    /// <summary>The function containing <paramref name="address"/> with the offset (<c>main+0x1a</c>), or null.</summary>
    public string? Function(uint address)
    {
        foreach (var (image, symbolizer) in _images)
        {
            if (Holds(image, address) && symbolizer.Value.TryFunction(address, out var name, out var offset))
            {
                return offset == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}+0x{offset:x}");
            }
        }
        return null;
    }

    /// <summary>The bare function name containing <paramref name="address"/>, or null.</summary>
    public string? FunctionName(uint address) => Function(address)?.Split('+')[0];

    /// <summary>
    /// file:line of <paramref name="address"/>, or null: for code inlined from another function (a header's
    /// <c>static inline</c> helper) the outermost call site in the function it was inlined into (DWARF
    /// DW_TAG_inlined_subroutine), which is the line the engineer wrote.
    /// </summary>
    public string? Source(uint address) => Lines(address)?.Source;

    /// <summary>The source line and, for inlined code, what was inlined there (<c>inlined __WFI, cortex_m.h:74</c>).</summary>
    private (string Source, string? Inlined)? Lines(uint address)
    {
        foreach (var (image, symbolizer) in _images)
        {
            if (Holds(image, address) && symbolizer.Value.TryCallerSource(address, out var location, out var inlined))
            {
                return (location.ToString(), inlined);
            }
        }
        return null;
    }

    /// <summary>" in FUNCTION (FILE:LINE)" — with "; inlined F, FILE:LINE" for inlined code — for messages, empty when nothing is known.</summary>
    public string Where(uint address)
    {
        var function = Function(address);
        var source = Lines(address) is { } lines ? lines.Inlined is null ? lines.Source : $"{lines.Source}; {lines.Inlined}" : null;
        return (function, source) switch
        {
            (null, null) => "",
            (_, null) => " in " + function,
            (null, _) => $" ({source})",
            _ => $" in {function} ({source})",
        };
    }

    /// <summary>Whether the image has bytes at the (Thumb-bit-cleared) address: a PC names only the image it runs from.</summary>
    private static bool Holds(FirmwareImage image, uint address) => image.ReadUInt32((address & ~1u) & ~3u) is not null;
}
