/* Integer kernels: arithmetic, shifts, bit fields, multiply-accumulate, division, saturation, switch tables. */
#include <stdint.h>

volatile uint32_t results[48];
static uint32_t seed = 0x12345678u;

static uint32_t next(void)
{
    seed = seed * 1664525u + 1013904223u;
    return seed;
}

static uint32_t __attribute__((noinline)) classify(uint32_t v)
{
    switch (v & 7u)
    {
    case 0: return v + 3u;
    case 1: return v ^ 0x55u;
    case 2: return v << 2;
    case 3: return v >> 3;
    case 4: return ~v;
    case 5: return v * 7u;
    case 6: return v - 100u;
    default: return v | 0x80000000u;
    }
}

static int32_t __attribute__((noinline)) sat16(int32_t v)
{
    return v > 32767 ? 32767 : (v < -32768 ? -32768 : v);
}

int main(void)
{
    uint32_t acc = 0, x = 0;
    int32_t sacc = 0;
    for (int i = 0; i < 12; i++)
    {
        uint32_t a = next(), b = next() | 1u;
        int32_t sa = (int32_t)a, sb = (int32_t)(b >> 4) | 1;
        acc += a * b;
        acc ^= (a >> (b & 31u)) | (a << ((32u - (b & 31u)) & 31u));
        acc += (uint32_t)__builtin_clz(b);
        acc += a / b + a % b;
        sacc += sa / sb;
        sacc -= sa % sb;
        acc += (a >> 7) & 0x3FFu;               /* ubfx */
        x = (x & ~0x00FF0000u) | ((a & 0xFFu) << 16); /* bfi */
        acc += classify(a);
        sacc += sat16(sa >> 12);
        acc += (uint32_t)((int32_t)(a << 8) >> 20); /* sbfx */
        acc += (uint32_t)(int8_t)a + (uint32_t)(int16_t)b + (uint8_t)b + (uint16_t)a;
        acc += __builtin_bswap32(a) + __builtin_bswap16((uint16_t)b);
        uint64_t wide = (uint64_t)a * b;
        acc += (uint32_t)(wide >> 32);
        int64_t swide = (int64_t)sa * sb;
        acc += (uint32_t)(swide >> 32) + (uint32_t)swide;
        results[i] = acc;
        results[12 + i] = (uint32_t)sacc;
        results[24 + i] = x;
        results[36 + i] = (a > b) + (sa < sb) * 2 + (a == b) * 4;
    }
    return 0;
}
