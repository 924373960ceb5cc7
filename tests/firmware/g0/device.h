/* STM32G071 registers and board facts of the G0 test firmware. Written for Stm32.Build from RM0444 (STM32G0x1
 * reference manual): chapters "Reset and clock control (RCC)", "Power control (PWR)", "Embedded flash memory
 * (FLASH)" (FLASH_ACR, unlock keys, FLASH_OPTR user option bits), "System configuration controller (SYSCFG)",
 * "General-purpose I/Os (GPIO)", "USART"; memory map section 2.2. Cross-checked against ST's CMSIS-SVD
 * (STM32G071). */
#ifndef G0_DEVICE_H
#define G0_DEVICE_H

#define NVIC_PRIO_BITS 2u   /* Cortex-M0+: 4 priority levels */
#include "cortex_m.h"

/* ---- RCC, base 0x4002 1000 ---- */
#define RCC_BASE        0x40021000u
#define RCC_CR          REG32(RCC_BASE + 0x00u)
#define RCC_ICSCR       REG32(RCC_BASE + 0x04u)
#define RCC_CFGR        REG32(RCC_BASE + 0x08u)
#define RCC_PLLCFGR     REG32(RCC_BASE + 0x0Cu)
#define RCC_IOPENR      REG32(RCC_BASE + 0x34u)
#define RCC_APBENR1     REG32(RCC_BASE + 0x3Cu)
#define RCC_APBENR2     REG32(RCC_BASE + 0x40u)
#define RCC_CCIPR       REG32(RCC_BASE + 0x54u)
#define RCC_CR_HSIDIV_Msk   (7u << 11)
#define RCC_CR_PLLON        (1u << 24)
#define RCC_CR_PLLRDY       (1u << 25)
#define RCC_ICSCR_HSITRIM_Pos 8u
#define RCC_ICSCR_HSITRIM_Msk (0x7Fu << 8)
#define RCC_CFGR_SW_Msk     (7u << 0)
#define RCC_CFGR_SW_PLL     2u
#define RCC_CFGR_SWS_Pos    3u
#define RCC_CFGR_SWS_Msk    (7u << 3)
#define RCC_CFGR_HPRE_Pos   8u
#define RCC_CFGR_HPRE_Msk   (0xFu << 8)
#define RCC_CFGR_PPRE_Msk   (7u << 12)
#define RCC_CFGR_PPRE_DIV16 (7u << 12)
#define RCC_PLLCFGR_PLLSRC_HSI (2u << 0)
#define RCC_PLLCFGR_PLLN_Pos  8u
#define RCC_PLLCFGR_PLLP_DIV2 (1u << 17)
#define RCC_PLLCFGR_PLLQ_DIV2 (1u << 25)
#define RCC_PLLCFGR_PLLREN    (1u << 28)
#define RCC_PLLCFGR_PLLR_DIV2 (1u << 29)
#define RCC_PLLCFGR_CONFIG_Msk ((3u << 0) | (7u << 4) | (0x7Fu << 8) | (0x1Fu << 17) | (7u << 25) | (7u << 29))
#define RCC_IOPENR_GPIOAEN  (1u << 0)
#define RCC_APBENR1_USART2EN (1u << 17)
#define RCC_APBENR1_PWREN   (1u << 28)
#define RCC_APBENR2_SYSCFGEN (1u << 0)
#define RCC_CCIPR_USART2SEL_Msk (3u << 2)   /* 00 = PCLK */

/* ---- PWR, base 0x4000 7000 ---- */
#define PWR_BASE        0x40007000u
#define PWR_CR1         REG32(PWR_BASE + 0x00u)
#define PWR_SR2         REG32(PWR_BASE + 0x14u)
#define PWR_CR1_VOS_Msk     (3u << 9)
#define PWR_CR1_VOS_RANGE1  (1u << 9)
#define PWR_SR2_VOSF        (1u << 10)

/* ---- SYSCFG, base 0x4001 0000 ---- */
#define SYSCFG_CFGR1    REG32(0x40010000u)
#define SYSCFG_CFGR1_UCPD1_STROBE (1u << 9)
#define SYSCFG_CFGR1_UCPD2_STROBE (1u << 10)

