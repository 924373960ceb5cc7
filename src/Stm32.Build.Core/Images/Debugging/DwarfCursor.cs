using System.Buffers.Binary;
using System.Text;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images.Debugging;

/// <summary>
/// Reads little-endian DWARF values from a bounded region of a section, advancing <see cref="Position"/>. Every
/// read is checked against the region's end first (64-bit arithmetic, no overflow); running past it is
/// <see cref="DiagnosticCodes.DebugLineTruncated"/> naming the file offset. Every read consumes at least one byte or
/// fails, so loops driven by a cursor end.
/// </summary>
internal ref struct DwarfCursor
{
    /// <summary>The longest ULEB128/SLEB128 accepted: 10 bytes hold 64 bits (DWARF 4/5, 7.6 "Variable Length Data").</summary>
    private const int MaxLeb128Bytes = 10;

    private readonly ReadOnlySpan<byte> _data;
    private readonly long _fileOffset;
    private readonly string _file;
    private readonly string _region;

    /// <param name="data">The region.</param>
    /// <param name="fileOffset">The file offset of <paramref name="data"/>[0], for messages.</param>
    /// <param name="file">The ELF file, for messages.</param>
    /// <param name="region">What the region is ("the .debug_line unit at offset 0x0"), for messages.</param>
    public DwarfCursor(ReadOnlySpan<byte> data, long fileOffset, string file, string region)
    {
        _data = data;
        _fileOffset = fileOffset;
        _file = file;
        _region = region;
        Position = 0;
    }

    /// <summary>The position inside the region.</summary>
    public int Position { get; set; }

    /// <summary>The region's length.</summary>
    public readonly int Length => _data.Length;

    /// <summary>Bytes left in the region.</summary>
    public readonly int Remaining => Math.Max(0, _data.Length - Position);

    /// <summary>Whether the whole region has been read.</summary>
    public readonly bool AtEnd => Position >= _data.Length;

    /// <summary>The file offset of the current position.</summary>
    public readonly long FileOffset => _fileOffset + Position;

    /// <summary>The file offset of <paramref name="position"/> in the region.</summary>
    public readonly long FileOffsetOf(int position) => _fileOffset + position;

    public byte U8(string what) => Take(1, what)[0];

    public sbyte S8(string what) => unchecked((sbyte)Take(1, what)[0]);

    public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>Skips <paramref name="count"/> bytes (checked).</summary>
    public void Skip(ulong count, string what) => Take(count, what);

    /// <summary>The next <paramref name="count"/> bytes (checked).</summary>
    public ReadOnlySpan<byte> Take(ulong count, string what)
    {
        if (count > (ulong)Remaining)
        {
            throw Truncated(what, count);
        }
        var slice = _data.Slice(Position, (int)count);
        Position += (int)count;
        return slice;
    }

    /// <summary>An unsigned LEB128 number (DWARF 4/5, 7.6); more than 64 significant bits is an error.</summary>
    public ulong Uleb(string what)
    {
        int start = Position;
        ulong result = 0;
        for (int i = 0; i < MaxLeb128Bytes; i++)
        {
            if (AtEnd)
            {
                Position = start;
                throw Truncated(what, (ulong)(i + 1));
            }
            byte b = _data[Position++];
            ulong bits = (ulong)(b & 0x7F);
            int shift = 7 * i;
            if (shift == 63 && bits > 1)
            {
                throw Error(DiagnosticCodes.DebugLineInvalidProgram, $"{what}: the ULEB128 number does not fit in 64 bits", start);
            }
            result |= bits << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw Error(DiagnosticCodes.DebugLineInvalidProgram, $"{what}: the ULEB128 number is longer than {MaxLeb128Bytes} bytes", start);
    }

    /// <summary>A signed LEB128 number (DWARF 4/5, 7.6), sign-extended from its last byte's bit 6.</summary>
    public long Sleb(string what)
    {
        int start = Position;
        long result = 0;
        for (int i = 0; i < MaxLeb128Bytes; i++)
        {
            if (AtEnd)
            {
                Position = start;
                throw Truncated(what, (ulong)(i + 1));
            }
            byte b = _data[Position++];
            int shift = 7 * i;
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (shift + 7 < 64 && (b & 0x40) != 0)
                {
                    result |= -1L << (shift + 7);
                }
                return result;
            }
        }
        throw Error(DiagnosticCodes.DebugLineInvalidProgram, $"{what}: the SLEB128 number is longer than {MaxLeb128Bytes} bytes", start);
    }

    /// <summary>A NUL-terminated UTF-8 string (DW_FORM_string); the NUL must be inside the region.</summary>
    public string CString(string what)
    {
        var rest = _data[Math.Min(Position, _data.Length)..];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw Error(DiagnosticCodes.DebugLineTruncated, $"{what}: the string is not NUL-terminated before the end of {_region}", Position);
        }
        Position += end + 1;
        return Encoding.UTF8.GetString(rest[..end]);
    }

    /// <summary>An error at <paramref name="position"/> of the region.</summary>
    public readonly ImageFormatException Error(string code, string message, int position) =>
        new(code, message, _file, offset: FileOffsetOf(position));

    /// <summary>An error at the current position.</summary>
    public readonly ImageFormatException Error(string code, string message) => Error(code, message, Position);

    private readonly ImageFormatException Truncated(string what, ulong needed) =>
        Error(DiagnosticCodes.DebugLineTruncated,
            $"{what}: {needed} byte(s) needed but {_region} ends {Remaining} byte(s) further (at file offset 0x{_fileOffset + _data.Length:X})");
}
