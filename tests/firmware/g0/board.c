/* STM32G071 board code of the test firmware (NUCLEO-G071RB), laid out like the CubeMX-generated parts of a
 * project plus our own register-level HAL_Init/HAL_PWREx_ControlVoltageScaling/HAL_RCC_OscConfig/
 * HAL_RCC_ClockConfig/HAL_FLASH(Ex) option-byte functions with the order, flags and timeouts of ST's G0 HAL.
 * Written for Stm32.Build; no ST code.
 *
 * Clock tree (RM0444 RCC chapter): HSI16 / PLLM 1 * PLLN 8 / PLLR 2 = 64 MHz (PLLP 2, PLLQ 2), range 1, AHB /1,
 * APB /1, 2 flash wait states (RM0444 table "Number of wait states according to flash memory clock (HCLK)
 * frequency", range 1: 48 < HCLK <= 64 MHz). USART2 kernel clock PCLK (CCIPR.USART2SEL = 00).
 * Build switches: SWD_AS_GPIO (PA13/PA14 push-pull outputs in MX_GPIO_Init); OPTION_BYTES (FLASH_OPTR:
 * NRST_MODE = GPIO, nBOOT_SEL = 0, then OBL_LAUNCH). */
#include "device.h"
#include "family_hal.h"

uint32_t SystemCoreClock = HSI_VALUE;
static const uint8_t AHBPrescTable[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
extern const uint32_t g_pfnVectors[];

void SystemInit(void)
{
    SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;   /* Cortex-M0+ with VTOR (ARMv6-M B3.2.5) */
}

static uint32_t GetSysClockFreq(void)
{
    if (((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) != RCC_CFGR_SW_PLL)
    {
        return HSI_VALUE;
    }
    uint32_t pllm = ((RCC_PLLCFGR >> 4) & 7u) + 1u;
    uint32_t plln = (RCC_PLLCFGR >> RCC_PLLCFGR_PLLN_Pos) & 0x7Fu;
    uint32_t pllr = ((RCC_PLLCFGR >> 29) & 7u) + 1u;
    return HSI_VALUE / pllm * plln / pllr;
}

/* HAL_Init (G0 defaults: instruction cache stays on, prefetch on), 1 kHz SysTick at priority 3 (no priority
 * grouping on ARMv6-M), HAL_MspInit: SYSCFG and PWR clocks, UCPD1/UCPD2 dead-battery strobes released. */
HAL_StatusTypeDef HAL_Init(void)
{
    FLASH_ACR |= FLASH_ACR_PRFTEN;
    if (HAL_InitTick(TICK_INT_PRIORITY) != HAL_OK)
    {
        return HAL_ERROR;
    }
    ClockEnable(&RCC_APBENR2, RCC_APBENR2_SYSCFGEN);
    ClockEnable(&RCC_APBENR1, RCC_APBENR1_PWREN);
    SYSCFG_CFGR1 |= SYSCFG_CFGR1_UCPD1_STROBE | SYSCFG_CFGR1_UCPD2_STROBE;
    return HAL_OK;
}

/* HAL_PWREx_ControlVoltageScaling(PWR_REGULATOR_VOLTAGE_SCALE1): VOS = range 1, then VOSF polled for 6 us worth
 * of loop iterations. */
static HAL_StatusTypeDef PWREx_ControlVoltageScaling_Range1(void)
{
    MODIFY_BITS(PWR_CR1, PWR_CR1_VOS_Msk, PWR_CR1_VOS_RANGE1);
    uint32_t wait = ((PWR_VOSF_SETTING_DELAY_6_US * SystemCoreClock) / 1000000u) + 1u;
    while ((PWR_SR2 & PWR_SR2_VOSF) != 0u)
    {
        if (wait == 0u)
        {
            return HAL_TIMEOUT;
        }
        wait--;
    }
    return HAL_OK;
}

/* HSI16 clocks the core: trimming (HSITRIM = 64) and HSIDIV = /1 written, SystemCoreClock and SysTick updated.
 * PLL: off, PLLRDY low within 2 ms, source/M/N/P/Q/R in one write, PLLON, PLLREN, PLLRDY within 2 ms. */
static HAL_StatusTypeDef RCC_OscConfig(void)
{
    MODIFY_BITS(RCC_ICSCR, RCC_ICSCR_HSITRIM_Msk, RCC_HSICALIBRATION_DEFAULT << RCC_ICSCR_HSITRIM_Pos);
    MODIFY_BITS(RCC_CR, RCC_CR_HSIDIV_Msk, 0u);
    SystemCoreClock = HSI_VALUE;
    if (HAL_InitTick(uwTickPrio) != HAL_OK)
    {
        return HAL_ERROR;
    }
    RCC_CR &= ~RCC_CR_PLLON;
    uint32_t tickstart = HAL_GetTick();
    while ((RCC_CR & RCC_CR_PLLRDY) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > PLL_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    MODIFY_BITS(RCC_PLLCFGR, RCC_PLLCFGR_CONFIG_Msk, RCC_PLLCFGR_PLLSRC_HSI | (8u << RCC_PLLCFGR_PLLN_Pos)
        | RCC_PLLCFGR_PLLP_DIV2 | RCC_PLLCFGR_PLLQ_DIV2 | RCC_PLLCFGR_PLLR_DIV2);
    RCC_CR |= RCC_CR_PLLON;
    RCC_PLLCFGR |= RCC_PLLCFGR_PLLREN;
    tickstart = HAL_GetTick();
    while ((RCC_CR & RCC_CR_PLLRDY) == 0u)   /* @event pll-wait */
    {
        if ((HAL_GetTick() - tickstart) > PLL_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    return HAL_OK;
}

/* HAL_RCC_ClockConfig (G0): wait states up first, polled until FLASH_ACR reads them (5 s); PPRE = /16 then HPRE;
 * PLL ready checked, SW = PLL, SWS polled; wait states down (polled); final PPRE; SystemCoreClock; SysTick. */
static HAL_StatusTypeDef RCC_ClockConfig(uint32_t latency)
{
    uint32_t tickstart;
    if (latency > (FLASH_ACR & FLASH_ACR_LATENCY_Msk))
    {
        MODIFY_BITS(FLASH_ACR, FLASH_ACR_LATENCY_Msk, latency);   /* @event flash-latency */
        tickstart = HAL_GetTick();
        while ((FLASH_ACR & FLASH_ACR_LATENCY_Msk) != latency)
        {
            if ((HAL_GetTick() - tickstart) > CLOCKSWITCH_TIMEOUT_VALUE)
            {
                return HAL_TIMEOUT;
            }
        }
    }
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE_Msk, RCC_CFGR_PPRE_DIV16);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_HPRE_Msk, 0u);
    if ((RCC_CR & RCC_CR_PLLRDY) == 0u)
    {
        return HAL_ERROR;
    }
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_SW_Msk, RCC_CFGR_SW_PLL);   /* @event sysclk-switch */
    tickstart = HAL_GetTick();
    while (((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) != RCC_CFGR_SW_PLL)
    {
        if ((HAL_GetTick() - tickstart) > CLOCKSWITCH_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    if (latency < (FLASH_ACR & FLASH_ACR_LATENCY_Msk))
    {
        MODIFY_BITS(FLASH_ACR, FLASH_ACR_LATENCY_Msk, latency);
        tickstart = HAL_GetTick();
        while ((FLASH_ACR & FLASH_ACR_LATENCY_Msk) != latency)
        {
            if ((HAL_GetTick() - tickstart) > CLOCKSWITCH_TIMEOUT_VALUE)
            {
                return HAL_TIMEOUT;
            }
        }
    }
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE_Msk, 0u);
    SystemCoreClock = GetSysClockFreq() >> AHBPrescTable[(RCC_CFGR & RCC_CFGR_HPRE_Msk) >> RCC_CFGR_HPRE_Pos];
    return HAL_InitTick(uwTickPrio);   /* @event systick-reprogram */
}

void SystemClock_Config(void)
{
    if (PWREx_ControlVoltageScaling_Range1() != HAL_OK)
    {
        Error_Handler();
    }
    if (RCC_OscConfig() != HAL_OK)
    {
        Error_Handler();   /* @event clock-error */
    }
    if (RCC_ClockConfig(2u) != HAL_OK)
    {
        Error_Handler();
    }
}

void MX_GPIO_Init(void)
{
    GPIO_InitTypeDef init = {0};
    ClockEnable(&RCC_IOPENR, RCC_IOPENR_GPIOAEN);
    HAL_GPIO_WritePin(LED_PORT, GPIO_PIN(LED_PIN), 0);
    init.Pin = GPIO_PIN(LED_PIN);
    init.Mode = GPIO_MODE_OUTPUT_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    HAL_GPIO_Init(LED_PORT, &init);
#if defined(SWD_AS_GPIO)
    HAL_GPIO_WritePin(GPIO_PORT_A, GPIO_PIN(13) | GPIO_PIN(14), 0);
    init.Pin = GPIO_PIN(13) | GPIO_PIN(14);
    HAL_GPIO_Init(GPIO_PORT_A, &init);   /* @event swd-off */
#endif
}

/* USART2 115200 8N1 on PA2/PA3 AF1, kernel clock PCLK (set by the MSP), HAL_UART_Init. */
void MX_CONSOLE_UART_INIT(void)
{
    GPIO_InitTypeDef init = {0};
    MODIFY_BITS(RCC_CCIPR, RCC_CCIPR_USART2SEL_Msk, 0u);
    ClockEnable(&RCC_APBENR1, RCC_APBENR1_USART2EN);
    ClockEnable(&RCC_IOPENR, RCC_IOPENR_GPIOAEN);
    init.Pin = GPIO_PIN(2) | GPIO_PIN(3);
    init.Mode = GPIO_MODE_AF_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    init.Alternate = 1u;
    HAL_GPIO_Init(GPIO_PORT_A, &init);
    if (HAL_UART_Init(CONSOLE_UART_BASE, 115200u, SystemCoreClock) != HAL_OK)
    {
        Error_Handler();
    }
}

void Board_ToggleLed(void)
{
#if defined(IWDG_UNFROZEN)
    IWDG_KR = IWDG_KEY_RELOAD;   /* HAL_IWDG_Refresh, every blink (250 ms) */
#endif
    HAL_GPIO_TogglePin(LED_PORT, GPIO_PIN(LED_PIN));
}

#if defined(OPTION_BYTES)
/* FLASH_WaitForLastOperation: BSY1 clear (1 s), errors read and cleared, CFGBSY clear. */
static HAL_StatusTypeDef WaitForLastOperation(void)
{
    uint32_t tickstart = HAL_GetTick();
    while ((FLASH_SR & FLASH_SR_BSY1) != 0u)
    {
        if ((HAL_GetTick() - tickstart) >= FLASH_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    uint32_t errors = FLASH_SR & FLASH_SR_ERRORS;
    FLASH_SR = FLASH_SR_CLEAR;
    if (errors != 0u)
    {
        return HAL_ERROR;
    }
    while ((FLASH_SR & FLASH_SR_CFGBSY) != 0u)
    {
        if ((HAL_GetTick() - tickstart) >= FLASH_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    return HAL_OK;
}

/* The NRST pin as a GPIO (PF2) and BOOT0 taken from the PA14-BOOT0 pin, the HAL way: HAL_FLASH_Unlock,
 * HAL_FLASH_OB_Unlock, HAL_FLASHEx_OBProgram(OPTIONBYTE_USER, OB_USER_NRST_MODE | OB_USER_nBOOT_SEL,
 * OB_RESET_MODE_GPIO | OB_BOOT0_FROM_PIN) (FLASH_OPTR read-modify-write keeping RDP, OPTSTRT, wait, OPTSTRT
 * cleared), then HAL_FLASH_OB_Launch: OBL_LAUNCH reloads the option bytes and resets the device. On the next
 * start the option bytes already hold these values and nothing is written. */
void Board_BeforeMainLoop(void)
{
    const uint32_t wanted = FLASH_OPTR_NRST_MODE_GPIO;   /* and nBOOT_SEL = 0 */
    if ((FLASH_OPTR & (FLASH_OPTR_NRST_MODE_Msk | FLASH_OPTR_nBOOT_SEL)) == wanted)
    {
        Console_Print("ob nrst gpio, boot0 from pin\r\n");
        return;
    }
    if ((FLASH_CR & FLASH_CR_LOCK) != 0u)
    {
        FLASH_KEYR = FLASH_KEY1;   /* @event flash-unlock */
        FLASH_KEYR = FLASH_KEY2;
        if ((FLASH_CR & FLASH_CR_LOCK) != 0u)
        {
            Error_Handler();
        }
    }
    if ((FLASH_CR & FLASH_CR_OPTLOCK) != 0u)
    {
        FLASH_OPTKEYR = FLASH_OPTKEY1;   /* @event ob-unlock */
        FLASH_OPTKEYR = FLASH_OPTKEY2;
        if ((FLASH_CR & FLASH_CR_OPTLOCK) != 0u)
        {
            Error_Handler();
        }
    }
    uint32_t optr = FLASH_OPTR;
    uint32_t rdp = optr & FLASH_OPTR_RDP_Msk;
    optr &= ~(FLASH_OPTR_NRST_MODE_Msk | FLASH_OPTR_nBOOT_SEL | FLASH_OPTR_RDP_Msk);
    FLASH_OPTR = optr | wanted | rdp;   /* @event ob-program */
    if (WaitForLastOperation() != HAL_OK)
    {
        Error_Handler();
    }
    FLASH_CR |= FLASH_CR_OPTSTRT;
    HAL_StatusTypeDef status = WaitForLastOperation();
    FLASH_CR &= ~FLASH_CR_OPTSTRT;
    if (status != HAL_OK)
    {
        Error_Handler();
    }
    Console_Print("ob written, launching\r\n");
    FLASH_CR |= FLASH_CR_OBL_LAUNCH;   /* @event ob-launch */
    for (;;)
    {
        /* the option byte loading resets the device */
    }
}
#elif defined(IWDG_UNFROZEN)
/* MX_IWDG_Init with HAL_IWDG_Init(Prescaler /32, Reload 999: 1000 x 32 / 32 kHz = 1 s) and no
 * __HAL_DBGMCU_FREEZE_IWDG(): start (0xCCCC), write access (0x5555), PR, RLR, SR polled until the updates are done
 * (48 ms), reload (0xAAAA). The main loop refreshes it with every blink; a halted core does not. */
void Board_BeforeMainLoop(void)
{
    IWDG_KR = IWDG_KEY_ENABLE;   /* @event iwdg-start */
    IWDG_KR = IWDG_KEY_WRITE_ACCESS;
    IWDG_PR = IWDG_PR_DIV32;
    IWDG_RLR = 999u;
    uint32_t tickstart = HAL_GetTick();
    while ((IWDG_SR & IWDG_SR_BUSY_Msk) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > IWDG_TIMEOUT_MS)
        {
            Error_Handler();
        }
    }
    IWDG_KR = IWDG_KEY_RELOAD;
    Console_Print("iwdg started, 1000 ms\r\n");
}
#else
void Board_BeforeMainLoop(void)
{
}
#endif