/* ---- FLASH, base 0x4002 2000 ---- */
#define FLASH_R_BASE    0x40022000u
#define FLASH_ACR       REG32(FLASH_R_BASE + 0x00u)
#define FLASH_KEYR      REG32(FLASH_R_BASE + 0x08u)
#define FLASH_OPTKEYR   REG32(FLASH_R_BASE + 0x0Cu)
#define FLASH_SR        REG32(FLASH_R_BASE + 0x10u)
#define FLASH_CR        REG32(FLASH_R_BASE + 0x14u)
#define FLASH_OPTR      REG32(FLASH_R_BASE + 0x20u)
#define FLASH_ACR_LATENCY_Msk (7u << 0)
#define FLASH_ACR_PRFTEN    (1u << 8)
#define FLASH_KEY1          0x45670123u
#define FLASH_KEY2          0xCDEF89ABu
#define FLASH_OPTKEY1       0x08192A3Bu
#define FLASH_OPTKEY2       0x4C5D6E7Fu
#define FLASH_SR_BSY1       (1u << 16)
#define FLASH_SR_CFGBSY     (1u << 18)
/* OPERR, PROGERR, WRPERR, PGAERR, SIZERR, PGSERR, MISERR, FASTERR, OPTVERR (no RDERR on the G071). */
#define FLASH_SR_ERRORS     ((1u << 1) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8) | (1u << 9) | (1u << 15))
#define FLASH_SR_CLEAR      (FLASH_SR_ERRORS | (1u << 0))
#define FLASH_CR_OPTSTRT    (1u << 17)
#define FLASH_CR_OBL_LAUNCH (1u << 27)
#define FLASH_CR_OPTLOCK    (1u << 30)
#define FLASH_CR_LOCK       (1u << 31)
#define FLASH_OPTR_RDP_Msk  0xFFu
#define FLASH_OPTR_nBOOT_SEL (1u << 24)      /* 1 = BOOT0 from the nBOOT0 option bit, 0 = from the PA14-BOOT0 pin */
#define FLASH_OPTR_NRST_MODE_Msk (3u << 27)  /* 01 reset input only, 10 GPIO (PF2), 11 reset input/output */
#define FLASH_OPTR_NRST_MODE_GPIO (2u << 27)

/* ---- IWDG, base 0x4000 3000 (RM0444 "Independent watchdog": KR, PR, RLR, SR, WINR) ---- */
#define IWDG_BASE       0x40003000u
#define IWDG_KR         REG32(IWDG_BASE + 0x00u)
#define IWDG_PR         REG32(IWDG_BASE + 0x04u)
#define IWDG_RLR        REG32(IWDG_BASE + 0x08u)
#define IWDG_SR         REG32(IWDG_BASE + 0x0Cu)
#define IWDG_KEY_ENABLE         0xCCCCu
#define IWDG_KEY_RELOAD         0xAAAAu
#define IWDG_KEY_WRITE_ACCESS   0x5555u
#define IWDG_PR_DIV32           3u
#define IWDG_SR_BUSY_Msk        7u          /* PVU, RVU, WVU */
#define IWDG_TIMEOUT_MS         48u         /* HAL_IWDG_DEFAULT_TIMEOUT: 6 periods of LSI / 256 at 32 kHz */

/* ---- GPIO: port A at 0x5000 0000 (IOPORT), one port every 0x400 ---- */
#define GPIO_PORT_BASE(port)  (0x50000000u + 0x400u * (port))
#define GPIO_PORT_A 0u
#define GPIO_MODER(p)   REG32(GPIO_PORT_BASE(p) + 0x00u)
#define GPIO_OTYPER(p)  REG32(GPIO_PORT_BASE(p) + 0x04u)
#define GPIO_OSPEEDR(p) REG32(GPIO_PORT_BASE(p) + 0x08u)
#define GPIO_PUPDR(p)   REG32(GPIO_PORT_BASE(p) + 0x0Cu)
#define GPIO_ODR(p)     REG32(GPIO_PORT_BASE(p) + 0x14u)
#define GPIO_BSRR(p)    REG32(GPIO_PORT_BASE(p) + 0x18u)
#define GPIO_AFR(p, n)  REG32(GPIO_PORT_BASE(p) + 0x20u + 4u * (n))

#define USART2_BASE     0x40004400u   /* APB */
#define UART_V2_HAS_PRESC
#define UART_V2_HAS_FIFO
#define UART_V2_IS_LPUART(instance) 0

#define HSI_VALUE       16000000u
#define TICK_INT_PRIORITY 3u            /* (1 << NVIC_PRIO_BITS) - 1, the G0 HAL default */
#define PLL_TIMEOUT_VALUE 2u
#define CLOCKSWITCH_TIMEOUT_VALUE 5000u
#define FLASH_TIMEOUT_VALUE 1000u
#define PWR_VOSF_SETTING_DELAY_6_US 6u
#define RCC_HSICALIBRATION_DEFAULT 64u

/* NUCLEO-G071RB (UM2324): LD4 green on PA5, ST-LINK virtual COM port on USART2 PA2 (TX) / PA3 (RX), AF1. */
#define LED_PORT        GPIO_PORT_A
#define LED_PIN         5u
#define CONSOLE_UART_BASE USART2_BASE
#define MX_CONSOLE_UART_INIT MX_USART2_UART_Init

#endif
