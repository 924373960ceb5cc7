/* Core exception handlers as a CubeMX project's <family>_it.c has them. Written for Stm32.Build.
 * A fault stops in its handler's loop (CubeMX generates `while (1) {}`), so a debugger halting the core
 * finds the PC in HardFault_Handler; BusFault/MemManage/UsageFault are not enabled in SHCSR by this
 * firmware, so on ARMv7-M they escalate to HardFault (ARMv7-M ARM B1.5.8). */
#include "device.h"
#include "hal_common.h"

void NMI_Handler(void)
{
    for (;;)
    {
    }
}

void HardFault_Handler(void)
{
    for (;;)
    {
    }
}

#if !defined(__ARM_ARCH_6M__)
void MemManage_Handler(void)
{
    for (;;)
    {
    }
}

void BusFault_Handler(void)
{
    for (;;)
    {
    }
}

void UsageFault_Handler(void)
{
    for (;;)
    {
    }
}

void DebugMon_Handler(void)
{
}
#endif

void SVC_Handler(void)
{
}

void PendSV_Handler(void)
{
}

void SysTick_Handler(void)
{
    HAL_IncTick();
}

/* CubeMX's Error_Handler: interrupts off, stay here. Every HAL failure in the firmware ends in this loop. */
void Error_Handler(void)
{
    __disable_irq();
    for (;;)
    {
    }
}
