/* STM32F103 board code of the test firmware (NUCLEO-F103RB), laid out like the CubeMX-generated parts of a project
 * (SystemInit, HAL_MspInit with the SWJ remap CubeMX emits for SYS > Debug, SystemClock_Config, MX_ inits) plus our
 * own register-level HAL_Init/HAL_RCC_OscConfig/HAL_RCC_ClockConfig/HAL_GPIO_Init with the order, flags and
 * timeouts of ST's F1 HAL. Written for Stm32.Build; no ST code.
 *
 * Clock tree (RM0008 RCC chapter): HSI 8 MHz / 2 * PLLMUL 16 = 64 MHz, AHB /1, APB1 /2 (32 MHz, at most 36),
 * APB2 /1, 2 flash wait states with the prefetch buffer (RM0008 FLASH_ACR: 48 < SYSCLK <= 72 MHz).
 * Debug pins (RM0008 AFIO chapter, "JTAG/SWD alternate function remapping"): CubeMX with SYS > Debug = Serial Wire
 * writes AFIO_MAPR.SWJ_CFG = 010 (JTAG off, SWD kept); the SWD_AS_GPIO variant is SYS > Debug = No Debug with
 * PA13/PA14 assigned as GPIO outputs: SWJ_CFG = 100 (SW-DP off) and the pins driven. */
#include "device.h"
#include "family_hal.h"

uint32_t SystemCoreClock = HSI_VALUE;
static const uint8_t AHBPrescTable[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
extern const uint32_t g_pfnVectors[];

void SystemInit(void)
{
    SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;
}

/* GPIOx_CRL/CRH: 4 bits per pin, MODE[1:0] (00 input, 10 output 2 MHz, 11 output 50 MHz) and CNF[1:0] (input:
 * 01 floating; output: 00 push-pull, 10 alternate function push-pull). */
void HAL_GPIO_Init(uint32_t port, const GPIO_InitTypeDef *init)
{
    for (uint32_t pin = 0u; pin < 16u; pin++)
    {
        if ((init->Pin & (1u << pin)) == 0u)
        {
            continue;
        }
        uint32_t mode = init->Speed == GPIO_SPEED_FREQ_LOW ? 2u : 3u;
        uint32_t config;
        switch (init->Mode)
        {
        case GPIO_MODE_OUTPUT_PP: config = mode; break;
        case GPIO_MODE_AF_PP: config = (2u << 2) | mode; break;
        case GPIO_MODE_ANALOG: config = 0u; break;
        default: config = 1u << 2; break;   /* input floating */
        }
        volatile uint32_t *cr = pin < 8u ? &GPIO_CRL(port) : &GPIO_CRH(port);
        uint32_t shift = (pin & 7u) * 4u;
        MODIFY_BITS(*cr, 0xFu << shift, config << shift);   /* @event gpio-mode */
    }
}

void HAL_GPIO_WritePin(uint32_t port, uint32_t pins, int set)
{
    GPIO_BSRR(port) = set ? pins : pins << 16;
}

void HAL_GPIO_TogglePin(uint32_t port, uint32_t pins)
{
    uint32_t odr = GPIO_ODR(port);
    GPIO_BSRR(port) = ((odr & pins) << 16) | (~odr & pins);
}

static uint32_t GetSysClockFreq(void)
{
    if (((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) != RCC_CFGR_SW_PLL)
    {
        return HSI_VALUE;
    }
    uint32_t mul = ((RCC_CFGR & RCC_CFGR_PLLMULL_Msk) >> RCC_CFGR_PLLMULL_Pos) + 2u;
    return (HSI_VALUE / 2u) * (mul > 16u ? 16u : mul);
}

/* HAL_Init: prefetch buffer on, priority grouping 4, 1 kHz SysTick from the 8 MHz HSI, HAL_MspInit: AFIO and PWR
 * clocks, then the debug-pin remap. */
HAL_StatusTypeDef HAL_Init(void)
{
    FLASH_ACR |= FLASH_ACR_PRFTBE;
    SCB_AIRCR = SCB_AIRCR_VECTKEY | (SCB_AIRCR & ~(0xFFFFu << 16) & ~SCB_AIRCR_PRIGROUP_Msk) | (3u << SCB_AIRCR_PRIGROUP_Pos);
    (void)HAL_InitTick(TICK_INT_PRIORITY);
    ClockEnable(&RCC_APB2ENR, RCC_APB2ENR_AFIOEN);
    ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_PWREN);
#if defined(SWD_AS_GPIO)
    MODIFY_BITS(AFIO_MAPR, AFIO_MAPR_SWJ_CFG_Msk, AFIO_MAPR_SWJ_CFG_DISABLE);   /* @event swj-disable */
#else
    MODIFY_BITS(AFIO_MAPR, AFIO_MAPR_SWJ_CFG_Msk, AFIO_MAPR_SWJ_CFG_NOJTAG);    /* @event swj-nojtag */
#endif
    return HAL_OK;
}

/* HSI already clocks the core: only its trimming (HSITRIM = 16). PLL: PLLON cleared through its bit-band alias,
 * PLLRDY low within 2 ms, PLLSRC = HSI/2 and PLLMUL = x16, PLLON set through the alias, PLLRDY within 2 ms. */
static HAL_StatusTypeDef RCC_OscConfig(void)
{
    MODIFY_BITS(RCC_CR, RCC_CR_HSITRIM_Msk, RCC_HSICALIBRATION_DEFAULT << RCC_CR_HSITRIM_Pos);
    BITBAND_PERIPH(RCC_BASE, RCC_CR_PLLON_Pos) = 0u;
    uint32_t tickstart = HAL_GetTick();
    while ((RCC_CR & RCC_CR_PLLRDY) != 0u)
    {
        if ((HAL_GetTick() - tickstart) > PLL_TIMEOUT_VALUE)
        {
            return HAL_TIMEOUT;
        }
    }
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PLLSRC | RCC_CFGR_PLLMULL_Msk, RCC_CFGR_PLLMULL16);
    BITBAND_PERIPH(RCC_BASE, RCC_CR_PLLON_Pos) = 1u;
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

static HAL_StatusTypeDef SetLatency(uint32_t latency)
{
    MODIFY_BITS(FLASH_ACR, FLASH_ACR_LATENCY_Msk, latency);   /* @event flash-latency */
    return (FLASH_ACR & FLASH_ACR_LATENCY_Msk) == latency ? HAL_OK : HAL_ERROR;
}

/* HAL_RCC_ClockConfig (F1): wait states up first (read back); PPRE1/PPRE2 = /16 then HPRE; PLL ready checked,
 * SW = PLL, SWS polled (5 s); wait states down; final PPRE1 (/2) and PPRE2 (/1); SystemCoreClock; SysTick. */
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
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE1_Msk, RCC_HCLK_DIV2 << RCC_CFGR_PPRE1_Pos);
    MODIFY_BITS(RCC_CFGR, RCC_CFGR_PPRE2_Msk, RCC_HCLK_DIV1 << RCC_CFGR_PPRE2_Pos);
    SystemCoreClock = GetSysClockFreq() >> AHBPrescTable[(RCC_CFGR & RCC_CFGR_HPRE_Msk) >> RCC_CFGR_HPRE_Pos];
    return HAL_InitTick(uwTickPrio);   /* @event systick-reprogram */
}

