/* STM32G071 interrupt positions (RM0444 vector table): 0-31. None handled. */
#ifndef G0_DEVICE_IRQS_H
#define G0_DEVICE_IRQS_H
#define DEVICE_IRQ_COUNT 32
#define DEVICE_IRQS(X)
#endif
