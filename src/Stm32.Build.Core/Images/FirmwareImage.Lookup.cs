using System.Buffers.Binary;

namespace Stm32.Build.Images;

public sealed partial class FirmwareImage
{
    /// <summary>
    /// The file and line (text formats) or byte offset (ELF, binary) the byte at <paramref name="address"/> came
    /// from; line and offset are both null when the address is not in the image.
    /// </summary>
    public SourceLocation LocationOf(uint address)
    {
        int c = FindChunk(address);
        if (c < 0)
        {
            return new SourceLocation(SourcePath, null, null);
        }
        int bufferOffset = _chunks[c].BufferOffset + (int)(address - _chunks[c].Address);
        int lo = 0, hi = _runs.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var run = _runs[mid];
            if (bufferOffset < run.BufferOffset)
            {
                hi = mid - 1;
            }
            else if (bufferOffset >= run.BufferEnd)
            {
                lo = mid + 1;
            }
            else
            {
                int delta = bufferOffset - run.BufferOffset;
                return run.Stride == 0
                    ? new SourceLocation(SourcePath, null, run.Origin + delta)
                    : new SourceLocation(SourcePath, checked((int)(run.Origin + delta / run.Stride)), null);
            }
        }
        return new SourceLocation(SourcePath, null, null);
    }

    /// <summary>Copies the bytes at <paramref name="address"/>; true only when every byte is in the image.</summary>
    public bool TryRead(uint address, Span<byte> destination)
    {
        if (destination.Length == 0)
        {
            return true;
        }
        if ((ulong)address + (ulong)destination.Length > 0x1_0000_0000UL)
        {
            return false;
        }
        int s = FindSegment(address);
        if (s < 0)
        {
            return false;
        }
        var segment = _segments[s];
        int start = (int)(address - segment.Address);
        if (start + destination.Length > segment.Length)
        {
            return false; // segments are merged: a following segment is never adjacent
        }
        segment.Data.Span.Slice(start, destination.Length).CopyTo(destination);
        return true;
    }

    /// <summary>The little-endian 32-bit word at <paramref name="address"/>, or null when not all four bytes are present.</summary>
    public uint? ReadUInt32(uint address)
    {
        Span<byte> word = stackalloc byte[4];
        return TryRead(address, word) ? BinaryPrimitives.ReadUInt32LittleEndian(word) : null;
    }

    /// <summary>The first symbol named <paramref name="name"/> (ordinal comparison), or null.</summary>
    public ImageSymbol? FindSymbol(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_symbolsByName is null)
        {
            var map = new Dictionary<string, ImageSymbol>(StringComparer.Ordinal);
            foreach (var s in _symbols)
            {
                map.TryAdd(s.Name, s);
            }
            _symbolsByName = map;
        }
        return _symbolsByName.TryGetValue(name, out var symbol) ? symbol : null;
    }

    /// <summary>
    /// The function or object whose range [Value &amp; ~1, +Size) contains <paramref name="address"/>; the smallest
    /// such symbol when several do; null when none does.
    /// </summary>
    public ImageSymbol? SymbolAt(uint address)
    {
        _sizedSymbolsByAddress ??= [.. _symbols
            .Where(s => s.Size > 0 && s.Kind != SymbolKind.Other)
            .OrderBy(s => s.Value & ~1u)];
        ImageSymbol? best = null;
        foreach (var s in _sizedSymbolsByAddress)
        {
            uint start = s.Value & ~1u;
            if (start > address)
            {
                break;
            }
            if ((ulong)address < (ulong)start + s.Size && (best is null || s.Size < best.Size))
            {
                best = s;
            }
        }
        return best;
    }

    private int FindSegment(uint address)
    {
        int lo = 0, hi = _segments.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var s = _segments[mid];
            if (address < s.Address)
            {
                hi = mid - 1;
            }
            else if (address >= s.End)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }

    private int FindChunk(uint address)
    {
        int lo = 0, hi = _chunks.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var c = _chunks[mid];
            if (address < c.Address)
            {
                hi = mid - 1;
            }
            else if (address >= c.End)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }
}
