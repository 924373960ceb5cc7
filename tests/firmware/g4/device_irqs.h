/* STM32G4 interrupt positions (RM0440 vector table): 0-101 (FMAC at 101) on every G4 line. None handled. */
#ifndef G4_DEVICE_IRQS_H
#define G4_DEVICE_IRQS_H
#define DEVICE_IRQ_COUNT 102
#define DEVICE_IRQS(X)
#endif
