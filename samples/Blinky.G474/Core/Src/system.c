/* SystemInit for the Blinky sample: enables the Cortex-M4 FPU (CP10/CP11 full access in CPACR,
 * ARMv7-M Architecture Reference Manual, Coprocessor Access Control Register CPACR at 0xE000ED88): the build uses
 * the hard-float ABI of the STM32G474's fpv4-sp-d16. */
#include <stdint.h>

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)

void SystemInit(void)
{
    SCB_CPACR |= (3u << 20) | (3u << 22);
}
