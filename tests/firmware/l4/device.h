/* STM32L432 / STM32L476 registers and board facts of the L4 test firmware. Written for Stm32.Build from RM0394
 * (STM32L41x-L46x, L432) and RM0351 (STM32L47x/L48x/L49x/L4Ax, L476): chapters "Reset and clock control (RCC)",
 * "Power control (PWR)", "Embedded flash memory (FLASH)", "General-purpose I/Os (GPIO)", "USART"; memory map
 * section 2.2. Cross-checked against ST's CMSIS-SVD (STM32L432, STM32L476). Build with PART_L432 or PART_L476. */
#ifndef L4_DEVICE_H
#define L4_DEVICE_H

#define NVIC_PRIO_BITS 4u
#include "cortex_m.h"

/* ---- RCC, base 0x4002 1000 ---- */
#define RCC_BASE        0x40021000u
#define RCC_CR          REG32(RCC_BASE + 0x00u)
#define RCC_ICSCR       REG32(RCC_BASE + 0x04u)
#define RCC_CFGR        REG32(RCC_BASE + 0x08u)
#define RCC_PLLCFGR     REG32(RCC_BASE + 0x0Cu)
#define RCC_AHB2ENR     REG32(RCC_BASE + 0x4Cu)
#define RCC_APB1ENR1    REG32(RCC_BASE + 0x58u)
#define RCC_APB2ENR     REG32(RCC_BASE + 0x60u)
#define RCC_CCIPR       REG32(RCC_BASE + 0x88u)
#define RCC_CR_MSIRDY       (1u << 1)
#define RCC_CR_MSIRGSEL     (1u << 3)
#define RCC_CR_MSIRANGE_Pos 4u
#define RCC_CR_MSIRANGE_Msk (0xFu << 4)
#define RCC_MSIRANGE_6      6u          /* 4 MHz, the reset range */
#define RCC_CR_PLLON        (1u << 24)
#define RCC_CR_PLLRDY       (1u << 25)
#define RCC_ICSCR_MSITRIM_Pos 8u
#define RCC_ICSCR_MSITRIM_Msk (0xFFu << 8)
#define RCC_CFGR_SW_Msk     (3u << 0)
#define RCC_CFGR_SW_MSI     0u
#define RCC_CFGR_SW_PLL     3u
#define RCC_CFGR_SWS_Pos    2u
#define RCC_CFGR_SWS_Msk    (3u << 2)
#define RCC_CFGR_HPRE_Pos   4u
#define RCC_CFGR_HPRE_Msk   (0xFu << 4)
#define RCC_CFGR_PPRE1_Msk  (7u << 8)
#define RCC_CFGR_PPRE2_Msk  (7u << 11)
#define RCC_PLLCFGR_PLLSRC_MSI (1u << 0)
#define RCC_PLLCFGR_PLLM_Pos  4u
#define RCC_PLLCFGR_PLLN_Pos  8u
#define RCC_PLLCFGR_PLLP      (1u << 17)   /* 0 = /7, 1 = /17 (used when PLLPDIV = 0) */
#define RCC_PLLCFGR_PLLQ_Pos  21u
#define RCC_PLLCFGR_PLLREN    (1u << 24)
#define RCC_PLLCFGR_PLLR_Pos  25u
#define RCC_PLLCFGR_PLLPDIV_Pos 27u        /* L43x only */
#define RCC_PLLCFGR_CONFIG_Msk ((3u << 0) | (7u << 4) | (0x7Fu << 8) | (3u << 21) | (3u << 25) | RCC_PLLCFGR_PLLP | (0x1Fu << 27))
#define RCC_AHB2ENR_GPIOAEN (1u << 0)
#define RCC_AHB2ENR_GPIOBEN (1u << 1)
#define RCC_APB1ENR1_USART2EN (1u << 17)
#define RCC_APB1ENR1_PWREN  (1u << 28)
#define RCC_APB2ENR_SYSCFGEN (1u << 0)
#define RCC_CCIPR_USART2SEL_Msk (3u << 2)   /* 00 = PCLK1 */

/* ---- PWR, base 0x4000 7000 ---- */
#define PWR_BASE        0x40007000u
#define PWR_CR1         REG32(PWR_BASE + 0x00u)
#define PWR_SR2         REG32(PWR_BASE + 0x14u)
#define PWR_CR1_VOS_Msk     (3u << 9)
#define PWR_CR1_VOS_RANGE1  (1u << 9)
#define PWR_SR2_VOSF        (1u << 10)

