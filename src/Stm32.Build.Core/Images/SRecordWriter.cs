namespace Stm32.Build.Images;

/// <summary>
/// Writes a firmware image as Motorola S-records, laid out as <c>arm-none-eabi-objcopy -O srec</c> (binutils
/// bfd/srec.c) does: an S0 header holding a name (objcopy puts the output file name as given, up to 40
/// characters), the <see cref="FirmwareImage.Blocks"/> in address order cut into records of up to 16 data bytes
/// (no boundary splitting), S1 records when every block ends at or below 0xFFFF, S2 at or below 0xFFFFFF, S3
/// otherwise; no S5 count; the matching S9/S8/S7 termination record holding the entry point (0 when none).
/// Upper-case hex digits, CR LF line ends.
/// </summary>
public static class SRecordWriter
{
    private const int MaxHeaderLength = 40;
    private const int MaxCount = 0xFF;

    /// <summary>
    /// Writes <paramref name="image"/> with an S0 header naming the source file with the extension <c>.srec</c>
    /// (what <c>objcopy -O srec fw.elf fw.srec</c> writes when run in the file's folder).
    /// </summary>
    public static void Write(FirmwareImage image, TextWriter writer) => Write(image, writer, new SRecordWriterOptions());

    /// <summary>Writes <paramref name="image"/> with <paramref name="headerName"/> in the S0 record (truncated to 40 bytes).</summary>
    public static void Write(FirmwareImage image, TextWriter writer, string headerName) =>
        Write(image, writer, new SRecordWriterOptions { HeaderName = headerName });

    /// <summary>Writes <paramref name="image"/> with the given options (objcopy's <c>--srec-len</c> and <c>--srec-forceS3</c>).</summary>
    public static void Write(FirmwareImage image, TextWriter writer, SRecordWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        string headerName = options.HeaderName ?? Path.ChangeExtension(Path.GetFileName(image.SourcePath), ".srec");
        int type = options.ForceS3 ? 3 : 1;
        foreach (var block in image.Blocks)
        {
            if (block.Length == 0)
            {
                continue;
            }
            ulong last = block.End - 1;
            type = Math.Max(type, last <= 0xFFFF ? 1 : last <= 0xFFFFFF ? 2 : 3);
        }
        // As bfd/srec.c clamps it: at least 1, at most what a 255-byte count leaves after address and checksum.
        int recordData = Math.Clamp(options.RecordLength, 1, MaxCount - type - 2);
        Span<char> line = stackalloc char[4 + 2 * MaxCount + 2];
        var header = System.Text.Encoding.UTF8.GetBytes(headerName);
        WriteRecord(writer, line, 0, 0, header.AsSpan(0, Math.Min(MaxHeaderLength, header.Length)));
        foreach (var block in image.Blocks)
        {
            var data = block.Data.Span;
            for (int done = 0; done < data.Length; done += recordData)
            {
                int now = Math.Min(recordData, data.Length - done);
                WriteRecord(writer, line, type, block.Address + (uint)done, data.Slice(done, now));
            }
        }
        WriteRecord(writer, line, 10 - type, image.EntryPoint ?? 0, []);
    }

    private static void WriteRecord(TextWriter writer, Span<char> line, int type, uint address, ReadOnlySpan<byte> data)
    {
        int addressBytes = type switch { 0 or 1 or 9 => 2, 2 or 8 => 3, _ => 4 };
        int p = 0;
        line[p++] = 'S';
        line[p++] = (char)('0' + type);
        int count = addressBytes + data.Length + 1;
        byte sum = (byte)count;
        p = HexText.Put(line, p, (byte)count);
        for (int i = addressBytes - 1; i >= 0; i--)
        {
            byte b = (byte)(address >> (8 * i));
            p = HexText.Put(line, p, b);
            sum += b;
        }
        foreach (byte b in data)
        {
            p = HexText.Put(line, p, b);
            sum += b;
        }
        p = HexText.Put(line, p, (byte)~sum);
        line[p++] = '\r';
        line[p++] = '\n';
        writer.Write(line[..p]);
    }
}

/// <summary>Options for <see cref="SRecordWriter"/>, mirroring objcopy's.</summary>
public sealed record SRecordWriterOptions
{
    /// <summary>The S0 header text (objcopy: the output file name as given); null for the source name with <c>.srec</c>.</summary>
    public string? HeaderName { get; init; }

    /// <summary>Data bytes per record (objcopy <c>--srec-len</c>, default 16), clamped to what a record can hold.</summary>
    public int RecordLength { get; init; } = 16;

    /// <summary>Always write S3 records (objcopy <c>--srec-forceS3</c>).</summary>
    public bool ForceS3 { get; init; }
}
