/* PWR and DBGMCU functions of the STM32H747 test firmware. Written for Stm32.Build from RM0399 chapter 7
 * (PWR: supply configuration, voltage scaling, low-power modes) and the DBGMCU section (61.5); the order of
 * register accesses and the flags polled are those of ST's HAL_PWREx_ConfigSupply,
 * __HAL_PWR_VOLTAGESCALING_CONFIG, HAL_PWREx_EnterSTOPMode and HAL_DBGMCU_* (facts only, our own code). */
#include "device.h"
#include "h747_hal.h"

/* PWR_CR3 is written once after power-on: while SMPSEN and LDOEN both read 1 (the reset value) the supply
 * is not configured yet and the write goes through; afterwards the register is locked and a different
 * configuration is refused (HAL_ERROR), the same one accepted (HAL_OK) without writing. After the write,
 * ACTVOSRDY in PWR_CSR1 says the new supply is up (PWR_FLAG_SETTING_DELAY = 1 s); configurations where the
 * SMPS also feeds external circuits wait for SMPSEXTRDY too. On a board whose wiring does not support the
 * configuration the core supply is lost at this store. */
HAL_StatusTypeDef HAL_PWREx_ConfigSupply(uint32_t SupplySource)
{
    uint32_t tickstart;

    if ((PWR_CR3 & (PWR_CR3_SMPSEN | PWR_CR3_LDOEN | PWR_CR3_BYPASS)) != (PWR_CR3_SMPSEN | PWR_CR3_LDOEN))
    {
        if ((PWR_CR3 & PWR_SUPPLY_CONFIG_MASK) != SupplySource)
        {
            return HAL_ERROR;
        }
        return HAL_OK;
    }

    MODIFY_BITS(PWR_CR3, PWR_SUPPLY_CONFIG_MASK, SupplySource);  /* @event supply-write */

    tickstart = HAL_GetTick();
    while ((PWR_CSR1 & PWR_CSR1_ACTVOSRDY) == 0u)
    {
        if ((HAL_GetTick() - tickstart) > PWR_FLAG_SETTING_DELAY)
        {
            return HAL_ERROR;
        }
    }

    if (SupplySource == PWR_SMPS_1V8_SUPPLIES_EXT_AND_LDO || SupplySource == PWR_SMPS_2V5_SUPPLIES_EXT_AND_LDO
        || SupplySource == PWR_SMPS_1V8_SUPPLIES_EXT || SupplySource == PWR_SMPS_2V5_SUPPLIES_EXT)
    {
        tickstart = HAL_GetTick();
        while ((PWR_CR3 & PWR_CR3_SMPSEXTRDY) == 0u)
        {
            if ((HAL_GetTick() - tickstart) > PWR_FLAG_SETTING_DELAY)
            {
                return HAL_ERROR;
            }
        }
    }
    return HAL_OK;
}

/* __HAL_PWR_VOLTAGESCALING_CONFIG on the STM32H74x/75x: scale 0 is reached through scale 1 plus the
 * SYSCFG_PWRCR.ODEN overdrive (RM0399 chapter 7, VOS0 activation: VOS = scale 1, SYSCFG clock on, ODEN = 1,
 * then wait for VOSRDY, which the caller does). Each write is read back, as HAL does ("delay after
 * setting"). The SYSCFG clock must already be on (main enables it before SystemClock_Config). */
void PWR_VoltageScalingConfig(uint32_t scale)
{
    volatile uint32_t readback;
    if (scale == PWR_REGULATOR_VOLTAGE_SCALE0)
    {
        MODIFY_BITS(PWR_D3CR, PWR_D3CR_VOS_Msk, PWR_REGULATOR_VOLTAGE_SCALE1);
        readback = PWR_D3CR & PWR_D3CR_VOS_Msk;
        SYSCFG_PWRCR |= SYSCFG_PWRCR_ODEN;
        readback = SYSCFG_PWRCR & SYSCFG_PWRCR_ODEN;
    }
    else
    {
        SYSCFG_PWRCR &= ~SYSCFG_PWRCR_ODEN;
        readback = SYSCFG_PWRCR & SYSCFG_PWRCR_ODEN;
        MODIFY_BITS(PWR_D3CR, PWR_D3CR_VOS_Msk, scale);
        readback = PWR_D3CR & PWR_D3CR_VOS_Msk;
    }
    (void)readback;
}

