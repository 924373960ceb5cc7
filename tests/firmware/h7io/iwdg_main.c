/* IWDG1 started like HAL_IWDG_Init (RM0399 IWDG: 0xCCCC, 0x5555, PR, RLR, SR polled, 0xAAAA) with a 100 ms
 * timeout (LSI 32 kHz / 16 × 200), refreshed about every millisecond. Build switch IWDG_FREEZE: DBGMCU_APB4FZ1
 * DBG_IWDG1 first (__HAL_DBGMCU_FREEZE_IWDG1), so a debugger's halt stops the counter. Written for Stm32.Build. */
#include "io.h"

volatile uint32_t refresh_count;

int main(void)
{
#if defined(IWDG_FREEZE)
    DBGMCU_APB4FZ1 |= DBGMCU_APB4FZ1_DBG_IWDG1;
#endif
    IWDG_KR = IWDG_KEY_ENABLE;
    IWDG_KR = IWDG_KEY_WRITE_ACCESS;
    IWDG_PR = 2u;       /* /16 */
    IWDG_RLR = 199u;    /* 200 periods of 0.5 ms */
    while ((IWDG_SR & (IWDG_SR_PVU | IWDG_SR_RVU | IWDG_SR_WVU)) != 0u)
    {
    }
    IWDG_KR = IWDG_KEY_RELOAD;
    for (;;)
    {
        Delay_Cycles(64000u);
        IWDG_KR = IWDG_KEY_RELOAD;
        refresh_count++;
    }
}
