namespace Stm32.Build.Images;

public sealed partial class FirmwareImage
{
    /// <summary>
    /// Makes an image from bytes already in memory (for tools and tests that produce images rather than read
    /// them). Segments may come in any order and adjacent ones are merged; they must not overlap.
    /// <see cref="LocationOf"/> reports, as the offset, the byte's position in the concatenation of the segments in
    /// the order given.
    /// </summary>
    /// <param name="segments">The bytes and their addresses.</param>
    /// <param name="entryPoint">The entry point, if any.</param>
    /// <param name="sourcePath">A name for diagnostics.</param>
    /// <param name="format">The format to report.</param>
    /// <exception cref="ArgumentException">Two segments overlap.</exception>
    public static FirmwareImage FromSegments(
        IEnumerable<ImageSegment> segments,
        uint? entryPoint = null,
        string sourcePath = "(memory)",
        ImageFormat format = ImageFormat.Binary)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(sourcePath);
        var list = segments.ToList();
        long total = list.Sum(s => (long)s.Length);
        if (total > int.MaxValue)
        {
            throw new ArgumentException("an image of more than 2 GiB is not supported", nameof(segments));
        }
        var buffer = new byte[total];
        var builder = ImageBuilder.OverFile(sourcePath, buffer);
        int at = 0;
        foreach (var s in list)
        {
            s.Data.Span.CopyTo(buffer.AsSpan(at));
            builder.AddFileRange(s.Address, at, s.Length);
            at += s.Length;
        }
        try
        {
            return builder.Build(format, Diagnostics.DiagnosticCodes.BinaryAddressWraps, entryPoint);
        }
        catch (ImageFormatException e)
        {
            throw new ArgumentException("segments overlap: " + e.Message, nameof(segments), e);
        }
    }
}
