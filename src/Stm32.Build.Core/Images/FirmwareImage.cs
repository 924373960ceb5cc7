namespace Stm32.Build.Images;

/// <summary>
/// A firmware image read from an ELF, Intel HEX, S-record or raw binary file: its bytes at their load addresses,
/// entry point, and (ELF only) symbols and sections. Knows, for every byte, the file line or offset it came from,
/// without keeping anything per byte.
/// </summary>
public sealed partial class FirmwareImage
{
    private readonly byte[] _buffer;
    private readonly ImageChunk[] _chunks;       // sorted by address, non-overlapping
    private readonly ProvenanceRun[] _runs;      // sorted by buffer offset
    private readonly ImageSegment[] _segments;
    private readonly ImageSymbol[] _symbols;
    private readonly ImageSection[] _sections;
    private readonly ImageSegment[] _blocks;
    private Dictionary<string, ImageSymbol>? _symbolsByName;
    private ImageSymbol[]? _sizedSymbolsByAddress;

    internal FirmwareImage(
        string sourcePath,
        ImageFormat format,
        byte[] buffer,
        ImageChunk[] chunks,
        ProvenanceRun[] runs,
        uint? entryPoint,
        ImageSymbol[]? symbols = null,
        ImageSection[]? sections = null,
        ImageSegment[]? blocks = null)
    {
        SourcePath = sourcePath;
        Format = format;
        _buffer = buffer;
        _chunks = chunks;
        _runs = runs;
        EntryPoint = entryPoint;
        _symbols = symbols ?? [];
        _sections = sections ?? [];
        _segments = BuildSegments(buffer, chunks);
        _blocks = blocks ?? _segments;
        ulong total = 0;
        foreach (var c in chunks)
        {
            total += (ulong)c.Length;
        }
        TotalBytes = total;
    }

    /// <summary>The file the image was read from, as given.</summary>
    public string SourcePath { get; }

    /// <summary>The format it was read as.</summary>
    public ImageFormat Format { get; }

    /// <summary>The bytes, sorted by address, contiguous runs merged, never overlapping.</summary>
    public IReadOnlyList<ImageSegment> Segments => _segments;

    /// <summary>
    /// The bytes as the file lays them out, unmerged, in output order: for ELF one block per loaded section at its
    /// LMA (what <c>objcopy</c> writes); for the other formats the same as <see cref="Segments"/>. The writers use it.
    /// </summary>
    public IReadOnlyList<ImageSegment> Blocks => _blocks;

    /// <summary>The entry point: ELF e_entry, Intel HEX type 05 (or 03 as CS*16+IP), S-record S7/S8/S9.</summary>
    public uint? EntryPoint { get; }

    /// <summary>The ELF symbols (empty for other formats).</summary>
    public IReadOnlyList<ImageSymbol> Symbols => _symbols;

    /// <summary>The ELF sections (empty for other formats).</summary>
    public IReadOnlyList<ImageSection> Sections => _sections;

    /// <summary>The number of bytes in the image.</summary>
    public ulong TotalBytes { get; }

    /// <summary>True when the image holds no byte.</summary>
    public bool IsEmpty => _segments.Length == 0;

    /// <summary>The lowest address, null when empty.</summary>
    public ulong? StartAddress => IsEmpty ? null : _segments[0].Address;

    /// <summary>The first address past the highest byte, null when empty.</summary>
    public ulong? EndAddress => IsEmpty ? null : _segments[^1].End;

    private static ImageSegment[] BuildSegments(byte[] buffer, ImageChunk[] chunks)
    {
        var segments = new List<ImageSegment>();
        int i = 0;
        while (i < chunks.Length)
        {
            int j = i + 1;
            bool bufferContiguous = true;
            while (j < chunks.Length && chunks[j].Address == chunks[j - 1].End)
            {
                bufferContiguous &= chunks[j].BufferOffset == chunks[j - 1].BufferOffset + chunks[j - 1].Length;
                j++;
            }
            long length = 0;
            for (int k = i; k < j; k++)
            {
                length += chunks[k].Length;
            }
            if (length > 0)
            {
                ReadOnlyMemory<byte> data;
                if (bufferContiguous)
                {
                    data = new ReadOnlyMemory<byte>(buffer, chunks[i].BufferOffset, (int)length);
                }
                else
                {
                    var copy = new byte[length];
                    int at = 0;
                    for (int k = i; k < j; k++)
                    {
                        buffer.AsSpan(chunks[k].BufferOffset, chunks[k].Length).CopyTo(copy.AsSpan(at));
                        at += chunks[k].Length;
                    }
                    data = copy;
                }
                segments.Add(new ImageSegment(chunks[i].Address, data));
            }
            i = j;
        }
        return [.. segments];
    }
}
