using System.Buffers.Binary;

namespace Stm32.Build.Flashing.H7;

/// <summary>
/// The CRC the STM32H7 flash interface's CRC unit returns in FLASH_CRCDATAR, computed on the host to know what
/// the unit should say. RM0399 4.3.12 gives the polynomial (0x04C11DB7, the Ethernet CRC-32) but not the initial
/// value nor the bit order; those come from measurements on real chips published on ST's community forum
/// ("STM32H753 Flash CRC specification", June 2020): flash is read as little-endian 32-bit words, each word is fed
/// most significant bit first without reflection, the register starts at 0xB6C0AE5A, no final XOR. The forum's
/// silicon value — 128 zero bytes give 0x11E66C62 — is checked by the tests. The unit works in whole bursts
/// (4 flash words at CRC_BURST = 00), so the pipeline only ever asks it for whole sectors.
/// Because this definition is reverse-engineered, the pipeline never trusts a CRC alone: a disagreement is
/// confirmed by a read-back before a verify failure is reported, and a sector is skipped only on a CRC match.
/// </summary>
public static class H7FlashCrc
{
    /// <summary>The generator polynomial (RM0399 4.3.12).</summary>
    public const uint Polynomial = 0x04C1_1DB7;

    /// <summary>The initial register value measured on silicon (ST community forum, see the type's remarks).</summary>
    public const uint InitialValue = 0xB6C0_AE5A;

    private static readonly uint[] s_table = CreateTable();

    /// <summary>The CRC of <paramref name="data"/> (a multiple of 4 bytes), continuing from <paramref name="crc"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data, uint crc = InitialValue)
    {
        if ((data.Length & 3) != 0)
        {
            throw new ArgumentException("the flash CRC is defined on whole 32-bit words", nameof(data));
        }
        for (var i = 0; i < data.Length; i += 4)
        {
            var word = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i, 4));
            crc = (crc << 8) ^ s_table[(crc >> 24) ^ (word >> 24)];
            crc = (crc << 8) ^ s_table[(crc >> 24) ^ ((word >> 16) & 0xFF)];
            crc = (crc << 8) ^ s_table[(crc >> 24) ^ ((word >> 8) & 0xFF)];
            crc = (crc << 8) ^ s_table[(crc >> 24) ^ (word & 0xFF)];
        }
        return crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var r = n << 24;
            for (var k = 0; k < 8; k++)
            {
                r = (r & 0x8000_0000) != 0 ? (r << 1) ^ Polynomial : r << 1;
            }
            table[n] = r;
        }
        return table;
    }
}
