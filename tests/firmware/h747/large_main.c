/* Main for the large image: sums the payload so it is referenced; written for Stm32.Build. */
#include <stdint.h>

extern const uint8_t large_payload[];
uint32_t payload_sum;
uint32_t payload_seed = 0x5EED5EEDu;

int main(void)
{
    uint32_t sum = payload_seed;
    for (const uint8_t *p = large_payload; p < large_payload + 1024; p++)
    {
        sum = (sum << 5) + sum + *p;
    }
    payload_sum = sum;
    for (;;)
    {
    }
}
