/* STM32G4 board code of the test firmware (NUCLEO-G431RB / NUCLEO-G474RE), laid out like the CubeMX-generated
 * parts of a project plus our own register-level HAL_Init/HAL_PWREx_ControlVoltageScaling/HAL_RCC_OscConfig/
 * HAL_RCC_ClockConfig with the order, flags and timeouts of ST's G4 HAL. Written for Stm32.Build; no ST code.
 *
 * Clock tree (RM0440 RCC chapter): HSI16 / PLLM 4 * PLLN 85 / PLLR 2 = 170 MHz (PLLP 2, PLLQ 2), range 1 boost
 * mode (PWR_CR5.R1MODE = 0), AHB /1, APB1 /1, APB2 /1, 4 flash wait states (RM0440 table "Number of wait states
 * according to CPU clock (HCLK) frequency", range 1 boost: 136 < HCLK <= 170 MHz). Switching to more than
 * 80 MHz, ST's G4 HAL passes through AHB /2 and back to /1 after the switch. LPUART1 kernel clock PCLK1.
 * Build switch SWD_AS_GPIO: MX_GPIO_Init makes PA13/PA14 (SWDIO/SWCLK) push-pull outputs. */
#include "device.h"
#include "family_hal.h"

uint32_t SystemCoreClock = HSI_VALUE;
static const uint8_t AHBPrescTable[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
extern const uint32_t g_pfnVectors[];

void SystemInit(void)
{
    SCB_CPACR |= SCB_CPACR_CP10_CP11_FULL;
    SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;
}

static uint32_t PllRFreq(void)
{
    uint32_t pllm = ((RCC_PLLCFGR >> RCC_PLLCFGR_PLLM_Pos) & 0xFu) + 1u;
    uint32_t plln = (RCC_PLLCFGR >> RCC_PLLCFGR_PLLN_Pos) & 0x7Fu;
    uint32_t pllr = (((RCC_PLLCFGR >> RCC_PLLCFGR_PLLR_Pos) & 3u) + 1u) * 2u;
    return HSI_VALUE / pllm * plln / pllr;
}

static uint32_t GetSysClockFreq(void)
{
    return ((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) == RCC_CFGR_SW_PLL ? PllRFreq() : HSI_VALUE;
}

/* HAL_Init (G4 defaults: caches stay on, prefetch off): priority grouping 4, 1 kHz SysTick, HAL_MspInit
 * (SYSCFG and PWR clocks). */
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

/* HAL_PWREx_ControlVoltageScaling(PWR_REGULATOR_VOLTAGE_SCALE1_BOOST): from range 2, R1MODE cleared, VOS =
 * range 1 and VOSF polled (50 us worth of loop iterations); already in range 1 (the reset state), only R1MODE is
 * cleared. */
static HAL_StatusTypeDef PWREx_ControlVoltageScaling_Boost(void)
{
    if ((PWR_CR1 & PWR_CR1_VOS_Msk) == PWR_CR1_VOS_RANGE2)
    {
        PWR_CR5 &= ~PWR_CR5_R1MODE;
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
    else
    {
        PWR_CR5 &= ~PWR_CR5_R1MODE;   /* @event boost-mode */
    }
    return HAL_OK;
}

/* HSI16 already clocks the core: only its trimming is written (HSITRIM = 0x40) and SysTick re-adapted. PLL: off,
 * PLLRDY low within 2 ms, source/M/N/P/Q/R, PLLON, PLLREN, PLLRDY within 2 ms. */
static HAL_StatusTypeDef RCC_OscConfig(void)
{
    MODIFY_BITS(RCC_ICSCR, RCC_ICSCR_HSITRIM_Msk, RCC_HSICALIBRATION_DEFAULT << RCC_ICSCR_HSITRIM_Pos);
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
    MODIFY_BITS(RCC_PLLCFGR, RCC_PLLCFGR_CONFIG_Msk,
        RCC_PLLCFGR_PLLSRC_HSI | ((4u - 1u) << RCC_PLLCFGR_PLLM_Pos) | (85u << RCC_PLLCFGR_PLLN_Pos)
        | (((2u >> 1) - 1u) << RCC_PLLCFGR_PLLQ_Pos) | (((2u >> 1) - 1u) << RCC_PLLCFGR_PLLR_Pos)
        | (2u << RCC_PLLCFGR_PLLPDIV_Pos));
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

/* HAL_RCC_ClockConfig (G4): wait states up first (read back); PLL > 80 MHz with AHB /1: AHB /2 for the
 * switch; SW = PLL, SWS polled; then PPRE1 = /16 (ST writes its RCC_HCLK_DIV16 value into both PPRE fields'
 * mask positions, which leaves PPRE2 at /1 meanwhile), HPRE = /1; wait states down (polled); final PPRE1/PPRE2;
 * SystemCoreClock; SysTick for 1 kHz. */
static HAL_StatusTypeDef RCC_ClockConfig(uint32_t latency)
{
    uint32_t tickstart;
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
    if (PllRFreq() > 80000000u)
    {
        MODIFY_BITS(RCC_CFGR, RCC_CFGR_HPRE_Msk, RCC_CFGR_HPRE_DIV2);   /* @event ahb-transition */
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
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE1_Msk, RCC_HCLK_DIV16_PPRE1);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE2_Msk, RCC_HCLK_DIV16_PPRE1);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_HPRE_Msk, 0u);
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
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE1_Msk, 0u);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE2_Msk, 0u);
    SystemCoreClock = GetSysClockFreq() >> AHBPrescTable[(RCC_CFGR & RCC_CFGR_HPRE_Msk) >> RCC_CFGR_HPRE_Pos];
    return HAL_InitTick(uwTickPrio);   /* @event systick-reprogram */
}

void SystemClock_Config(void)
{
    if (PWREx_ControlVoltageScaling_Boost() != HAL_OK)
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
    ClockEnable(&RCC_AHB2ENR, RCC_AHB2ENR_GPIOAEN);
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

/* LPUART1 115200 8N1 on PA2/PA3 AF12, kernel clock PCLK1 (CCIPR.LPUART1SEL = 00, set by the MSP through
 * HAL_RCCEx_PeriphCLKConfig), HAL_UART_Init. */
void MX_CONSOLE_UART_INIT(void)
{
    GPIO_InitTypeDef init = {0};
    MODIFY_BITS(RCC_CCIPR, RCC_CCIPR_LPUART1SEL_Msk, 0u);
    ClockEnable(&RCC_APB1ENR2, RCC_APB1ENR2_LPUART1EN);
    ClockEnable(&RCC_AHB2ENR, RCC_AHB2ENR_GPIOAEN);
    init.Pin = GPIO_PIN(2) | GPIO_PIN(3);
    init.Mode = GPIO_MODE_AF_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    init.Alternate = 12u;
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
