using Stm32.Build.Devices;
using Stm32.Build.Images;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Usb.Tests.Support;

/// <summary>What a virtual board's state file holds, read back with the virtual board itself.</summary>
internal static class BoardState
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");

    /// <summary>Both flash banks of the board kept in <paramref name="stateFile"/>.</summary>
    public static (byte[] Bank1, byte[] Bank2) Flash(string stateFile)
    {
        using var board = new Board(new Stm32.Build.VirtualBoard.VirtualBoardOptions { StateFile = stateFile });
        return (board.Chip.FlashBank(1).ToArray(), board.Chip.FlashBank(2).ToArray());
    }

    /// <summary>Whether every flash byte of the image at <paramref name="imagePath"/> is in the board's flash.</summary>
    public static bool Holds(string stateFile, string imagePath, ImageReadOptions? options = null)
    {
        var image = ImageReader.Read(imagePath, options);
        var (bank1, bank2) = Flash(stateFile);
        foreach (var segment in image.Segments)
        {
            foreach (var bank in H747.FlashBanks)
            {
                var start = Math.Max((ulong)segment.Address, bank.Start);
                var end = Math.Min(segment.End, bank.End);
                if (start >= end)
                {
                    continue;
                }
                var data = (bank.Number == 1 ? bank1 : bank2).AsSpan((int)(start - bank.Start), (int)(end - start));
                if (!data.SequenceEqual(segment.Data.Span.Slice((int)(start - segment.Address), (int)(end - start))))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// A CM7 image as raw binary at 0x08000000: the blinky's flash bytes, then a pattern from <paramref name="fill"/>
    /// from 0x1000 up to <paramref name="length"/> bytes (images that differ, and a programming phase of chosen length:
    /// the driver programs flash word by flash word, each a few USB round trips).
    /// </summary>
    public static string PatternImage(string blinkyElf, byte fill, int length, string path)
    {
        var blinky = ImageReader.Read(blinkyElf);
        var bytes = new byte[length];
        Array.Fill(bytes, (byte)0xFF);
        foreach (var segment in blinky.Segments.Where(s => s.Address >= 0x0800_0000 && s.End <= 0x0800_1000))
        {
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - 0x0800_0000)));
        }
        for (var i = 0x1000; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(fill + (i * 7));
        }
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// An Intel HEX image of two segments: the blinky in sector 0 and 64 bytes at the start of sector 1 (0x08020000),
    /// so flashing it erases two sectors but programs only a few flash words.
    /// </summary>
    public static string TwoSectorHex(string blinkyElf, string path)
    {
        var blinky = ImageReader.Read(blinkyElf);
        var segments = blinky.Segments.Where(s => s.Address >= 0x0800_0000 && s.End <= 0x0802_0000)
            .Select(s => (s.Address, Data: s.Data.ToArray()))
            .Append((0x0802_0000u, Enumerable.Range(0, 64).Select(i => (byte)(0xA5 ^ i)).ToArray()));
        var hex = new System.Text.StringBuilder();
        void Record(byte type, ushort offset, ReadOnlySpan<byte> data)
        {
            var bytes = new List<byte> { (byte)data.Length, (byte)(offset >> 8), (byte)offset, type };
            bytes.AddRange(data.ToArray());
            bytes.Add((byte)(-bytes.Sum(b => b) & 0xFF));
            hex.Append(':').Append(Convert.ToHexString(bytes.ToArray())).Append('\n');
        }
        foreach (var (address, data) in segments)
        {
            for (var i = 0; i < data.Length; i += 16)
            {
                var at = address + (uint)i;
                Record(4, 0, [(byte)(at >> 24), (byte)(at >> 16)]);
                Record(0, (ushort)at, data.AsSpan(i, Math.Min(16, data.Length - i)));
            }
        }
        Record(1, 0, []);
        File.WriteAllText(path, hex.ToString());
        return path;
    }

    /// <summary>How <see cref="PatternImage"/> images are read back.</summary>
    public static ImageReadOptions BinaryAtFlash { get; } = new() { BinaryBaseAddress = 0x0800_0000 };
}
