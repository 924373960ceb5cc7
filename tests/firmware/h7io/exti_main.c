/* A button on PC13 as an EXTI interrupt (HAL_GPIO_Init with GPIO_MODE_IT_RISING, RM0399 EXTI and SYSCFG): SYSCFG
 * clock, EXTICR4 line 13 from port C, rising trigger, C1IMR1 bit 13, NVIC EXTI15_10 (40) enabled; the handler
 * clears the pending bit and counts. Written for Stm32.Build. */
#include "io.h"

volatile uint32_t button_presses;
volatile uint32_t loop_count;

void EXTI15_10_IRQHandler(void)
{
    EXTI_CPUPR1 = 1u << 13;
    button_presses++;
}

int main(void)
{
    Clock_Enable(&RCC_AHB4ENR, RCC_AHB4ENR_GPIOCEN);
    Clock_Enable(&RCC_APB4ENR, RCC_APB4ENR_SYSCFGEN);
    MODIFY_BITS(GPIO_MODER(GPIO_PORT_C), 3u << 26, 0u);          /* PC13 input */
    MODIFY_BITS(SYSCFG_EXTICR(3u), 0xFu << 4, 2u << 4);          /* EXTICR4: EXTI13 from port C */
    EXTI_RTSR1 |= 1u << 13;
    EXTI_CPUIMR1 |= 1u << 13;
    NVIC_ISER(EXTI15_10_IRQn / 32) = 1u << (EXTI15_10_IRQn % 32);
    for (;;)
    {
        loop_count++;
    }
}
