/* STM32H747 registers used by the HAL-style test firmware. Written for Stm32.Build from RM0399 rev 4
 * (STM32H745/755/747/757 reference manual); no ST header is used. Addresses are base + offset as the
 * register maps at the end of each RM0399 chapter list them; bit positions as the register descriptions
 * give them. Register facts were cross-checked against ST's CMSIS-SVD for the STM32H747 (Apache-2.0); where
 * the SVD lacks a field (PWR_CR3 SMPS fields, FLASH_OPTSR BCM4/BCM7) the manual's description is used. */
#ifndef H747_DEVICE_H
#define H747_DEVICE_H

#define NVIC_PRIO_BITS 4u   /* RM0399 NVIC chapter: 16 programmable priority levels */
#include "cortex_m.h"

/* ---- RCC, RM0399 chapter "Reset and clock control (RCC)", base 0x5802 4400 (memory map, section 2.3) ---- */
#define RCC_BASE        0x58024400u
#define RCC_CR          REG32(RCC_BASE + 0x000u)
#define RCC_CFGR        REG32(RCC_BASE + 0x010u)
#define RCC_D1CFGR      REG32(RCC_BASE + 0x018u)
#define RCC_D2CFGR      REG32(RCC_BASE + 0x01Cu)
#define RCC_D3CFGR      REG32(RCC_BASE + 0x020u)
#define RCC_PLLCKSELR   REG32(RCC_BASE + 0x028u)
#define RCC_PLLCFGR     REG32(RCC_BASE + 0x02Cu)
#define RCC_PLL1DIVR    REG32(RCC_BASE + 0x030u)
#define RCC_PLL1FRACR   REG32(RCC_BASE + 0x034u)
#define RCC_D2CCIP2R    REG32(RCC_BASE + 0x054u)
#define RCC_CIER        REG32(RCC_BASE + 0x060u)
#define RCC_GCR         REG32(RCC_BASE + 0x0A0u)
#define RCC_RSR         REG32(RCC_BASE + 0x0D0u)
/* The RCC_xxxENR registers at 0x0D4-0x0F4 address the enable registers of the CPU doing the access
 * (RCC_C1_xxxENR for the Cortex-M7, RCC_C2_xxxENR for the Cortex-M4). */
#define RCC_AHB1ENR     REG32(RCC_BASE + 0x0D8u)
#define RCC_AHB4ENR     REG32(RCC_BASE + 0x0E0u)
#define RCC_APB2ENR     REG32(RCC_BASE + 0x0F0u)
#define RCC_APB4ENR     REG32(RCC_BASE + 0x0F4u)

