/* STM32F4 board code of the test firmware, laid out like the CubeMX-generated parts of a project
 * (system_stm32f4xx.c SystemInit, stm32f4xx_hal_msp.c HAL_MspInit, main.c SystemClock_Config and MX_ inits)
 * plus our own register-level HAL_Init/HAL_RCC_OscConfig/HAL_RCC_ClockConfig/HAL_PWREx_EnableOverDrive with
 * the order, flags and timeouts of ST's F4 HAL. Written for Stm32.Build; no ST code.
 *
 * Clock tree (RM0090 RCC chapter, PLL: f(VCO) = f(in) / PLLM * PLLN, SYSCLK = f(VCO) / PLLP):
 *   STM32F407G-DISC1: 8 MHz HSE crystal / 8 * 336 / 2 = 168 MHz, PLLQ 7 (48 MHz), AHB /1, APB1 /4 (42 MHz),
 *   APB2 /2 (84 MHz), 5 flash wait states (RM0090 table "Number of wait states according to CPU clock
 *   (HCLK) frequency", 2.7-3.6 V: 150 < HCLK <= 168 MHz).
 *   NUCLEO-F429ZI: 8 MHz HSE bypass / 4 * 180 / 2 = 180 MHz with over-drive, PLLQ 8, APB1 /4 (45 MHz),
 *   APB2 /2 (90 MHz), 5 wait states (F42x table: 150 < HCLK <= 180 MHz).
 * Build switch SWD_AS_GPIO: MX_GPIO_Init makes PA13/PA14 (SWDIO/SWCLK, AF0 after reset) push-pull outputs. */
#include "device.h"
#include "family_hal.h"

