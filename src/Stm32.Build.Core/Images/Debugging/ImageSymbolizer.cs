using System.Globalization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images.Debugging;

/// <summary>
/// Names a firmware address the way a debugger does: the function it is in (ELF symbols) and the source line it came
/// from (DWARF line information): <c>0x08000412 in SystemClock_Config+0x1a (Core/Src/main.c:212)</c>.
/// </summary>
public sealed class ImageSymbolizer
{
    private readonly ImageSymbol[] _functions;   // sized STT_FUNC symbols, by start address
    private readonly ulong[] _functionsMaxEnd;   // the largest end of _functions[0..i]
    private readonly ImageSymbol[] _labels;      // every other named code symbol, by start address
    private readonly SourceMap _sourceMap;
    private readonly Lazy<InlineMap> _inlines;

    private ImageSymbolizer(FirmwareImage image, SourceMap sourceMap, Func<InlineMap>? inlines = null)
    {
        Image = image;
        _sourceMap = sourceMap;
        _inlines = new Lazy<InlineMap>(inlines ?? (() => InlineMap.Empty));
        _functions = [.. image.Symbols.Where(s => s.Kind == SymbolKind.Function && s.Size > 0).OrderBy(s => s.Address)];
        _functionsMaxEnd = new ulong[_functions.Length];
        ulong max = 0;
        for (int i = 0; i < _functions.Length; i++)
        {
            max = Math.Max(max, (ulong)_functions[i].Address + _functions[i].Size);
            _functionsMaxEnd[i] = max;
        }
        // ARM mapping symbols ($t, $a, $d; ARM ELF IHI 0044, 5.5.5) mark code and data, they do not name anything.
        _labels = [.. image.Symbols.Where(s => s.Kind != SymbolKind.Object && !(s.Kind == SymbolKind.Function && s.Size > 0) && !s.Name.StartsWith("$", StringComparison.Ordinal))
            .OrderBy(s => s.Address)];
    }

    /// <summary>The image whose symbols are used.</summary>
    public FirmwareImage Image { get; }

    /// <summary>The line information used.</summary>
    public SourceMap SourceMap => _sourceMap;

    /// <summary>The inlined instances used (read from the ELF on first use; <see cref="InlineMap.Empty"/> without an ELF).</summary>
    public InlineMap InlineMap => _inlines.Value;

