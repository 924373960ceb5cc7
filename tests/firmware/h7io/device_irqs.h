/* STM32H747 interrupt positions handled by the I/O test firmware (RM0399 NVIC table: 150 positions on each core;
 * USART1 37, EXTI15_10 40, HSEM1 (Cortex-M7) 125, HSEM2 (Cortex-M4) 126). Written for Stm32.Build. */
#ifndef H7IO_DEVICE_IRQS_H
#define H7IO_DEVICE_IRQS_H

#define DEVICE_IRQ_COUNT 150

#define DEVICE_IRQS(X) \
    X(37, USART1_IRQHandler) \
    X(40, EXTI15_10_IRQHandler) \
    X(125, HSEM1_IRQHandler) \
    X(126, HSEM2_IRQHandler)

#endif
