namespace Stm32.Build.Images;

/// <summary>Writes a firmware image as a raw binary from its lowest to its highest address, like <c>objcopy -O binary</c>.</summary>
public static class BinaryImageWriter
{
    /// <summary>Writes <paramref name="image"/> to <paramref name="stream"/>, filling gaps with <paramref name="fill"/> (objcopy fills with 0).</summary>
    public static void Write(FirmwareImage image, Stream stream, byte fill = 0xFF)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(stream);
        if (image.IsEmpty)
        {
            return;
        }
        ulong position = image.StartAddress!.Value;
        var gap = new byte[4096];
        gap.AsSpan().Fill(fill);
        foreach (var segment in image.Segments)
        {
            ulong missing = segment.Address - position;
            while (missing > 0)
            {
                int n = (int)Math.Min(missing, (ulong)gap.Length);
                stream.Write(gap, 0, n);
                missing -= (ulong)n;
            }
            stream.Write(segment.Data.Span);
            position = segment.End;
        }
    }
}
