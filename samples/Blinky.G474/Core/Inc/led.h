/* LED driver of the Blinky sample. */
#ifndef LED_H
#define LED_H

#include <stdint.h>

void led_init(void);
void led_set(int on);
uint32_t led_toggle_count(void);

#endif
