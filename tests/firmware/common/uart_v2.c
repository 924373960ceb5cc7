/* USART/LPUART of the STM32F7/G0/G4/L4 ("v2" register map: CR1 0x00, CR2 0x04, CR3 0x08, BRR 0x0C,
 * ISR 0x1C, ICR 0x20, TDR 0x28, PRESC 0x2C where it exists; the USART and LPUART register maps of RM0385/RM0410
 * (F7), RM0444 (G0), RM0440 (G4), RM0351/RM0394 (L4)): 8N1, TX and RX, 16x oversampling, prescaler 1, FIFO off. BRR = (kernel + baud/2) / baud for a
 * USART, (256 * kernel + baud/2) / baud for an LPUART (its BRR must be 0x300..0xFFFFF). The register order and
 * the flags follow ST's HAL_UART_Init (UE off, UART_SetConfig, LINEN/CLKEN and SCEN/HDSEL/IREN cleared, UE on,
 * UART_CheckIdleState polling TEACK then REACK) and HAL_UART_Transmit (TXE before each TDR write, TC at the
 * end). The family's device.h says whether PRESC and the FIFO exist (UART_V2_HAS_PRESC, UART_V2_HAS_FIFO) and
 * which instance is an LPUART (UART_V2_IS_LPUART(instance)). Written for Stm32.Build. */
#include "device.h"
#include "family_hal.h"

#define USART_CR1(b)    REG32((b) + 0x00u)
#define USART_CR2(b)    REG32((b) + 0x04u)
#define USART_CR3(b)    REG32((b) + 0x08u)
#define USART_BRR(b)    REG32((b) + 0x0Cu)
#define USART_ISR(b)    REG32((b) + 0x1Cu)
#define USART_TDR(b)    REG32((b) + 0x28u)
#define USART_PRESC(b)  REG32((b) + 0x2Cu)
#define USART_CR1_UE     (1u << 0)
#define USART_CR1_RE     (1u << 2)
#define USART_CR1_TE     (1u << 3)
#define USART_CR1_PS     (1u << 9)
#define USART_CR1_PCE    (1u << 10)
#define USART_CR1_M0     (1u << 12)
#define USART_CR1_OVER8  (1u << 15)
#define USART_CR1_M1     (1u << 28)
#define USART_CR1_FIFOEN (1u << 29)
#define USART_CR2_CLKEN  (1u << 11)
#define USART_CR2_STOP_Msk (3u << 12)
#define USART_CR2_LINEN  (1u << 14)
#define USART_CR3_IREN   (1u << 1)
#define USART_CR3_HDSEL  (1u << 3)
#define USART_CR3_SCEN   (1u << 5)
#define USART_CR3_RTSE   (1u << 8)
#define USART_CR3_CTSE   (1u << 9)
#define USART_CR3_ONEBIT (1u << 11)
#define USART_CR3_FIFO_THRESHOLDS ((7u << 25) | (7u << 29))
#define USART_ISR_TC     (1u << 6)
#define USART_ISR_TXE    (1u << 7)
#define USART_ISR_TEACK  (1u << 21)
#define USART_ISR_REACK  (1u << 22)

#if defined(UART_V2_HAS_FIFO)
#define USART_CR1_CONFIG_Msk (USART_CR1_M0 | USART_CR1_M1 | USART_CR1_PCE | USART_CR1_PS | USART_CR1_TE | USART_CR1_RE | USART_CR1_OVER8 | USART_CR1_FIFOEN)
#define USART_CR3_CONFIG_Msk (USART_CR3_RTSE | USART_CR3_CTSE | USART_CR3_ONEBIT | USART_CR3_FIFO_THRESHOLDS)
#else
#define USART_CR1_CONFIG_Msk (USART_CR1_M0 | USART_CR1_M1 | USART_CR1_PCE | USART_CR1_PS | USART_CR1_TE | USART_CR1_RE | USART_CR1_OVER8)
#define USART_CR3_CONFIG_Msk (USART_CR3_RTSE | USART_CR3_CTSE | USART_CR3_ONEBIT)
#endif

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

HAL_StatusTypeDef HAL_UART_Init(uint32_t instance, uint32_t baud, uint32_t kernelHz)
{
    int lpuart = UART_V2_IS_LPUART(instance);
    USART_CR1(instance) &= ~USART_CR1_UE;
    MODIFY_BITS(USART_CR1(instance), lpuart ? (USART_CR1_CONFIG_Msk & ~USART_CR1_OVER8) : USART_CR1_CONFIG_Msk,
        USART_CR1_TE | USART_CR1_RE);
    MODIFY_BITS(USART_CR2(instance), USART_CR2_STOP_Msk, 0u);
    MODIFY_BITS(USART_CR3(instance), USART_CR3_CONFIG_Msk, 0u);
#if defined(UART_V2_HAS_PRESC)
    USART_PRESC(instance) = 0u;
#endif
    uint32_t brr = lpuart
        ? (uint32_t)((((uint64_t)kernelHz * 256u) + baud / 2u) / baud)
        : (kernelHz + baud / 2u) / baud;
    if (lpuart ? (brr < 0x300u || brr > 0xFFFFFu) : (brr < 0x10u || brr > 0xFFFFu))
    {
        return HAL_ERROR;
    }
    USART_BRR(instance) = brr;
    USART_CR2(instance) &= ~(USART_CR2_LINEN | USART_CR2_CLKEN);
    USART_CR3(instance) &= ~(USART_CR3_SCEN | USART_CR3_HDSEL | USART_CR3_IREN);
    USART_CR1(instance) |= USART_CR1_UE;

    uint32_t tickstart = HAL_GetTick();
    if (WaitFlag(instance, USART_ISR_TEACK, tickstart, HAL_UART_TIMEOUT_VALUE) != HAL_OK)
    {
        return HAL_TIMEOUT;
    }
    return WaitFlag(instance, USART_ISR_REACK, tickstart, HAL_UART_TIMEOUT_VALUE);
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
        if (WaitFlag(instance, USART_ISR_TXE, tickstart, timeout) != HAL_OK)
        {
            return HAL_TIMEOUT;
        }
        USART_TDR(instance) = data[i];
    }
    return WaitFlag(instance, USART_ISR_TC, tickstart, timeout);
}
