/* Cortex-M4 side of the shared-SRAM mailbox: polls ping for the next exchange number and answers it in pong at
 * once; its own SysTick runs meanwhile, at a period that keeps its ticks out of step with the Cortex-M7's. Written for Stm32.Build. */
#include "mailbox.h"

volatile uint32_t cm4_tick;
volatile uint32_t answered;

void SysTick_Handler(void)
{
    cm4_tick++;
}

int main(void)
{
    Tick_Start(45000u); /* about 0.7 ms: out of step with the Cortex-M7's tick */
    for (uint32_t i = 1u;; i++)
    {
        while (MAILBOX->ping != i)
        {
        }
        MAILBOX->pong = i;
        answered = i;
    }
}
