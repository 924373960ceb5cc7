using System.Text;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Tests.Images;

/// <summary>Helpers shared by the image tests: built firmware, objcopy conversions and in-memory text images.</summary>
internal static class TestImages
{
    public static string Elf(FirmwareVariant variant) => FirmwareBuilder.BuildH747(variant);

    public static FirmwareImage ReadText(string text, ImageFormat format, string path = "test.txt") =>
        ImageReader.Read(Encoding.ASCII.GetBytes(text), path, format);

    public static string Temp(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "stm32build-image-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    /// <summary>Every byte of the image as (address, value) runs, for comparing two images.</summary>
    public static List<(uint Address, byte[] Data)> Dump(FirmwareImage image) =>
        [.. image.Segments.Select(s => (s.Address, s.Data.ToArray()))];

    public static void AssertSameBytes(FirmwareImage expected, FirmwareImage actual)
    {
        var e = Dump(expected);
        var a = Dump(actual);
        Xunit.Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++)
        {
            Xunit.Assert.Equal(e[i].Address, a[i].Address);
            Xunit.Assert.Equal(e[i].Data, a[i].Data);
        }
    }

    /// <summary>Builds an Intel HEX record line (with a correct checksum unless <paramref name="checksum"/> is given).</summary>
    public static string HexRecord(byte type, ushort address, ReadOnlySpan<byte> data, int? checksum = null)
    {
        var sb = new StringBuilder(":");
        byte sum = (byte)(data.Length + (address >> 8) + address + type);
        sb.Append(data.Length.ToString("X2")).Append(address.ToString("X4")).Append(type.ToString("X2"));
        foreach (var b in data)
        {
            sb.Append(b.ToString("X2"));
            sum += b;
        }
        sb.Append((checksum ?? (byte)-sum).ToString("X2"));
        return sb.ToString();
    }

    /// <summary>Builds an S-record line with a correct checksum unless <paramref name="checksum"/> is given.</summary>
    public static string SRecord(int type, uint address, ReadOnlySpan<byte> data, int? checksum = null)
    {
        int addressBytes = type switch { 0 or 1 or 5 or 9 => 2, 2 or 6 or 8 => 3, _ => 4 };
        int count = addressBytes + data.Length + 1;
        var sb = new StringBuilder("S").Append(type).Append(count.ToString("X2"));
        byte sum = (byte)count;
        for (int i = addressBytes - 1; i >= 0; i--)
        {
            byte b = (byte)(address >> (8 * i));
            sb.Append(b.ToString("X2"));
            sum += b;
        }
        foreach (var b in data)
        {
            sb.Append(b.ToString("X2"));
            sum += b;
        }
        sb.Append((checksum ?? (byte)~sum).ToString("X2"));
        return sb.ToString();
    }
}
