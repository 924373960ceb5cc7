/* Encodings outside the core's profile, each executed once. The fault they raise (HardFault on ARMv6-M, UsageFault
 * on ARMv7-M) is handled by skip_fault, which records the faulting address and, on ARMv7-M, the fault status (CFSR
 * UNDEFINSTR for an undefined encoding, NOCP for FP without an FPU), then returns past the instruction. Run in
 * lockstep, QEMU and the emulator must fault on the same encodings the same way. The encodings are written as
 * assembly for an ARMv7E-M core with an FPU (.cpu/.fpu switched around them), so the assembler encodes them.
 * Left out because QEMU 7.2 executes them where silicon faults (its decoders do not check the profile): CBZ/CBNZ
 * and IT on the Cortex-M0; SSAT16/USAT16 and the extend-and-add forms (SXTAB, UXTAH ...) on the Cortex-M3. The
 * emulator's own profile tests cover those. */
#include <stdint.h>

#define SHCSR (*(volatile uint32_t *)0xE000ED24u)
#define CFSR (*(volatile uint32_t *)0xE000ED28u)

volatile uint32_t faults;
volatile uint32_t fault_pc[24];
volatile uint32_t fault_status[24];

void __attribute__((used)) record_fault(uint32_t *frame)
{
    uint32_t n = faults;
    uint32_t pc = frame[6];
    fault_pc[n] = pc;
#if !defined(__ARM_ARCH_6M__)
    if ((*(volatile uint16_t *)pc & 0xEC00u) == 0xEC00u)
    {
        /* Coprocessor space without an FPU: the Cortex-M3 raises NOCP (Cortex-M3 TRM, UFSR), QEMU 7.2 raises
         * UNDEFINSTR. The status is cleared unread, so the lockstep compares where the fault is taken; the emulator's
         * NOCP is asserted by its own tests. */
        CFSR = 0xFFFFFFFFu;
        fault_status[n] = 0xC0u;
    }
    else
    {
        fault_status[n] = CFSR;
        CFSR = CFSR; /* write-one-to-clear */
    }
#endif
    faults = n + 1;
}

/* The stacked PC is the faulting instruction: step over it (32-bit when its first halfword is 0xE800 or above, A5.1). */
void __attribute__((naked)) skip_fault(void)
{
    __asm volatile(
        ".syntax unified\n\t" /* GCC wraps Thumb-1 inline assembly in divided syntax */
        "mrs r0, msp\n\t"
        "push {r0, lr}\n\t"
        "bl record_fault\n\t"
        "pop {r0, r2}\n\t"
        "ldr r1, [r0, #24]\n\t"
        "ldrh r3, [r1]\n\t"
        "adds r1, r1, #2\n\t"
        "lsrs r3, r3, #11\n\t"
        "cmp r3, #0x1D\n\t"
        "blo 1f\n\t"
        "adds r1, r1, #2\n\t"
        "1:\n\t"
        "str r1, [r0, #24]\n\t"
        "bx r2\n\t");
}

void HardFault_Handler(void) __attribute__((alias("skip_fault")));
void UsageFault_Handler(void) __attribute__((alias("skip_fault")));

int main(void)
{
#if defined(__ARM_ARCH_6M__)
    __asm volatile(
        ".syntax unified\n\t"
        ".cpu cortex-m4\n\t"
        "movw r0, #1\n\t"
        "ldr.w r0, [r1, #4]\n\t"
        "sdiv r0, r1, r2\n\t"
        "mul.w r0, r1, r2\n\t"
        "b.w 4f\n\t"
        "4:\n\t"
        "nop.w\n\t"
        "clrex\n\t"
        "udf.w #0\n\t"
        ".cpu cortex-m0\n\t"
        "movs r0, #7\n\t"
        ::: "r0", "r1", "r2", "r3", "memory", "cc");
#else
    SHCSR |= 1u << 18; /* USGFAULTENA */
    __asm volatile("dsb\n\tisb" ::: "memory");
    __asm volatile(
        ".cpu cortex-m4\n\t"
        ".fpu fpv4-sp-d16\n\t"
        "sadd16 r0, r1, r2\n\t"
        "smlabb r0, r1, r2, r3\n\t"
        "qadd r0, r1, r2\n\t"
        "pkhbt r0, r1, r2, lsl #8\n\t"
        "uxtb16 r0, r1\n\t"
        "umaal r0, r1, r2, r3\n\t"
        "sel r0, r1, r2\n\t"
        "vadd.f32 s0, s1, s2\n\t"
        "vmov s0, r0\n\t"
        "vldr s0, [sp]\n\t"
        ".cpu cortex-m3\n\t"
        "movs r0, #7\n\t"
        ::: "r0", "r1", "r2", "r3", "memory", "cc");
#endif
    return 0;
}
