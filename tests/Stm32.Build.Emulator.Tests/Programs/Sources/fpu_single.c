/* Single-precision FPU code: arithmetic, fused multiply-add, square root, conversions, comparisons, rounding. */
#include <stdint.h>
#include <math.h>

volatile float fresults[24];
volatile int32_t iresults[8];

static float __attribute__((noinline)) poly(float x)
{
    return ((0.5f * x - 1.25f) * x + 3.0f) * x - 0.75f;
}

int main(void)
{
    float x = 0.1f, acc = 0.0f;
    for (int i = 0; i < 6; i++)
    {
        acc += poly(x) / (x + 2.0f);
        acc = __builtin_fmaf(acc, 1.0001f, -x);
        x = x * 1.7f - 0.3f;
        fresults[i] = acc;
        fresults[6 + i] = __builtin_sqrtf(__builtin_fabsf(acc) + 1.0f);
        iresults[i] = (int32_t)(acc * 1000.0f);
    }
    fresults[12] = (float)iresults[3] / 7.0f;
    fresults[13] = (float)(uint32_t)(x * x * 100.0f);
    fresults[14] = -fresults[2] * fresults[4];
    fresults[15] = fresults[1] < fresults[5] ? fresults[1] : fresults[5];
    fresults[16] = __builtin_copysignf(3.5f, fresults[14]);
    fresults[17] = 1.0f / (fresults[0] - fresults[0]);       /* +inf or -inf: division by zero */
    fresults[18] = fresults[17] - fresults[17];               /* NaN */
    iresults[6] = fresults[18] != fresults[18];
    iresults[7] = (int32_t)fresults[3] + (fresults[2] >= fresults[3]);
    return 0;
}
