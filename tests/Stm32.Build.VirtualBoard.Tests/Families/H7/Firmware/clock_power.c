/* Register-level test programs for the STM32H747 clock, power and debug models; written for Stm32.Build.
 * The order of the accesses and the flags polled follow what ST's HAL does for the same steps (SystemClock_Config
 * of a CubeMX project: supply, VOS0, HSE, PLL1, flash latency, prescalers, switch; HAL_InitTick), with facts from
 * RM0399: chapter 7 (PWR_CR3 0x0C, PWR_CSR1 0x04 ACTVOSRDY bit 13, PWR_D3CR 0x18 VOS bits 15:14 and VOSRDY bit 13,
 * PWR_CPUCR 0x10 PDDS_D1/D2/D3 bits 0-2), chapter 8 (RCC_CR, RCC_CFGR SW/SWS, RCC_D1/D2/D3CFGR, RCC_PLLCKSELR,
 * RCC_PLLCFGR, RCC_PLL1DIVR, RCC_GCR BOOT_C2 bit 3, RCC_RSR 0xD0 RMVF bit 16, RCC_APB4ENR 0xF4 SYSCFGEN bit 1),
 * 12 (SYSCFG_PWRCR ODEN), 4.9.1 (FLASH_ACR), 61.5.2 (DBGMCU_CR); ARMv7-M B3.2 (SCB_SCR SLEEPDEEP, AIRCR) and B3.3
 * (SysTick).
 *
 * MODE_CLOCK            supply SUPPLY, VOS0, HSE (HSE_BYPASS: bypass) + PLL1 to 480 MHz, FLASH_LATENCY wait
 *                       states, SysTick at 1 kHz before and after; errors end in a WFI loop with `stage` = 0xEx
 * MODE_RSR              records RCC_RSR at two boots around a software reset (AIRCR.SYSRESETREQ)
 * MODE_BOOT_CM4         sets RCC_GCR.BOOT_C2 after 5 ms (releases a Cortex-M4 gated by BCM4 = 0)
 * MODE_STOP             enters Stop (PDDS_D1 = 0, SLEEPDEEP, WFI) after a few ms; DBG_BITS sets DBGSTOP_D1/D3 first
 * MODE_HANDSHAKE        dual-core boot: waits for the Cortex-M4 to put D2 in Stop (RCC_CR.D2CKRDY low); with
 *                       MODE_STOP then stops too
 * MODE_CM4_STOP         (Cortex-M4) enters D2 Stop at once (PWR_CPU2CR PDDS_D2 = 0, SLEEPDEEP, WFI) */
#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))
#define RCC_CR        REG(0x58024400u)
#define RCC_CFGR      REG(0x58024410u)
#define RCC_D1CFGR    REG(0x58024418u)
#define RCC_D2CFGR    REG(0x5802441Cu)
#define RCC_D3CFGR    REG(0x58024420u)
#define RCC_PLLCKSELR REG(0x58024428u)
#define RCC_PLLCFGR   REG(0x5802442Cu)
#define RCC_PLL1DIVR  REG(0x58024430u)
#define RCC_GCR       REG(0x580244A0u)
#define RCC_RSR       REG(0x580244D0u)
#define RCC_APB4ENR   REG(0x580244F4u)
#define PWR_CSR1      REG(0x58024804u)
#define PWR_CR3       REG(0x5802480Cu)
#define PWR_CPUCR     REG(0x58024810u)
#define PWR_CPU2CR    REG(0x58024814u)
#define PWR_D3CR      REG(0x58024818u)
#define SYSCFG_PWRCR  REG(0x5800042Cu)
#define FLASH_ACR     REG(0x52002000u)
#define DBGMCU_CR     REG(0x5C001004u)
#define SCB_SCR       REG(0xE000ED10u)
#define SCB_AIRCR     REG(0xE000ED0Cu)
#define SYST_CSR      REG(0xE000E010u)
#define SYST_RVR      REG(0xE000E014u)
#define SYST_CVR      REG(0xE000E018u)

