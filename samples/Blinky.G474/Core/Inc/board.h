/* Board definitions for the Blinky sample on the NUCLEO-G474RE (written for Stm32.Build).
 * Register addresses from RM0440 (STM32G4 reference manual):
 * memory map 2.2: RCC at 0x40021000 (AHB1), GPIOA at 0x48000000 (AHB2);
 * RCC chapter, RCC_AHB2ENR: offset 0x4C, GPIOAEN at bit 0;
 * GPIO chapter, registers: GPIOx_MODER at offset 0x00, GPIOx_BSRR at offset 0x18. */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

#define BOARD_RCC_BASE       0x40021000u
#define BOARD_RCC_AHB2ENR    (*(volatile uint32_t *)(BOARD_RCC_BASE + 0x4Cu))
#define BOARD_RCC_GPIOAEN    (1u << 0)

#define BOARD_GPIOA_BASE     0x48000000u
#define BOARD_GPIOA_MODER    (*(volatile uint32_t *)(BOARD_GPIOA_BASE + 0x00u))
#define BOARD_GPIOA_BSRR     (*(volatile uint32_t *)(BOARD_GPIOA_BASE + 0x18u))

/* The green user LED LD2 is on PA5 (UM2505, "LEDs"). */
#define BOARD_LED_PIN        5u

#endif
