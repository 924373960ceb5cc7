/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): bitwise and with a 16-entry nibble table. */
#include <stdint.h>
#include <stddef.h>

volatile uint32_t results[8];
static uint32_t table[16];
static uint8_t data[40];

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (n--)
    {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
        {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

static uint32_t crc_table(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (n--)
    {
        crc ^= *p++;
        crc = table[crc & 0xFu] ^ (crc >> 4);
        crc = table[crc & 0xFu] ^ (crc >> 4);
    }
    return ~crc;
}

int main(void)
{
    static const uint8_t check[] = "123456789";
    for (uint32_t i = 0; i < 16; i++)
    {
        uint32_t c = i;
        for (int k = 0; k < 4; k++)
        {
            c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        }
        table[i] = c;
    }
    for (size_t i = 0; i < sizeof data; i++)
    {
        data[i] = (uint8_t)(i * 37u + 11u);
    }
    results[0] = crc_bitwise(check, 9);
    results[1] = crc_table(check, 9);
    results[2] = crc_bitwise(data, 12);
    results[3] = crc_table(data, sizeof data);
    return 0;
}