#define RCC_CR_HSION        (1u << 0)
#define RCC_CR_HSIRDY       (1u << 2)
#define RCC_CR_HSIDIV_Pos   3u
#define RCC_CR_HSIDIV_Msk   (3u << RCC_CR_HSIDIV_Pos)
#define RCC_CR_CSION        (1u << 7)
#define RCC_CR_D1CKRDY      (1u << 14)
#define RCC_CR_D2CKRDY      (1u << 15)
#define RCC_CR_HSEON        (1u << 16)
#define RCC_CR_HSERDY       (1u << 17)
#define RCC_CR_HSEBYP       (1u << 18)
#define RCC_CR_HSECSSON     (1u << 19)
#define RCC_CR_PLL1ON       (1u << 24)
#define RCC_CR_PLL1RDY      (1u << 25)
#define RCC_CFGR_SW_Msk     (7u << 0)
#define RCC_CFGR_SW_HSI     0u
#define RCC_CFGR_SW_HSE     2u
#define RCC_CFGR_SW_PLL1    3u
#define RCC_CFGR_SWS_Pos    3u
#define RCC_CFGR_SWS_Msk    (7u << RCC_CFGR_SWS_Pos)
#define RCC_D1CFGR_HPRE_Msk     (0xFu << 0)
#define RCC_D1CFGR_HPRE_DIV2    (0x8u << 0)
#define RCC_D1CFGR_D1PPRE_Msk   (7u << 4)
#define RCC_D1CFGR_D1PPRE_DIV2  (4u << 4)
#define RCC_D1CFGR_D1CPRE_Pos   8u
#define RCC_D1CFGR_D1CPRE_Msk   (0xFu << 8)
#define RCC_D1CFGR_D1CPRE_DIV1  (0u << 8)
#define RCC_D2CFGR_D2PPRE1_Msk  (7u << 4)
#define RCC_D2CFGR_D2PPRE1_DIV2 (4u << 4)
#define RCC_D2CFGR_D2PPRE2_Pos  8u
#define RCC_D2CFGR_D2PPRE2_Msk  (7u << 8)
#define RCC_D2CFGR_D2PPRE2_DIV2 (4u << 8)
#define RCC_D3CFGR_D3PPRE_Msk   (7u << 4)
#define RCC_D3CFGR_D3PPRE_DIV2  (4u << 4)
#define RCC_PLLCKSELR_PLLSRC_Msk  (3u << 0)
#define RCC_PLLCKSELR_PLLSRC_HSI  0u
#define RCC_PLLCKSELR_PLLSRC_CSI  1u
#define RCC_PLLCKSELR_PLLSRC_HSE  2u
#define RCC_PLLCKSELR_DIVM1_Pos   4u
#define RCC_PLLCKSELR_DIVM1_Msk   (0x3Fu << 4)
#define RCC_PLLCFGR_PLL1FRACEN    (1u << 0)
#define RCC_PLLCFGR_PLL1VCOSEL    (1u << 1)   /* 0 = wide VCO range (192-836/960 MHz) */
#define RCC_PLLCFGR_PLL1RGE_Msk   (3u << 2)
#define RCC_PLLCFGR_PLL1RGE_4_8MHZ (2u << 2)
#define RCC_PLLCFGR_DIVP1EN       (1u << 16)
#define RCC_PLLCFGR_DIVQ1EN       (1u << 17)
#define RCC_PLLCFGR_DIVR1EN       (1u << 18)
#define RCC_PLL1DIVR_N1_Msk       0x1FFu
#define RCC_PLL1DIVR_P1_Pos       9u
#define RCC_PLL1DIVR_P1_Msk       (0x7Fu << 9)
#define RCC_PLL1DIVR_Q1_Pos       16u
#define RCC_PLL1DIVR_R1_Pos       24u
#define RCC_PLL1FRACR_FRACN1_Pos  3u
#define RCC_PLL1FRACR_FRACN1_Msk  (0x1FFFu << 3)
#define RCC_D2CCIP2R_USART16SEL_Msk (7u << 3)   /* 000 = rcc_pclk2 */
#define RCC_GCR_BOOT_C2           (1u << 3)
#define RCC_RSR_IWDG1RSTF         (1u << 26)
#define RCC_AHB1ENR_ARTEN         (1u << 14)
#define RCC_AHB4ENR_GPIOAEN       (1u << 0)
#define RCC_AHB4ENR_GPIOCEN       (1u << 2)
#define RCC_AHB4ENR_GPIOIEN       (1u << 8)
#define RCC_AHB4ENR_HSEMEN        (1u << 25)
#define RCC_APB2ENR_USART1EN      (1u << 4)
#define RCC_APB4ENR_SYSCFGEN      (1u << 1)

/* ---- PWR, RM0399 chapter 7 "Power control (PWR)", base 0x5802 4800 ---- */
#define PWR_BASE        0x58024800u
#define PWR_CR1         REG32(PWR_BASE + 0x000u)
#define PWR_CSR1        REG32(PWR_BASE + 0x004u)
#define PWR_CR3         REG32(PWR_BASE + 0x00Cu)
#define PWR_CPUCR       REG32(PWR_BASE + 0x010u)
#define PWR_CPU2CR      REG32(PWR_BASE + 0x014u)
#define PWR_D3CR        REG32(PWR_BASE + 0x018u)