#define RCC_CR_HSEON   (1u << 16)
#define RCC_CR_HSERDY  (1u << 17)
#define RCC_CR_HSEBYP  (1u << 18)
#define RCC_CR_D2CKRDY (1u << 15)
#define RCC_CR_PLL1ON  (1u << 24)
#define RCC_CR_PLL1RDY (1u << 25)

#ifndef SUPPLY
#define SUPPLY 0x02u            /* PWR_LDO_SUPPLY */
#endif
#ifndef FLASH_LATENCY
#define FLASH_LATENCY 4u
#endif
#define HSE_STARTUP_TIMEOUT 100u /* ms, as HAL */
#define LOG ((volatile uint32_t *)0x2407F000u) /* AXI SRAM: kept across a system reset, cleared by power-on */
#define LOG_MAGIC 0x52535231u

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
int main(void);
void Reset_Handler(void);
void Fault_Handler(void);
void SysTick_Handler(void);

volatile uint32_t stage;
volatile uint32_t ticks;
volatile uint32_t error_tick;
volatile uint32_t handshake;

typedef void (*vector_t)(void);
__attribute__((section(".isr_vector"), used)) const vector_t vector_table[16] = {
    (vector_t)&_estack, Reset_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    0, 0, 0, 0, Fault_Handler, Fault_Handler, 0, Fault_Handler, SysTick_Handler,
};

void Reset_Handler(void)
{
    const uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;)
    {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;)
    {
        *dst++ = 0;
    }
    main();
    for (;;)
    {
    }
}

void Fault_Handler(void)
{
    stage = 0xEFu;
    for (;;)
    {
    }
}

void SysTick_Handler(void)
{
    ticks++;
}

/* HAL_InitTick: 1 kHz from the core clock (CLKSOURCE = processor clock, TICKINT, ENABLE). */
__attribute__((unused)) static void tick_init(uint32_t core_hz)
{
    SYST_RVR = core_hz / 1000u - 1u;
    SYST_CVR = 0u;
    SYST_CSR = 7u;
}

__attribute__((unused)) static void fail(uint32_t code)
{
    error_tick = ticks;
    stage = code;
    for (;;)
    {
        __asm volatile("wfi");
    }
}

__attribute__((unused)) static void wait_set(volatile uint32_t *reg, uint32_t mask, uint32_t value, uint32_t timeout_ms, uint32_t code)
{
    uint32_t start = ticks;
    while ((*reg & mask) != value)
    {
        if (ticks - start > timeout_ms)
        {
            fail(code);
        }
    }
}

__attribute__((unused)) static void delay_ms(uint32_t ms)
{
    uint32_t start = ticks;
    while (ticks - start < ms)
    {
        __asm volatile("wfi");
    }
}

