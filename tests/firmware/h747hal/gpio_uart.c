/* GPIO and USART of the STM32H747 test firmware. Written for Stm32.Build from the RM0399 GPIO chapter
 * (MODER 2 bits per pin: 00 input, 01 output, 10 alternate, 11 analog; OTYPER, OSPEEDR, PUPDR, AFRL/AFRH
 * 4 bits per pin; BSRR set/reset), the SYSCFG/EXTI chapters (EXTICR port selection, rising/falling trigger,
 * per-CPU interrupt mask) and the USART chapter (BRR = kernel clock / baud with 16x oversampling, TE/RE/UE,
 * TEACK/REACK, TXE(TXFNF)/TC). The register order follows ST's HAL_GPIO_Init, HAL_UART_Init/UART_SetConfig/
 * UART_CheckIdleState and HAL_UART_Transmit (facts only, our own code). */
#include "device.h"
#include "h747_hal.h"

#define HAL_UART_TIMEOUT_VALUE 0x1FFFFFFu   /* ms, TEACK/REACK wait */

void HAL_GPIO_Init(uint32_t port, const GPIO_InitTypeDef *init)
{
    for (uint32_t pin = 0u; pin < 16u; pin++)
    {
        uint32_t bit = 1u << pin;
        if ((init->Pin & bit) == 0u)
        {
            continue;
        }
        uint32_t mode = init->Mode & GPIO_MODE_Msk;
        if (mode == GPIO_MODE_OUTPUT_PP || mode == GPIO_MODE_AF_PP)
        {
            MODIFY_BITS(GPIO_OSPEEDR(port), 3u << (pin * 2u), init->Speed << (pin * 2u));
            GPIO_OTYPER(port) &= ~bit;   /* push-pull */
        }
        if (mode != GPIO_MODE_ANALOG)
        {
            MODIFY_BITS(GPIO_PUPDR(port), 3u << (pin * 2u), init->Pull << (pin * 2u));
        }
        if (mode == GPIO_MODE_AF_PP)
        {
            MODIFY_BITS(GPIO_AFR(port, pin >> 3), 0xFu << ((pin & 7u) * 4u), init->Alternate << ((pin & 7u) * 4u));
        }
        MODIFY_BITS(GPIO_MODER(port), 3u << (pin * 2u), mode << (pin * 2u));   /* @event gpio-mode */

        if ((init->Mode & (GPIO_MODE_EXTI_IT | GPIO_MODE_EXTI_EVT)) != 0u)
        {
            RCC_APB4ENR |= RCC_APB4ENR_SYSCFGEN;
            MODIFY_BITS(SYSCFG_EXTICR(pin >> 2), 0xFu << (4u * (pin & 3u)), port << (4u * (pin & 3u)));
            MODIFY_BITS(EXTI_RTSR1, bit, (init->Mode & GPIO_MODE_TRIG_RISE) != 0u ? bit : 0u);
            MODIFY_BITS(EXTI_FTSR1, bit, (init->Mode & GPIO_MODE_TRIG_FALL) != 0u ? bit : 0u);
#if defined(CORE_CM4)
            MODIFY_BITS(EXTI_C2EMR1, bit, (init->Mode & GPIO_MODE_EXTI_EVT) != 0u ? bit : 0u);
            MODIFY_BITS(EXTI_C2IMR1, bit, (init->Mode & GPIO_MODE_EXTI_IT) != 0u ? bit : 0u);
#else
            MODIFY_BITS(EXTI_CPUEMR1, bit, (init->Mode & GPIO_MODE_EXTI_EVT) != 0u ? bit : 0u);
            MODIFY_BITS(EXTI_CPUIMR1, bit, (init->Mode & GPIO_MODE_EXTI_IT) != 0u ? bit : 0u);
#endif
        }
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

static HAL_StatusTypeDef WaitFlag(uint32_t instance, uint32_t flag, uint32_t tickstart, uint32_t timeout)
{
    while ((USART_ISR(instance) & flag) == 0u)
    {
        if (timeout != HAL_MAX_DELAY && ((HAL_GetTick() - tickstart) > timeout || timeout == 0u))
        {
            return HAL_TIMEOUT;
        }
    }
    return HAL_OK;
}

/* 8 data bits, no parity, 1 stop bit, TX and RX, no flow control, 16x oversampling, prescaler 1, FIFO off
 * (MX_USARTx_UART_Init defaults). The kernel clock is rcc_pclk2 (RCC_D2CCIP2R.USART16SEL = 000). */
HAL_StatusTypeDef HAL_UART_Init(uint32_t instance, uint32_t baud)
{
    USART_CR1(instance) &= ~USART_CR1_UE;
    MODIFY_BITS(USART_CR1(instance),
        USART_CR1_M0 | USART_CR1_M1 | USART_CR1_PCE | USART_CR1_PS | USART_CR1_TE | USART_CR1_RE | USART_CR1_OVER8 | USART_CR1_FIFOEN,
        USART_CR1_TE | USART_CR1_RE);
    MODIFY_BITS(USART_CR2(instance), USART_CR2_STOP_Msk, 0u);
    MODIFY_BITS(USART_CR3(instance), USART_CR3_RTSE | USART_CR3_CTSE | USART_CR3_ONEBIT | USART_CR3_TXFTCFG_Msk | USART_CR3_RXFTCFG_Msk, 0u);
    USART_PRESC(instance) = 0u;
    uint32_t pclk = HAL_RCC_GetPCLK2Freq();
    uint32_t div = (pclk + baud / 2u) / baud;
    if (div < 0x10u || div > 0xFFFFu)
    {
        return HAL_ERROR;
    }
    USART_BRR(instance) = div;
    USART_CR2(instance) &= ~(USART_CR2_LINEN | USART_CR2_CLKEN);
    USART_CR3(instance) &= ~(USART_CR3_SCEN | USART_CR3_HDSEL | USART_CR3_IREN);
    USART_CR1(instance) |= USART_CR1_UE;

    uint32_t tickstart = HAL_GetTick();
    if (WaitFlag(instance, USART_ISR_TEACK, tickstart, HAL_UART_TIMEOUT_VALUE) != HAL_OK)
    {
        return HAL_TIMEOUT;
    }
    if (WaitFlag(instance, USART_ISR_REACK, tickstart, HAL_UART_TIMEOUT_VALUE) != HAL_OK)
    {
        return HAL_TIMEOUT;
    }
    return HAL_OK;
}

/* Polled transmit: for each byte wait TXE (TXFNF) and write TDR; at the end wait TC. */
HAL_StatusTypeDef HAL_UART_Transmit(uint32_t instance, const uint8_t *data, uint16_t size, uint32_t timeout)
{
    if (data == 0 || size == 0u)
    {
        return HAL_ERROR;
    }
    uint32_t tickstart = HAL_GetTick();
    for (uint16_t i = 0u; i < size; i++)
    {
        if (WaitFlag(instance, USART_ISR_TXE, tickstart, timeout) != HAL_OK)
        {
            return HAL_TIMEOUT;
        }
        USART_TDR(instance) = data[i];
    }
    return WaitFlag(instance, USART_ISR_TC, tickstart, timeout);
}
