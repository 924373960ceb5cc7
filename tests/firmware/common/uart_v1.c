/* USART of the STM32F1/F4 ("v1" register map: SR 0x00, DR 0x04, BRR 0x08, CR1 0x0C, CR2 0x10, CR3 0x14;
 * the USART register map of RM0008 (F1) and RM0090 (F4)): 8N1, TX and RX, 16x oversampling. BRR as ST's HAL computes it
 * (UART_BRR_SAMPLING16: mantissa = pclk*25/(4*baud)/100, fraction rounded to 1/16, carry into the mantissa).
 * Transmit polls SR.TXE before each DR write and SR.TC at the end, as HAL_UART_Transmit. There is no
 * TEACK/REACK on this USART. Written for Stm32.Build. */
#include "device.h"
#include "family_hal.h"

#define USART_SR(b)    REG32((b) + 0x00u)
#define USART_DR(b)    REG32((b) + 0x04u)
#define USART_BRR(b)   REG32((b) + 0x08u)
#define USART_CR1(b)   REG32((b) + 0x0Cu)
#define USART_CR2(b)   REG32((b) + 0x10u)
#define USART_CR3(b)   REG32((b) + 0x14u)
#define USART_SR_TC    (1u << 6)
#define USART_SR_TXE   (1u << 7)
#define USART_CR1_RE   (1u << 2)
#define USART_CR1_TE   (1u << 3)
#define USART_CR1_PS   (1u << 9)
#define USART_CR1_PCE  (1u << 10)
#define USART_CR1_M    (1u << 12)
#define USART_CR1_UE   (1u << 13)
#define USART_CR1_OVER8 (1u << 15)    /* F4 only; reserved on the F1 */
#define USART_CR2_CLKEN (1u << 11)
#define USART_CR2_STOP_Msk (3u << 12)
#define USART_CR2_LINEN (1u << 14)
#define USART_CR3_IREN  (1u << 1)
#define USART_CR3_HDSEL (1u << 3)
#define USART_CR3_SCEN  (1u << 5)
#define USART_CR3_RTSE  (1u << 8)
#define USART_CR3_CTSE  (1u << 9)

#if defined(UART_V1_HAS_OVER8)
#define USART_CR1_CONFIG_Msk (USART_CR1_M | USART_CR1_PCE | USART_CR1_PS | USART_CR1_TE | USART_CR1_RE | USART_CR1_OVER8)
#else
#define USART_CR1_CONFIG_Msk (USART_CR1_M | USART_CR1_PCE | USART_CR1_PS | USART_CR1_TE | USART_CR1_RE)
#endif

HAL_StatusTypeDef HAL_UART_Init(uint32_t instance, uint32_t baud, uint32_t kernelHz)
{
    USART_CR1(instance) &= ~USART_CR1_UE;
    MODIFY_BITS(USART_CR2(instance), USART_CR2_STOP_Msk, 0u);
    MODIFY_BITS(USART_CR1(instance), USART_CR1_CONFIG_Msk, USART_CR1_TE | USART_CR1_RE);
    MODIFY_BITS(USART_CR3(instance), USART_CR3_RTSE | USART_CR3_CTSE, 0u);
    uint32_t div = (uint32_t)(((uint64_t)kernelHz * 25u) / (4u * (uint64_t)baud));
    uint32_t mantissa = div / 100u;
    uint32_t fraction = ((div - mantissa * 100u) * 16u + 50u) / 100u;
    USART_BRR(instance) = (mantissa << 4) + (fraction & 0xF0u) + (fraction & 0x0Fu);
    USART_CR2(instance) &= ~(USART_CR2_LINEN | USART_CR2_CLKEN);
    USART_CR3(instance) &= ~(USART_CR3_SCEN | USART_CR3_HDSEL | USART_CR3_IREN);
    USART_CR1(instance) |= USART_CR1_UE;
    return HAL_OK;
}

static HAL_StatusTypeDef WaitFlag(uint32_t instance, uint32_t flag, uint32_t tickstart, uint32_t timeout)
{
    while ((USART_SR(instance) & flag) == 0u)
    {
        if (timeout != HAL_MAX_DELAY && ((HAL_GetTick() - tickstart) > timeout || timeout == 0u))
        {
            return HAL_TIMEOUT;
        }
    }
    return HAL_OK;
}

HAL_StatusTypeDef HAL_UART_Transmit(uint32_t instance, const uint8_t *data, uint16_t size, uint32_t timeout)
{
    if (data == 0 || size == 0u)
    {
        return HAL_ERROR;
    }
    uint32_t tickstart = HAL_GetTick();
    for (uint16_t i = 0u; i < size; i++)
    {
        if (WaitFlag(instance, USART_SR_TXE, tickstart, timeout) != HAL_OK)
        {
            return HAL_TIMEOUT;
        }
        USART_DR(instance) = data[i];
    }
    return WaitFlag(instance, USART_SR_TC, tickstart, timeout);
}
