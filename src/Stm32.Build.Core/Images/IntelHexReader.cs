using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images;

/// <summary>
/// Reads Intel HEX (Intel, "Hexadecimal Object File Format Specification", revision A, 1988): records
/// <c>:LLAAAATT[DD...]CC</c> with types 00 data, 01 end of file, 02 extended segment address (base = value * 16),
/// 03 start segment address (CS:IP), 04 extended linear address (base = value &lt;&lt; 16), 05 start linear address.
/// The checksum is the two's complement of the sum of all other record bytes. Data addresses are base + offset,
/// continuing linearly across a 64 KiB boundary as binutils does; a record that would run past 4 GiB is an error.
/// Parses straight from the bytes: the only allocations are the data buffer and a few provenance runs.
/// </summary>
internal static class IntelHexReader
{
    private const int MaxRecordBytes = 255 + 5;

    public static FirmwareImage Read(ReadOnlySpan<byte> content, string path)
    {
        var builder = new ImageBuilder(path, content.Length / 2);
        var lines = new TextLines(content);
        Span<byte> record = stackalloc byte[MaxRecordBytes];
        ulong segmentBase = 0, linearBase = 0;
        uint? entry = null;
        bool ended = false;
        while (lines.Next(out var line))
        {
            int n = lines.LineNumber;
            if (line.Length == 0)
            {
                continue;
            }
            if (ended)
            {
                throw Fail(DiagnosticCodes.HexDataAfterEof, "a record follows the end-of-file (01) record", path, n);
            }
            if (line[0] != (byte)':')
            {
                throw Fail(DiagnosticCodes.HexMissingColon,
                    $"the line does not start with ':' (found {HexDecoder.Describe(line[0])}); this is not an Intel HEX record", path, n);
            }
            var digits = line[1..];
            int bad = HexDecoder.IndexOfNonHex(digits);
            if (bad >= 0)
            {
                throw Fail(DiagnosticCodes.HexInvalidCharacter,
                    $"{HexDecoder.Describe(digits[bad])} at column {bad + 2} is not a hex digit", path, n);
            }
            if ((digits.Length & 1) != 0)
            {
                throw Fail(DiagnosticCodes.HexOddLength, $"the record has an odd number of hex digits ({digits.Length})", path, n);
            }
            int count = digits.Length / 2;
            if (count < 5)
            {
                throw Fail(DiagnosticCodes.HexByteCountMismatch,
                    $"the record has {count} bytes; the shortest record (count, address, type, checksum) has 5", path, n);
            }
            if (count > MaxRecordBytes)
            {
                throw Fail(DiagnosticCodes.HexByteCountMismatch, $"the record has {count} bytes; a record holds at most 255 data bytes", path, n);
            }
            // Decode the 4-byte header first, then the data straight into the image buffer for data records.
            byte sum = HexDecoder.Decode(digits[..8], record[..4]);
            int length = record[0];
            ushort offset = (ushort)((record[1] << 8) | record[2]);
            byte type = record[3];
            if (count != length + 5)
            {
                throw Fail(DiagnosticCodes.HexByteCountMismatch,
                    $"the byte count field says {length} data bytes but the record holds {count - 5}", path, n);
            }
            var dataDigits = digits.Slice(8, 2 * length);
            byte checksum = HexDecoder.Byte(digits.Slice(8 + 2 * length, 2));
            if (type == 0x00)
            {
                ulong address = linearBase + segmentBase + offset;
                if (address + (ulong)length > 0x1_0000_0000UL)
                {
                    throw Fail(DiagnosticCodes.HexAddressWraps,
                        $"{length} data bytes at {Diagnostic.Hex(address)} run past 4 GiB", path, n, (uint)Math.Min(address, uint.MaxValue));
                }
                sum += HexDecoder.Decode(dataDigits, builder.Append((uint)address, length, n));
                CheckSum(sum, checksum, path, n);
                continue;
            }
            var data = record.Slice(4, length);
            sum += HexDecoder.Decode(dataDigits, data);
            CheckSum(sum, checksum, path, n);
            switch (type)
            {
                case 0x01:
                    RequireLength(length, 0, "end-of-file (01)", path, n);
                    ended = true;
                    break;
                case 0x02:
                    RequireLength(length, 2, "extended segment address (02)", path, n);
                    segmentBase = (ulong)((data[0] << 8) | data[1]) << 4;
                    break;
                case 0x03:
                    RequireLength(length, 4, "start segment address (03)", path, n);
                    entry = (uint)((((data[0] << 8) | data[1]) << 4) + ((data[2] << 8) | data[3]));
                    break;
                case 0x04:
                    RequireLength(length, 2, "extended linear address (04)", path, n);
                    linearBase = (ulong)((data[0] << 8) | data[1]) << 16;
                    break;
                case 0x05:
                    RequireLength(length, 4, "start linear address (05)", path, n);
                    entry = (uint)((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]);
                    break;
                default:
                    throw Fail(DiagnosticCodes.HexUnknownRecordType, $"record type {type:X2} is not one of 00-05", path, n);
            }
        }
        if (!ended)
        {
            throw Fail(DiagnosticCodes.HexMissingEof,
                "the file ends without an end-of-file record (:00000001FF); it may be truncated", path, TextLines.CountLines(content));
        }
        return builder.Build(ImageFormat.IntelHex, DiagnosticCodes.HexOverlap, entry);
    }

    private static void CheckSum(byte sum, byte checksum, string path, int line)
    {
        byte expected = (byte)-sum;
        if (checksum != expected)
        {
            throw Fail(DiagnosticCodes.HexBadChecksum, $"checksum is {checksum:X2}, expected {expected:X2}", path, line);
        }
    }

    private static void RequireLength(int length, int expected, string what, string path, int line)
    {
        if (length != expected)
        {
            throw Fail(DiagnosticCodes.HexInvalidRecord, $"an {what} record has {length} data bytes; it must have {expected}", path, line);
        }
    }

    private static ImageFormatException Fail(string code, string message, string path, int line, uint? address = null) =>
        new(code, message, path, line: line, address: address);
}
