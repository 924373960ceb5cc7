/* STM32G431 / STM32G474 registers and board facts of the G4 test firmware. Written for Stm32.Build from RM0440
 * (STM32G4 series reference manual): chapters "Reset and clock control (RCC)", "Power control (PWR)", "Embedded
 * flash memory (FLASH)", "General-purpose I/Os (GPIO)", "Low-power universal asynchronous receiver transmitter
 * (LPUART)"; memory map section 2.2. Cross-checked against ST's CMSIS-SVD (STM32G431, STM32G474).
 * Build with PART_G431 or PART_G474. */
#ifndef G4_DEVICE_H
#define G4_DEVICE_H

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
#define RCC_APB1ENR2    REG32(RCC_BASE + 0x5Cu)
#define RCC_APB2ENR     REG32(RCC_BASE + 0x60u)
#define RCC_CCIPR       REG32(RCC_BASE + 0x88u)
#define RCC_CR_HSION        (1u << 8)
#define RCC_CR_HSIRDY       (1u << 10)
#define RCC_CR_PLLON        (1u << 24)
#define RCC_CR_PLLRDY       (1u << 25)
#define RCC_ICSCR_HSITRIM_Pos 24u
#define RCC_ICSCR_HSITRIM_Msk (0x7Fu << 24)
#define RCC_CFGR_SW_Msk     (3u << 0)
#define RCC_CFGR_SW_HSI     1u
#define RCC_CFGR_SW_PLL     3u
#define RCC_CFGR_SWS_Pos    2u
#define RCC_CFGR_SWS_Msk    (3u << 2)
#define RCC_CFGR_HPRE_Pos   4u
#define RCC_CFGR_HPRE_Msk   (0xFu << 4)
#define RCC_CFGR_HPRE_DIV2  (0x8u << 4)
#define RCC_CFGR_PPRE1_Pos  8u
#define RCC_CFGR_PPRE1_Msk  (7u << 8)
#define RCC_CFGR_PPRE2_Pos  11u
#define RCC_CFGR_PPRE2_Msk  (7u << 11)
#define RCC_HCLK_DIV16_PPRE1 (7u << 8)   /* ST's RCC_HCLK_DIV16, a PPRE1-position value */
#define RCC_PLLCFGR_PLLSRC_HSI (2u << 0)
#define RCC_PLLCFGR_PLLM_Pos  4u
#define RCC_PLLCFGR_PLLN_Pos  8u
#define RCC_PLLCFGR_PLLQ_Pos  21u
#define RCC_PLLCFGR_PLLREN    (1u << 24)
#define RCC_PLLCFGR_PLLR_Pos  25u
#define RCC_PLLCFGR_PLLPDIV_Pos 27u
#define RCC_PLLCFGR_CONFIG_Msk ((3u << 0) | (0xFu << 4) | (0x7Fu << 8) | (3u << 21) | (3u << 25) | (1u << 17) | (0x1Fu << 27))
#define RCC_AHB2ENR_GPIOAEN (1u << 0)
#define RCC_APB1ENR1_PWREN  (1u << 28)
#define RCC_APB1ENR2_LPUART1EN (1u << 0)
#define RCC_APB2ENR_SYSCFGEN (1u << 0)
#define RCC_CCIPR_LPUART1SEL_Msk (3u << 10)   /* 00 = PCLK1 */

/* ---- PWR, base 0x4000 7000 ---- */
#define PWR_BASE        0x40007000u
#define PWR_CR1         REG32(PWR_BASE + 0x00u)
#define PWR_SR2         REG32(PWR_BASE + 0x14u)
#define PWR_CR5         REG32(PWR_BASE + 0x80u)
#define PWR_CR1_VOS_Msk     (3u << 9)
#define PWR_CR1_VOS_RANGE1  (1u << 9)
#define PWR_CR1_VOS_RANGE2  (2u << 9)
#define PWR_SR2_VOSF        (1u << 10)
#define PWR_CR5_R1MODE      (1u << 8)   /* 0 = range 1 boost mode (up to 170 MHz) */

/* ---- FLASH, base 0x4002 2000 ---- */
#define FLASH_R_BASE    0x40022000u
#define FLASH_ACR       REG32(FLASH_R_BASE + 0x00u)
#define FLASH_ACR_LATENCY_Msk (0xFu << 0)

/* ---- GPIO: port A at 0x4800 0000, one port every 0x400 (AHB2) ---- */
#define GPIO_PORT_BASE(port)  (0x48000000u + 0x400u * (port))
#define GPIO_PORT_A 0u
#define GPIO_MODER(p)   REG32(GPIO_PORT_BASE(p) + 0x00u)
#define GPIO_OTYPER(p)  REG32(GPIO_PORT_BASE(p) + 0x04u)
#define GPIO_OSPEEDR(p) REG32(GPIO_PORT_BASE(p) + 0x08u)
#define GPIO_PUPDR(p)   REG32(GPIO_PORT_BASE(p) + 0x0Cu)
#define GPIO_ODR(p)     REG32(GPIO_PORT_BASE(p) + 0x14u)
#define GPIO_BSRR(p)    REG32(GPIO_PORT_BASE(p) + 0x18u)
#define GPIO_AFR(p, n)  REG32(GPIO_PORT_BASE(p) + 0x20u + 4u * (n))

#define LPUART1_BASE    0x40008000u   /* APB1 */
#define UART_V2_HAS_PRESC
#define UART_V2_HAS_FIFO
#define UART_V2_IS_LPUART(instance) ((instance) == LPUART1_BASE)

#define HSI_VALUE       16000000u
#define TICK_INT_PRIORITY 15u
#define PLL_TIMEOUT_VALUE 2u
#define CLOCKSWITCH_TIMEOUT_VALUE 5000u
#define PWR_FLAG_SETTING_DELAY_US 50u
#define RCC_HSICALIBRATION_DEFAULT 0x40u

/* NUCLEO-G431RB / NUCLEO-G474RE (UM2505): LD2 green on PA5, ST-LINK virtual COM port on LPUART1 PA2 (TX) /
 * PA3 (RX), AF12. The clock is the HSI16 (CubeMX's default for these boards). */
#define LED_PORT        GPIO_PORT_A
#define LED_PIN         5u
#define CONSOLE_UART_BASE LPUART1_BASE
#define MX_CONSOLE_UART_INIT MX_LPUART1_UART_Init

/* ---- Low-power entry (RM0440 6.3 and 6.4, DBGMCU_CR 47.16; used by ../common/lowpower.c) ----
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
