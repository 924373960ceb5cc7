using System.Globalization;
using Stm32.Build.Images;

namespace Stm32.Build.Preflight;

/// <summary>
/// Names code addresses of the images under test: the function and offset from the ELF symbols, and file:line when
/// the image carries line information (a source map; absent until one is supplied).
/// </summary>
internal sealed class CodeLocator
{
    private readonly List<(FirmwareImage Image, Func<uint, string?>? Source)> _images = [];

    public void Add(FirmwareImage image, Func<uint, string?>? source = null) => _images.Add((image, source));

    /// <summary>The function containing <paramref name="address"/> with the offset (<c>main+0x1a</c>), or null.</summary>
    public string? Function(uint address)
    {
        address &= ~1u;
        foreach (var (image, _) in _images)
        {
            if (image.SymbolAt(address) is { Kind: SymbolKind.Function } symbol)
            {
                var offset = address - symbol.Address;
                return offset == 0 ? symbol.Name : string.Create(CultureInfo.InvariantCulture, $"{symbol.Name}+0x{offset:x}");
            }
        }
        return null;
    }

    /// <summary>The bare function name containing <paramref name="address"/>, or null.</summary>
    public string? FunctionName(uint address)
    {
        var f = Function(address);
        return f is null ? null : f.Split('+')[0];
    }

    /// <summary>file:line of <paramref name="address"/>, or null.</summary>
    public string? Source(uint address)
    {
        foreach (var (image, source) in _images)
        {
            if (source is not null && image.ReadUInt32(address & ~1u & ~3u) is not null && source(address & ~1u) is { } s)
            {
                return s;
            }
        }
        return null;
    }

    /// <summary>" in FUNCTION (FILE:LINE)" for messages, empty when nothing is known.</summary>
    public string Where(uint address)
    {
        var function = Function(address);
        var source = Source(address);
        return (function, source) switch
        {
            (null, null) => "",
            (_, null) => " in " + function,
            (null, _) => $" ({source})",
            _ => $" in {function} ({source})",
        };
    }
}
