/* LED driver of the Blinky sample: output mode on the LED pin, set/reset through BSRR. */
#include "led.h"
#include "board.h"

static uint32_t toggles;

void led_init(void)
{
    BOARD_RCC_AHB2ENR |= BOARD_RCC_GPIOAEN;
    (void)BOARD_RCC_AHB2ENR; /* read back so the clock is on before the GPIO access (RM0440 RCC, peripheral clock enable) */
    uint32_t moder = BOARD_GPIOA_MODER;
    moder &= ~(3u << (BOARD_LED_PIN * 2u));
    moder |= 1u << (BOARD_LED_PIN * 2u); /* 01: general-purpose output */
    BOARD_GPIOA_MODER = moder;
}

void led_set(int on)
{
    /* BSRR: the low half sets a pin, the high half resets it. */
    BOARD_GPIOA_BSRR = on ? (1u << BOARD_LED_PIN) : (1u << (BOARD_LED_PIN + 16u));
    toggles++;
}

uint32_t led_toggle_count(void)
{
    return toggles;
}
