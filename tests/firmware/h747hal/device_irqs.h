/* STM32H747 interrupt positions handled by the test firmware (RM0399 NVIC table: 150 positions on each
 * core's NVIC; EXTI lines 15..10 at 40, HSEM1 (Cortex-M7) at 125, HSEM2 (Cortex-M4) at 126). */
#ifndef H747_DEVICE_IRQS_H
#define H747_DEVICE_IRQS_H

#define DEVICE_IRQ_COUNT 150

#define DEVICE_IRQS(X) \
    X(40, EXTI15_10_IRQHandler) \
    X(125, HSEM1_IRQHandler) \
    X(126, HSEM2_IRQHandler)

#endif
