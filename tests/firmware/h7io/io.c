/* Shared code of the STM32H747 I/O test firmware: SystemInit, clock enables, the USART1 console.
 * Written for Stm32.Build from RM0399 (registers in ../h747hal/device.h). */
#include "io.h"

extern const uint32_t g_pfnVectors[];

void SystemInit(void)
{
    SCB_CPACR |= SCB_CPACR_CP10_CP11_FULL;   /* the images use the hard-float ABI */
    SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;
}

void Clock_Enable(volatile uint32_t *enr, uint32_t bit)
{
    volatile uint32_t readback;
    *enr |= bit;
    readback = *enr & bit;
    (void)readback;
}

void Console_Init(uint32_t af)
{
    Clock_Enable(&RCC_AHB4ENR, RCC_AHB4ENR_GPIOAEN);
    Clock_Enable(&RCC_APB2ENR, RCC_APB2ENR_USART1EN);
    MODIFY_BITS(GPIO_AFR(GPIO_PORT_A, 1u), 0xFu << 4, af << 4);          /* PA9: AFRH bits 7:4 */
    MODIFY_BITS(GPIO_MODER(GPIO_PORT_A), 3u << 18, 2u << 18);             /* PA9: alternate function */
    USART_CR1(USART1_BASE) = 0u;
    USART_BRR(USART1_BASE) = CONSOLE_BRR;
    USART_CR1(USART1_BASE) = USART_CR1_TE | USART_CR1_UE;
    while ((USART_ISR(USART1_BASE) & USART_ISR_TEACK) == 0u)
    {
    }
}

void Console_Write(const char *text)
{
    for (; *text != '\0'; text++)
    {
        while ((USART_ISR(USART1_BASE) & USART_ISR_TXE) == 0u)
        {
        }
        USART_TDR(USART1_BASE) = (uint8_t)*text;
    }
    while ((USART_ISR(USART1_BASE) & USART_ISR_TC) == 0u)
    {
    }
}

void Delay_Cycles(uint32_t n)
{
    for (volatile uint32_t i = 0u; i < n / 4u; i++)
    {
    }
}