#define PWR_CR1_LPDS            (1u << 0)
#define PWR_CSR1_ACTVOSRDY      (1u << 13)
/* PWR_CR3 supply configuration (written once after power-on; RM0399 chapter 7, register PWR_CR3, and the
 * chapter's table of supply configurations): BYPASS bit 0, LDOEN bit 1, SMPSEN (SDEN) bit 2, SMPSEXTHP
 * (SDEXTHP) bit 3, SMPSLEVEL (SDLEVEL) bits 5:4 (01 = 1.8 V, 10 = 2.5 V), SMPSEXTRDY (SDEXTRDY) bit 16.
 * Reset value 0x0000 0006 (SMPSEN and LDOEN both set = "not configured yet"). */
#define PWR_CR3_BYPASS          (1u << 0)
#define PWR_CR3_LDOEN           (1u << 1)
#define PWR_CR3_SMPSEN          (1u << 2)
#define PWR_CR3_SMPSEXTHP       (1u << 3)
#define PWR_CR3_SMPSLEVEL_1V8   (1u << 4)
#define PWR_CR3_SMPSLEVEL_2V5   (2u << 4)
#define PWR_CR3_SMPSLEVEL_Msk   (3u << 4)
#define PWR_CR3_SMPSEXTRDY      (1u << 16)
#define PWR_CPUCR_PDDS_D1       (1u << 0)
#define PWR_CPUCR_PDDS_D2       (1u << 1)
#define PWR_CPUCR_PDDS_D3       (1u << 2)
#define PWR_CPUCR_STOPF         (1u << 5)
#define PWR_CPUCR_CSSF          (1u << 9)
#define PWR_CPU2CR_PDDS_D1      (1u << 0)
#define PWR_CPU2CR_PDDS_D2      (1u << 1)
#define PWR_CPU2CR_PDDS_D3      (1u << 2)
#define PWR_D3CR_VOSRDY         (1u << 13)
#define PWR_D3CR_VOS_Pos        14u
#define PWR_D3CR_VOS_Msk        (3u << 14)
#define PWR_D3CR_VOS_SCALE3     (1u << 14)
#define PWR_D3CR_VOS_SCALE2     (2u << 14)
#define PWR_D3CR_VOS_SCALE1     (3u << 14)

/* ---- SYSCFG, RM0399 chapter "System configuration controller (SYSCFG)", base 0x5800 0400 ---- */
#define SYSCFG_BASE     0x58000400u
#define SYSCFG_EXTICR(n) REG32(SYSCFG_BASE + 0x008u + 4u * (n))
#define SYSCFG_PWRCR    REG32(SYSCFG_BASE + 0x02Cu)
#define SYSCFG_PWRCR_ODEN (1u << 0)   /* overdrive: VOS0 when D3CR.VOS = scale 1 (RM0399 chapter 7, VOS0 activation sequence) */

/* ---- EXTI, RM0399 chapter "Extended interrupt and event controller (EXTI)", base 0x5800 0000 ---- */
#define EXTI_BASE       0x58000000u
#define EXTI_RTSR1      REG32(EXTI_BASE + 0x000u)
#define EXTI_FTSR1      REG32(EXTI_BASE + 0x004u)
#define EXTI_CPUIMR1    REG32(EXTI_BASE + 0x080u)   /* CPU1 (Cortex-M7) interrupt mask, lines 0-31 */
#define EXTI_CPUEMR1    REG32(EXTI_BASE + 0x084u)
#define EXTI_CPUPR1     REG32(EXTI_BASE + 0x088u)
#define EXTI_C2IMR1     REG32(EXTI_BASE + 0x0C0u)   /* CPU2 (Cortex-M4) */
#define EXTI_C2EMR1     REG32(EXTI_BASE + 0x0C4u)
#define EXTI_C2PR1      REG32(EXTI_BASE + 0x0C8u)
#define EXTI_C2EMR3     REG32(EXTI_BASE + 0x0E4u)   /* CPU2 event mask, lines 64-95 */
#define EXTI_LINE_HSEM_C2EMR3 (1u << 14)            /* event input 78: HSEM interrupt towards the CPUs */

