namespace Stm32.Build.Images;

/// <summary>A contiguous run of bytes of a firmware image at a target (load) address.</summary>
public sealed class ImageSegment
{
    /// <summary>Creates a segment.</summary>
    /// <param name="address">The first byte's address.</param>
    /// <param name="data">The bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException">The data would run past 4 GiB.</exception>
    public ImageSegment(uint address, ReadOnlyMemory<byte> data)
    {
        if ((ulong)address + (ulong)data.Length > 0x1_0000_0000UL)
        {
            throw new ArgumentOutOfRangeException(nameof(data), "segment runs past 4 GiB");
        }
        Address = address;
        Data = data;
    }

    /// <summary>The first byte's address.</summary>
    public uint Address { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The number of bytes.</summary>
    public int Length => Data.Length;

    /// <summary>The first address past the last byte (exclusive, 64-bit so that a segment may end at 4 GiB).</summary>
    public ulong End => (ulong)Address + (ulong)Data.Length;

    /// <summary>True when <paramref name="address"/> is inside the segment.</summary>
    public bool Contains(uint address) => address >= Address && address < End;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Diagnostics.Diagnostic.Hex(Address)}..{Diagnostics.Diagnostic.Hex(End)} ({Length} bytes)";
}
