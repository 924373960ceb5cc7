/* Blinky sample main header. */
#ifndef MAIN_H
#define MAIN_H

#include "board.h"

/* Busy-wait iterations between toggles (about 200 ms at the 16 MHz HSI16 the STM32G071 starts on). */
#define BLINK_DELAY 800000u

void delay(uint32_t iterations);

#endif
