/* Board definitions for the Blinky sample on the NUCLEO-F103RB (written for Stm32.Build).
 * Register addresses from RM0008 (STM32F101xx, F102xx, F103xx, F105xx, F107xx reference manual):
 * memory map 3.3: RCC at 0x40021000, GPIOA at 0x40010800 (APB2);
 * RCC 7.3.7: RCC_APB2ENR at offset 0x18 with IOPAEN at bit 2;
 * GPIO 9.2: GPIOx_CRL at offset 0x00 (4 bits per pin: MODE[1:0], CNF[1:0]), GPIOx_BSRR at offset 0x10. */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

#define BOARD_RCC_BASE       0x40021000u
#define BOARD_RCC_APB2ENR    (*(volatile uint32_t *)(BOARD_RCC_BASE + 0x18u))
#define BOARD_RCC_IOPAEN     (1u << 2)

#define BOARD_GPIOA_BASE     0x40010800u
#define BOARD_GPIOA_CRL      (*(volatile uint32_t *)(BOARD_GPIOA_BASE + 0x00u))
#define BOARD_GPIOA_BSRR     (*(volatile uint32_t *)(BOARD_GPIOA_BASE + 0x10u))

/* The green user LED LD2 is on PA5 (UM1724, "LEDs"). */
#define BOARD_LED_PIN        5u

#endif
