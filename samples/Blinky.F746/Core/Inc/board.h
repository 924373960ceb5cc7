/* Board definitions for the Blinky sample on the NUCLEO-F746ZG (written for Stm32.Build).
 * Register addresses from RM0385 (STM32F75xxx/F74xxx reference manual):
 * memory map 2.2: RCC at 0x40023800, GPIOB at 0x40020400 (AHB1);
 * RCC 5.3.10: RCC_AHB1ENR at offset 0x30 with GPIOBEN at bit 1;
 * GPIO 6.4: GPIOx_MODER at offset 0x00, GPIOx_BSRR at offset 0x18. */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

#define BOARD_RCC_BASE       0x40023800u
#define BOARD_RCC_AHB1ENR    (*(volatile uint32_t *)(BOARD_RCC_BASE + 0x30u))
#define BOARD_RCC_GPIOEN     (1u << 1)

#define BOARD_GPIO_BASE      0x40020400u
#define BOARD_GPIO_MODER     (*(volatile uint32_t *)(BOARD_GPIO_BASE + 0x00u))
#define BOARD_GPIO_BSRR      (*(volatile uint32_t *)(BOARD_GPIO_BASE + 0x18u))

/* The green user LED LD1 is on PB0 (UM1974, "LEDs", with solder bridges as delivered). */
#define BOARD_LED_PIN        0u

#endif
