/* STM32F4 interrupt positions (RM0090 vector tables): F405/F407 have positions 0-81 (FPU at 81),
 * F42x/F43x 0-90 (DMA2D at 90). The test firmware handles none of them. */
#ifndef F4_DEVICE_IRQS_H
#define F4_DEVICE_IRQS_H
#if defined(PART_F429)
#define DEVICE_IRQ_COUNT 91
#else
#define DEVICE_IRQ_COUNT 82
#endif
#define DEVICE_IRQS(X)
#endif
