/* STM32L4 interrupt positions: RM0351 (L476) 0-81 (FPU at 81); RM0394 (L432) 0-82 (CRS at 82). None handled. */
#ifndef L4_DEVICE_IRQS_H
#define L4_DEVICE_IRQS_H
#if defined(PART_L432)
#define DEVICE_IRQ_COUNT 83
#else
#define DEVICE_IRQ_COUNT 82
#endif
#define DEVICE_IRQS(X)
#endif
