/* STM32F7 board code of the test firmware (NUCLEO-F746ZG / NUCLEO-F767ZI), laid out like the CubeMX-generated
 * parts of a project plus our own register-level HAL_Init/HAL_RCC_OscConfig/HAL_PWREx_EnableOverDrive/
 * HAL_RCC_ClockConfig with the order, flags and timeouts of ST's F7 HAL. Written for Stm32.Build; no ST code.
 *
 * Clock tree (RM0385/RM0410 RCC chapter): 8 MHz HSE bypass / PLLM 4 * PLLN 216 / PLLP 2 = 216 MHz (PLLQ 9,
 * F767 also PLLR 2), over-drive on (216 MHz needs it), AHB /1, APB1 /4 (54 MHz), APB2 /2 (108 MHz), 7 flash
 * wait states (RM0385/RM0410 table "Number of wait states according to CPU clock (HCLK) frequency",
 * 2.7-3.6 V: 210 < HCLK <= 216 MHz). USART3 kernel clock PCLK1 (RCC_DCKCFGR2.USART3SEL = 00).
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

static uint32_t GetSysClockFreq(void)
{
    if (((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) != RCC_CFGR_SW_PLL)
    {
        return HSI_VALUE;
    }
    uint32_t pllm = RCC_PLLCFGR & 0x3Fu;
    uint32_t plln = (RCC_PLLCFGR >> RCC_PLLCFGR_PLLN_Pos) & 0x1FFu;
    uint32_t pllp = (((RCC_PLLCFGR >> RCC_PLLCFGR_PLLP_Pos) & 3u) + 1u) * 2u;
    uint32_t source = (RCC_PLLCFGR & RCC_PLLCFGR_PLLSRC_HSE) != 0u ? HSE_VALUE : HSI_VALUE;
    return pllm == 0u ? 0u : (uint32_t)((uint64_t)source * plln / pllm) / pllp;
}

/* HAL_Init: ART accelerator and prefetch on (HAL configuration defaults), priority grouping 4, 1 kHz SysTick
 * from the 16 MHz HSI, HAL_MspInit (PWR and SYSCFG clocks). */
HAL_StatusTypeDef HAL_Init(void)
{
    FLASH_ACR |= FLASH_ACR_ARTEN;
    FLASH_ACR |= FLASH_ACR_PRFTEN;
    SCB_AIRCR = SCB_AIRCR_VECTKEY | (SCB_AIRCR & ~(0xFFFFu << 16) & ~SCB_AIRCR_PRIGROUP_Msk) | (3u << SCB_AIRCR_PRIGROUP_Pos);
    (void)HAL_InitTick(TICK_INT_PRIORITY);
    ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_PWREN);
    ClockEnable(&RCC_APB2ENR, RCC_APB2ENR_SYSCFGEN);
    return HAL_OK;
}

/* HSE bypass (HSEBYP then HSEON), HSERDY within 100 ms; PLL off, PLLRDY low within 2 ms, RCC_PLLCFGR written
 * whole, PLL on, PLLRDY within 2 ms. */
