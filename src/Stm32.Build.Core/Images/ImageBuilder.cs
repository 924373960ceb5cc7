namespace Stm32.Build.Images;

/// <summary>
/// Collects the bytes a reader finds, in file order, with their provenance, then sorts them by address, rejects
/// overlaps and builds the <see cref="FirmwareImage"/>. Adjacent chunks and provenance runs are merged on the fly,
/// so a well-formed text file costs a handful of structs, not one per record.
/// </summary>
internal sealed class ImageBuilder
{
    private readonly List<ImageChunk> _chunks = [];
    private readonly List<ProvenanceRun> _runs = [];
    private readonly string _path;
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a builder that appends bytes to its own buffer (text formats).</summary>
    public ImageBuilder(string path, int capacity)
    {
        _path = path;
        _buffer = capacity == 0 ? [] : new byte[capacity];
    }

    private ImageBuilder(string path, byte[] file)
    {
        _path = path;
        _buffer = file;
        _length = file.Length;
    }

    /// <summary>Creates a builder whose buffer is the whole file (binary formats): chunks point into it, nothing is copied.</summary>
    public static ImageBuilder OverFile(string path, byte[] file) => new(path, file);

    /// <summary>The number of bytes appended so far.</summary>
    public int Length => _length;

    /// <summary>
    /// Reserves <paramref name="count"/> bytes for a record at <paramref name="address"/> read from 1-based
    /// <paramref name="line"/>; the caller fills the returned span. The caller has checked the address does not wrap.
    /// </summary>
    public Span<byte> Append(uint address, int count, int line)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_length + count, Math.Max(256, _buffer.Length * 2)));
        }
        int at = _length;
        _length += count;
        if (count == 0)
        {
            return [];
        }
        AddChunk(address, at, count);

        // Provenance: extend the last run when this record continues it line by line with the same stride.
        if (_runs.Count > 0)
        {
            var last = _runs[^1];
            if (last.BufferEnd == at && last.Length % last.Stride == 0
                && line == last.Origin + last.Length / last.Stride && count <= last.Stride)
            {
                _runs[^1] = last with { Length = last.Length + count };
                return _buffer.AsSpan(at, count);
            }
        }
        _runs.Add(new ProvenanceRun(at, count, line, count));
        return _buffer.AsSpan(at, count);
    }

    /// <summary>Adds file bytes [fileOffset, +count) at <paramref name="address"/> (binary formats).</summary>
    public void AddFileRange(uint address, int fileOffset, int count)
    {
        if (count == 0)
        {
            return;
        }
        AddChunk(address, fileOffset, count);
        _runs.Add(new ProvenanceRun(fileOffset, count, fileOffset, 0));
    }

    private void AddChunk(uint address, int bufferOffset, int count)
    {
        if (_chunks.Count > 0)
        {
            var last = _chunks[^1];
            if (last.End == address && last.BufferOffset + last.Length == bufferOffset)
            {
                _chunks[^1] = last with { Length = last.Length + count };
                return;
            }
        }
        _chunks.Add(new ImageChunk(address, bufferOffset, count));
    }

    /// <summary>
    /// Sorts, checks for overlaps (throwing <paramref name="overlapCode"/> at the later byte's location) and builds
    /// the image.
    /// </summary>
    public FirmwareImage Build(
        ImageFormat format,
        string overlapCode,
        uint? entryPoint,
        ImageSymbol[]? symbols = null,
        ImageSection[]? sections = null,
        ImageSegment[]? blocks = null)
    {
        var chunks = _chunks.ToArray();
        bool sorted = true;
        for (int i = 1; i < chunks.Length && sorted; i++)
        {
            sorted = chunks[i - 1].Address < chunks[i].Address;
        }
        if (!sorted)
        {
            Array.Sort(chunks, static (a, b) =>
                a.Address != b.Address ? a.Address.CompareTo(b.Address) : a.BufferOffset.CompareTo(b.BufferOffset));
        }
        var runs = _runs.ToArray();
        if (!IsSortedByBuffer(runs))
        {
            Array.Sort(runs, static (a, b) => a.BufferOffset.CompareTo(b.BufferOffset));
        }
        for (int i = 1; i < chunks.Length; i++)
        {
            if (chunks[i].Address < chunks[i - 1].End)
            {
                ThrowOverlap(format, overlapCode, chunks[i - 1], chunks[i], runs);
            }
        }
        return new FirmwareImage(_path, format, _buffer, chunks, runs, entryPoint, symbols, sections, blocks);
    }

    private static bool IsSortedByBuffer(ProvenanceRun[] runs)
    {
        for (int i = 1; i < runs.Length; i++)
        {
            if (runs[i].BufferOffset < runs[i - 1].BufferOffset)
            {
                return false;
            }
        }
        return true;
    }

    private void ThrowOverlap(ImageFormat format, string code, ImageChunk a, ImageChunk b, ProvenanceRun[] runs)
    {
        // The later one in the file is the offender; the first shared address is the later start of the two.
        var later = a.BufferOffset > b.BufferOffset ? a : b;
        var earlier = later == a ? b : a;
        uint address = Math.Max(a.Address, b.Address);
        var probe = new FirmwareImage(_path, format, _buffer, [later], runs, null);
        var earlierProbe = new FirmwareImage(_path, format, _buffer, [earlier], runs, null);
        var at = probe.LocationOf(address);
        var first = earlierProbe.LocationOf(address);
        string where = first.Line is int l ? $"line {l}" : first.Offset is long o ? $"offset 0x{o:X}" : "elsewhere";
        throw new ImageFormatException(code,
            $"address {Diagnostics.Diagnostic.Hex(address)} is given twice (first at {where})",
            _path, at.Line, at.Offset, address);
    }
}
