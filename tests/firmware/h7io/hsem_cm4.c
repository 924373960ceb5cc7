/* Cortex-M4 side of the dual-core boot handshake (CubeMX CM4 main.c): HSEM release notification of semaphore 0
 * (HSEM_C2IER bit 0), pending events cleared (SEV, WFE), then WFE until the Cortex-M7's release; the wake-up is
 * counted, the HSEM status cleared (HSEM_C2ICR). Written for Stm32.Build. */
#include "io.h"

volatile uint32_t cm4_stage;
volatile uint32_t cm4_loop_count;

int main(void)
{
    Clock_Enable(&RCC_AHB4ENR, RCC_AHB4ENR_HSEMEN);
    HSEM_C2IER |= 1u;
    cm4_stage = 1u;
    __asm volatile ("sev");
    __asm volatile ("wfe");
    do
    {
        __asm volatile ("wfe");
    } while ((HSEM_C2ISR & 1u) == 0u);
    HSEM_C2ICR = 1u;
    cm4_stage = 2u;
    for (;;)
    {
        cm4_loop_count++;
    }
}
