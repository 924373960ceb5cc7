/* Double-precision FPU code (Cortex-M7 FPv5-D16): arithmetic, fma, sqrt, conversions, comparisons. */
#include <stdint.h>

volatile double dresults[16];
volatile float fresults[4];
volatile int32_t iresults[4];

int main(void)
{
    double x = 0.3, acc = 1.0;
    for (int i = 0; i < 5; i++)
    {
        acc = acc * x + 1.0 / (x + 3.0);
        acc = __builtin_fma(acc, 0.999, x);
        x = x * 1.9 - 0.45;
        dresults[i] = acc;
        dresults[5 + i] = __builtin_sqrt(__builtin_fabs(acc - 2.0));
    }
    dresults[10] = (double)(int32_t)(acc * -1000.0);
    dresults[11] = (double)(uint32_t)(x * x * 10000.0);
    fresults[0] = (float)dresults[3];
    fresults[1] = (float)(dresults[4] * 1e30);
    dresults[12] = (double)fresults[0] - dresults[3];
    iresults[0] = dresults[2] < dresults[3];
    iresults[1] = (int32_t)(dresults[9] * 65536.0);
    dresults[13] = -dresults[1] / dresults[5];
    return 0;
}
