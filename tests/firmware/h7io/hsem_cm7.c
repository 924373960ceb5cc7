/* Cortex-M7 side of the dual-core boot handshake of a CubeMX dual-core project (RM0399 HSEM and EXTI; ST's
 * dual-core SystemInit unmasks EXTI event input 78 for CPU2): EXTI_C2EMR3 bit 14 set, then, after about 1 ms of
 * work, semaphore 0 taken by a 1-step lock (HAL_HSEM_FastTake) and released (HAL_HSEM_Release) to wake the
 * Cortex-M4. Written for Stm32.Build. */
#include "io.h"

volatile uint32_t released_at_loop;
volatile uint32_t loop_count;

int main(void)
{
    EXTI_C2EMR3 |= EXTI_LINE_HSEM_C2EMR3;
    Clock_Enable(&RCC_AHB4ENR, RCC_AHB4ENR_HSEMEN);
    Delay_Cycles(64000u);                                   /* "system initialisation": about 1 ms */
    if (HSEM_RLR(0u) == (HSEM_R_LOCK | (HSEM_COREID_CM7 << HSEM_R_COREID_Pos)))
    {
        HSEM_R(0u) = HSEM_COREID_CM7 << HSEM_R_COREID_Pos;  /* release: LOCK = 0, COREID 3, PROCID 0 */
        released_at_loop = 1u;
    }
    for (;;)
    {
        loop_count++;
    }
}
