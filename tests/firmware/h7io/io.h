/* Shared helpers of the STM32H747 I/O test firmware (registers from ../h747hal/device.h, RM0399). Written for
 * Stm32.Build. Everything runs on the reset clocks: HSI 64 MHz for the cores and every bus (RM0399 RCC). */
#ifndef H7IO_IO_H
#define H7IO_IO_H

#include "device.h"

/* USART1 at 115200 baud from the 64 MHz reset kernel clock (rcc_pclk2): BRR = 64 MHz / 115200, rounded = 556. */
#define CONSOLE_BRR 556u

/* The clock enable of a peripheral, read back as HAL's __HAL_RCC_xxx_CLK_ENABLE does. */
void Clock_Enable(volatile uint32_t *enr, uint32_t bit);

/* PA9 in alternate function af, USART1 8N1 at 115200, TE and UE, TEACK awaited. */
void Console_Init(uint32_t af);

/* Each character when TXE is set, then TC awaited (HAL_UART_Transmit). */
void Console_Write(const char *text);

/* Busy wait of about n core cycles. */
void Delay_Cycles(uint32_t n);

#endif
