/* Board definitions for the Blinky sample (written for Stm32.Build).
 * Register addresses from RM0399 (STM32H745/755 and STM32H747/757 reference manual):
 * memory map: RCC at 0x58024400, GPIOI at 0x58022000 (D3 AHB1 peripherals);
 * RCC chapter: RCC_AHB4ENR at offset 0x0E0 with GPIOIEN at bit 8;
 * GPIO chapter: GPIOx_MODER at offset 0x00, GPIOx_BSRR at offset 0x18. */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

#define BOARD_RCC_BASE       0x58024400u
#define BOARD_RCC_AHB4ENR    (*(volatile uint32_t *)(BOARD_RCC_BASE + 0x0E0u))
#define BOARD_RCC_GPIOIEN    (1u << 8)

#define BOARD_GPIOI_BASE     0x58022000u
#define BOARD_GPIOI_MODER    (*(volatile uint32_t *)(BOARD_GPIOI_BASE + 0x00u))
#define BOARD_GPIOI_BSRR     (*(volatile uint32_t *)(BOARD_GPIOI_BASE + 0x18u))

/* The user LED pin (PI12 drives LD1 on the STM32H747I-DISCO board). */
#define BOARD_LED_PIN        12u

#endif
