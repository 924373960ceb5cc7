/* Firmware that idles the way HAL firmware does (written for this project, no ST sources): a 1 kHz SysTick that
 * counts uwTick, HAL_GetTick/HAL_Delay polling it, a clock-ready flag polled with a tick timeout, a countdown
 * loop, then a main loop toggling an output every 100 ms. The "clock control" and "output" registers are the test
 * board's register block at 0x40000000 (tests/Support/SeamHost.cs). */
#include <stdint.h>

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define CLOCK_CR (*(volatile uint32_t *)0x40000000u)
#define OUTPUT (*(volatile uint32_t *)0x40000004u)
#define CLOCK_ON (1u << 16)
#define CLOCK_READY (1u << 17)
#define CORE_HZ 64000000u

volatile uint32_t uwTick;
volatile int32_t clock_result = 1;
volatile uint32_t countdown_done;

void SysTick_Handler(void)
{
    uwTick++;
}

uint32_t __attribute__((noinline)) HAL_GetTick(void)
{
    return uwTick;
}

void __attribute__((noinline)) HAL_Delay(uint32_t delay)
{
    uint32_t tickstart = HAL_GetTick();
    uint32_t wait = delay;
    if (wait < 0xFFFFFFFFu)
    {
        wait++;
    }
    while ((HAL_GetTick() - tickstart) < wait)
    {
    }
}

static int32_t __attribute__((noinline)) wait_clock_ready(uint32_t timeout)
{
    uint32_t tickstart = HAL_GetTick();
    while ((CLOCK_CR & CLOCK_READY) == 0)
    {
        if ((HAL_GetTick() - tickstart) > timeout)
        {
            return -1;
        }
    }
    return 0;
}

static void __attribute__((noinline)) count_down(uint32_t n)
{
    while (n--)
    {
        __asm volatile("nop");
    }
    countdown_done = 1;
}

int main(void)
{
    SYST_RVR = CORE_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7; /* processor clock, interrupt, enable */
    CLOCK_CR |= CLOCK_ON;
    clock_result = wait_clock_ready(5000);
    count_down(100000);
    for (;;)
    {
        OUTPUT ^= 1u;
        HAL_Delay(100);
    }
}
