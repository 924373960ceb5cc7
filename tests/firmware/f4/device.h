/* STM32F407 / STM32F429 registers and board facts of the F4 test firmware. Written for Stm32.Build from
 * RM0090 (STM32F405/415, F407/417, F427/437, F429/439 reference manual): chapter "Reset and clock control
 * (RCC)", "Power controller (PWR)", "Embedded flash memory interface" (FLASH_ACR), "General-purpose I/Os",
 * "USART"; memory map section 2.3. Cross-checked against ST's CMSIS-SVD (STM32F407, STM32F429); the F407 SVD
 * lacks PWR_CR.VOS (bit 14 on the F405/F407 per RM0090), the manual is used. Build with PART_F407 or PART_F429. */
#ifndef F4_DEVICE_H
#define F4_DEVICE_H

#define NVIC_PRIO_BITS 4u   /* RM0090 / PM0214: 16 priority levels */
#include "cortex_m.h"

/* Bit-band alias of the peripheral region (ARMv7-M ARM B3.5 / PM0214 2.2.5): word alias of bit b of the
 * register at address a = 0x42000000 + (a - 0x40000000) * 32 + b * 4. ST's F4 HAL sets PLLON and the PWR
 * over-drive bits through it. */
#define BITBAND_PERIPH(a, b)  REG32(0x42000000u + (((a) - 0x40000000u) * 32u) + ((b) * 4u))

/* ---- RCC, base 0x4002 3800 ---- */
#define RCC_BASE        0x40023800u
#define RCC_CR          REG32(RCC_BASE + 0x00u)
#define RCC_PLLCFGR     REG32(RCC_BASE + 0x04u)
#define RCC_CFGR        REG32(RCC_BASE + 0x08u)
#define RCC_AHB1ENR     REG32(RCC_BASE + 0x30u)
#define RCC_APB1ENR     REG32(RCC_BASE + 0x40u)
#define RCC_APB2ENR     REG32(RCC_BASE + 0x44u)
#define RCC_CR_HSION        (1u << 0)
#define RCC_CR_HSIRDY       (1u << 1)
#define RCC_CR_HSEON        (1u << 16)
#define RCC_CR_HSERDY       (1u << 17)
#define RCC_CR_HSEBYP       (1u << 18)
#define RCC_CR_PLLON_Pos    24u
#define RCC_CR_PLLRDY       (1u << 25)
#define RCC_PLLCFGR_PLLN_Pos  6u
#define RCC_PLLCFGR_PLLP_Pos  16u
#define RCC_PLLCFGR_PLLSRC_HSE (1u << 22)
#define RCC_PLLCFGR_PLLQ_Pos  24u
#define RCC_CFGR_SW_Msk     (3u << 0)
#define RCC_CFGR_SW_HSI     0u
#define RCC_CFGR_SW_HSE     1u
#define RCC_CFGR_SW_PLL     2u
#define RCC_CFGR_SWS_Pos    2u
#define RCC_CFGR_SWS_Msk    (3u << 2)
#define RCC_CFGR_HPRE_Pos   4u
#define RCC_CFGR_HPRE_Msk   (0xFu << 4)
#define RCC_CFGR_PPRE1_Pos  10u
#define RCC_CFGR_PPRE1_Msk  (7u << 10)
#define RCC_CFGR_PPRE2_Pos  13u
#define RCC_CFGR_PPRE2_Msk  (7u << 13)
#define RCC_HCLK_DIV1       0u      /* PPREx encodings: 0xx /1, 100 /2, 101 /4, 110 /8, 111 /16 */
#define RCC_HCLK_DIV2       4u
#define RCC_HCLK_DIV4       5u
#define RCC_HCLK_DIV16      7u
#define RCC_AHB1ENR_GPIOAEN (1u << 0)
#define RCC_AHB1ENR_GPIOBEN (1u << 1)
#define RCC_AHB1ENR_GPIODEN (1u << 3)
#define RCC_APB1ENR_USART2EN (1u << 17)
#define RCC_APB1ENR_USART3EN (1u << 18)
#define RCC_APB1ENR_PWREN   (1u << 28)
#define RCC_APB2ENR_SYSCFGEN (1u << 14)

/* ---- PWR, base 0x4000 7000 ---- */
#define PWR_BASE        0x40007000u
#define PWR_CR          REG32(PWR_BASE + 0x00u)
#define PWR_CSR         REG32(PWR_BASE + 0x04u)
#if defined(PART_F429)
#define PWR_CR_VOS_SCALE1   (3u << 14)   /* F42x: VOS[15:14] = 11, scale 1 */
#define PWR_CR_VOS_Msk      (3u << 14)
#else
#define PWR_CR_VOS_SCALE1   (1u << 14)   /* F405/F407: VOS bit 14 = 1, scale 1 */
#define PWR_CR_VOS_Msk      (1u << 14)
#endif
#define PWR_CR_ODEN_Pos     16u
#define PWR_CR_ODSWEN_Pos   17u
#define PWR_CSR_ODRDY       (1u << 16)
#define PWR_CSR_ODSWRDY     (1u << 17)

