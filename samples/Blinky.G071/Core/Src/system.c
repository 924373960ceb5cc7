/* SystemInit for the Blinky sample: the vector table at the start of the flash (SCB_VTOR at 0xE000ED08, ARMv6-M
 * Architecture Reference Manual, the Cortex-M0+ has VTOR), so the image runs the same whatever the boot alias. */
#include <stdint.h>

#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08u)

extern const uint32_t g_pfnVectors[];

void SystemInit(void)
{
    SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;
}