/* ---- FLASH, RM0399 4.9 "FLASH registers", base 0x5200 2000, bank 2 registers at +0x100 ---- */
#define FLASH_R_BASE    0x52002000u
#define FLASH_ACR       REG32(FLASH_R_BASE + 0x000u)
#define FLASH_KEYR1     REG32(FLASH_R_BASE + 0x004u)
#define FLASH_OPTKEYR   REG32(FLASH_R_BASE + 0x008u)
#define FLASH_CR1       REG32(FLASH_R_BASE + 0x00Cu)
#define FLASH_SR1       REG32(FLASH_R_BASE + 0x010u)
#define FLASH_CCR1      REG32(FLASH_R_BASE + 0x014u)
#define FLASH_OPTCR     REG32(FLASH_R_BASE + 0x018u)
#define FLASH_OPTSR_CUR REG32(FLASH_R_BASE + 0x01Cu)
#define FLASH_OPTSR_PRG REG32(FLASH_R_BASE + 0x020u)
#define FLASH_OPTCCR    REG32(FLASH_R_BASE + 0x024u)
#define FLASH_KEYR2     REG32(FLASH_R_BASE + 0x104u)
#define FLASH_CR2       REG32(FLASH_R_BASE + 0x10Cu)
#define FLASH_SR2       REG32(FLASH_R_BASE + 0x110u)
#define FLASH_CCR2      REG32(FLASH_R_BASE + 0x114u)

#define FLASH_ACR_LATENCY_Msk     (0xFu << 0)     /* RM0399 4.9.1; reset LATENCY = 7, WRHIGHFREQ = 3 */
#define FLASH_ACR_WRHIGHFREQ_Pos  4u
#define FLASH_ACR_WRHIGHFREQ_Msk  (3u << 4)
#define FLASH_KEY1                0x45670123u     /* RM0399 4.9.2 FLASH_KEYR1/2 unlock sequence */
#define FLASH_KEY2                0xCDEF89ABu
#define FLASH_OPT_KEY1            0x08192A3Bu     /* RM0399 4.4.2 and 4.9.3 FLASH_OPTKEYR */
#define FLASH_OPT_KEY2            0x4C5D6E7Fu
#define FLASH_CR_LOCK             (1u << 0)
#define FLASH_CR_PG               (1u << 1)
#define FLASH_CR_SER              (1u << 2)
#define FLASH_CR_PSIZE_Msk        (3u << 4)
#define FLASH_CR_PSIZE_X32        (2u << 4)       /* HAL's FLASH_VOLTAGE_RANGE_3 */
#define FLASH_CR_START            (1u << 7)
#define FLASH_CR_SNB_Pos          8u
#define FLASH_CR_SNB_Msk          (7u << 8)
#define FLASH_SR_QW               (1u << 2)
#define FLASH_SR_CRC_BUSY         (1u << 3)
#define FLASH_SR_EOP              (1u << 16)
/* WRPERR, PGSERR, STRBERR, INCERR, OPERR, RDPERR, RDSERR, SNECCERR, DBECCERR, CRCRDERR (bits 17-28). */
#define FLASH_SR_ALL_ERRORS       ((1u << 17) | (1u << 18) | (1u << 19) | (1u << 21) | (1u << 22) | \
                                   (1u << 23) | (1u << 24) | (1u << 25) | (1u << 26) | (1u << 28))
#define FLASH_OPTCR_OPTLOCK       (1u << 0)
#define FLASH_OPTCR_OPTSTART      (1u << 1)
#define FLASH_OPTSR_OPT_BUSY      (1u << 0)
#define FLASH_OPTSR_BCM4          (1u << 22)      /* Cortex-M4 boots after reset when set */
#define FLASH_OPTSR_BCM7          (1u << 23)
#define FLASH_OPTSR_OPTCHANGEERR  (1u << 30)
#define FLASH_OPTCCR_CLR_OPTCHANGEERR (1u << 30)
#define FLASH_BANK2_BASE          0x08100000u
#define FLASH_SECTOR_SIZE         0x00020000u     /* RM0399 4.3.2: 8 sectors of 128 Kbytes per bank */
#define FLASH_WORD_BYTES          32u             /* 256-bit flash word */