int PWR_VoltageScalingReady(void)
{
    return (PWR_D3CR & PWR_D3CR_VOSRDY) != 0u;
}

/* HAL_PWREx_EnterSTOPMode: regulator state in CR1.LPDS; for the domain of the calling core PDDS cleared
 * ("keep DStop when the domain enters deep sleep"), SLEEPDEEP set, DSB/ISB, WFI or WFE, SLEEPDEEP cleared
 * after wake-up. For PWR_D3_DOMAIN only PDDS_D3 of the calling core's CPUCR/CPU2CR is cleared. */
void HAL_PWREx_EnterSTOPMode(uint32_t Regulator, uint8_t STOPEntry, uint32_t Domain)
{
    MODIFY_BITS(PWR_CR1, PWR_CR1_LPDS, Regulator);

    if (Domain == PWR_D3_DOMAIN)
    {
#if defined(CORE_CM4)
        PWR_CPU2CR &= ~PWR_CPU2CR_PDDS_D3;
#else
        PWR_CPUCR &= ~PWR_CPUCR_PDDS_D3;
#endif
        return;
    }
#if defined(CORE_CM4)
    if (Domain != PWR_D2_DOMAIN)
    {
        return;   /* a core only stops its own domain */
    }
    PWR_CPU2CR &= ~PWR_CPU2CR_PDDS_D2;
#else
    if (Domain != PWR_D1_DOMAIN)
    {
        return;
    }
    PWR_CPUCR &= ~PWR_CPUCR_PDDS_D1;
#endif
    SCB_SCR |= SCB_SCR_SLEEPDEEP;
    __DSB();
    __ISB();
    if (STOPEntry == PWR_STOPENTRY_WFI)
    {
        __WFI();   /* @event stop-entry */
    }
    else
    {
        __WFE();   /* @event stop-entry-wfe */
    }
    SCB_SCR &= ~SCB_SCR_SLEEPDEEP;
}

/* Clears a stale event so the next WFE sleeps: the Cortex-M4 sets the event register first (SEV) so the
 * WFE returns at once and clears it; the Cortex-M7 just executes WFE, as ST's dual-core HAL does. */
void HAL_PWREx_ClearPendingEvent(void)
{
#if defined(CORE_CM4)
    __SEV();
    __WFE();
#else
    __WFE();
#endif
}

/* DBGMCU_CR low-power debug bits (RM0399 61.5.x): with them set the debug clocks of the domain keep running
 * in Sleep/Stop, so the debugger still reaches the core; HAL_DBGMCU_EnableDBGSleepMode/StopMode and
 * HAL_EnableDomain3DBGStopMode set one bit each. */
void HAL_DBGMCU_EnableDBGSleepMode(void)
{
    DBGMCU_CR |= DBGMCU_CR_DBGSLEEP_D1;   /* @event dbgmcu-sleep */
}

void HAL_DBGMCU_EnableDBGStopMode(void)
{
    DBGMCU_CR |= DBGMCU_CR_DBGSTOP_D1;    /* @event dbgmcu-stop-d1 */
}

void HAL_EnableDomain3DBGStopMode(void)
{
    DBGMCU_CR |= DBGMCU_CR_DBGSTOP_D3;    /* @event dbgmcu-stop-d3 */
}

/* __HAL_DBGMCU_FREEZE_IWDG1: IWDG1 stops counting while the Cortex-M7 is halted by a debugger. */
void HAL_DBGMCU_FreezeIWDG1(void)
{
    DBGMCU_APB4FZ1 |= DBGMCU_APB4FZ1_DBG_IWDG1;   /* @event iwdg-freeze */
}
