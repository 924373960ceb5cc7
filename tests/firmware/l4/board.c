/* STM32L4 board code of the test firmware (NUCLEO-L432KC / NUCLEO-L476RG), laid out like the CubeMX-generated
 * parts of a project plus our own register-level HAL_Init/HAL_RCC_OscConfig/HAL_RCC_ClockConfig with the order,
 * flags and timeouts of ST's L4 HAL. Written for Stm32.Build; no ST code.
 *
 * Clock tree (RM0351/RM0394 RCC chapter): MSI range 6 (4 MHz, the reset clock) / PLLM 1 * PLLN 40 / PLLR 2 =
 * 80 MHz (PLLP 7, PLLQ 2), voltage range 1 (the reset value, so nothing is written), AHB /1, APB1 /1, APB2 /1,
 * 4 flash wait states (RM0351/RM0394 table "Number of wait states according to CPU clock (HCLK) frequency",
 * range 1: 64 < HCLK <= 80 MHz). USART2 kernel clock PCLK1 (CCIPR.USART2SEL = 00).
 * Build switch SWD_AS_GPIO: MX_GPIO_Init makes PA13/PA14 (SWDIO/SWCLK) push-pull outputs. */
#include "device.h"
#include "family_hal.h"

uint32_t SystemCoreClock = MSI_VALUE;
static const uint8_t AHBPrescTable[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
extern const uint32_t g_pfnVectors[];

void SystemInit(void)
{
    SCB_CPACR |= SCB_CPACR_CP10_CP11_FULL;
    SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;
}

static uint32_t GetSysClockFreq(void)
{
    if (((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) != RCC_CFGR_SW_PLL)
    {
        return MSI_VALUE;
    }
    uint32_t pllm = ((RCC_PLLCFGR >> RCC_PLLCFGR_PLLM_Pos) & 7u) + 1u;
    uint32_t plln = (RCC_PLLCFGR >> RCC_PLLCFGR_PLLN_Pos) & 0x7Fu;
    uint32_t pllr = (((RCC_PLLCFGR >> RCC_PLLCFGR_PLLR_Pos) & 3u) + 1u) * 2u;
    return MSI_VALUE / pllm * plln / pllr;
}

/* HAL_Init (L4 defaults: caches stay on, prefetch off): priority grouping 4, 1 kHz SysTick from the 4 MHz MSI,
 * HAL_MspInit (SYSCFG and PWR clocks). */
HAL_StatusTypeDef HAL_Init(void)
{
    SCB_AIRCR = SCB_AIRCR_VECTKEY | (SCB_AIRCR & ~(0xFFFFu << 16) & ~SCB_AIRCR_PRIGROUP_Msk) | (3u << SCB_AIRCR_PRIGROUP_Pos);
    if (HAL_InitTick(TICK_INT_PRIORITY) != HAL_OK)
    {
        return HAL_ERROR;
    }
    ClockEnable(&RCC_APB2ENR, RCC_APB2ENR_SYSCFGEN);
    ClockEnable(&RCC_APB1ENR1, RCC_APB1ENR1_PWREN);
    return HAL_OK;
}

/* HAL_PWREx_ControlVoltageScaling(PWR_REGULATOR_VOLTAGE_SCALE1): only when not in range 1 already, VOS = 01 and
 * VOSF polled for 50 us worth of iterations. */
static HAL_StatusTypeDef PWREx_ControlVoltageScaling_Range1(void)
{
    if ((PWR_CR1 & PWR_CR1_VOS_Msk) != PWR_CR1_VOS_RANGE1)
    {
        MODIFY_BITS(PWR_CR1, PWR_CR1_VOS_Msk, PWR_CR1_VOS_RANGE1);
        uint32_t wait = ((PWR_FLAG_SETTING_DELAY_US * SystemCoreClock) / 1000000u) + 1u;
        while ((PWR_SR2 & PWR_SR2_VOSF) != 0u && wait != 0u)
        {
            wait--;
        }
        if ((PWR_SR2 & PWR_SR2_VOSF) != 0u)
        {
            return HAL_TIMEOUT;
        }
    }
    return HAL_OK;
}

/* MSI feeds SYSCLK: range re-selected through MSIRGSEL + MSIRANGE = 6, MSITRIM = 0, the wait states for 4 MHz
 * (0, RCC_SetFlashLatencyFromMSIRange, read back) and SysTick re-adapted. PLL: off, PLLRDY low within 2 ms,
 * source/M/N/P/Q/R, PLLON, PLLREN, PLLRDY within 2 ms. */
static HAL_StatusTypeDef RCC_OscConfig(void)
{
    RCC_CR |= RCC_CR_MSIRGSEL;
    MODIFY_BITS(RCC_CR, RCC_CR_MSIRANGE_Msk, RCC_MSIRANGE_6 << RCC_CR_MSIRANGE_Pos);
    MODIFY_BITS(RCC_ICSCR, RCC_ICSCR_MSITRIM_Msk, 0u);
    MODIFY_BITS(FLASH_ACR, FLASH_ACR_LATENCY_Msk, 0u);
    if ((FLASH_ACR & FLASH_ACR_LATENCY_Msk) != 0u)
    {
        return HAL_ERROR;
    }
    SystemCoreClock = GetSysClockFreq() >> AHBPrescTable[(RCC_CFGR & RCC_CFGR_HPRE_Msk) >> RCC_CFGR_HPRE_Pos];
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
#if defined(PART_L432)
    const uint32_t pllp = 7u << RCC_PLLCFGR_PLLPDIV_Pos;   /* PLLPDIV = 7 */
#else
    const uint32_t pllp = 0u;                              /* PLLP = 0: /7 */
#endif
    MODIFY_BITS(RCC_PLLCFGR, RCC_PLLCFGR_CONFIG_Msk,
        RCC_PLLCFGR_PLLSRC_MSI | ((1u - 1u) << RCC_PLLCFGR_PLLM_Pos) | (40u << RCC_PLLCFGR_PLLN_Pos)
        | (((2u >> 1) - 1u) << RCC_PLLCFGR_PLLQ_Pos) | (((2u >> 1) - 1u) << RCC_PLLCFGR_PLLR_Pos) | pllp);
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

/* HAL_RCC_ClockConfig (L4): wait states up first (read back); HPRE raised only if larger (not here); PLL ready
 * checked, SW = PLL, SWS polled (5 s); HPRE lowered only if smaller; wait states down; PPRE1/PPRE2;
 * SystemCoreClock; SysTick for 1 kHz. */
static HAL_StatusTypeDef RCC_ClockConfig(uint32_t latency)
{
    if (latency > (FLASH_ACR & FLASH_ACR_LATENCY_Msk))
    {
        MODIFY_BITS(FLASH_ACR, FLASH_ACR_LATENCY_Msk, latency);   /* @event flash-latency */
        if ((FLASH_ACR & FLASH_ACR_LATENCY_Msk) != latency)
        {
            return HAL_ERROR;
        }
    }
    if ((RCC_CR & RCC_CR_PLLRDY) == 0u)
    {
        return HAL_ERROR;
    }
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_SW_Msk, RCC_CFGR_SW_PLL);   /* @event sysclk-switch */
    uint32_t tickstart = HAL_GetTick();
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
        if ((FLASH_ACR & FLASH_ACR_LATENCY_Msk) != latency)
        {
            return HAL_ERROR;
        }
    }
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE1_Msk, 0u);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE2_Msk, 0u);
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
    if (RCC_ClockConfig(4u) != HAL_OK)
    {
        Error_Handler();
    }
}

