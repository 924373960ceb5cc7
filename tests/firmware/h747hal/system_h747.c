/* SystemInit and clock bookkeeping for the STM32H747 test firmware. Written for Stm32.Build.
 * SystemInit does what a CubeIDE project's system file does before .data/.bss are set up: FPU access for
 * the hard-float ABI (ARMv7-M ARM B3.2.20 CPACR), SEVONPEND on the Cortex-M4 of a dual-core image (so the
 * HSEM interrupt pending in its NVIC wakes a WFE, ARMv7-M ARM B1.5.18), the Cortex-M7 puts the RCC back in
 * its reset state (RM0399 RCC register reset values) and, for a dual-core image, unmasks EXTI event input 78
 * (HSEM) towards the Cortex-M4 (EXTI_C2EMR3 bit 14) so the Cortex-M4 can leave D2 Stop on the HSEM release;
 * each core points VTOR at its vector table in its own flash bank. The Cortex-M7 also makes sure the flash
 * wait states are at least at their reset value (LATENCY = 7, RM0399 4.9.1) before anything else. */
#include "device.h"
#include "hal_common.h"
#include "h747_hal.h"

uint32_t SystemCoreClock = HSI_VALUE;   /* 64 MHz HSI after reset (RM0399 RCC: HSION, HSIDIV = 1) */
uint32_t SystemD2Clock = HSI_VALUE;

/* D1CPRE / HPRE encodings to shift counts (RM0399 RCC_D1CFGR: 0xxx = /1, 1000 = /2 ... 1111 = /512). */
const uint8_t D1CorePrescTable[16] = {0, 0, 0, 0, 1, 2, 3, 4, 1, 2, 3, 4, 6, 7, 8, 9};

extern const uint32_t g_pfnVectors[];

void SystemInit(void)
{
#if defined(__ARM_FP)
    SCB_CPACR |= SCB_CPACR_CP10_CP11_FULL;
#endif
#if defined(CORE_CM4)
    SCB_SCR |= SCB_SCR_SEVONPEND;
#else
    /* Flash wait states at least at their reset value (7) before the clocks are put back to reset. */
    if ((FLASH_ACR & FLASH_ACR_LATENCY_Msk) < 7u)
    {
        MODIFY_BITS(FLASH_ACR, FLASH_ACR_LATENCY_Msk, 7u);
    }
    /* HSI on; SYSCLK back to HSI; HSE, CSS, CSI, HSI48, PLLs off; prescalers and PLL settings at reset. */
    RCC_CR |= RCC_CR_HSION;
    RCC_CFGR = 0x00000000u;
    RCC_CR &= 0xEAF6ED7Fu;
    RCC_D1CFGR = 0x00000000u;
    RCC_D2CFGR = 0x00000000u;
    RCC_D3CFGR = 0x00000000u;
    RCC_PLLCKSELR = 0x02020200u;
    RCC_PLLCFGR = 0x01FF0000u;
    RCC_PLL1DIVR = 0x01010280u;
    RCC_PLL1FRACR = 0x00000000u;
    RCC_CR &= ~RCC_CR_HSEBYP;
    RCC_CIER = 0x00000000u;
#if defined(DUAL_CORE)
    EXTI_C2EMR3 |= EXTI_LINE_HSEM_C2EMR3;
#endif
#endif
    SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;
}

uint32_t HAL_RCC_GetSysClockFreq(void)
{
    uint32_t hsi = HSI_VALUE >> ((RCC_CR & RCC_CR_HSIDIV_Msk) >> RCC_CR_HSIDIV_Pos);
    switch ((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos)
    {
    case RCC_CFGR_SW_HSI:
        return hsi;
    case 1u:
        return CSI_VALUE;
    case RCC_CFGR_SW_HSE:
        return HSE_VALUE;
    case RCC_CFGR_SW_PLL1:
    {
        uint32_t pllm = (RCC_PLLCKSELR & RCC_PLLCKSELR_DIVM1_Msk) >> RCC_PLLCKSELR_DIVM1_Pos;
        if (pllm == 0u)
        {
            return 0u;
        }
        uint32_t source;
        switch (RCC_PLLCKSELR & RCC_PLLCKSELR_PLLSRC_Msk)
        {
        case RCC_PLLCKSELR_PLLSRC_HSI: source = hsi; break;
        case RCC_PLLCKSELR_PLLSRC_HSE: source = HSE_VALUE; break;
        default: source = CSI_VALUE; break;
        }
        uint32_t fracn = (RCC_PLLCFGR & RCC_PLLCFGR_PLL1FRACEN) != 0u
            ? (RCC_PLL1FRACR & RCC_PLL1FRACR_FRACN1_Msk) >> RCC_PLL1FRACR_FRACN1_Pos : 0u;
        uint32_t divn = (RCC_PLL1DIVR & RCC_PLL1DIVR_N1_Msk) + 1u;
        uint32_t divp = ((RCC_PLL1DIVR & RCC_PLL1DIVR_P1_Msk) >> RCC_PLL1DIVR_P1_Pos) + 1u;
        /* VCO = source / M * (N + FRACN / 8192), in 64-bit integer arithmetic. */
        uint64_t vco = ((uint64_t)source * (((uint64_t)divn << 13) + fracn)) / ((uint64_t)pllm << 13);
        return (uint32_t)(vco / divp);
    }
    default:
        return CSI_VALUE;
    }
}

void SystemCoreClockUpdate(void)
{
    uint32_t common = HAL_RCC_GetSysClockFreq()
        >> (D1CorePrescTable[(RCC_D1CFGR & RCC_D1CFGR_D1CPRE_Msk) >> RCC_D1CFGR_D1CPRE_Pos] & 0x1Fu);
    SystemD2Clock = common >> (D1CorePrescTable[RCC_D1CFGR & RCC_D1CFGR_HPRE_Msk] & 0x1Fu);
#if defined(CORE_CM4)
    SystemCoreClock = SystemD2Clock;
#else
    SystemCoreClock = common;
#endif
}

uint32_t HAL_RCC_GetPCLK2Freq(void)
{
    /* APB2 = HCLK (SystemD2Clock) divided by D2PPRE2 (0xx = /1, 100 = /2 ... 111 = /16). */
    uint32_t ppre = (RCC_D2CFGR & RCC_D2CFGR_D2PPRE2_Msk) >> RCC_D2CFGR_D2PPRE2_Pos;
    return ppre < 4u ? SystemD2Clock : SystemD2Clock >> (ppre - 3u);
}

/* HAL_Init: NVIC priority grouping 4 (all bits pre-emption), SystemCoreClock from the RCC, a 1 kHz SysTick
 * from it with TICK_INT_PRIORITY 15. The Cortex-M4 first enables its ART accelerator on flash bank 2. */
HAL_StatusTypeDef HAL_Init(void)
{
#if defined(CORE_CM4)
    RCC_AHB1ENR |= RCC_AHB1ENR_ARTEN;
    MODIFY_BITS(ART_CTR, ART_CTR_PCACHEADDR_Msk, (FLASH_BANK2_BASE >> 12) & ART_CTR_PCACHEADDR_Msk);
    ART_CTR |= ART_CTR_EN;
#endif
    SCB_AIRCR = SCB_AIRCR_VECTKEY | (SCB_AIRCR & ~(0xFFFFu << 16) & ~SCB_AIRCR_PRIGROUP_Msk)
        | (3u << SCB_AIRCR_PRIGROUP_Pos);
    SystemCoreClockUpdate();
    if (HAL_InitTick(TICK_INT_PRIORITY) != HAL_OK)
    {
        return HAL_ERROR;
    }
    return HAL_OK;
}
