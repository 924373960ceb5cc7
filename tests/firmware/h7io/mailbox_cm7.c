/* Cortex-M7 side of the shared-SRAM mailbox: every exchange waits two of its own SysTick periods polling its tick
 * count (a HAL_Delay busy-wait), writes ping, then polls pong until the Cortex-M4 has answered, timing the round
 * trip with DWT_CYCCNT. Both cores spend nearly all their time in busy-waits that read without storing. Written for
 * Stm32.Build. */
#include "mailbox.h"

volatile uint32_t cm7_tick;
volatile uint32_t exchanges;
volatile uint32_t rtt_max;
volatile uint32_t rtt_min = 0xFFFFFFFFu;

void SysTick_Handler(void)
{
    cm7_tick++;
}

static void Delay_Ticks(uint32_t ticks)
{
    uint32_t start = cm7_tick;
    while (cm7_tick - start < ticks)
    {
    }
}

int main(void)
{
    MAILBOX->ping = 0u;
    MAILBOX->pong = 0u;
    DEMCR_REG |= DEMCR_TRCENA;
    DWT_CYCCNT = 0u;
    DWT_CTRL |= 1u;
    Tick_Start(64000u); /* 1 ms */
    for (uint32_t i = 1u;; i++)
    {
        Delay_Ticks(2u);
        uint32_t start = DWT_CYCCNT;
        MAILBOX->ping = i;
        while (MAILBOX->pong != i)
        {
        }
        uint32_t rtt = DWT_CYCCNT - start;
        if (rtt > rtt_max)
        {
            rtt_max = rtt;
        }
        if (rtt < rtt_min)
        {
            rtt_min = rtt;
        }
        exchanges = i;
    }
}