uint32_t SystemCoreClock = HSI_VALUE;   /* 16 MHz HSI after reset */
static const uint8_t AHBPrescTable[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
extern const uint32_t g_pfnVectors[];

void SystemInit(void)
{
    SCB_CPACR |= SCB_CPACR_CP10_CP11_FULL;   /* FPU access for the hard-float ABI */
    SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;
}

static uint32_t GetSysClockFreq(void)
{
    switch ((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos)
    {
    case RCC_CFGR_SW_HSE:
        return HSE_VALUE;
    case RCC_CFGR_SW_PLL:
    {
        uint32_t pllm = RCC_PLLCFGR & 0x3Fu;
        uint32_t plln = (RCC_PLLCFGR >> RCC_PLLCFGR_PLLN_Pos) & 0x1FFu;
        uint32_t pllp = ((((RCC_PLLCFGR >> RCC_PLLCFGR_PLLP_Pos) & 3u) + 1u) * 2u);
        uint32_t source = (RCC_PLLCFGR & RCC_PLLCFGR_PLLSRC_HSE) != 0u ? HSE_VALUE : HSI_VALUE;
        return pllm == 0u ? 0u : (uint32_t)((uint64_t)source * plln / pllm) / pllp;
    }
    default:
        return HSI_VALUE;
    }
}

/* HAL_Init: instruction cache, data cache and prefetch on (FLASH_ACR, HAL configuration defaults), priority
 * grouping 4, 1 kHz SysTick from the 16 MHz HSI, HAL_MspInit (SYSCFG and PWR clocks). */
HAL_StatusTypeDef HAL_Init(void)
{
    FLASH_ACR |= FLASH_ACR_ICEN;
    FLASH_ACR |= FLASH_ACR_DCEN;
    FLASH_ACR |= FLASH_ACR_PRFTEN;
    SCB_AIRCR = SCB_AIRCR_VECTKEY | (SCB_AIRCR & ~(0xFFFFu << 16) & ~SCB_AIRCR_PRIGROUP_Msk) | (3u << SCB_AIRCR_PRIGROUP_Pos);
    (void)HAL_InitTick(TICK_INT_PRIORITY);
    ClockEnable(&RCC_APB2ENR, RCC_APB2ENR_SYSCFGEN);
    ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_PWREN);
    return HAL_OK;
}

/* HSE (crystal: HSEON; bypass: HSEBYP then HSEON), HSERDY within HSE_STARTUP_TIMEOUT; then PLL: PLLON cleared
 * through its bit-band alias, PLLRDY low within 2 ms, RCC_PLLCFGR written whole (source, M, N, P, Q), PLLON set
 * through the alias, PLLRDY within 2 ms. */
static HAL_StatusTypeDef RCC_OscConfig(void)
{
    uint32_t tickstart;
#if BOARD_HSE_BYPASS
    RCC_CR |= RCC_CR_HSEBYP;
#endif
    RCC_CR |= RCC_CR_HSEON;
    tickstart = HAL_GetTick();
    while ((RCC_CR & RCC_CR_HSERDY) == 0u)   /* @event hse-wait */
    {
        if ((HAL_GetTick() - tickstart) > HSE_STARTUP_TIMEOUT)
        {
            return HAL_TIMEOUT;
        }
    }

    BITBAND_PERIPH(RCC_BASE, RCC_CR_PLLON_Pos) = 0u;   /* __HAL_RCC_PLL_DISABLE */
    tickstart = HAL_GetTick();
    while ((RCC_CR & RCC_CR_PLLRDY) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > PLL_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    RCC_PLLCFGR = RCC_PLLCFGR_PLLSRC_HSE | BOARD_PLLM | (BOARD_PLLN << RCC_PLLCFGR_PLLN_Pos)
        | (((BOARD_PLLP >> 1) - 1u) << RCC_PLLCFGR_PLLP_Pos) | (BOARD_PLLQ << RCC_PLLCFGR_PLLQ_Pos);
    BITBAND_PERIPH(RCC_BASE, RCC_CR_PLLON_Pos) = 1u;   /* __HAL_RCC_PLL_ENABLE */
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

#if BOARD_OVERDRIVE
/* HAL_PWREx_EnableOverDrive (F42x): PWR clock, ODEN through its bit-band alias, ODRDY within 1 s, ODSWEN,
 * ODSWRDY within 1 s (RM0090 PWR chapter, "Entering Over-drive mode"). */
static HAL_StatusTypeDef PWREx_EnableOverDrive(void)
{
    ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_PWREN);
    BITBAND_PERIPH(PWR_BASE, PWR_CR_ODEN_Pos) = 1u;
    uint32_t tickstart = HAL_GetTick();
    while ((PWR_CSR & PWR_CSR_ODRDY) == 0u)   /* @event overdrive-wait */
    {
        if ((HAL_GetTick() - tickstart) > PWR_OVERDRIVE_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    BITBAND_PERIPH(PWR_BASE, PWR_CR_ODSWEN_Pos) = 1u;
    tickstart = HAL_GetTick();
    while ((PWR_CSR & PWR_CSR_ODSWRDY) == 0u)
    {
        if ((HAL_GetTick() - tickstart) > PWR_OVERDRIVE_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    return HAL_OK;
}
#endif

static HAL_StatusTypeDef SetLatency(uint32_t latency)
{
    FLASH_ACR_BYTE0 = (uint8_t)latency;   /* @event flash-latency */
    return (FLASH_ACR & FLASH_ACR_LATENCY_Msk) == latency ? HAL_OK : HAL_ERROR;
}

/* HAL_RCC_ClockConfig (F4): more wait states first (byte store, read back); PPRE1/PPRE2 = /16 then HPRE; PLL
 * ready checked, SW = PLL, SWS polled (5 s); fewer wait states after; final PPRE1/PPRE2; SystemCoreClock;
 * SysTick for 1 kHz at the new clock. */
static HAL_StatusTypeDef RCC_ClockConfig(uint32_t latency)
{
    if (latency > (FLASH_ACR & FLASH_ACR_LATENCY_Msk) && SetLatency(latency) != HAL_OK)
    {
        return HAL_ERROR;
    }
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE1_Msk, RCC_HCLK_DIV16 << RCC_CFGR_PPRE1_Pos);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE2_Msk, RCC_HCLK_DIV16 << RCC_CFGR_PPRE2_Pos);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_HPRE_Msk, 0u);
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
    if (latency < (FLASH_ACR & FLASH_ACR_LATENCY_Msk) && SetLatency(latency) != HAL_OK)
    {
        return HAL_ERROR;
    }
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE1_Msk, RCC_HCLK_DIV4 << RCC_CFGR_PPRE1_Pos);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE2_Msk, RCC_HCLK_DIV2 << RCC_CFGR_PPRE2_Pos);
    SystemCoreClock = GetSysClockFreq() >> AHBPrescTable[(RCC_CFGR & RCC_CFGR_HPRE_Msk) >> RCC_CFGR_HPRE_Pos];
    return HAL_InitTick(uwTickPrio);   /* @event systick-reprogram */
}

void SystemClock_Config(void)
{
    volatile uint32_t readback;
    ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_PWREN);
    MODIFY_BITS(PWR_CR, PWR_CR_VOS_Msk, PWR_CR_VOS_SCALE1);   /* __HAL_PWR_VOLTAGESCALING_CONFIG */
    readback = PWR_CR & PWR_CR_VOS_Msk;
    (void)readback;
    if (RCC_OscConfig() != HAL_OK)
    {
        Error_Handler();   /* @event clock-error */
    }
#if BOARD_OVERDRIVE
    if (PWREx_EnableOverDrive() != HAL_OK)
    {
        Error_Handler();
    }
#endif
    if (RCC_ClockConfig(5u) != HAL_OK)
    {
        Error_Handler();
    }
}

