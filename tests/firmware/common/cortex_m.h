/* Cortex-M core registers and instructions used by the test firmware. Written for Stm32.Build from the
 * architecture manuals; no CMSIS header is used.
 *   ARMv7-M Architecture Reference Manual (DDI 0403E): B3.2 System Control Space (SCB registers),
 *   B3.3 SysTick, B3.4 NVIC, B1.5.3 vector table.
 *   ARMv6-M Architecture Reference Manual (DDI 0419E): B3.2, B3.3, B3.4 (the same addresses; the NVIC
 *   priority registers are word-accessible only, there is no PRIGROUP, CPACR, CFSR or BFAR).
 * The family header defines NVIC_PRIO_BITS (implemented priority bits) before including this file. */
#ifndef TEST_FIRMWARE_CORTEX_M_H
#define TEST_FIRMWARE_CORTEX_M_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define REG16(addr) (*(volatile uint16_t *)(uintptr_t)(addr))
#define REG8(addr)  (*(volatile uint8_t *)(uintptr_t)(addr))

#define SET_BITS(reg, bits)            ((reg) |= (bits))
#define CLEAR_BITS(reg, bits)          ((reg) &= ~(bits))
#define MODIFY_BITS(reg, clear, set)   ((reg) = (((reg) & ~(clear)) | (set)))

#ifndef NVIC_PRIO_BITS
#error "the family header defines NVIC_PRIO_BITS before including cortex_m.h"
#endif

/* System control block, ARMv7-M B3.2.2 table B3-4 (ARMv6-M B3.2.2). */
#define SCB_CPUID   REG32(0xE000ED00u)
#define SCB_ICSR    REG32(0xE000ED04u)
#define SCB_VTOR    REG32(0xE000ED08u)
#define SCB_AIRCR   REG32(0xE000ED0Cu)
#define SCB_SCR     REG32(0xE000ED10u)
#define SCB_CCR     REG32(0xE000ED14u)
#define SCB_SHPR3   REG32(0xE000ED20u)
#define SCB_SHCSR   REG32(0xE000ED24u)
#define SCB_CFSR    REG32(0xE000ED28u)   /* ARMv7-M only */
#define SCB_HFSR    REG32(0xE000ED2Cu)
#define SCB_BFAR    REG32(0xE000ED38u)   /* ARMv7-M only */
#define SCB_CPACR   REG32(0xE000ED88u)   /* ARMv7-M with FP extension, B3.2.20 */

#define SCB_AIRCR_VECTKEY        (0x05FAu << 16)   /* B3.2.6: writes need this key */
#define SCB_AIRCR_PRIGROUP_Pos   8u
#define SCB_AIRCR_PRIGROUP_Msk   (7u << SCB_AIRCR_PRIGROUP_Pos)
#define SCB_AIRCR_SYSRESETREQ    (1u << 2)
#define SCB_SCR_SLEEPONEXIT      (1u << 1)         /* B3.2.7 */
#define SCB_SCR_SLEEPDEEP        (1u << 2)
#define SCB_SCR_SEVONPEND        (1u << 4)
#define SCB_CPACR_CP10_CP11_FULL ((3u << 20) | (3u << 22))
#define SCB_CPUID_PARTNO_Pos     4u                /* B3.2.3: 0xC27 Cortex-M7, 0xC24 Cortex-M4 */
#define SCB_CPUID_PARTNO_Msk     (0xFFFu << SCB_CPUID_PARTNO_Pos)

/* SysTick, ARMv7-M B3.3.2 table B3-7. */
#define SYST_CSR    REG32(0xE000E010u)
#define SYST_RVR    REG32(0xE000E014u)
#define SYST_CVR    REG32(0xE000E018u)
#define SYST_CALIB  REG32(0xE000E01Cu)
#define SYST_CSR_ENABLE     (1u << 0)
#define SYST_CSR_TICKINT    (1u << 1)
#define SYST_CSR_CLKSOURCE  (1u << 2)   /* 1 = processor clock */
#define SYST_RVR_RELOAD_Msk 0x00FFFFFFu

/* NVIC, ARMv7-M B3.4.3 table B3-8. */
#define NVIC_ISER(n)  REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n)  REG32(0xE000E180u + 4u * (n))
#define NVIC_ISPR(n)  REG32(0xE000E200u + 4u * (n))
#define NVIC_ICPR(n)  REG32(0xE000E280u + 4u * (n))
#define NVIC_IPR(n)   REG32(0xE000E400u + 4u * (n))

/* The system handler number of SysTick (exception 15) for NVIC_SetPriority. */
#define SysTick_IRQn  (-1)

static inline void __disable_irq(void) { __asm volatile ("cpsid i" ::: "memory"); }
static inline void __enable_irq(void)  { __asm volatile ("cpsie i" ::: "memory"); }
static inline void __DSB(void)         { __asm volatile ("dsb 0xF" ::: "memory"); }
static inline void __ISB(void)         { __asm volatile ("isb 0xF" ::: "memory"); }
static inline void __WFI(void)         { __asm volatile ("wfi"); }
static inline void __WFE(void)         { __asm volatile ("wfe"); }
static inline void __SEV(void)         { __asm volatile ("sev"); }
static inline void __NOP(void)         { __asm volatile ("nop"); }

/* Priority of an exception or interrupt, upper NVIC_PRIO_BITS of the 8-bit field (B3.4.9). ARMv6-M has
 * word access only to IPR/SHPR, so the field is updated with a read-modify-write of the whole word. */
static inline void NVIC_SetPriority(int irq, uint32_t priority)
{
    uint32_t value = (priority << (8u - NVIC_PRIO_BITS)) & 0xFFu;
    if (irq < 0)
    {
        /* SysTick: SHPR3 bits 31:24 (B3.2.12) */
        MODIFY_BITS(SCB_SHPR3, 0xFFu << 24, value << 24);
    }
    else
    {
        uint32_t shift = 8u * ((uint32_t)irq & 3u);
        MODIFY_BITS(NVIC_IPR((uint32_t)irq >> 2), 0xFFu << shift, value << shift);
    }
}

static inline void NVIC_EnableIRQ(int irq)
{
    NVIC_ISER((uint32_t)irq >> 5) = 1u << ((uint32_t)irq & 31u);
}

static inline void NVIC_ClearPendingIRQ(int irq)
{
    NVIC_ICPR((uint32_t)irq >> 5) = 1u << ((uint32_t)irq & 31u);
}

#endif
