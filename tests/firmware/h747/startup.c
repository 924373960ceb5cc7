/* Startup for the STM32H747 test firmware. Written for Stm32.Build; no vendor code.
 * Vector table layout: ARMv7-M Architecture Reference Manual, B1.5.3 "The vector table"
 * (word 0 = initial SP, word 1 = reset, 2 = NMI, 3 = HardFault, 4-6 = MemManage/BusFault/UsageFault,
 * 7-10 reserved, 11 = SVCall, 12 = DebugMonitor, 13 reserved, 14 = PendSV, 15 = SysTick, then external IRQs).
 * Interrupt count: RM0399 section 21.1 (NVIC) lists 150 maskable interrupt positions for the STM32H747. */
#include <stdint.h>

#define EXTERNAL_INTERRUPTS 150

extern uint32_t _estack;               /* top of the stack, from the linker script */
extern uint32_t _sidata, _sdata, _edata; /* .data: load address in flash, run range in RAM */
extern uint32_t _sbss, _ebss;
int main(void);

void Reset_Handler(void);
void Default_Handler(void);
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used))
const vector_t vector_table[16 + EXTERNAL_INTERRUPTS] = {
    [0] = (vector_t)&_estack,
    [1] = Reset_Handler,
    [2] = NMI_Handler,
    [3] = HardFault_Handler,
    [4] = Default_Handler,
    [5] = Default_Handler,
    [6] = Default_Handler,
    [11] = Default_Handler,
    [12] = Default_Handler,
    [14] = Default_Handler,
    [15] = Default_Handler,
    [16 ... 16 + EXTERNAL_INTERRUPTS - 1] = Default_Handler,
};

void Reset_Handler(void)
{
    /* Copy initialised data from its flash image (LMA) to RAM (VMA). */
    const uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata; )
    {
        *dst++ = *src++;
    }
    /* Zero the uninitialised data. */
    for (uint32_t *dst = &_sbss; dst < &_ebss; )
    {
        *dst++ = 0;
    }
    main();
    for (;;)
    {
    }
}

void Default_Handler(void)
{
    for (;;)
    {
    }
}
