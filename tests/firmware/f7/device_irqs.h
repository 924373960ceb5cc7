/* STM32F7 interrupt positions: RM0385 (F74x/F75x) positions 0-97 (SPDIF_RX at 97), RM0410 (F76x/F77x)
 * positions 0-109 (MDIOS at 109). The test firmware handles none of them. */
#ifndef F7_DEVICE_IRQS_H
#define F7_DEVICE_IRQS_H
#if defined(PART_F767)
#define DEVICE_IRQ_COUNT 110
#else
#define DEVICE_IRQ_COUNT 98
#endif
#define DEVICE_IRQS(X)
#endif