    /// <summary>
    /// Reads the ELF at <paramref name="path"/> once, with the images' size bound (<see cref="ImageReader.MaxFileSize"/>):
    /// its symbols and its line information. A malformed ELF is an <see cref="ImageFormatException"/> (STM2xxx);
    /// malformed line information only leaves <see cref="SourceMap"/> partial.
    /// </summary>
    /// <exception cref="ImageFormatException">The file is not a readable ELF image.</exception>
    /// <exception cref="Stm32Exception">The file cannot be read (STM0002).</exception>
    public static ImageSymbolizer ForElf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] content;
        try
        {
            content = BoundedFile.ReadAllBytes(path, ImageReader.MaxFileSize, length => new ImageFormatException(DiagnosticCodes.ImageTooLarge,
                length is long n
                    ? $"the file is {n} bytes; images up to {ImageReader.MaxFileSize} bytes are supported"
                    : $"the file goes on past {ImageReader.MaxFileSize} bytes; images up to that size are supported",
                path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FileNotReadable, DiagnosticSeverity.Error,
                $"cannot read the image file: {e.Message}", path), e);
        }
        var image = ElfReader.Read(content, path);
        return new ImageSymbolizer(image, SourceMap.Read(content, path), () => InlineMap.Read(content, path));
    }

    /// <summary>A symbolizer over an image already read and its line information (<see cref="SourceMap.Empty"/> for none).</summary>
    public static ImageSymbolizer For(FirmwareImage image, SourceMap sourceMap)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(sourceMap);
        return new ImageSymbolizer(image, sourceMap);
    }

    /// <summary>
    /// The function holding <paramref name="address"/> (Thumb bit ignored) and the offset into it: the smallest
    /// sized function symbol (STT_FUNC, st_value without the Thumb bit, st_size) whose range holds it (of aliases, the
    /// first in the symbol table); otherwise the nearest symbol at or before it in the same section (an assembler
    /// label, an unsized function).
    /// </summary>
    public bool TryFunction(uint address, out string name, out uint offset)
    {
        address &= ~1u;
        ImageSymbol? best = null;
        for (int i = UpperBound(_functions, address) - 1; i >= 0 && _functionsMaxEnd[i] > address; i--)
        {
            var f = _functions[i];
            if ((ulong)address < (ulong)f.Address + f.Size && (best is null || f.Size <= best.Size))
            {
                best = f;
            }
            if (best is not null && f.Address < best.Address)
            {
                break; // an earlier function holding the address would be larger
            }
        }
        if (best is null && SectionOf(address) is { } section)
        {
            int j = UpperBound(_labels, address) - 1;
            best = j >= 0 && _labels[j].Address >= section.Address ? _labels[j] : null;
        }
        if (best is null)
        {
            name = "";
            offset = 0;
            return false;
        }
        name = best.Name;
        offset = address - best.Address;
        return true;
    }

    /// <summary>
    /// The source line of <paramref name="address"/> (see <see cref="SourceMap.TryFind"/>), for addresses inside an
    /// allocated section of the image only: the line table keeps the rows of functions the linker dropped
    /// (<c>--gc-sections</c>) at address 0, which describe no code of the image.
    /// </summary>
    public bool TrySource(uint address, out SourceLocation location)
    {
        if (SectionOf(address & ~1u) is null)
        {
            location = default;
            return false;
        }
        return _sourceMap.TryFind(address, out location);
    }

    /// <summary>
    /// Where inlined code at <paramref name="address"/> was called from (see <see cref="InlineMap.TryFind"/>), for
    /// addresses inside an allocated section of the image only.
    /// </summary>
    public bool TryInlinedCall(uint address, out InlinedCall call)
    {
        if (SectionOf(address & ~1u) is null)
        {
            call = default;
            return false;
        }
        return InlineMap.TryFind(address, out call);
    }

    /// <summary>
    /// The line an engineer looks at for <paramref name="address"/>: the outermost call site when the instruction is
    /// inlined code (<c>pwr.c:116</c> for the <c>__WFI</c> inlined there), else its own line; and, for inlined code, the
    /// detail <c>inlined __WFI, cortex_m.h:74</c> (the inlined function and the line the line table gives).
    /// </summary>
    public bool TryCallerSource(uint address, out SourceLocation location, out string? inlinedDetail)
    {
        inlinedDetail = null;
        bool own = TrySource(address, out var line);
        if (TryInlinedCall(address, out var call))
        {
            location = call.CallSite;
            var function = call.Functions.Count == 0 ? "code" : string.Join(" > ", call.Functions);
            inlinedDetail = own ? $"inlined {function}, {line}" : $"inlined {function}";
            return true;
        }
        location = line;
        return own;
    }

    /// <summary>
    /// <c>0x08000412 in SystemClock_Config+0x1a (Core/Src/main.c:212)</c>: the address, the function and offset
    /// (no <c>+0x0</c> at its start), the source line; the parts not known are left out.
    /// </summary>
    public string Describe(uint address)
    {
        var text = Diagnostic.Hex(address);
        if (TryFunction(address, out var name, out var offset))
        {
            text += offset == 0 ? $" in {name}" : string.Create(CultureInfo.InvariantCulture, $" in {name}+0x{offset:x}");
        }
        if (TryCallerSource(address, out var location, out var inlined))
        {
            text += inlined is null ? $" ({location})" : $" ({location} ({inlined}))";
        }
        return text;
    }

    /// <summary>The smallest allocated section whose run addresses hold <paramref name="address"/>.</summary>
    private ImageSection? SectionOf(uint address)
    {
        ImageSection? best = null;
        foreach (var s in Image.Sections)
        {
            if (s.IsAllocated && address >= s.Address && (ulong)address < (ulong)s.Address + s.Size && (best is null || s.Size < best.Size))
            {
                best = s;
            }
        }
        return best;
    }

    private static int UpperBound(ImageSymbol[] symbols, uint address)
    {
        int lo = 0, hi = symbols.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (symbols[mid].Address <= address)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
