namespace Stm32.Build.Images;

/// <summary>
/// Writes a firmware image as Intel HEX, record for record as <c>arm-none-eabi-objcopy -O ihex</c> (binutils
/// bfd/ihex.c) lays it out: the image's <see cref="FirmwareImage.Blocks"/> in address order, each cut into data
/// records of up to 16 bytes that never cross a 64 KiB boundary; a type 02 record before the first data below
/// 1 MiB that needs a new base, type 04 records above; a start record (03 below 1 MiB, else 05) when the entry
/// point is non-zero; the 01 end record. Upper-case hex digits, CR LF line ends.
/// </summary>
public static class IntelHexWriter
{
    private const int RecordData = 16;

    /// <summary>Writes <paramref name="image"/> to <paramref name="writer"/>.</summary>
    public static void Write(FirmwareImage image, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> line = stackalloc char[1 + 2 * (5 + 255) + 2];
        Span<byte> ext = stackalloc byte[4];
        ulong segmentBase = 0, linearBase = 0;
        foreach (var block in image.Blocks)
        {
            var data = block.Data.Span;
            ulong where = block.Address;
            int done = 0;
            while (done < data.Length)
            {
                int now = Math.Min(RecordData, data.Length - done);
                if (where > segmentBase + linearBase + 0xFFFF)
                {
                    if (where <= 0xFFFFF)
                    {
                        segmentBase = where & 0xF0000;
                        ext[0] = (byte)(segmentBase >> 12);
                        ext[1] = (byte)(segmentBase >> 4);
                        WriteRecord(writer, line, 0x02, 0, ext[..2]);
                    }
                    else
                    {
                        if (segmentBase != 0)
                        {
                            ext[0] = 0;
                            ext[1] = 0;
                            WriteRecord(writer, line, 0x02, 0, ext[..2]);
                            segmentBase = 0;
                        }
                        linearBase = where & 0xFFFF0000;
                        ext[0] = (byte)(linearBase >> 24);
                        ext[1] = (byte)(linearBase >> 16);
                        WriteRecord(writer, line, 0x04, 0, ext[..2]);
                    }
                }
                uint recordAddress = (uint)(where - (segmentBase + linearBase));
                if (recordAddress + now > 0xFFFF)
                {
                    now = (int)(0x10000 - recordAddress);
                }
                WriteRecord(writer, line, 0x00, (ushort)recordAddress, data.Slice(done, now));
                where += (ulong)now;
                done += now;
            }
        }
        if (image.EntryPoint is uint start && start != 0)
        {
            if (start <= 0xFFFFF)
            {
                ext[0] = (byte)((start & 0xF0000) >> 12);
                ext[1] = 0;
                ext[2] = (byte)(start >> 8);
                ext[3] = (byte)start;
                WriteRecord(writer, line, 0x03, 0, ext);
            }
            else
            {
                ext[0] = (byte)(start >> 24);
                ext[1] = (byte)(start >> 16);
                ext[2] = (byte)(start >> 8);
                ext[3] = (byte)start;
                WriteRecord(writer, line, 0x05, 0, ext);
            }
        }
        WriteRecord(writer, line, 0x01, 0, []);
    }

    private static void WriteRecord(TextWriter writer, Span<char> line, byte type, ushort address, ReadOnlySpan<byte> data)
    {
        int p = 0;
        line[p++] = ':';
        byte sum = (byte)(data.Length + (address >> 8) + address + type);
        p = HexText.Put(line, p, (byte)data.Length);
        p = HexText.Put(line, p, (byte)(address >> 8));
        p = HexText.Put(line, p, (byte)address);
        p = HexText.Put(line, p, type);
        foreach (byte b in data)
        {
            p = HexText.Put(line, p, b);
            sum += b;
        }
        p = HexText.Put(line, p, (byte)-sum);
        line[p++] = '\r';
        line[p++] = '\n';
        writer.Write(line[..p]);
    }
}
