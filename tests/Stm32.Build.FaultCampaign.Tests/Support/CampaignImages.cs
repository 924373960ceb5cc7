using System.Buffers.Binary;
using System.Globalization;
using Stm32.Build.Devices;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>One raw image of a campaign case: the core it is for, where it goes and its bytes (written to a file).</summary>
/// <param name="Core">CM7 or CM4.</param>
/// <param name="Address">The flash address of its first byte.</param>
/// <param name="Bytes">The image.</param>
/// <param name="Path">The .bin file holding it.</param>
internal sealed record CampaignImage(string Core, uint Address, byte[] Bytes, string Path)
{
    /// <summary>The command-line argument placing it: <c>FILE@CORE@ADDRESS</c>.</summary>
    public string Argument => string.Create(CultureInfo.InvariantCulture, $"{Path}@{Core}@0x{Address:X8}");

    /// <summary>The address one past its last byte.</summary>
    public uint End => Address + (uint)Bytes.Length;
}

/// <summary>
/// The images of the campaign, raw binaries so no toolchain is needed: a single-core image (a Cortex-M7 image of
/// 132 KiB at 0x08000000, so it spans sectors 1:0 and 1:1) and a dual-core pair (the same Cortex-M7 image and a
/// 32 KiB Cortex-M4 image at 0x08100000, sector 2:0). Each starts with a vector table whose initial SP is the end of
/// RAM the core reaches (CM7: DTCM end 0x20020000; CM4: the D2 SRAM alias end 0x10048000, RM0399 2.3.2) and whose
/// handlers all point at a <c>b .</c> loop (0xE7FE) at offset 0x400 with the Thumb bit; the rest is a pseudo-random
/// payload, so every flash word is programmed and differs from the board's background.
/// </summary>
internal sealed class CampaignImages : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"stm32-campaign-{Guid.NewGuid():N}");

    public CampaignImages()
    {
        Directory.CreateDirectory(_directory);
        var cm7 = Write("cm7", "CM7", 0x0800_0000, Image(0x2_1000, 0x2002_0000, 0x0800_0000, seed: 7));
        var cm4 = Write("cm4", "CM4", 0x0810_0000, Image(0x8000, 0x1004_8000, 0x0810_0000, seed: 4));
        Single = new ImageSet("single-core", [cm7]);
        Dual = new ImageSet("dual-core", [cm7, cm4]);
    }

    /// <summary>The Cortex-M7 image alone.</summary>
    public ImageSet Single { get; }

    /// <summary>The Cortex-M7 and Cortex-M4 images.</summary>
    public ImageSet Dual { get; }

    /// <summary>Both sets.</summary>
    public IEnumerable<ImageSet> All => [Single, Dual];

    /// <summary>A vector table (SP, every handler at <paramref name="flash"/> + 0x401), <c>b .</c> at 0x400, then pseudo-random bytes.</summary>
    internal static byte[] Image(int size, uint initialSp, uint flash, int seed)
    {
        var image = new byte[size];
        new Random(seed).NextBytes(image);
        BinaryPrimitives.WriteUInt32LittleEndian(image, initialSp);
        for (var vector = 4; vector < 0x400; vector += 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(vector), flash + 0x401);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x400), 0xE7FE);
        return image;
    }

    private CampaignImage Write(string name, string core, uint address, byte[] bytes)
    {
        var path = System.IO.Path.Combine(_directory, name + ".bin");
        File.WriteAllBytes(path, bytes);
        return new CampaignImage(core, address, bytes, path);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>The images one case flashes together.</summary>
/// <param name="Name">single-core or dual-core.</param>
/// <param name="Images">The images.</param>
internal sealed record ImageSet(string Name, IReadOnlyList<CampaignImage> Images)
{
    /// <summary>The command-line arguments of the images.</summary>
    public IEnumerable<string> Arguments => Images.Select(i => i.Argument);

    /// <summary>The (bank, sector index) pairs the images touch on <paramref name="device"/>.</summary>
    public IReadOnlySet<(int Bank, int Sector)> Sectors(DeviceDescription device)
    {
        var set = new HashSet<(int, int)>();
        foreach (var image in Images)
        {
            foreach (var bank in device.FlashBanks)
            {
                for (var s = 0; s < bank.SectorCount; s++)
                {
                    var start = bank.SectorStart(s);
                    var end = start + bank.SectorSizeOf(s);
                    if (image.Address < end && image.End > start)
                    {
                        set.Add((bank.Number, s));
                    }
                }
            }
        }
        return set;
    }

    /// <summary>What a touched sector holds after a good flash: the images' bytes, the erased value elsewhere.</summary>
    public byte[] Expected(DeviceDescription device, int bankNumber, int sector)
    {
        var bank = device.FlashBanks.First(b => b.Number == bankNumber);
        var start = bank.SectorStart(sector);
        var bytes = new byte[bank.SectorSizeOf(sector)];
        Array.Fill(bytes, device.ErasedValue);
        foreach (var image in Images)
        {
            var from = Math.Max(start, image.Address);
            var to = Math.Min(start + (uint)bytes.Length, image.End);
            if (from < to)
            {
                image.Bytes.AsSpan((int)(from - image.Address), (int)(to - from)).CopyTo(bytes.AsSpan((int)(from - start)));
            }
        }
        return bytes;
    }
}