#if defined(MODE_CLOCK)
static void clock_480mhz(void)
{
    PWR_CR3 = (PWR_CR3 & ~0x3Fu) | SUPPLY;                      /* HAL_PWREx_ConfigSupply */
    stage = 1u;
    wait_set(&PWR_CSR1, 1u << 13, 1u << 13, 1000u, 0xE1u);      /* ACTVOSRDY */
    RCC_APB4ENR |= 1u << 1;                                     /* SYSCFGEN (HAL_MspInit) */
    (void)RCC_APB4ENR;
    PWR_D3CR = (PWR_D3CR & ~(3u << 14)) | (3u << 14);           /* scale 1 ... */
    SYSCFG_PWRCR |= 1u;                                         /* ... + ODEN = VOS0 */
    wait_set(&PWR_D3CR, 1u << 13, 1u << 13, 1000u, 0xE2u);      /* VOSRDY */
    stage = 2u;
#if defined(HSE_BYPASS)
    RCC_CR |= RCC_CR_HSEBYP;
#endif
    RCC_CR |= RCC_CR_HSEON;
    wait_set(&RCC_CR, RCC_CR_HSERDY, RCC_CR_HSERDY, HSE_STARTUP_TIMEOUT, 0xE3u);
    stage = 3u;
    /* PLL1: HSE / 5 = 5 MHz (range 4-8 MHz), x192 = 960 MHz VCO (wide), /2 = 480 MHz on P, Q and R. */
    RCC_PLLCKSELR = (RCC_PLLCKSELR & ~(3u | (0x3Fu << 4))) | 2u | (5u << 4);
    RCC_PLL1DIVR = (192u - 1u) | ((2u - 1u) << 9) | ((2u - 1u) << 16) | ((2u - 1u) << 24);
    RCC_PLLCFGR = (RCC_PLLCFGR & ~0xFu) | (2u << 2) | (7u << 16);
    RCC_CR |= RCC_CR_PLL1ON;
    wait_set(&RCC_CR, RCC_CR_PLL1RDY, RCC_CR_PLL1RDY, 2u, 0xE4u);
    stage = 4u;
    FLASH_ACR = (FLASH_ACR & ~0x3Fu) | FLASH_LATENCY | (2u << 4); /* latency, WRHIGHFREQ = 2 */
    if ((FLASH_ACR & 0xFu) != FLASH_LATENCY)
    {
        fail(0xE5u);
    }
    RCC_D1CFGR = 8u | (4u << 4);                                /* HPRE /2, D1PPRE /2, D1CPRE /1 */
    RCC_D2CFGR = (4u << 4) | (4u << 8);                         /* D2PPRE1 /2, D2PPRE2 /2 */
    RCC_D3CFGR = 4u << 4;                                       /* D3PPRE /2 */
    RCC_CFGR = (RCC_CFGR & ~7u) | 3u;                           /* SW = PLL1 */
    wait_set(&RCC_CFGR, 7u << 3, 3u << 3, 5000u, 0xE6u);        /* SWS = PLL1 */
    tick_init(480000000u);
    stage = 5u;
}
#endif

int main(void)
{
#if defined(MODE_CM4_STOP)
    PWR_CPU2CR &= ~(1u << 1);                                   /* PDDS_D2 = 0: DStop */
    SCB_SCR |= 1u << 2;                                         /* SLEEPDEEP */
    stage = 8u;
    for (;;)
    {
        __asm volatile("dsb\n wfi");
    }
#else
    tick_init(64000000u);                                       /* HSI 64 MHz after reset */
#if defined(MODE_CLOCK)
    clock_480mhz();
#elif defined(MODE_RSR)
    if (LOG[0] != LOG_MAGIC)
    {
        LOG[0] = LOG_MAGIC;
        LOG[1] = RCC_RSR;
        RCC_RSR |= 1u << 16;                                    /* RMVF */
        LOG[2] = RCC_RSR;
        SCB_AIRCR = 0x05FA0004u;                                /* SYSRESETREQ */
        for (;;)
        {
        }
    }
    LOG[3] = RCC_RSR;
    stage = 0x55u;
#elif defined(MODE_BOOT_CM4)
    delay_ms(5u);
    RCC_GCR |= 1u << 3;                                         /* BOOT_C2 */
    stage = 6u;
#elif defined(MODE_HANDSHAKE) || defined(MODE_STOP)
#if defined(MODE_HANDSHAKE)
    uint32_t timeout = 0xFFFFu;
    while ((RCC_CR & RCC_CR_D2CKRDY) != 0u && timeout-- > 0u)
    {
    }
    handshake = timeout > 0u ? 1u : 0xE7u;
#endif
#if defined(MODE_STOP)
#if defined(DBG_BITS)
    DBGMCU_CR |= (1u << 1) | (1u << 7);                         /* DBGSTOP_D1, DBGSTOP_D3 */
#endif
    delay_ms(3u);
    SYST_CSR = 0u;                                              /* HAL_SuspendTick: nothing wakes the core */
    PWR_CPUCR &= ~((1u << 0) | (1u << 2));                      /* PDDS_D1 = PDDS_D3 = 0: DStop */
    SCB_SCR |= 1u << 2;                                         /* SLEEPDEEP */
    stage = 8u;
    for (;;)
    {
        __asm volatile("dsb\n wfi");
    }
#endif
#endif
    for (;;)
    {
        __asm volatile("wfi");
    }
#endif
}