/* ---- GPIO, RM0399 chapter "General-purpose I/Os (GPIO)": port A at 0x5802 0000, one port every 0x400 ---- */
#define GPIO_PORT_BASE(port)  (0x58020000u + 0x400u * (port))
#define GPIO_PORT_A 0u
#define GPIO_PORT_C 2u
#define GPIO_PORT_I 8u
#define GPIO_MODER(port)   REG32(GPIO_PORT_BASE(port) + 0x00u)
#define GPIO_OTYPER(port)  REG32(GPIO_PORT_BASE(port) + 0x04u)
#define GPIO_OSPEEDR(port) REG32(GPIO_PORT_BASE(port) + 0x08u)
#define GPIO_PUPDR(port)   REG32(GPIO_PORT_BASE(port) + 0x0Cu)
#define GPIO_IDR(port)     REG32(GPIO_PORT_BASE(port) + 0x10u)
#define GPIO_ODR(port)     REG32(GPIO_PORT_BASE(port) + 0x14u)
#define GPIO_BSRR(port)    REG32(GPIO_PORT_BASE(port) + 0x18u)
#define GPIO_AFR(port, n)  REG32(GPIO_PORT_BASE(port) + 0x20u + 4u * (n))

/* ---- USART1, RM0399 chapter "Universal synchronous asynchronous receiver transmitter (USART)",
 *      base 0x4001 1000 (APB2, D2 domain) ---- */
#define USART1_BASE     0x40011000u
#define USART_CR1(b)    REG32((b) + 0x00u)
#define USART_CR2(b)    REG32((b) + 0x04u)
#define USART_CR3(b)    REG32((b) + 0x08u)
#define USART_BRR(b)    REG32((b) + 0x0Cu)
#define USART_ISR(b)    REG32((b) + 0x1Cu)
#define USART_ICR(b)    REG32((b) + 0x20u)
#define USART_TDR(b)    REG32((b) + 0x28u)
#define USART_PRESC(b)  REG32((b) + 0x2Cu)
#define USART_CR1_UE     (1u << 0)
#define USART_CR1_RE     (1u << 2)
#define USART_CR1_TE     (1u << 3)
#define USART_CR1_PS     (1u << 9)
#define USART_CR1_PCE    (1u << 10)
#define USART_CR1_M0     (1u << 12)
#define USART_CR1_OVER8  (1u << 15)
#define USART_CR1_M1     (1u << 28)
#define USART_CR1_FIFOEN (1u << 29)
#define USART_CR2_STOP_Msk (3u << 12)
#define USART_CR2_CLKEN  (1u << 11)
#define USART_CR2_LINEN  (1u << 14)
#define USART_CR3_IREN   (1u << 1)
#define USART_CR3_HDSEL  (1u << 3)
#define USART_CR3_SCEN   (1u << 5)
#define USART_CR3_RTSE   (1u << 8)
#define USART_CR3_CTSE   (1u << 9)
#define USART_CR3_ONEBIT (1u << 11)
#define USART_CR3_TXFTCFG_Msk (7u << 29)
#define USART_CR3_RXFTCFG_Msk (7u << 25)
#define USART_ISR_TC     (1u << 6)
#define USART_ISR_TXE    (1u << 7)     /* TXFNF when the FIFO is enabled */
#define USART_ISR_TEACK  (1u << 21)
#define USART_ISR_REACK  (1u << 22)

/* ---- IWDG1, RM0399 chapter "Independent watchdog (IWDG)", base 0x5800 4800 ---- */
#define IWDG1_BASE      0x58004800u
#define IWDG_KR         REG32(IWDG1_BASE + 0x00u)
#define IWDG_PR         REG32(IWDG1_BASE + 0x04u)
#define IWDG_RLR        REG32(IWDG1_BASE + 0x08u)
#define IWDG_SR         REG32(IWDG1_BASE + 0x0Cu)
#define IWDG_WINR       REG32(IWDG1_BASE + 0x10u)
#define IWDG_KEY_RELOAD        0xAAAAu
#define IWDG_KEY_ENABLE        0xCCCCu
#define IWDG_KEY_WRITE_ACCESS  0x5555u
#define IWDG_SR_PVU     (1u << 0)
#define IWDG_SR_RVU     (1u << 1)
#define IWDG_SR_WVU     (1u << 2)

