/* A mailbox in D3 SRAM4 (0x38000000, RM0399 2.3.2 memory map: reachable from both cores) for the scheduler's
 * cross-core latency test, and the Cortex-M debug registers the Cortex-M7 times it with (ARMv7-M ARM C1.6.5 DEMCR
 * TRCENA, C1.8.7 DWT_CTRL CYCCNTENA, DWT_CYCCNT). Written for Stm32.Build. */
#ifndef H7IO_MAILBOX_H
#define H7IO_MAILBOX_H

#include "io.h"

struct mailbox
{
    uint32_t ping;   /* written by the Cortex-M7: the number of the exchange */
    uint32_t pong;   /* written back by the Cortex-M4 when it sees ping */
};

#define MAILBOX ((volatile struct mailbox *)0x38000000u)

#define DEMCR_REG   REG32(0xE000EDFCu)
#define DEMCR_TRCENA (1u << 24)
#define DWT_CTRL    REG32(0xE0001000u)
#define DWT_CYCCNT  REG32(0xE0001004u)

/* SysTick every `cycles` cycles of the 64 MHz reset clock, interrupt on (ARMv7-M B3.3). */
static inline void Tick_Start(uint32_t cycles)
{
    SYST_RVR = cycles - 1u;
    SYST_CVR = 0u;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

#endif
