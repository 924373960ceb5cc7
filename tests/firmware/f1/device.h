/* STM32F103 registers and board facts of the F1 test firmware. Written for Stm32.Build from RM0008 (STM32F101xx,
 * F102xx, F103xx, F105xx, F107xx reference manual): chapters "Reset and clock control (RCC)", "Embedded Flash
 * memory" (FLASH_ACR), "General-purpose and alternate-function I/Os (GPIOs and AFIOs)" (GPIOx_CRL/CRH, AFIO_MAPR
 * SWJ_CFG), "USART"; memory map section 3.3. Cross-checked against ST's CMSIS-SVD (STM32F103). */
#ifndef F1_DEVICE_H
#define F1_DEVICE_H

#define NVIC_PRIO_BITS 4u   /* Cortex-M3, 16 priority levels (PM0056) */
#include "cortex_m.h"

/* Bit-band alias of the peripheral region (ARMv7-M ARM B3.5 / PM0056 2.2.5); ST's F1 HAL switches PLLON
 * through it. */
#define BITBAND_PERIPH(a, b)  REG32(0x42000000u + (((a) - 0x40000000u) * 32u) + ((b) * 4u))

/* ---- RCC, base 0x4002 1000 ---- */
#define RCC_BASE        0x40021000u
#define RCC_CR          REG32(RCC_BASE + 0x00u)
#define RCC_CFGR        REG32(RCC_BASE + 0x04u)
#define RCC_APB2ENR     REG32(RCC_BASE + 0x18u)
#define RCC_APB1ENR     REG32(RCC_BASE + 0x1Cu)
#define RCC_CR_HSIRDY       (1u << 1)
#define RCC_CR_HSITRIM_Pos  3u
#define RCC_CR_HSITRIM_Msk  (0x1Fu << 3)
#define RCC_CR_PLLON_Pos    24u
#define RCC_CR_PLLRDY       (1u << 25)
#define RCC_CFGR_SW_Msk     (3u << 0)
#define RCC_CFGR_SW_PLL     2u
#define RCC_CFGR_SWS_Pos    2u
#define RCC_CFGR_SWS_Msk    (3u << 2)
#define RCC_CFGR_HPRE_Pos   4u
#define RCC_CFGR_HPRE_Msk   (0xFu << 4)
#define RCC_CFGR_PPRE1_Pos  8u
#define RCC_CFGR_PPRE1_Msk  (7u << 8)
#define RCC_CFGR_PPRE2_Pos  11u
#define RCC_CFGR_PPRE2_Msk  (7u << 11)
#define RCC_HCLK_DIV1       0u
#define RCC_HCLK_DIV2       4u
#define RCC_HCLK_DIV16      7u
#define RCC_CFGR_PLLSRC     (1u << 16)   /* 0 = HSI / 2 */
#define RCC_CFGR_PLLMULL_Pos 18u
#define RCC_CFGR_PLLMULL_Msk (0xFu << 18)
#define RCC_CFGR_PLLMULL16  (0xEu << 18) /* 1110 and 1111 = x16 */
#define RCC_APB2ENR_AFIOEN  (1u << 0)
#define RCC_APB2ENR_IOPAEN  (1u << 2)
#define RCC_APB1ENR_USART2EN (1u << 17)
#define RCC_APB1ENR_PWREN   (1u << 28)

/* ---- FLASH interface, base 0x4002 2000 ---- */
#define FLASH_ACR       REG32(0x40022000u)
#define FLASH_ACR_LATENCY_Msk (7u << 0)
#define FLASH_ACR_PRFTBE    (1u << 4)

/* ---- AFIO, base 0x4001 0000 ---- */
#define AFIO_MAPR       REG32(0x40010004u)
#define AFIO_MAPR_SWJ_CFG_Msk     (7u << 24)
#define AFIO_MAPR_SWJ_CFG_NOJTAG  (2u << 24)   /* JTAG-DP disabled, SW-DP enabled */
#define AFIO_MAPR_SWJ_CFG_DISABLE (4u << 24)   /* JTAG-DP and SW-DP disabled */

/* ---- GPIO: port A at 0x4001 0800, one port every 0x400 (APB2) ---- */
#define GPIO_PORT_BASE(port)  (0x40010800u + 0x400u * (port))
#define GPIO_PORT_A 0u
#define GPIO_CRL(p)     REG32(GPIO_PORT_BASE(p) + 0x00u)
#define GPIO_CRH(p)     REG32(GPIO_PORT_BASE(p) + 0x04u)
#define GPIO_ODR(p)     REG32(GPIO_PORT_BASE(p) + 0x0Cu)
#define GPIO_BSRR(p)    REG32(GPIO_PORT_BASE(p) + 0x10u)

#define USART2_BASE     0x40004400u   /* APB1 */

#define HSI_VALUE       8000000u
#define TICK_INT_PRIORITY 15u
#define PLL_TIMEOUT_VALUE 2u
#define CLOCKSWITCH_TIMEOUT_VALUE 5000u
#define RCC_HSICALIBRATION_DEFAULT 16u

/* NUCLEO-F103RB (UM1724): LD2 green on PA5, ST-LINK virtual COM port on USART2 PA2 (TX) / PA3 (RX). The clock is
 * the internal HSI (CubeMX's default for this board: the HSE input comes from the ST-LINK MCO only when its
 * solder bridges are set). */
#define LED_PORT        GPIO_PORT_A
#define LED_PIN         5u
#define CONSOLE_UART_BASE USART2_BASE
#define MX_CONSOLE_UART_INIT MX_USART2_UART_Init

/* ---- Low-power entry (RM0008 5.3 and 5.4, DBGMCU_CR 31.16.3; used by ../common/lowpower.c) ----
 * PWR_CR: LPDS (bit 0), PDDS (bit 1: 1 = Standby with SLEEPDEEP, 0 = Stop), CWUF (bit 2), CSBF (bit 3, write 1 to clear SBF);
 * PWR_CSR (0x04): SBF (bit 1, set after Standby). DBGMCU_CR (0xE0042004, RM0008 31.16.3): DBG_STOP (bit 1), DBG_STANDBY (bit 2). */
#define LP_PWR_CR        REG32(0x40007000u)
#define LP_PWR_SR        REG32(0x40007004u)
#define LP_PWR_MODE_Msk  ((1u << 1) | (1u << 0))
#define LP_PWR_STOP      (1u << 0)   /* PDDS = 0, LPDS = 1: HAL_PWR_EnterSTOPMode(PWR_LOWPOWERREGULATOR_ON, ...) */
#define LP_PWR_STANDBY   (1u << 1)   /* PDDS = 1: HAL_PWR_EnterSTANDBYMode */
#define LP_PWR_SBF       (1u << 1)
#define LP_PWR_CLEAR_SBF() (LP_PWR_CR |= (1u << 3))
#define LP_DBGMCU_CR     REG32(0xE0042004u)
#define LP_DBGMCU_BITS   ((1u << 1) | (1u << 2))
#define LP_CLOCKS()      ClockEnable(&RCC_APB1ENR, RCC_APB1ENR_PWREN)

#endif