void SystemClock_Config(void)
{
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
    ClockEnable(&RCC_APB2ENR, RCC_APB2ENR_IOPAEN);
    HAL_GPIO_WritePin(LED_PORT, GPIO_PIN(LED_PIN), 0);
    init.Pin = GPIO_PIN(LED_PIN);
    init.Mode = GPIO_MODE_OUTPUT_PP;
    init.Speed = GPIO_SPEED_FREQ_LOW;
    HAL_GPIO_Init(LED_PORT, &init);
#if defined(SWD_AS_GPIO)
    HAL_GPIO_WritePin(GPIO_PORT_A, GPIO_PIN(13) | GPIO_PIN(14), 0);
    init.Pin = GPIO_PIN(13) | GPIO_PIN(14);
    HAL_GPIO_Init(GPIO_PORT_A, &init);   /* @event swd-off */
#endif
}

/* USART2 115200 8N1: PA2 alternate push-pull 50 MHz, PA3 input floating (HAL_UART_MspInit), HAL_UART_Init on
 * PCLK1. */
void MX_CONSOLE_UART_INIT(void)
{
    GPIO_InitTypeDef init = {0};
    ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_USART2EN);
    ClockEnable(&RCC_APB2ENR, RCC_APB2ENR_IOPAEN);
    init.Pin = GPIO_PIN(2);
    init.Mode = GPIO_MODE_AF_PP;
    init.Speed = GPIO_SPEED_FREQ_HIGH;
    HAL_GPIO_Init(GPIO_PORT_A, &init);
    init.Pin = GPIO_PIN(3);
    init.Mode = GPIO_MODE_INPUT;
    HAL_GPIO_Init(GPIO_PORT_A, &init);
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
