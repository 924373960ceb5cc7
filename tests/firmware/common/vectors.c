/* Vector table of the test firmware. Written for Stm32.Build.
 * Layout: ARMv7-M ARM B1.5.3 / ARMv6-M ARM B1.5.3: word 0 = initial SP, 1 = Reset, 2 = NMI, 3 = HardFault,
 * 4-6 = MemManage/BusFault/UsageFault (ARMv7-M only; reserved on ARMv6-M), 7-10 reserved, 11 = SVCall,
 * 12 = DebugMonitor (ARMv7-M only), 13 reserved, 14 = PendSV, 15 = SysTick, 16 + n = device interrupt n.
 * The family folder's device_irqs.h gives DEVICE_IRQ_COUNT (the reference manual's NVIC table) and, in
 * DEVICE_IRQS(X), the interrupts the firmware handles, X(position, handler name); every other position
 * goes to Default_Handler, as in a CubeIDE startup file. */
#include <stdint.h>
#include "device_irqs.h"

extern uint32_t _estack;
void Reset_Handler(void);

void Default_Handler(void);
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

#define DECLARE_IRQ_HANDLER(position, name) void name(void) __attribute__((weak, alias("Default_Handler")));
DEVICE_IRQS(DECLARE_IRQ_HANDLER)

typedef void (*vector_t)(void);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#define PLACE_IRQ_HANDLER(position, name) [16 + (position)] = name,

__attribute__((section(".isr_vector"), used))
const vector_t g_pfnVectors[16 + DEVICE_IRQ_COUNT] = {
    [0] = (vector_t)&_estack,
    [1] = Reset_Handler,
    [2] = NMI_Handler,
    [3] = HardFault_Handler,
#if !defined(__ARM_ARCH_6M__)
    [4] = MemManage_Handler,
    [5] = BusFault_Handler,
    [6] = UsageFault_Handler,
    [12] = DebugMon_Handler,
#endif
    [11] = SVC_Handler,
    [14] = PendSV_Handler,
    [15] = SysTick_Handler,
    [16 ... 16 + DEVICE_IRQ_COUNT - 1] = Default_Handler,
    DEVICE_IRQS(PLACE_IRQ_HANDLER)
};
#pragma GCC diagnostic pop

/* Unexpected interrupts stop here, as CubeIDE's startup "Infinite_Loop". */
void Default_Handler(void)
{
    for (;;)
    {
    }
}
