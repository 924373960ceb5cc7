/* STM32F103xB (medium density) interrupt positions (RM0008 vector table): 0-42 (USBWakeup at 42). None handled. */
#ifndef F1_DEVICE_IRQS_H
#define F1_DEVICE_IRQS_H
#define DEVICE_IRQ_COUNT 43
#define DEVICE_IRQS(X)
#endif