static HAL_StatusTypeDef RCC_OscConfig(void)
{
    RCC_CR |= RCC_CR_HSEBYP;
    RCC_CR |= RCC_CR_HSEON;
    uint32_t tickstart = HAL_GetTick();
    while ((RCC_CR & RCC_CR_HSERDY) == 0u)   /* @event hse-wait */
    {
        if ((HAL_GetTick() - tickstart) > HSE_STARTUP_TIMEOUT)
        {
            return HAL_TIMEOUT;
        }
    }
    RCC_CR &= ~RCC_CR_PLLON;
    tickstart = HAL_GetTick();
    while ((RCC_CR & RCC_CR_PLLRDY) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > PLL_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
#if defined(PART_F767)
    RCC_PLLCFGR = RCC_PLLCFGR_PLLSRC_HSE | 4u | (216u << RCC_PLLCFGR_PLLN_Pos) | (((2u >> 1) - 1u) << RCC_PLLCFGR_PLLP_Pos)
        | (9u << RCC_PLLCFGR_PLLQ_Pos) | (2u << RCC_PLLCFGR_PLLR_Pos);
#else
    /* F74x: bit 29 (reserved) written with its reset value 1, as ST's F74x HAL does. */
    RCC_PLLCFGR = 0x20000000u | RCC_PLLCFGR_PLLSRC_HSE | 4u | (216u << RCC_PLLCFGR_PLLN_Pos)
        | (((2u >> 1) - 1u) << RCC_PLLCFGR_PLLP_Pos) | (9u << RCC_PLLCFGR_PLLQ_Pos);
#endif
    RCC_CR |= RCC_CR_PLLON;
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

/* HAL_PWREx_EnableOverDrive: PWR clock, ODEN, ODRDY within 1 s, ODSWEN, ODSWRDY within 1 s. */
static HAL_StatusTypeDef PWREx_EnableOverDrive(void)
{
    ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_PWREN);
    PWR_CR1 |= PWR_CR1_ODEN;
    uint32_t tickstart = HAL_GetTick();
    while ((PWR_CSR1 & PWR_CSR1_ODRDY) == 0u)   /* @event overdrive-wait */
    {
        if ((HAL_GetTick() - tickstart) > PWR_OVERDRIVE_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    PWR_CR1 |= PWR_CR1_ODSWEN;
    tickstart = HAL_GetTick();
    while ((PWR_CSR1 & PWR_CSR1_ODSWRDY) == 0u)
    {
        if ((HAL_GetTick() - tickstart) > PWR_OVERDRIVE_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    return HAL_OK;
}

static HAL_StatusTypeDef SetLatency(uint32_t latency)
{
    MODIFY_BITS(FLASH_ACR, FLASH_ACR_LATENCY_Msk, latency);   /* @event flash-latency */
    return (FLASH_ACR & FLASH_ACR_LATENCY_Msk) == latency ? HAL_OK : HAL_ERROR;
}

/* HAL_RCC_ClockConfig (F7): as the F4's: wait states up first (read back), PPRE1/PPRE2 /16 then HPRE, switch,
 * SWS polled, wait states down, final APB dividers, SystemCoreClock, SysTick. */
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
    MODIFY_BITS(PWR_CR1, PWR_CR1_VOS_Msk, PWR_CR1_VOS_SCALE1);
    readback = PWR_CR1 & PWR_CR1_VOS_Msk;
    (void)readback;
    if (RCC_OscConfig() != HAL_OK)
    {
        Error_Handler();   /* @event clock-error */
    }
    if (PWREx_EnableOverDrive() != HAL_OK)
    {
        Error_Handler();
    }
    if (RCC_ClockConfig(7u) != HAL_OK)
    {
        Error_Handler();
    }
}

void MX_GPIO_Init(void)
{
    GPIO_InitTypeDef init = {0};
    ClockEnable(&RCC_AHB1ENR, RCC_AHB1ENR_GPIOBEN);
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

/* USART3 115200 8N1 on PD8/PD9 AF7: kernel clock PCLK1 (HAL_RCCEx_PeriphCLKConfig in the MSP), clocks, pins,
 * HAL_UART_Init. */
void MX_CONSOLE_UART_INIT(void)
{
    GPIO_InitTypeDef init = {0};
    MODIFY_BITS(RCC_DCKCFGR2, RCC_DCKCFGR2_USART3SEL_Msk, 0u);
    ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_USART3EN);
    ClockEnable(&RCC_AHB1ENR, RCC_AHB1ENR_GPIODEN);
    init.Pin = GPIO_PIN(8) | GPIO_PIN(9);
    init.Mode = GPIO_MODE_AF_PP;
    init.Pull = GPIO_NOPULL;
    init.Speed = GPIO_SPEED_FREQ_VERY_HIGH;
    init.Alternate = 7u;
    HAL_GPIO_Init(GPIO_PORT_D, &init);
    uint32_t ppre1 = (RCC_CFGR & RCC_CFGR_PPRE1_Msk) >> RCC_CFGR_PPRE1_Pos;
    uint32_t pclk1 = ppre1 < 4u ? SystemCoreClock : SystemCoreClock >> (ppre1 - 3u);
    if (HAL_UART_Init(CONSOLE_UART_BASE, 115200u, pclk1) != HAL_OK)
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
