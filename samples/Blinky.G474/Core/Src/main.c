/* Blinky sample for the STM32G474RE Cortex-M4 (written for Stm32.Build): runs on the 16 MHz HSI16 the chip starts
 * on (RM0440 RCC, "HSI16 clock"), so it needs nothing from the board but the LED. */
#include "main.h"
#include "led.h"

volatile uint32_t blink_state = 1u;   /* in .data: exercises the startup copy */
static volatile uint32_t idle_loops;  /* in .bss: exercises the startup zeroing */

void delay(uint32_t iterations)
{
    for (uint32_t i = 0; i < iterations; i++)
    {
        idle_loops++;
    }
}

int main(void)
{
    led_init();
    for (;;)
    {
        led_set((int)blink_state);
        blink_state ^= 1u;
        delay(BLINK_DELAY);
    }
}
