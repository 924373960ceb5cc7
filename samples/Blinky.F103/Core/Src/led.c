/* LED driver of the Blinky sample: push-pull output on the LED pin, set/reset through BSRR. */
#include "led.h"
#include "board.h"

static uint32_t toggles;

void led_init(void)
{
    BOARD_RCC_APB2ENR |= BOARD_RCC_IOPAEN;
    (void)BOARD_RCC_APB2ENR; /* read back so the clock is on before the GPIO access */
    uint32_t crl = BOARD_GPIOA_CRL;
    crl &= ~(0xFu << (BOARD_LED_PIN * 4u));
    crl |= 0x2u << (BOARD_LED_PIN * 4u); /* MODE 10: output 2 MHz, CNF 00: general-purpose push-pull (RM0008 9.2.1) */
    BOARD_GPIOA_CRL = crl;
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
