/* Board definitions for the Blinky sample on the NUCLEO-G071RB (written for Stm32.Build).
 * Register addresses from RM0444 (STM32G0x1 reference manual):
 * memory map 2.2: RCC at 0x40021000 (AHB), GPIOA at 0x50000000 (IOPORT);
 * RCC 5.4.13: RCC_IOPENR at offset 0x34 with GPIOAEN at bit 0;
 * GPIO 7.4: GPIOx_MODER at offset 0x00, GPIOx_BSRR at offset 0x18. */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

#define BOARD_RCC_BASE       0x40021000u
#define BOARD_RCC_IOPENR     (*(volatile uint32_t *)(BOARD_RCC_BASE + 0x34u))
#define BOARD_RCC_GPIOAEN    (1u << 0)

#define BOARD_GPIOA_BASE     0x50000000u
#define BOARD_GPIOA_MODER    (*(volatile uint32_t *)(BOARD_GPIOA_BASE + 0x00u))
#define BOARD_GPIOA_BSRR     (*(volatile uint32_t *)(BOARD_GPIOA_BASE + 0x18u))

/* The green user LED LD4 is on PA5 (UM2324, "LEDs"). */
#define BOARD_LED_PIN        5u

#endif
