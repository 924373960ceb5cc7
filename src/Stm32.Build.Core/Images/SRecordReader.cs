using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images;

/// <summary>
/// Reads Motorola S-records (Motorola M68000 Family Programmer's Reference Manual, appendix C "S-Record Output
/// Format"): <c>Stcc[address][data]ss</c> where cc counts the address, data and checksum bytes and the checksum is
/// the ones' complement of the sum of the count, address and data bytes. S0 header; S1/S2/S3 data with 16/24/32-bit
/// addresses; S5/S6 count of the data records so far (16/24-bit); S7/S8/S9 termination with the 32/24/16-bit
/// start address. A termination record is required, as the end-of-file record is in Intel HEX.
/// </summary>
internal static class SRecordReader
{
    public static FirmwareImage Read(ReadOnlySpan<byte> content, string path)
    {
        var builder = new ImageBuilder(path, content.Length / 2);
        var lines = new TextLines(content);
        Span<byte> record = stackalloc byte[256];
        uint? entry = null;
        bool ended = false;
        long dataRecords = 0;
        while (lines.Next(out var line))
        {
            int n = lines.LineNumber;
            if (line.Length == 0)
            {
                continue;
            }
            if (ended)
            {
                throw Fail(DiagnosticCodes.SrecDataAfterTermination, "a record follows the S7/S8/S9 termination record", path, n);
            }
            if (line[0] != (byte)'S')
            {
                throw Fail(DiagnosticCodes.SrecMissingS,
                    $"the line does not start with 'S' (found {HexDecoder.Describe(line[0])}); this is not an S-record", path, n);
            }
            if (line.Length < 2 || line[1] is < (byte)'0' or > (byte)'9' || line[1] == (byte)'4')
            {
                string found = line.Length < 2 ? "nothing" : HexDecoder.Describe(line[1]);
                throw Fail(DiagnosticCodes.SrecUnknownRecordType, $"record type {found} is not one of S0-S3, S5-S9", path, n);
            }
            int type = line[1] - '0';
            var digits = line[2..];
            int bad = HexDecoder.IndexOfNonHex(digits);
            if (bad >= 0)
            {
                throw Fail(DiagnosticCodes.SrecInvalidCharacter, $"{HexDecoder.Describe(digits[bad])} at column {bad + 3} is not a hex digit", path, n);
            }
            if ((digits.Length & 1) != 0)
            {
                throw Fail(DiagnosticCodes.SrecOddLength, $"the record has an odd number of hex digits ({digits.Length})", path, n);
            }
            int bytes = digits.Length / 2;
            int addressBytes = type switch { 0 or 1 or 5 or 9 => 2, 2 or 6 or 8 => 3, _ => 4 };
            if (bytes < 1 + addressBytes + 1)
            {
                throw Fail(DiagnosticCodes.SrecByteCountMismatch,
                    $"the record has {bytes} bytes; an S{type} record needs at least {addressBytes + 2} (count, address, checksum)", path, n);
            }
            int count = HexDecoder.Byte(digits);
            if (count != bytes - 1)
            {
                throw Fail(DiagnosticCodes.SrecByteCountMismatch, $"the byte count field says {count} but {bytes - 1} bytes follow it", path, n);
            }
            byte sum = (byte)count;
            var header = record[..addressBytes];
            sum += HexDecoder.Decode(digits.Slice(2, 2 * addressBytes), header);
            uint address = 0;
            foreach (byte b in header)
            {
                address = (address << 8) | b;
            }
            int length = count - addressBytes - 1;
            var dataDigits = digits.Slice(2 + 2 * addressBytes, 2 * length);
            byte checksum = HexDecoder.Byte(digits[^2..]);
            if (type is 1 or 2 or 3)
            {
                if ((ulong)address + (ulong)length > 0x1_0000_0000UL)
                {
                    throw Fail(DiagnosticCodes.SrecAddressWraps, $"{length} data bytes at {Diagnostic.Hex(address)} run past 4 GiB", path, n, address);
                }
                sum += HexDecoder.Decode(dataDigits, builder.Append(address, length, n));
                CheckSum(sum, checksum, path, n);
                dataRecords++;
                continue;
            }
            sum += HexDecoder.Decode(dataDigits, record.Slice(addressBytes, length));
            CheckSum(sum, checksum, path, n);
            switch (type)
            {
                case 0:
                    break; // header: free text, ignored
                case 5 or 6:
                    if (address != dataRecords)
                    {
                        throw Fail(DiagnosticCodes.SrecCountMismatch,
                            $"the S{type} record counts {address} data records but {dataRecords} precede it", path, n);
                    }
                    break;
                default: // 7, 8, 9
                    entry = address;
                    ended = true;
                    break;
            }
        }
        if (!ended)
        {
            throw Fail(DiagnosticCodes.SrecMissingTermination,
                "the file ends without an S7/S8/S9 termination record; it may be truncated", path, TextLines.CountLines(content));
        }
        return builder.Build(ImageFormat.SRecord, DiagnosticCodes.SrecOverlap, entry);
    }

    private static void CheckSum(byte sum, byte checksum, string path, int line)
    {
        byte expected = (byte)~sum;
        if (checksum != expected)
        {
            throw Fail(DiagnosticCodes.SrecBadChecksum, $"checksum is {checksum:X2}, expected {expected:X2}", path, line);
        }
    }

    private static ImageFormatException Fail(string code, string message, string path, int line, uint? address = null) =>
        new(code, message, path, line: line, address: address);
}
