using System.Buffers.Binary;

namespace Stm32.Build.Devices;

/// <summary>
/// The CRC the STM32H7 flash interface's CRC unit computes (RM0399 chapter 4, flash "CRC calculation" — 4.3.12 in RM0433: polynomial
/// 0x04C11DB7). The manual does not give the initial value or the bit/byte order; the definition here is the one
/// measured on silicon and published on ST's community forum (thread "STM32H753 Flash CRC specification",
/// community.st.com, June 2020): the flash is read as little-endian 32-bit words, each word is shifted in most
/// significant bit first (no reflection), the register starts at 0xB6C0AE5A, and no final XOR is applied.
/// The forum measurement (128 zero bytes give 0x11E66C62) is reproduced by this definition and checked by tests.
/// The range is whole CRC bursts: the unit reads 4, 16, 64 or 256 flash words per burst (CRCCR.CRC_BURST) and
/// the start and end must be burst-aligned for a result that does not depend on neighbouring data (same thread,
/// and "STM32H743 Flash compute Crc", 2024).
/// Both the virtual chip's CRC unit and the flashing pipeline's expected values use this one definition; because
/// it is reverse-engineered, the pipeline never trusts a CRC alone: a disagreement is confirmed by a read-back
/// before a verify failure is reported, and a sector is skipped only on a CRC match.
/// </summary>
public static class Stm32H7FlashCrc
{
    /// <summary>The generator polynomial (RM0399 chapter 4, flash CRC calculation).</summary>
    public const uint Polynomial = 0x04C1_1DB7;

    /// <summary>The register's value before the first word (forum measurement, see the type's remarks).</summary>
    public const uint InitialValue = 0xB6C0_AE5A;

    /// <summary>Bytes per flash word on the STM32H74x/H75x (RM0399 4.3.x: 256 bits).</summary>
    public const int FlashWordBytes = 32;

    private static readonly uint[] s_table = BuildTable();

    /// <summary>
    /// Computes the flash CRC of <paramref name="data"/>, whose length must be a multiple of 4 (the unit reads
    /// whole 32-bit words), continuing from <paramref name="crc"/>.
    /// </summary>
    public static uint Compute(ReadOnlySpan<byte> data, uint crc = InitialValue)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException("the flash CRC covers whole 32-bit words; the length must be a multiple of 4", nameof(data));
        }
        for (var i = 0; i < data.Length; i += 4)
        {
            var word = BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            for (var shift = 24; shift >= 0; shift -= 8)
            {
                var b = (byte)(word >> shift);
                crc = (crc << 8) ^ s_table[(byte)(crc >> 24) ^ b];
            }
        }
        return crc;
    }

    /// <summary>Bytes per burst for a CRCCR.CRC_BURST value (00: 4 flash words, 01: 16, 10: 64, 11: 256).</summary>
    public static int BurstBytes(uint crcBurst) => FlashWordBytes * (4 << (2 * (int)(crcBurst & 3)));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                c = (c & 0x8000_0000) != 0 ? (c << 1) ^ Polynomial : c << 1;
            }
            table[i] = c;
        }
        return table;
    }
}
