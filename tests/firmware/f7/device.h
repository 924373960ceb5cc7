/* STM32F746 / STM32F767 registers and board facts of the F7 test firmware. Written for Stm32.Build from
 * RM0385 (STM32F75xxx/F74xxx) and RM0410 (STM32F76xxx/F77xxx): chapters "Reset and clock control (RCC)",
 * "Power controller (PWR)", "Embedded flash memory (FLASH)", "General-purpose I/Os (GPIO)", "USART"; memory map
 * section 2.2. Cross-checked against ST's CMSIS-SVD (STM32F746, STM32F767). Build with PART_F746 or PART_F767. */
#ifndef F7_DEVICE_H
#define F7_DEVICE_H

#define NVIC_PRIO_BITS 4u
#include "cortex_m.h"

/* ---- RCC, base 0x4002 3800 ---- */
#define RCC_BASE        0x40023800u
#define RCC_CR          REG32(RCC_BASE + 0x00u)
#define RCC_PLLCFGR     REG32(RCC_BASE + 0x04u)
#define RCC_CFGR        REG32(RCC_BASE + 0x08u)
#define RCC_AHB1ENR     REG32(RCC_BASE + 0x30u)
#define RCC_APB1ENR     REG32(RCC_BASE + 0x40u)
#define RCC_APB2ENR     REG32(RCC_BASE + 0x44u)
#define RCC_DCKCFGR2    REG32(RCC_BASE + 0x90u)
#define RCC_CR_HSEON        (1u << 16)
#define RCC_CR_HSERDY       (1u << 17)
#define RCC_CR_HSEBYP       (1u << 18)
#define RCC_CR_PLLON        (1u << 24)
#define RCC_CR_PLLRDY       (1u << 25)
#define RCC_PLLCFGR_PLLN_Pos  6u
#define RCC_PLLCFGR_PLLP_Pos  16u
#define RCC_PLLCFGR_PLLSRC_HSE (1u << 22)
#define RCC_PLLCFGR_PLLQ_Pos  24u
#define RCC_PLLCFGR_PLLR_Pos  28u   /* F76x/F77x only */
#define RCC_CFGR_SW_Msk     (3u << 0)
#define RCC_CFGR_SW_PLL     2u
#define RCC_CFGR_SWS_Pos    2u
#define RCC_CFGR_SWS_Msk    (3u << 2)
#define RCC_CFGR_HPRE_Pos   4u
#define RCC_CFGR_HPRE_Msk   (0xFu << 4)
#define RCC_CFGR_PPRE1_Pos  10u
#define RCC_CFGR_PPRE1_Msk  (7u << 10)
#define RCC_CFGR_PPRE2_Pos  13u
#define RCC_CFGR_PPRE2_Msk  (7u << 13)
#define RCC_HCLK_DIV2       4u
#define RCC_HCLK_DIV4       5u
#define RCC_HCLK_DIV16      7u
#define RCC_AHB1ENR_GPIOAEN (1u << 0)
#define RCC_AHB1ENR_GPIOBEN (1u << 1)
#define RCC_AHB1ENR_GPIODEN (1u << 3)
#define RCC_APB1ENR_USART3EN (1u << 18)
#define RCC_APB1ENR_PWREN   (1u << 28)
#define RCC_APB2ENR_SYSCFGEN (1u << 14)
#define RCC_DCKCFGR2_USART3SEL_Msk (3u << 4)   /* 00 = PCLK1 */

/* ---- PWR, base 0x4000 7000 ---- */
#define PWR_BASE        0x40007000u
#define PWR_CR1         REG32(PWR_BASE + 0x00u)
#define PWR_CSR1        REG32(PWR_BASE + 0x04u)
#define PWR_CR1_VOS_Msk     (3u << 14)
#define PWR_CR1_VOS_SCALE1  (3u << 14)
#define PWR_CR1_ODEN        (1u << 16)
#define PWR_CR1_ODSWEN      (1u << 17)
#define PWR_CSR1_ODRDY      (1u << 16)
#define PWR_CSR1_ODSWRDY    (1u << 17)

/* ---- FLASH interface, base 0x4002 3C00 ---- */
#define FLASH_R_BASE    0x40023C00u
#define FLASH_ACR       REG32(FLASH_R_BASE + 0x00u)
#define FLASH_ACR_LATENCY_Msk (0xFu << 0)
#define FLASH_ACR_PRFTEN    (1u << 8)
#define FLASH_ACR_ARTEN     (1u << 9)

/* ---- GPIO: port A at 0x4002 0000, one port every 0x400 ---- */
#define GPIO_PORT_BASE(port)  (0x40020000u + 0x400u * (port))
#define GPIO_PORT_A 0u
#define GPIO_PORT_B 1u
#define GPIO_PORT_D 3u
#define GPIO_MODER(p)   REG32(GPIO_PORT_BASE(p) + 0x00u)
#define GPIO_OTYPER(p)  REG32(GPIO_PORT_BASE(p) + 0x04u)
#define GPIO_OSPEEDR(p) REG32(GPIO_PORT_BASE(p) + 0x08u)
#define GPIO_PUPDR(p)   REG32(GPIO_PORT_BASE(p) + 0x0Cu)
#define GPIO_ODR(p)     REG32(GPIO_PORT_BASE(p) + 0x14u)
#define GPIO_BSRR(p)    REG32(GPIO_PORT_BASE(p) + 0x18u)
#define GPIO_AFR(p, n)  REG32(GPIO_PORT_BASE(p) + 0x20u + 4u * (n))

#define USART3_BASE     0x40004800u   /* APB1 */
#define UART_V2_IS_LPUART(instance) 0

#define HSI_VALUE       16000000u
#define HSE_VALUE       8000000u
#define TICK_INT_PRIORITY 15u
#define HSE_STARTUP_TIMEOUT 100u
#define PLL_TIMEOUT_VALUE 2u
#define CLOCKSWITCH_TIMEOUT_VALUE 5000u
#define PWR_OVERDRIVE_TIMEOUT_VALUE 1000u

/* NUCLEO-F746ZG / NUCLEO-F767ZI (UM1974): HSE 8 MHz from the ST-LINK MCO (bypass), LD1 green on PB0,
 * ST-LINK virtual COM port on USART3 PD8 (TX) / PD9 (RX), AF7. */
#define LED_PORT        GPIO_PORT_B
#define LED_PIN         0u
#define CONSOLE_UART_BASE USART3_BASE
#define MX_CONSOLE_UART_INIT MX_USART3_UART_Init

/* ---- Low-power entry (RM0385/RM0410 4.3 and 4.4, DBGMCU_CR 40.6; used by ../common/lowpower.c) ----
 * PWR_CR1: LPDS (bit 0), PDDS (bit 1: 1 = Standby with SLEEPDEEP, 0 = Stop), CSBF (bit 3, write 1 to clear SBF);
 * PWR_CSR1 (0x04): SBF (bit 1, set after Standby). DBGMCU_CR (0xE0042004, RM0385 40.6): DBG_STOP (bit 1), DBG_STANDBY (bit 2). */
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