/* ---- HSEM, RM0399 chapter "Hardware semaphore (HSEM)", base 0x5802 6400 ---- */
#define HSEM_BASE       0x58026400u
#define HSEM_R(n)       REG32(HSEM_BASE + 0x000u + 4u * (n))   /* 2-step lock / release */
#define HSEM_RLR(n)     REG32(HSEM_BASE + 0x080u + 4u * (n))   /* 1-step (read) lock */
#define HSEM_C1IER      REG32(HSEM_BASE + 0x100u)
#define HSEM_C1ICR      REG32(HSEM_BASE + 0x104u)
#define HSEM_C1ISR      REG32(HSEM_BASE + 0x108u)
#define HSEM_C2IER      REG32(HSEM_BASE + 0x110u)
#define HSEM_C2ICR      REG32(HSEM_BASE + 0x114u)
#define HSEM_C2ISR      REG32(HSEM_BASE + 0x118u)
#define HSEM_R_LOCK     (1u << 31)
#define HSEM_R_COREID_Pos 8u
#define HSEM_COREID_CM7 3u   /* AHB bus master ID of the Cortex-M7 */
#define HSEM_COREID_CM4 1u   /* AHB bus master ID of the Cortex-M4 */

/* ---- DBGMCU, RM0399 61.5 "Microcontroller debug unit (DBGMCU)", base 0x5C00 1000 ---- */
#define DBGMCU_BASE     0x5C001000u
#define DBGMCU_IDC      REG32(DBGMCU_BASE + 0x000u)
#define DBGMCU_CR       REG32(DBGMCU_BASE + 0x004u)
#define DBGMCU_APB4FZ1  REG32(DBGMCU_BASE + 0x054u)
#define DBGMCU_APB4FZ2  REG32(DBGMCU_BASE + 0x058u)
#define DBGMCU_CR_DBGSLEEP_D1   (1u << 0)
#define DBGMCU_CR_DBGSTOP_D1    (1u << 1)
#define DBGMCU_CR_DBGSTBY_D1    (1u << 2)
#define DBGMCU_CR_DBGSLEEP_D2   (1u << 3)
#define DBGMCU_CR_DBGSTOP_D2    (1u << 4)
#define DBGMCU_CR_DBGSTOP_D3    (1u << 7)
#define DBGMCU_CR_DBGSTBY_D3    (1u << 8)
#define DBGMCU_APB4FZ1_DBG_IWDG1 (1u << 18)   /* WDGLSD1 in the SVD */

/* ---- ART accelerator of the Cortex-M4 (RM0399 chapter "ART accelerator"), base 0x4002 4400 ---- */
#define ART_CTR         REG32(0x40024400u)
#define ART_CTR_EN      (1u << 0)
#define ART_CTR_PCACHEADDR_Msk (0xFFFu << 8)

/* ---- Interrupt positions, RM0399 NVIC table ---- */
#define EXTI15_10_IRQn  40
#define HSEM1_IRQn      125   /* HSEM interrupt to the Cortex-M7 */
#define HSEM2_IRQn      126   /* HSEM interrupt to the Cortex-M4 */

/* ---- Board: STM32H747I-DISCO (UM2411): 25 MHz HSE crystal, LEDs LD1-LD4 on PI12-PI15 (driven low = on),
 *      wake-up button B1 on PC13 (high when pressed), USART1 PA9 (TX) / PA10 (RX) to the ST-LINK VCP ---- */
#define HSE_VALUE       25000000u
#define HSI_VALUE       64000000u
#define CSI_VALUE       4000000u
#define LSI_VALUE       32000u

#endif
