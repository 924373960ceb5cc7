/* Exceptions triggered deterministically: SVC with an argument read from the stacked frame, SysTick and
 * PendSV pended through ICSR (ARMv7-M B3.2.4, ARMv6-M B3.2.4: PENDSTSET bit 26, PENDSVSET bit 28), nested FP use. */
#include <stdint.h>

#define ICSR (*(volatile uint32_t *)0xE000ED04u)

volatile uint32_t results[8];
volatile uint32_t svc_count, systick_count, pendsv_count;
volatile float fp_in_handler;

void __attribute__((naked)) SVC_Handler(void)
{
#if defined(__ARM_ARCH_6M__)
    /* ARMv6-M has no IT and no TST with an immediate: test EXC_RETURN bit 2 through a low register. */
    __asm volatile(
        "movs r0, #4\n\t"
        "mov r1, lr\n\t"
        "tst r0, r1\n\t"
        "bne 1f\n\t"
        "mrs r0, msp\n\t"
        "b svc_dispatch\n\t"
        "1: mrs r0, psp\n\t"
        "b svc_dispatch\n\t");
#else
    __asm volatile(
        "tst lr, #4\n\t"
        "ite eq\n\t"
        "mrseq r0, msp\n\t"
        "mrsne r0, psp\n\t"
        "b svc_dispatch\n\t");
#endif
}

void __attribute__((used)) svc_dispatch(uint32_t *frame)
{
    svc_count++;
    frame[0] = frame[0] * 3u + frame[1]; /* return value in the caller's r0 */
}

void SysTick_Handler(void)
{
    systick_count++;
#if defined(__ARM_FP)
    fp_in_handler = fp_in_handler * 1.5f + 1.0f;
#endif
}

void PendSV_Handler(void)
{
    pendsv_count += 10;
}

static uint32_t __attribute__((noinline)) svc_call(uint32_t a, uint32_t b)
{
    register uint32_t r0 __asm("r0") = a;
    register uint32_t r1 __asm("r1") = b;
    __asm volatile("svc #7" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

int main(void)
{
#if defined(__ARM_FP)
    volatile float f = 2.0f;
    f = f * 3.25f;
#endif
    results[0] = svc_call(5, 1);
    results[1] = svc_call(results[0], 2);
    ICSR = 1u << 26;
    __asm volatile("dsb\n\tisb" ::: "memory");
    ICSR = 1u << 28;
    __asm volatile("dsb\n\tisb" ::: "memory");
    ICSR = (1u << 26) | (1u << 28);
    __asm volatile("dsb\n\tisb" ::: "memory");
    results[2] = svc_count;
    results[3] = systick_count;
    results[4] = pendsv_count;
#if defined(__ARM_FP)
    results[5] = (uint32_t)(f * 4.0f);
    results[6] = (uint32_t)(fp_in_handler * 16.0f);
#endif
    return 0;
}