static uint32_t PCLK1Freq(void)
{
    uint32_t ppre = (RCC_CFGR & RCC_CFGR_PPRE1_Msk) >> RCC_CFGR_PPRE1_Pos;
    return ppre < 4u ? SystemCoreClock : SystemCoreClock >> (ppre - 3u);
}

/* The board LED as a push-pull output, off; with SWD_AS_GPIO also PA13/PA14 (assigned as GPIO_Output). */
void MX_GPIO_Init(void)
{
    GPIO_InitTypeDef init = {0};
    ClockEnable(&RCC_AHB1ENR, LED_CLOCK);
    HAL_GPIO_WritePin(LED_PORT, GPIO_PIN(LED_PIN), 0);
    init.Pin = GPIO_PIN(LED_PIN);
    init.Mode = GPIO_MODE_OUTPUT_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    HAL_GPIO_Init(LED_PORT, &init);
#if defined(SWD_AS_GPIO)
    ClockEnable(&RCC_AHB1ENR, RCC_AHB1ENR_GPIOAEN);
    HAL_GPIO_WritePin(GPIO_PORT_A, GPIO_PIN(13) | GPIO_PIN(14), 0);
    init.Pin = GPIO_PIN(13) | GPIO_PIN(14);
    HAL_GPIO_Init(GPIO_PORT_A, &init);   /* @event swd-off */
#endif
}

/* The ST-LINK virtual COM port UART, 115200 8N1 (HAL_UART_MspInit: clocks, TX/RX pins AF7; HAL_UART_Init). */
void MX_CONSOLE_UART_INIT(void)
{
    GPIO_InitTypeDef init = {0};
    ClockEnable(&RCC_APB1ENR, CONSOLE_UART_CLOCK);
    ClockEnable(&RCC_AHB1ENR, CONSOLE_PORT_CLOCK);
    init.Pin = GPIO_PIN(CONSOLE_TX_PIN) | GPIO_PIN(CONSOLE_RX_PIN);
    init.Mode = GPIO_MODE_AF_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_VERY_HIGH;
    init.Alternate = 7u;
    HAL_GPIO_Init(CONSOLE_PORT, &init);
    if (HAL_UART_Init(CONSOLE_UART_BASE, 115200u, PCLK1Freq()) != HAL_OK)
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
