using System.Buffers.Binary;
using Stm32.Build.Flashing.H7;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.Flashing.Tests.H7;

public sealed class H7FlashCrcTests
{
    [Fact]
    public void OneHundredTwentyEightZeroBytes_GiveTheValueMeasuredOnSilicon()
    {
        // ST community forum, "STM32H753 Flash CRC specification" (2020): the CRC unit returns 0x11E66C62 for
        // 128 zero bytes (one burst of 4 flash words).
        Assert.Equal(0x11E6_6C62u, H7FlashCrc.Compute(new byte[128]));
    }

    [Fact]
    public void WordsAreFedMostSignificantByteFirst()
    {
        // The forum's finding: bytes 00 11 22 33 are read as the word 0x33221100 and processed 33, 22, 11, 00.
        // So the CRC of a span equals the CRC of the byte-reversed words fed as a big-endian stream.
        var data = new byte[] { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };
        var swapped = new byte[8];
        for (var i = 0; i < 8; i += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(swapped.AsSpan(i), BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i)));
        }
        Assert.Equal(BitwiseMsbFirst(swapped), H7FlashCrc.Compute(data));
    }

    [Fact]
    public void MatchesTheVirtualChipsCrcUnitModel()
    {
        var random = new Random(1234);
        var data = new byte[4096];
        random.NextBytes(data);
        Assert.Equal(Stm32H7FlashCrc.Compute(data), H7FlashCrc.Compute(data));
    }

    [Fact]
    public void LengthThatIsNotWholeWords_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => H7FlashCrc.Compute(new byte[6]));
    }

    /// <summary>A plain bit-by-bit CRC-32/MPEG-2 shift register (polynomial 0x04C11DB7, no reflection) from 0xB6C0AE5A.</summary>
    private static uint BitwiseMsbFirst(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xB6C0_AE5Au;
        foreach (var b in bytes)
        {
            crc ^= (uint)b << 24;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 0x8000_0000) != 0 ? (crc << 1) ^ 0x04C1_1DB7 : crc << 1;
            }
        }
        return crc;
    }
}
