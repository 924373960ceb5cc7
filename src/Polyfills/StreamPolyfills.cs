using System.Buffers;

namespace System.IO;

/// <summary>The span members of <see cref="Stream"/> (.NET Core 2.1 to .NET 7), for .NET Framework.</summary>
internal static class StreamPolyfills
{
    /// <summary>Writes the bytes.</summary>
    public static void Write(this Stream stream, ReadOnlySpan<byte> buffer)
    {
        var array = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(array);
            stream.Write(array, 0, buffer.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    /// <summary>Writes the bytes.</summary>
    public static void Write(this Stream stream, Span<byte> buffer) => Write(stream, (ReadOnlySpan<byte>)buffer);

    /// <summary>Reads up to the span's length; returns the number of bytes read (0 at the end).</summary>
    public static int Read(this Stream stream, Span<byte> buffer)
    {
        var array = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int n = stream.Read(array, 0, buffer.Length);
            array.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    /// <summary>Fills the span or throws <see cref="EndOfStreamException"/>.</summary>
    public static void ReadExactly(this Stream stream, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = Read(stream, buffer);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }
            buffer = buffer.Slice(n);
        }
    }

    /// <summary>Fills the array range or throws <see cref="EndOfStreamException"/>.</summary>
    public static void ReadExactly(this Stream stream, byte[] buffer, int offset, int count) => ReadExactly(stream, buffer.AsSpan(offset, count));

    /// <summary>Writes the bytes.</summary>
    public static ValueTask WriteAsync(this Stream stream, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var array = buffer.ToArray();
        return new ValueTask(stream.WriteAsync(array, 0, array.Length, cancellationToken));
    }

    /// <summary>Reads up to the buffer's length; returns the number of bytes read (0 at the end).</summary>
    public static ValueTask<int> ReadAsync(this Stream stream, Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(ReadIntoAsync(stream, buffer, cancellationToken));

    private static async Task<int> ReadIntoAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var array = new byte[buffer.Length];
        int n = await stream.ReadAsync(array, 0, array.Length, cancellationToken).ConfigureAwait(false);
        array.AsSpan(0, n).CopyTo(buffer.Span);
        return n;
    }
}
