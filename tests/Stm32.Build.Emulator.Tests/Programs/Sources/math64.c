/* 64-bit arithmetic: multiplication, signed and unsigned division (__aeabi_ldivmod, __aeabi_uldivmod), shifts. */
#include <stdint.h>

volatile uint64_t results[16];

int main(void)
{
    uint64_t u = 0x0123456789ABCDEFull, v = 0x00000003FFFFFFFBull;
    int64_t s = -0x00123456789ABCDEll, t = 0x0000000000012345ll;
    for (int i = 0; i < 4; i++)
    {
        results[i] = u / v + u % v;
        results[4 + i] = (uint64_t)(s / t) ^ (uint64_t)(s % t);
        results[8 + i] = (u << (i * 7 + 3)) | (u >> (61 - i * 5));
        results[12 + i] = (uint64_t)((s >> (i * 9 + 1)) * (int64_t)(t + i));
        u = u * 6364136223846793005ull + 1442695040888963407ull;
        v = (v >> 1) + (uint64_t)i * 977u + 1u;
        s = -s * 3 + (int64_t)i;
        t = -(t + 1234567);
    }
    return 0;
}
