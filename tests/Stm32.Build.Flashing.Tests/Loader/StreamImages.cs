using Stm32.Build.Images;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>Raw images for the streaming tests: no toolchain, every flash word programmed, lengths chosen by the test.</summary>
internal static class StreamImages
{
    /// <summary>
    /// <paramref name="length"/> bytes at <paramref name="address"/>: a vector table (initial SP
    /// <paramref name="stack"/>, every handler inside the image with the Thumb bit) and pseudo-random bytes in which no
    /// flash word is all 0xFF.
    /// </summary>
    public static FirmwareImage Image(uint address, int length, uint stack, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i += 32)
        {
            bytes[i] = 0x5A;
        }
        BitConverter.GetBytes(stack).CopyTo(bytes, 0);
        for (var vector = 1; vector < 16 + 150; vector++)
        {
            BitConverter.GetBytes(address + 0x401).CopyTo(bytes, vector * 4);
        }
        return ImageReader.Read(bytes, $"stream-{address:X8}.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = address });
    }

    /// <summary>
    /// A CM7 image over the whole of sector 0 of bank 1 and 5013 bytes of sector 1 — a sector boundary inside a
    /// buffer's reach, the last buffer shorter than a slot and the last flash word partial — and a CM4 image of 3007
    /// bytes in bank 2.
    /// </summary>
    public static ImageInput[] TwoBanks() =>
    [
        new ImageInput(Image(0x0800_0000, 0x2_0000 + 5013, 0x2002_0000, 41), "CM7"),
        new ImageInput(Image(0x0810_0000, 3007, 0x1004_0000, 42), "CM4"),
    ];

    /// <summary>A request that only writes the flash: no boot confirmation, no run, no delay guard.</summary>
    public static FlashRequest Request(params ImageInput[] images) => BoardRig.Request(images) with
    {
        ConfirmBoot = false,
        Run = false,
        DelayGuard = TimeSpan.Zero,
    };
}
