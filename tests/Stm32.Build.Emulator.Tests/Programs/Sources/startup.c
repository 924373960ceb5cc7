/* Start-up code for the lockstep test programs (written for this project).
 * Vector table at the start of CODE, .data copied from CODE to SRAM, .bss cleared, the FPU enabled
 * through CPACR (ARMv7-M B3.2.20: CP10/CP11 full access = bits 23:20), then main, then program_end. */
#include <stdint.h>

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[], __stack_top[];
int main(void);

/* The lockstep harness stops when both models reach this symbol. */
void __attribute__((naked, noreturn, noinline, used)) program_end(void)
{
    __asm volatile("bkpt #0\n\tb .");
}

/* Any unexpected exception lands here; the harness treats reaching it as a program failure. */
void __attribute__((naked, noinline, used)) fault_loop(void)
{
    __asm volatile("bkpt #1\n\tb .");
}

void __attribute__((weak, alias("fault_loop"))) NMI_Handler(void);
void __attribute__((weak, alias("fault_loop"))) HardFault_Handler(void);
void __attribute__((weak, alias("fault_loop"))) MemManage_Handler(void);
void __attribute__((weak, alias("fault_loop"))) BusFault_Handler(void);
void __attribute__((weak, alias("fault_loop"))) UsageFault_Handler(void);
void __attribute__((weak, alias("fault_loop"))) SVC_Handler(void);
void __attribute__((weak, alias("fault_loop"))) DebugMon_Handler(void);
void __attribute__((weak, alias("fault_loop"))) PendSV_Handler(void);
void __attribute__((weak, alias("fault_loop"))) SysTick_Handler(void);

void __attribute__((noreturn, used)) Reset_Handler(void)
{
#if defined(__ARM_FP)
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm volatile("dsb\n\tisb" ::: "memory");
#endif
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
    {
        *d++ = *s++;
    }
    for (uint32_t *d = __bss_start; d < __bss_end;)
    {
        *d++ = 0;
    }
    main();
    program_end();
}

__attribute__((section(".vectors"), used)) void (*const vector_table[16])(void) = {
    (void (*)(void))__stack_top,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
};

/* newlib's syscalls are not used by the programs; these keep the link self-contained. */
void *_sbrk(int increment) { (void)increment; return (void *)-1; }
void _exit(int status) { (void)status; program_end(); }
