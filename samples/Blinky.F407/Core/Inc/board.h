/* Board definitions for the Blinky sample on the STM32F407G-DISC1 (written for Stm32.Build).
 * Register addresses from RM0090 (STM32F405/415, F407/417, F427/437, F429/439 reference manual):
 * memory map 2.3: RCC at 0x40023800, GPIOD at 0x40020C00 (AHB1);
 * RCC 7.3.10: RCC_AHB1ENR at offset 0x30 with GPIODEN at bit 3;
 * GPIO 8.4: GPIOx_MODER at offset 0x00, GPIOx_BSRR at offset 0x18. */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

#define BOARD_RCC_BASE       0x40023800u
#define BOARD_RCC_AHB1ENR    (*(volatile uint32_t *)(BOARD_RCC_BASE + 0x30u))
#define BOARD_RCC_GPIODEN    (1u << 3)

#define BOARD_GPIOD_BASE     0x40020C00u
#define BOARD_GPIOD_MODER    (*(volatile uint32_t *)(BOARD_GPIOD_BASE + 0x00u))
#define BOARD_GPIOD_BSRR     (*(volatile uint32_t *)(BOARD_GPIOD_BASE + 0x18u))

/* The green user LED LD4 is on PD12 (UM1472, "LEDs"). */
#define BOARD_LED_PIN        12u

#endif
