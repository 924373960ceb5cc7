/* The low-power variants of the single-core family firmware: what a CubeMX project does that puts the chip to
 * sleep right after start-up (HAL_PWR_EnterSTOPMode / HAL_PWREx_EnterSTOP1Mode / HAL_PWR_EnterSTANDBYMode), with
 * or without the DBGMCU debug-in-low-power bits (HAL_DBGMCU_EnableDBGStopMode, HAL_DBGMCU_EnableDBGStandbyMode).
 * The family's device.h gives the registers (LP_...). SysTick is left running, as most projects do: it wakes the
 * core from Stop only when DBG_STOP keeps the core clock. Written for Stm32.Build; no ST code.
 *
 * Build switches: LOW_POWER_STOP or LOW_POWER_STANDBY (which mode), LOW_POWER_DEBUG (set the DBGMCU bits first). */
#include "device.h"
#include "family_hal.h"

volatile uint32_t lowpower_exits;

void LowPower_AfterBoot(void)
{
    LP_CLOCKS();
#if defined(LOW_POWER_DEBUG)
    LP_DBGMCU_CR |= LP_DBGMCU_BITS;
#endif
    Console_Print((LP_PWR_SR & LP_PWR_SBF) != 0u ? "standby flag 1\r\n" : "standby flag 0\r\n");
    LP_PWR_CLEAR_SBF();   /* __HAL_PWR_CLEAR_FLAG(PWR_FLAG_SB) */
#if defined(LOW_POWER_STANDBY)
    MODIFY_BITS(LP_PWR_CR, LP_PWR_MODE_Msk, LP_PWR_STANDBY);
    Console_Print("enter standby\r\n");
#else
    MODIFY_BITS(LP_PWR_CR, LP_PWR_MODE_Msk, LP_PWR_STOP);
    Console_Print("enter stop\r\n");
#endif
    SCB_SCR |= SCB_SCR_SLEEPDEEP;
    __WFI();
    SCB_SCR &= ~SCB_SCR_SLEEPDEEP;
    lowpower_exits++;
    Console_Print("low power exit\r\n");
}
