using Xunit;
using Stm32.Build.Devices;

namespace Stm32.Build.Tests.Devices;

/// <summary>The flash CRC definition against values measured on silicon and an independent bitwise implementation.</summary>
public sealed class Stm32H7FlashCrcTests
{
    /// <summary>
    /// An independent, bit-at-a-time CRC-32 (polynomial 0x04C11DB7, MSB first, no final XOR) over the bytes of each
    /// 32-bit little-endian word from the most significant byte down — the order the ST community thread
    /// "STM32H753 Flash CRC specification" (2020) measured.
    /// </summary>
    private static uint Reference(byte[] data, uint init)
    {
        var crc = init;
        for (var i = 0; i < data.Length; i += 4)
        {
            for (var b = 3; b >= 0; b--)
            {
                crc ^= (uint)data[i + b] << 24;
                for (var bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x8000_0000) != 0 ? (crc << 1) ^ 0x04C1_1DB7 : crc << 1;
                }
            }
        }
        return crc;
    }

    [Fact]
    public void One_hundred_twenty_eight_zero_bytes_give_the_value_measured_on_an_stm32h753()
    {
        // Forum measurement: CRC_BURST = 4 flash words (128 bytes) of zeros read 0x11E66C62 in CRCDATA.
        Assert.Equal(0x11E6_6C62u, Stm32H7FlashCrc.Compute(new byte[128]));
    }

    [Fact]
    public void Matches_the_bitwise_reference_on_varied_data()
    {
        var random = new Random(1234);
        foreach (var length in new[] { 4, 32, 128, 1000, 4096 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data, 0xB6C0_AE5A), Stm32H7FlashCrc.Compute(data));
        }
    }

    [Fact]
    public void Computing_in_pieces_equals_computing_at_once()
    {
        var data = new byte[256];
        new Random(9).NextBytes(data);
        var whole = Stm32H7FlashCrc.Compute(data);
        var split = Stm32H7FlashCrc.Compute(data.AsSpan(128), Stm32H7FlashCrc.Compute(data.AsSpan(0, 128)));
        Assert.Equal(whole, split);
    }

    [Fact]
    public void A_length_that_is_not_whole_words_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Stm32H7FlashCrc.Compute(new byte[6]));
    }

    [Theory]
    [InlineData(0u, 128)]
    [InlineData(1u, 512)]
    [InlineData(2u, 2048)]
    [InlineData(3u, 8192)]
    public void Burst_sizes_are_4_16_64_and_256_flash_words(uint burst, int bytes)
    {
        Assert.Equal(bytes, Stm32H7FlashCrc.BurstBytes(burst));
    }
}
