namespace Stm32.Build.Images;

/// <summary>
/// Reads a whole file with a size bound. A regular file longer than the bound is refused by its length before a
/// byte is read; anything else — a character device such as <c>/dev/zero</c> (whose length reads as 0), a pipe, a
/// file still growing — is read in chunks and refused as soon as it passes the bound, so no input can make the
/// reader allocate more than the bound (never <c>File.ReadAllBytes</c> on an unbounded stream).
/// </summary>
public static class BoundedFile
{
    private const int Chunk = 64 * 1024;

    /// <summary>
    /// The content of <paramref name="path"/>; <paramref name="tooLarge"/> builds the exception thrown when it has
    /// more than <paramref name="maxBytes"/> bytes (its argument is the length when known, null when the stream went
    /// past the bound). I/O errors propagate as <see cref="IOException"/>/<see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, Func<long?, Exception> tooLarge)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tooLarge);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        long hint = 0;
        try
        {
            hint = stream.CanSeek ? stream.Length : 0;
        }
        catch (NotSupportedException)
        {
            // Not seekable: no length to go by.
        }
        if (hint > maxBytes)
        {
            throw tooLarge(hint);
        }
        // The common case, a regular file: exactly its length, then a check that nothing follows.
        var buffer = new byte[hint];
        var filled = Fill(stream, buffer, 0);
        if (filled < buffer.Length)
        {
            return buffer.AsSpan(0, filled).ToArray(); // the file shrank meanwhile
        }
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) == 0)
        {
            return buffer;
        }
        // More than the length said (a device, a growing file): chunks, bounded.
        var chunks = new List<byte[]> { buffer, new[] { probe[0] } };
        var total = (long)buffer.Length + 1;
        while (true)
        {
            if (total > maxBytes)
            {
                throw tooLarge(null);
            }
            var chunk = new byte[(int)Math.Min(Chunk, maxBytes - total + 1)];
            var n = Fill(stream, chunk, 0);
            if (n == 0)
            {
                break;
            }
            chunks.Add(n == chunk.Length ? chunk : chunk.AsSpan(0, n).ToArray());
            total += n;
            if (n < chunk.Length)
            {
                break;
            }
        }
        if (total > maxBytes)
        {
            throw tooLarge(null);
        }
        var all = new byte[total];
        var at = 0;
        foreach (var c in chunks)
        {
            c.CopyTo(all, at);
            at += c.Length;
        }
        return all;
    }

    private static int Fill(Stream stream, byte[] buffer, int offset)
    {
        while (offset < buffer.Length)
        {
            var n = stream.Read(buffer, offset, buffer.Length - offset);
            if (n == 0)
            {
                break;
            }
            offset += n;
        }
        return offset;
    }
}