/* ---- FLASH, base 0x4002 2000 ---- */
#define FLASH_R_BASE    0x40022000u
#define FLASH_ACR       REG32(FLASH_R_BASE + 0x00u)
#define FLASH_ACR_LATENCY_Msk (7u << 0)

/* ---- GPIO: port A at 0x4800 0000, one port every 0x400 (AHB2) ---- */
#define GPIO_PORT_BASE(port)  (0x48000000u + 0x400u * (port))
#define GPIO_PORT_A 0u
#define GPIO_PORT_B 1u
#define GPIO_MODER(p)   REG32(GPIO_PORT_BASE(p) + 0x00u)
#define GPIO_OTYPER(p)  REG32(GPIO_PORT_BASE(p) + 0x04u)
#define GPIO_OSPEEDR(p) REG32(GPIO_PORT_BASE(p) + 0x08u)
#define GPIO_PUPDR(p)   REG32(GPIO_PORT_BASE(p) + 0x0Cu)
#define GPIO_ODR(p)     REG32(GPIO_PORT_BASE(p) + 0x14u)
#define GPIO_BSRR(p)    REG32(GPIO_PORT_BASE(p) + 0x18u)
#define GPIO_AFR(p, n)  REG32(GPIO_PORT_BASE(p) + 0x20u + 4u * (n))

#define USART2_BASE     0x40004400u   /* APB1 */
#define UART_V2_IS_LPUART(instance) 0

#define MSI_VALUE       4000000u
#define TICK_INT_PRIORITY 15u
#define PLL_TIMEOUT_VALUE 2u
#define CLOCKSWITCH_TIMEOUT_VALUE 5000u
#define PWR_FLAG_SETTING_DELAY_US 50u

#if defined(PART_L432)
/* NUCLEO-L432KC (UM1956): LD3 green on PB3, ST-LINK virtual COM port on USART2 PA2 (TX, AF7) / PA15 (RX, AF3). */
#define LED_PORT        GPIO_PORT_B
#define LED_PIN         3u
#define LED_CLOCK       RCC_AHB2ENR_GPIOBEN
#define CONSOLE_RX_PIN  15u
#define CONSOLE_RX_AF   3u
#else
/* NUCLEO-L476RG (UM1724): LD2 green on PA5, ST-LINK virtual COM port on USART2 PA2 (TX) / PA3 (RX), AF7. */
#define LED_PORT        GPIO_PORT_A
#define LED_PIN         5u
#define LED_CLOCK       RCC_AHB2ENR_GPIOAEN
#define CONSOLE_RX_PIN  3u
#define CONSOLE_RX_AF   7u
#endif
#define CONSOLE_UART_BASE USART2_BASE
#define MX_CONSOLE_UART_INIT MX_USART2_UART_Init

/* ---- Low-power entry (RM0351 5.3 and 5.4, DBGMCU_CR 48.16; used by ../common/lowpower.c) ----
 * PWR_CR1.LPMS (bits 2:0): 001 Stop 1, 011 Standby (1xx Shutdown); PWR_SR1 (0x10): SBF (bit 8); PWR_SCR (0x18):
 * CSBF (bit 8). DBGMCU_CR (0xE0042004): DBG_STOP (bit 1), DBG_STANDBY (bit 2). */
#define LP_PWR_CR        REG32(0x40007000u)
#define LP_PWR_SR        REG32(0x40007010u)
#define LP_PWR_MODE_Msk  (7u << 0)
#define LP_PWR_STOP      (1u << 0)   /* Stop 1: HAL_PWREx_EnterSTOP1Mode */
#define LP_PWR_STANDBY   (3u << 0)   /* Standby: HAL_PWR_EnterSTANDBYMode */
#define LP_PWR_SBF       (1u << 8)
#define LP_PWR_CLEAR_SBF() (REG32(0x40007018u) = (1u << 8))
#define LP_DBGMCU_CR     REG32(0xE0042004u)
#define LP_DBGMCU_BITS   ((1u << 1) | (1u << 2))
#define LP_CLOCKS()      ClockEnable(&RCC_APB1ENR1, RCC_APB1ENR1_PWREN)

#endif