void MX_GPIO_Init(void)
{
    GPIO_InitTypeDef init = {0};
    ClockEnable(&RCC_AHB2ENR, LED_CLOCK);
    HAL_GPIO_WritePin(LED_PORT, GPIO_PIN(LED_PIN), 0);
    init.Pin = GPIO_PIN(LED_PIN);
    init.Mode = GPIO_MODE_OUTPUT_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    HAL_GPIO_Init(LED_PORT, &init);
#if defined(SWD_AS_GPIO)
    ClockEnable(&RCC_AHB2ENR, RCC_AHB2ENR_GPIOAEN);
    HAL_GPIO_WritePin(GPIO_PORT_A, GPIO_PIN(13) | GPIO_PIN(14), 0);
    init.Pin = GPIO_PIN(13) | GPIO_PIN(14);
    HAL_GPIO_Init(GPIO_PORT_A, &init);   /* @event swd-off */
#endif
}

/* USART2 115200 8N1: TX PA2 AF7, RX PA3 AF7 (L476) or PA15 AF3 (L432), kernel clock PCLK1 set by the MSP. */
void MX_CONSOLE_UART_INIT(void)
{
    GPIO_InitTypeDef init = {0};
    MODIFY_BITS(RCC_CCIPR, RCC_CCIPR_USART2SEL_Msk, 0u);
    ClockEnable(&RCC_APB1ENR1, RCC_APB1ENR1_USART2EN);
    ClockEnable(&RCC_AHB2ENR, RCC_AHB2ENR_GPIOAEN);
    init.Pin = GPIO_PIN(2);
    init.Mode = GPIO_MODE_AF_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_VERY_HIGH;
    init.Alternate = 7u;
    HAL_GPIO_Init(GPIO_PORT_A, &init);
    init.Pin = GPIO_PIN(CONSOLE_RX_PIN);
    init.Alternate = CONSOLE_RX_AF;
    HAL_GPIO_Init(GPIO_PORT_A, &init);
    if (HAL_UART_Init(CONSOLE_UART_BASE, 115200u, SystemCoreClock) != HAL_OK)
    {
        Error_Handler();
    }
}

void Board_ToggleLed(void)
{
    HAL_GPIO_TogglePin(LED_PORT, GPIO_PIN(LED_PIN));
}

void Board_BeforeMainLoop(void)
{
}
