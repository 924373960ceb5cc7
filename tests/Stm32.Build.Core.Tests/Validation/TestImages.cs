using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Stm32.Build.Images;

namespace Stm32.Build.Tests.Validation;

/// <summary>Builds small images for validation tests: Intel HEX text (one 16-byte record per line) and raw binaries.</summary>
internal static class TestImages
{
    /// <summary>A vector table of <paramref name="entries"/> words: SP, reset, then <paramref name="handler"/> for the rest.</summary>
    public static byte[] VectorTable(uint sp, uint reset, uint handler = 0x08000201, int entries = 16)
    {
        var bytes = new byte[entries * 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, sp);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), reset);
        for (var i = 2; i < entries; i++)
        {
            var reserved = i is 7 or 8 or 9 or 10 or 13;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), reserved ? 0 : handler);
        }
        return bytes;
    }

    /// <summary>An image read from Intel HEX text holding the given chunks; each chunk starts a new record.</summary>
    public static FirmwareImage Hex(string name, params (uint Address, byte[] Data)[] chunks)
    {
        var text = new StringBuilder();
        uint upper = uint.MaxValue;
        foreach (var (address, data) in chunks)
        {
            var i = 0;
            while (i < data.Length)
            {
                var at = address + (uint)i;
                if (at >> 16 != upper)
                {
                    upper = at >> 16;
                    Record(text, 0, 4, [(byte)(upper >> 8), (byte)upper]);
                }
                var n = (int)Math.Min(Math.Min(16, data.Length - i), 0x10000 - (at & 0xFFFF));
                Record(text, (ushort)at, 0, data.AsSpan(i, n));
                i += n;
            }
        }
        Record(text, 0, 1, []);
        return ImageReader.Read(Encoding.ASCII.GetBytes(text.ToString()), name, ImageFormat.IntelHex);
    }

    /// <summary>An image read from a raw binary at <paramref name="baseAddress"/>.</summary>
    public static FirmwareImage Bin(string name, uint baseAddress, byte[] data) =>
        ImageReader.Read(data, name, ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = baseAddress });

    private static void Record(StringBuilder text, ushort offset, byte type, ReadOnlySpan<byte> data)
    {
        var sum = data.Length + (offset >> 8) + (offset & 0xFF) + type;
        text.Append(':').Append(data.Length.ToString("X2", CultureInfo.InvariantCulture))
            .Append(offset.ToString("X4", CultureInfo.InvariantCulture)).Append(type.ToString("X2", CultureInfo.InvariantCulture));
        foreach (var b in data)
        {
            text.Append(b.ToString("X2", CultureInfo.InvariantCulture));
            sum += b;
        }
        text.Append(((byte)-sum).ToString("X2", CultureInfo.InvariantCulture)).Append('\n');
    }
}