/* ---- FLASH interface, base 0x4002 3C00 ---- */
#define FLASH_R_BASE    0x40023C00u
#define FLASH_ACR       REG32(FLASH_R_BASE + 0x00u)
#define FLASH_ACR_BYTE0 REG8(FLASH_R_BASE + 0x00u)   /* ST's F4 HAL writes LATENCY with a byte store */
#define FLASH_ACR_LATENCY_Msk (0xFu << 0)
#define FLASH_ACR_PRFTEN    (1u << 8)
#define FLASH_ACR_ICEN      (1u << 9)
#define FLASH_ACR_DCEN      (1u << 10)

/* ---- GPIO: port A at 0x4002 0000, one port every 0x400 (AHB1) ---- */
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

#define USART2_BASE     0x40004400u   /* APB1 */
#define USART3_BASE     0x40004800u   /* APB1 */
#define UART_V1_HAS_OVER8

#define HSI_VALUE       16000000u
#define HSE_VALUE       8000000u
#define TICK_INT_PRIORITY 15u
#define HSE_STARTUP_TIMEOUT 100u
#define HSI_TIMEOUT_VALUE 2u
#define PLL_TIMEOUT_VALUE 2u
#define CLOCKSWITCH_TIMEOUT_VALUE 5000u
#define PWR_OVERDRIVE_TIMEOUT_VALUE 1000u

/* ---- Boards ---- */
#if defined(PART_F429)
/* NUCLEO-F429ZI (UM1974): HSE 8 MHz from the ST-LINK MCO (bypass), LD1 green on PB0, ST-LINK virtual COM port
 * on USART3 PD8 (TX) / PD9 (RX), AF7. */
#define BOARD_HSE_BYPASS    1
#define BOARD_PLLM 4u
#define BOARD_PLLN 180u
#define BOARD_PLLP 2u
#define BOARD_PLLQ 8u
#define BOARD_OVERDRIVE     1
#define LED_PORT        GPIO_PORT_B
#define LED_PIN         0u
#define LED_CLOCK       RCC_AHB1ENR_GPIOBEN
#define CONSOLE_UART_BASE USART3_BASE
#define CONSOLE_PORT    GPIO_PORT_D
#define CONSOLE_PORT_CLOCK RCC_AHB1ENR_GPIODEN
#define CONSOLE_TX_PIN  8u
#define CONSOLE_RX_PIN  9u
#define CONSOLE_UART_CLOCK RCC_APB1ENR_USART3EN
#define MX_CONSOLE_UART_INIT MX_USART3_UART_Init
#else
/* STM32F407G-DISC1 (UM1472): 8 MHz HSE crystal, LD4 green on PD12, ST-LINK/V2-A virtual COM port on USART2
 * PA2 (TX) / PA3 (RX), AF7. */
#define BOARD_HSE_BYPASS    0
#define BOARD_PLLM 8u
#define BOARD_PLLN 336u
#define BOARD_PLLP 2u
#define BOARD_PLLQ 7u
#define BOARD_OVERDRIVE     0
#define LED_PORT        GPIO_PORT_D
#define LED_PIN         12u
#define LED_CLOCK       RCC_AHB1ENR_GPIODEN
#define CONSOLE_UART_BASE USART2_BASE
#define CONSOLE_PORT    GPIO_PORT_A
#define CONSOLE_PORT_CLOCK RCC_AHB1ENR_GPIOAEN
#define CONSOLE_TX_PIN  2u
#define CONSOLE_RX_PIN  3u
#define CONSOLE_UART_CLOCK RCC_APB1ENR_USART2EN
#define MX_CONSOLE_UART_INIT MX_USART2_UART_Init
#endif

/* ---- Low-power entry (RM0090 5.3 and 5.4, DBGMCU_CR 38.16; used by ../common/lowpower.c) ----
 * PWR_CR: LPDS (bit 0), PDDS (bit 1: 1 = Standby with SLEEPDEEP, 0 = Stop), CWUF (bit 2), CSBF (bit 3, write 1 to clear SBF);
 * PWR_CSR (0x04): SBF (bit 1, set after Standby). DBGMCU_CR (0xE0042004, RM0090 38.16): DBG_STOP (bit 1), DBG_STANDBY (bit 2). */
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
